"""The seeded register: the committed Boxtel test persons, one test per edge case, households."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest

from issuer.register.bsn import TEST_RANGE, is_valid_bsn
from issuer.register.datum import volledige_datum
from issuer.register.eligibility import Refusal
from issuer.register.errors import InvalidBsn
from issuer.register.model import Adres, Naam, Persoon, Verblijfadres
from issuer.register.seeded import DATA, SeededRegister, SeedFile, dutch_today
from tests.issuer.register.conftest import PEILDATUM

pytestmark = pytest.mark.anyio

BOXTEL = "0757"
ADULT = 18


@dataclass(frozen=True)
class World:
    """What an edge-case check may look at: the person, their household, and the day."""

    person: Persoon
    household: list[Persoon]
    today: date


# name: (BSN, what must hold)
EDGE_CASES: dict[str, tuple[str, Callable[[World], bool]]] = {
    "house_letter": (
        "999993653",
        lambda w: w.person.address is not None and w.person.address.house_letter == "A",
    ),
    "house_number_addition": (
        "999993203",
        lambda w: w.person.address is not None and w.person.address.house_number_full == "4-3",
    ),
    "house_letter_and_addition": (
        "999994475",
        lambda w: w.person.address is not None and w.person.address.house_number_full == "3B-1",
    ),
    "foreign_nationality_polish": ("999993525", lambda w: w.person.nationality_codes == ("0072",)),
    "foreign_nationality_belgian": ("999997671", lambda w: w.person.nationality_codes == ("0052",)),
    "foreign_nationality_syrian": ("999995121", lambda w: w.person.nationality_codes == ("0336",)),
    "dual_nationality_syrian_dutch": (
        "999994797",
        lambda w: set(w.person.nationality_codes) == {"0336", "0001"},
    ),
    "dual_nationality_belgian_dutch": (
        "999995443",
        lambda w: set(w.person.nationality_codes) == {"0052", "0001"},
    ),
    "immigrated": (
        "999993525",
        lambda w: (
            w.person.immigratie is not None
            and w.person.immigratie.land_vanwaar_ingeschreven is not None
            and w.person.immigratie.land_vanwaar_ingeschreven.omschrijving == "Polen"
        ),
    ),
    "born_abroad": (
        "999993525",
        lambda w: (
            w.person.place_of_birth == "Kraków"
            and w.person.country_of_birth is not None
            and w.person.country_of_birth.code == "7028"
        ),
    ),
    "seventeen_turning_eighteen_within_a_month": (
        "999991590",
        lambda w: (
            w.person.age_on(w.today) == ADULT - 1
            and w.person.age_over(ADULT, w.today + timedelta(days=30))
            and not w.person.age_over(ADULT, w.today)
        ),
    ),
    "newborn": ("999992880", lambda w: w.person.age_on(w.today) == 0),
    "born_on_29_february": (
        "999996381",
        lambda w: (
            w.person.birthdate is not None
            and (w.person.birthdate.month, w.person.birthdate.day) == (2, 29)
        ),
    ),
    "birth_day_unknown": (
        "999994475",
        lambda w: w.person.birthdate is None and w.person.age_on(w.today) == 41,
    ),
    "single_person_household": (
        "999993203",
        lambda w: [p.bsn for p in w.household] == ["999993203"],
    ),
    "large_family": (
        "999990962",
        lambda w: (
            len(w.household) >= 7 and sum(not p.age_over(ADULT, w.today) for p in w.household) >= 5
        ),
    ),
    "deceased": (
        "999996708",
        lambda w: w.person.is_deceased and w.person.eligibility().refusal is Refusal.DECEASED,
    ),
    "emigrated": (
        "999997981",
        lambda w: w.person.is_emigrated and w.person.eligibility().refusal is Refusal.EMIGRATED,
    ),
    "unknown_address": (
        "999998298",
        lambda w: (
            w.person.has_unknown_address
            and w.person.eligibility().refusal is Refusal.UNKNOWN_ADDRESS
        ),
    ),
    "found_not_living_at_address": (
        "999998614",
        lambda w: (
            w.person.address is not None
            and w.person.eligibility().refusal is Refusal.UNKNOWN_ADDRESS
        ),
    ),
    "moved_last_month": (
        "999997026",
        lambda w: (
            w.person.address_since is not None
            and timedelta(0) < w.today - w.person.address_since <= timedelta(days=60)
            and w.person.address_since.month == (w.today.month - 2) % 12 + 1
        ),
    ),
    "voorvoegsel_van_der": ("999993653", lambda w: w.person.family_name == "van der Berg"),
    "long_name": (
        "999997348",
        lambda w: w.person.full_name is not None and len(w.person.full_name) > 80,
    ),
    "accented_name": (
        "999997671",
        lambda w: w.person.full_name == "Renée Zoë Maréchal",
    ),
    "name_outside_latin_1": ("999993525", lambda w: w.person.family_name == "Wiśniewska"),
}


@pytest.mark.parametrize(("bsn", "holds"), EDGE_CASES.values(), ids=EDGE_CASES.keys())
async def test_edge_case_is_present(
    register: SeededRegister, bsn: str, holds: Callable[[World], bool]
) -> None:
    person = await register.get_person(bsn)
    assert person is not None
    household = await register.get_household(person)
    assert holds(World(person, household, PEILDATUM))


# --- the dataset as a whole ------------------------------------------------------------------


def test_peildatum_is_the_one_the_tests_use() -> None:
    assert SeedFile.model_validate_json(DATA.read_bytes()).peildatum == PEILDATUM


def test_at_least_25_persons_with_valid_unique_test_bsns(register: SeededRegister) -> None:
    bsns = [person.bsn for person in register.all_persons()]
    assert len(bsns) >= 25
    assert len(set(bsns)) == len(bsns)
    assert all(is_valid_bsn(bsn) and int(bsn) in TEST_RANGE for bsn in bsns)


def test_everyone_lives_or_lived_in_boxtel(register: SeededRegister) -> None:
    for person in register.all_persons():
        if person.is_emigrated:
            continue
        assert person.gemeente_van_inschrijving is not None
        assert person.gemeente_van_inschrijving.code == BOXTEL
        address = person.address
        assert address is None or (address.city, address.postal_code[:3]) == ("Boxtel", "528")


def test_every_person_has_a_name_and_full_birth_date_or_a_reason(
    register: SeededRegister,
) -> None:
    for person in register.all_persons():
        assert person.given_names
        assert person.family_name
        assert person.birthdate is not None or person.bsn == EDGE_CASES["birth_day_unknown"][0]


async def test_households_are_consistent(register: SeededRegister) -> None:
    keys = Counter(p.household_key for p in register.all_persons() if p.household_key)
    assert len(keys) >= 10
    for key in keys:
        residents = await register.residents(key)
        assert residents, f"nobody lives at {key}"
        assert key.startswith(BOXTEL)
        addresses = {resident.address for resident in residents}
        assert len(addresses) == 1, f"one dwelling, one address ({key})"
        minors = [p for p in residents if not p.age_over(ADULT, PEILDATUM)]
        assert not minors or len(minors) < len(residents), "no child lives alone"
        for resident in residents:
            assert [p.bsn for p in await register.get_household(resident)] == [
                p.bsn for p in residents
            ]


async def test_the_deceased_are_found_by_bsn_but_live_nowhere(register: SeededRegister) -> None:
    deceased = await register.get_person("999996708")
    assert deceased is not None
    assert deceased.household_key is not None
    household = await register.get_household(deceased)
    assert "999996708" not in [p.bsn for p in household]
    assert {p.family_name for p in household} == {"Bakker"}


async def test_register_computes_leeftijd_and_adressering(register: SeededRegister) -> None:
    person = await register.get_person("999993203")
    assert person is not None
    assert person.leeftijd == 28
    assert person.adressering is not None
    assert person.adressering.adresregel1 == "Clarissenstraat 4-3"
    assert person.adressering.adresregel2 == "5281 HM  BOXTEL"


async def test_adressering_abroad_and_none_for_unknown_or_deceased(
    register: SeededRegister,
) -> None:
    persons = await register.get_persons(["999997981", "999998298", "999996708"])
    emigrated, unknown, deceased = (persons[b] for b in ("999997981", "999998298", "999996708"))
    assert emigrated.adressering is not None
    assert emigrated.adressering.adresregel1 == "Rue de la Loi 16"
    assert unknown.adressering is None
    assert (deceased.adressering, deceased.leeftijd) == (None, None)


def test_the_default_clock_is_the_dutch_calendar() -> None:
    assert abs(dutch_today() - datetime.now(tz=UTC).date()) <= timedelta(days=1)


async def test_leeftijd_follows_the_clock() -> None:
    later = SeededRegister.load(clock=lambda: date(2026, 12, 10))
    daan = await later.get_person("999991590")
    assert daan is not None
    assert daan.leeftijd == ADULT


async def test_unknown_bsn_is_none_and_invalid_bsn_is_refused(register: SeededRegister) -> None:
    assert await register.get_person("999990019") is None
    with pytest.raises(InvalidBsn):
        await register.get_person("999993654")
    assert await register.get_persons([]) == {}


async def test_get_persons_by_bsn_without_duplicates(register: SeededRegister) -> None:
    found = await register.get_persons(["999993653", "999990019", "999993653", "999990007"])
    assert list(found) == ["999993653", "999990007"]


async def test_residents_refuses_a_malformed_dwelling_id(register: SeededRegister) -> None:
    for bad in ("0" * 16, "075701000001001", "07570100000100x2"):
        with pytest.raises(ValueError, match="adresseerbaarObjectIdentificatie"):
            await register.residents(bad)


async def test_no_household_without_a_dwelling(register: SeededRegister) -> None:
    unknown = await register.get_person("999998298")
    assert unknown is not None
    assert await register.get_household(unknown) == []


def test_seed_data_must_not_repeat_a_bsn(register: SeededRegister) -> None:
    person = register.all_persons()[0]
    with pytest.raises(ValueError, match="two persons"):
        SeededRegister([person, person])


def test_seed_data_must_hold_valid_bsns() -> None:
    wrong = Persoon(burgerservicenummer="999993654")
    with pytest.raises(InvalidBsn):
        SeededRegister([wrong])


# --- changes ---------------------------------------------------------------------------------


def adres_at(straat: str, huisnummer: int, postcode: str, dwelling: str, since: date) -> Adres:
    return Adres(
        type="Adres",
        verblijfadres=Verblijfadres(
            officiele_straatnaam=straat,
            huisnummer=huisnummer,
            postcode=postcode,
            woonplaats="Boxtel",
        ),
        adresseerbaar_object_identificatie=dwelling,
        datum_van=volledige_datum(since),
    )


async def test_apply_change_moves_a_person(register: SeededRegister) -> None:
    moved = register.apply_change(
        "999993203",
        verblijfplaats=adres_at("Markt", 1, "5281AS", "0757010000099001", PEILDATUM),
    )
    assert moved.address is not None
    assert moved.address.street == "Markt"
    assert moved.address_since == PEILDATUM
    assert moved.adressering is not None
    assert moved.adressering.adresregel1 == "Markt 1"
    again = await register.get_person("999993203")
    assert again == moved
    assert [p.bsn for p in await register.residents("0757010000099001")] == ["999993203"]
    assert await register.residents("0757010000010004") == []


async def test_apply_change_renames_and_keeps_the_rest(register: SeededRegister) -> None:
    before = await register.get_person("999993203")
    renamed = register.apply_change(
        "999993203", naam=Naam(voornamen="Eline", geslachtsnaam="Vos-Bakker")
    )
    assert before is not None
    assert renamed.family_name == "Vos-Bakker"
    assert renamed.address == before.address
    assert renamed.birthdate == before.birthdate


def test_apply_change_to_an_unknown_person(register: SeededRegister) -> None:
    with pytest.raises(KeyError):
        register.apply_change("999990019", naam=Naam(geslachtsnaam="Nobody"))


async def test_a_change_or_a_new_day_shows_at_once_after_earlier_reads() -> None:
    """Presented records are kept per record and day; a change or the next day replaces them."""
    today = [PEILDATUM]
    register = SeededRegister.load(clock=lambda: today[0])
    before = await register.get_person("999991590")
    assert before is not None
    household = await register.get_household(before)
    assert "999991590" in [p.bsn for p in household]
    assert await register.get_person("999991590") is before  # kept for the day
    register.apply_change(
        "999991590",
        verblijfplaats=adres_at("Markt", 1, "5281AS", "0757010000099001", PEILDATUM),
    )
    moved = await register.get_person("999991590")
    assert moved is not None
    assert moved.household_key == "0757010000099001"
    assert "999991590" not in [p.bsn for p in await register.get_household(before)]
    assert [p.bsn for p in await register.get_household(moved)] == ["999991590"]
    today[0] = PEILDATUM + timedelta(days=366)
    older = await register.get_person("999991590")
    assert older is not None
    assert older.leeftijd == (moved.leeftijd or 0) + 1
