"""Learning of changes: fingerprint at issuance, change the register, poll, see what changed."""

from __future__ import annotations

from datetime import date

import pytest

from issuer.register.changes import (
    Aspect,
    Fingerprint,
    _digest,
    find_changes,
    take_fingerprint,
)
from issuer.register.datum import volledige_datum
from issuer.register.model import (
    Adres,
    Naam,
    OpschortingBijhouding,
    Overlijden,
    Verblijfadres,
    Waardetabel,
)
from issuer.register.seeded import SeededRegister
from tests.issuer.register.conftest import PEILDATUM

pytestmark = pytest.mark.anyio

KEY = b"issuer-secret-for-fingerprints"
VAN_DER_BERG = ("999993653", "999990007", "999990329", "999990640")  # Rechterstraat 12A
ELINE = "999993203"  # alone at Clarissenstraat 4-3


async def fingerprints(register: SeededRegister, *bsns: str) -> list[Fingerprint]:
    persons = await register.get_persons(bsns)
    return [await take_fingerprint(register, persons[bsn], key=KEY) for bsn in bsns]


def move_to_eline(register: SeededRegister, bsn: str) -> None:
    address = next(p for p in register.all_persons() if p.bsn == ELINE).verblijfplaats
    assert isinstance(address, Adres)
    register.apply_change(
        bsn, verblijfplaats=address.model_copy(update={"datum_van": volledige_datum(PEILDATUM)})
    )


async def test_nothing_changed(register: SeededRegister) -> None:
    known = await fingerprints(register, *VAN_DER_BERG, ELINE)
    assert await find_changes(register, known, key=KEY) == []


async def test_a_move_changes_address_and_both_households(register: SeededRegister) -> None:
    known = await fingerprints(register, *VAN_DER_BERG, ELINE)
    move_to_eline(register, "999990329")  # Lotte moves in with Eline

    changes = {
        change.bsn: change.aspects for change in await find_changes(register, known, key=KEY)
    }

    assert changes == {
        "999990329": {Aspect.ADDRESS, Aspect.HOUSEHOLD},
        "999993653": {Aspect.HOUSEHOLD},
        "999990007": {Aspect.HOUSEHOLD},
        "999990640": {Aspect.HOUSEHOLD},
        ELINE: {Aspect.HOUSEHOLD},
    }


async def test_a_renamed_street_is_only_an_address_change(
    register: SeededRegister,
) -> None:
    known = await fingerprints(register, ELINE)
    person = await register.get_person(ELINE)
    assert person is not None
    assert isinstance(person.verblijfplaats, Adres)
    new_street = person.verblijfplaats.verblijfadres.model_copy(
        update={"officiele_straatnaam": "Clarissenstraat (hernoemd)"}
    )
    register.apply_change(
        ELINE, verblijfplaats=person.verblijfplaats.model_copy(update={"verblijfadres": new_street})
    )
    [change] = await find_changes(register, known, key=KEY)
    assert change.aspects == {Aspect.ADDRESS}


async def test_a_name_change_is_a_person_change(register: SeededRegister) -> None:
    known = await fingerprints(register, ELINE)
    register.apply_change(ELINE, naam=Naam(voornamen="Eline", geslachtsnaam="Vos-Bakker"))

    [change] = await find_changes(register, known, key=KEY)

    assert change.bsn == ELINE
    assert change.aspects == {Aspect.PERSON}
    assert change.person is not None
    assert change.person.family_name == "Vos-Bakker"
    assert change.fingerprint is not None
    assert await find_changes(register, [change.fingerprint], key=KEY) == []


async def test_a_death_changes_status_and_the_household(register: SeededRegister) -> None:
    known = await fingerprints(register, *VAN_DER_BERG)
    register.apply_change(
        "999993653",
        overlijden=Overlijden(datum=volledige_datum(PEILDATUM)),
        opschorting_bijhouding=OpschortingBijhouding(reden=Waardetabel(code="O")),
    )
    changes = {
        change.bsn: change.aspects for change in await find_changes(register, known, key=KEY)
    }
    assert changes["999993653"] == {Aspect.STATUS, Aspect.HOUSEHOLD}
    assert changes["999990007"] == {Aspect.HOUSEHOLD}


async def test_a_person_the_register_no_longer_knows(register: SeededRegister) -> None:
    known = await fingerprints(register, ELINE)
    others = SeededRegister([p for p in register.all_persons() if p.bsn != ELINE])
    [change] = await find_changes(others, known, key=KEY)
    assert change.aspects == {Aspect.GONE}
    assert (change.person, change.fingerprint) == (None, None)


async def test_fingerprints_are_keyed_and_hold_no_readable_data(register: SeededRegister) -> None:
    person = await register.get_person(ELINE)
    assert person is not None
    one = await take_fingerprint(register, person, key=KEY)
    other = await take_fingerprint(register, person, key=b"another key")
    assert one.bsn == other.bsn == ELINE
    assert one.differences(other) == {
        Aspect.PERSON,
        Aspect.ADDRESS,
        Aspect.HOUSEHOLD,
        Aspect.STATUS,
    }
    digests = " ".join((one.person, one.address, one.household, one.status))
    for secret in ("Vos", "Clarissenstraat", "5281", ELINE, "1998"):
        assert secret not in digests


async def test_a_person_without_a_dwelling_has_an_empty_household(register: SeededRegister) -> None:
    known = await fingerprints(register, "999998298")
    register.apply_change(
        "999998298",
        verblijfplaats=Adres(
            type="Adres",
            verblijfadres=Verblijfadres(
                officiele_straatnaam="Markt", huisnummer=1, postcode="5281AS", woonplaats="Boxtel"
            ),
            adresseerbaar_object_identificatie="0757010000099001",
            datum_van=volledige_datum(date(2026, 11, 20)),
        ),
    )
    [change] = await find_changes(register, known, key=KEY)
    assert change.aspects == {Aspect.ADDRESS, Aspect.HOUSEHOLD, Aspect.STATUS}


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        (
            [
                {"voornamen": "Zoë", "geslachtsnaam": "Ĳsselmeer", "voorvoegsel": "van"},
                {"datum": {"type": "Datum", "datum": "1981-07-02"}},
                None,
            ],
            "1afa5c01db3d24b0e1743ef22d0269df37ac3de95d2969a33d5e09901861144d",
        ),
        (
            ["999990007", "999993653"],
            "6ab553664226553db5d9e633278d982e3bdb7458c889b2469547aa3ccec70ebb",
        ),
        ("overleden", "92032d62f1b9ccb54f99c0895517aef83a3f45f3140c69bef9718f93cbb311d4"),
    ],
)
def test_a_digest_is_what_was_stored_before(value: object, stored: str) -> None:
    """Fingerprints are stored and compared at every round of the register watch: the digest
    of the same record part must never change (sorted keys, compact, UTF-8 unescaped), or every
    person followed would read as changed and their address credentials be revoked."""
    assert _digest(KEY, value) == stored
