"""The person model: strict parsing of the wire format, derived values, ages, eligibility."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from issuer.register.datum import lang_formaat, volledige_datum
from issuer.register.eligibility import MESSAGES, Refusal
from issuer.register.model import Persoon

BSN = "999993653"
BOXTEL = {"code": "0757", "omschrijving": "Boxtel"}
ADRES: dict[str, Any] = {
    "type": "Adres",
    "verblijfadres": {
        "officieleStraatnaam": "Rechterstraat",
        "korteStraatnaam": "Rechterstr",
        "huisnummer": 12,
        "huisletter": "A",
        "huisnummertoevoeging": "2",
        "postcode": "5281BT",
        "woonplaats": "Boxtel",
    },
    "adresseerbaarObjectIdentificatie": "0757010000010012",
    "datumVan": {"type": "Datum", "datum": "2012-05-01", "langFormaat": "1 mei 2012"},
}


def persoon(**wire: Any) -> Persoon:
    """A person parsed from JSON, as the API would send it."""
    return Persoon.model_validate_json(json.dumps({"burgerservicenummer": BSN, **wire}))


def born(datum: dict[str, Any]) -> Persoon:
    return persoon(geboorte={"datum": datum})


def full(iso: str) -> dict[str, Any]:
    return {"type": "Datum", "datum": iso, "langFormaat": "x"}


# --- parsing ---------------------------------------------------------------------------------


def test_unknown_fields_are_ignored() -> None:
    person = persoon(aNummer="1234567890", geslacht={"code": "V"}, naam={"aanhef": "Geachte"})
    assert person.bsn == BSN


REFUSED = {
    "bsn_as_number": {"burgerservicenummer": 999993653},
    "bsn_too_short": {"burgerservicenummer": "99999365"},
    "huisnummer_as_string": {
        "verblijfplaats": {**ADRES, "verblijfadres": {**ADRES["verblijfadres"], "huisnummer": "12"}}
    },
    "postcode_with_space": {
        "verblijfplaats": {
            **ADRES,
            "verblijfadres": {**ADRES["verblijfadres"], "postcode": "5281 BT"},
        }
    },
    "unknown_verblijfplaats_type": {"verblijfplaats": {"type": "Elders"}},
    "unknown_datum_type": {"geboorte": {"datum": {"type": "Ooit", "langFormaat": "ooit"}}},
    "datum_not_a_date": {"geboorte": {"datum": full("2001-02-30")}},
    "leeftijd_as_string": {"leeftijd": "7"},
    "nationaliteiten_not_a_list": {"nationaliteiten": {"type": "Nationaliteit"}},
}


@pytest.mark.parametrize("wire", REFUSED.values(), ids=REFUSED.keys())
def test_strict_parsing_refuses(wire: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        Persoon.model_validate_json(json.dumps({"burgerservicenummer": BSN, **wire}))


def test_all_zero_dwelling_id_groups_nobody() -> None:
    person = persoon(verblijfplaats={**ADRES, "adresseerbaarObjectIdentificatie": "0" * 16})
    assert person.household_key is None


def test_wire_round_trip_keeps_the_api_names() -> None:
    wire = {
        "burgerservicenummer": BSN,
        "naam": {"voornamen": "Jan Willem", "voorvoegsel": "van der", "geslachtsnaam": "Berg"},
        "verblijfplaats": ADRES,
        "gemeenteVanInschrijving": BOXTEL,
    }
    person = Persoon.model_validate_json(json.dumps(wire))
    assert person.to_wire() == wire


# --- derived values --------------------------------------------------------------------------


def test_names() -> None:
    person = persoon(
        naam={"voornamen": "Jan Willem", "voorvoegsel": "van der", "geslachtsnaam": "Berg"}
    )
    assert person.given_names == "Jan Willem"
    assert person.family_name == "van der Berg"
    assert person.full_name == "Jan Willem van der Berg"


def test_full_name_prefers_the_registers_volledige_naam() -> None:
    person = persoon(naam={"voornamen": "Jan", "geslachtsnaam": "Berg", "volledigeNaam": "J. B."})
    assert person.full_name == "J. B."


def test_no_name_at_all() -> None:
    person = persoon()
    assert (person.given_names, person.family_name, person.full_name) == (None, None, None)


def test_birth() -> None:
    person = persoon(
        geboorte={
            "datum": full("1990-10-05"),
            "plaats": {"omschrijving": "Kraków"},
            "land": {"code": "7028", "omschrijving": "Polen"},
        }
    )
    assert person.birthdate == date(1990, 10, 5)
    assert person.place_of_birth == "Kraków"
    assert person.country_of_birth is not None
    assert person.country_of_birth.code == "7028"


def test_nationalities_count_only_actual_nationalities() -> None:
    person = persoon(
        nationaliteiten=[
            {
                "type": "Nationaliteit",
                "nationaliteit": {"code": "0336", "omschrijving": "Syrische"},
            },
            {
                "type": "Nationaliteit",
                "nationaliteit": {"code": "0001", "omschrijving": "Nederlandse"},
            },
            {"type": "BehandeldAlsNederlander"},
            {"type": "Staatloos"},
        ]
    )
    assert person.nationality_codes == ("0336", "0001")
    assert person.nationality_descriptions == ("Syrische", "Nederlandse")


def test_address_parts() -> None:
    person = persoon(verblijfplaats=ADRES, gemeenteVanInschrijving=BOXTEL)
    address = person.address
    assert address is not None
    assert (address.street, address.street_short) == ("Rechterstraat", "Rechterstr")
    assert (address.house_number, address.house_letter, address.house_number_addition) == (
        12,
        "A",
        "2",
    )
    assert address.house_number_full == "12A-2"
    assert (address.postal_code, address.city) == ("5281BT", "Boxtel")
    assert (address.municipality, address.municipality_code) == ("Boxtel", "0757")
    assert person.address_since == date(2012, 5, 1)
    assert person.household_key == "0757010000010012"


NO_DUTCH_ADDRESS = {
    "abroad": {
        "type": "VerblijfplaatsBuitenland",
        "verblijfadres": {"regel1": "Rue de la Loi 16", "land": {"code": "5010"}},
    },
    "unknown": {"type": "VerblijfplaatsOnbekend"},
    "place_without_address": {
        "type": "Locatie",
        "verblijfadres": {"locatiebeschrijving": "Woonboot bij de sluis", "woonplaats": "Boxtel"},
    },
}


@pytest.mark.parametrize("verblijfplaats", NO_DUTCH_ADDRESS.values(), ids=NO_DUTCH_ADDRESS.keys())
def test_no_address_parts_without_a_dutch_address(verblijfplaats: dict[str, Any]) -> None:
    person = persoon(verblijfplaats=verblijfplaats)
    assert person.address is None
    assert person.household_key is None


def test_address_since_unknown_when_the_day_is_unknown() -> None:
    datum_van = {"type": "JaarMaandDatum", "jaar": 2020, "maand": 3, "langFormaat": "maart 2020"}
    person = persoon(verblijfplaats={**ADRES, "datumVan": datum_van})
    assert person.address_since is None


def test_lang_formaat_in_dutch() -> None:
    assert lang_formaat(date(1975, 4, 6)) == "6 april 1975"
    assert volledige_datum(date(2026, 10, 28)).lang_formaat == "28 oktober 2026"


# --- ages ------------------------------------------------------------------------------------

# Each row: birth date, today, the age on that day.
AGES = {
    "day_before_birthday": ("2008-12-10", "2026-12-09", 17),
    "on_birthday": ("2008-12-10", "2026-12-10", 18),
    "day_after_birthday": ("2008-12-10", "2026-12-11", 18),
    "newborn_on_day_of_birth": ("2026-08-01", "2026-08-01", 0),
    "leap_day_feb_28_non_leap_year": ("2008-02-29", "2026-02-28", 17),
    "leap_day_counts_on_march_1": ("2008-02-29", "2026-03-01", 18),
    "leap_day_in_leap_year_day_before": ("2008-02-29", "2028-02-28", 19),
    "leap_day_in_leap_year_on_the_day": ("2008-02-29", "2028-02-29", 20),
    "born_march_1_on_feb_29": ("2007-03-01", "2024-02-29", 16),
    "old": ("1938-04-03", "2026-11-24", 88),
}


@pytest.mark.parametrize(("birth", "today", "age"), AGES.values(), ids=AGES.keys())
def test_age_on(birth: str, today: str, age: int) -> None:
    person = born(full(birth))
    assert person.age_on(date.fromisoformat(today)) == age
    assert person.age_over(age, date.fromisoformat(today))
    assert not person.age_over(age + 1, date.fromisoformat(today))


# Each row: birth date, today, whether 18 or older.
AGE_OVER_18 = {
    "seventeen_the_day_before": ("2008-12-10", "2026-12-09", False),
    "eighteen_on_the_day": ("2008-12-10", "2026-12-10", True),
    "leap_day_not_yet_on_feb_28": ("2008-02-29", "2026-02-28", False),
    "leap_day_yes_on_march_1": ("2008-02-29", "2026-03-01", True),
    "born_feb_28_on_feb_28_of_a_leap_year": ("2010-02-28", "2028-02-28", True),
}


@pytest.mark.parametrize(("birth", "today", "over"), AGE_OVER_18.values(), ids=AGE_OVER_18.keys())
def test_age_over_18_around_birthdays(birth: str, today: str, over: bool) -> None:
    assert born(full(birth)).age_over(18, date.fromisoformat(today)) is over


MONTH_ONLY = {"type": "JaarMaandDatum", "jaar": 1985, "maand": 3, "langFormaat": "maart 1985"}
YEAR_ONLY = {"type": "JaarDatum", "jaar": 1985, "langFormaat": "1985"}
UNKNOWN = {"type": "DatumOnbekend", "onbekend": True, "langFormaat": "onbekend"}

# Each row: birth date, today, age_on, and (years, age_over(years)).
PARTIAL = {
    "month_known_before_the_month": (MONTH_ONLY, "2026-02-28", 40, (41, False)),
    "month_known_inside_the_month_is_open": (MONTH_ONLY, "2026-03-15", None, (40, True)),
    "month_known_last_day_of_month": (MONTH_ONLY, "2026-03-31", 41, (41, True)),
    "month_known_day_before_last": (MONTH_ONLY, "2026-03-30", None, (41, False)),
    "year_known_mid_year_is_open": (YEAR_ONLY, "2026-06-01", None, (40, True)),
    "year_known_not_certain_41": (YEAR_ONLY, "2026-06-01", None, (41, False)),
    "year_known_new_years_eve": (YEAR_ONLY, "2026-12-31", 41, (41, True)),
    "unknown_date": (UNKNOWN, "2026-06-01", None, (0, False)),
    "born_in_the_future": (full("2027-01-01"), "2026-06-01", None, (0, False)),
}


@pytest.mark.parametrize(("datum", "today", "age", "over"), PARTIAL.values(), ids=PARTIAL.keys())
def test_partial_birth_dates_never_claim_too_much(
    datum: dict[str, Any], today: str, age: int | None, over: tuple[int, bool]
) -> None:
    person = born(datum)
    day = date.fromisoformat(today)
    assert person.birthdate is None or datum["type"] == "Datum"
    assert person.age_on(day) == age
    years, expected = over
    assert person.age_over(years, day) is expected


# Each row: birth date, today, years, the age_over_NN claim (None: no claim).
AGE_PREDICATE = {
    "full_date_over": (full("2000-05-01"), "2026-06-01", 18, True),
    "full_date_under": (full("2010-05-01"), "2026-06-01", 18, False),
    "year_only_certainly_over": (YEAR_ONLY, "2026-06-01", 21, True),
    "year_only_certainly_under": (YEAR_ONLY, "2026-06-01", 65, False),
    "year_only_cannot_tell": (YEAR_ONLY, "2026-06-01", 41, None),
    "month_only_cannot_tell": (MONTH_ONLY, "2026-03-15", 41, None),
    "unknown_date": (UNKNOWN, "2026-06-01", 18, None),
    "born_in_the_future": (full("2027-01-01"), "2026-06-01", 18, None),
}


@pytest.mark.parametrize(
    ("datum", "today", "years", "claim"), AGE_PREDICATE.values(), ids=AGE_PREDICATE.keys()
)
def test_sd_jwt_vc_age_over_claim_is_true_false_or_absent(
    datum: dict[str, Any], today: str, years: int, claim: bool | None
) -> None:
    """``false`` tells a verifier "younger", so it is only given when the register says so;
    when a partial or missing birth date cannot tell, there is no claim at all."""
    assert born(datum).age_predicate(years, date.fromisoformat(today)) is claim


def test_no_birth_at_all() -> None:
    person = persoon()
    assert person.birthdate is None
    assert person.age_on(date(2026, 1, 1)) is None
    assert not person.age_over(0, date(2026, 1, 1))


# --- eligibility -----------------------------------------------------------------------------

OVERLIJDEN = {"datum": full("2025-06-17")}
OPSCHORTING_O = {"reden": {"code": "O", "omschrijving": "overlijden"}}
OPSCHORTING_E = {"reden": {"code": "E", "omschrijving": "emigratie"}}
OPSCHORTING_F = {"reden": {"code": "F", "omschrijving": "fout"}}
BUITENLAND = NO_DUTCH_ADDRESS["abroad"]
ONBEKEND = NO_DUTCH_ADDRESS["unknown"]

ELIGIBILITY: dict[str, tuple[dict[str, Any], Refusal | None]] = {
    "living_in_boxtel": ({"verblijfplaats": ADRES}, None),
    "living_at_a_place_without_address": (
        {"verblijfplaats": NO_DUTCH_ADDRESS["place_without_address"]},
        None,
    ),
    "deceased_by_overlijden": (
        {"verblijfplaats": ADRES, "overlijden": OVERLIJDEN},
        Refusal.DECEASED,
    ),
    "deceased_by_opschorting": (
        {"verblijfplaats": ADRES, "opschortingBijhouding": OPSCHORTING_O},
        Refusal.DECEASED,
    ),
    "deceased_abroad_is_deceased": (
        {"verblijfplaats": BUITENLAND, "overlijden": OVERLIJDEN},
        Refusal.DECEASED,
    ),
    "emigrated_by_opschorting": (
        {"verblijfplaats": BUITENLAND, "opschortingBijhouding": OPSCHORTING_E},
        Refusal.EMIGRATED,
    ),
    "emigrated_by_address_abroad": ({"verblijfplaats": BUITENLAND}, Refusal.EMIGRATED),
    "left_for_unknown_destination_is_unknown_address": (
        {"verblijfplaats": ONBEKEND, "opschortingBijhouding": OPSCHORTING_E},
        Refusal.UNKNOWN_ADDRESS,
    ),
    "unknown_address": ({"verblijfplaats": ONBEKEND}, Refusal.UNKNOWN_ADDRESS),
    "no_verblijfplaats_at_all": ({}, Refusal.UNKNOWN_ADDRESS),
    "found_not_to_live_at_address": (
        {"verblijfplaats": {**ADRES, "indicatieVastgesteldVerblijftNietOpAdres": True}},
        Refusal.UNKNOWN_ADDRESS,
    ),
    "record_suspended_otherwise": (
        {"verblijfplaats": ADRES, "opschortingBijhouding": OPSCHORTING_F},
        Refusal.REGISTRATION_ENDED,
    ),
}


@pytest.mark.parametrize(("wire", "refusal"), ELIGIBILITY.values(), ids=ELIGIBILITY.keys())
def test_eligibility(wire: dict[str, Any], refusal: Refusal | None) -> None:
    eligibility = persoon(**wire).eligibility()
    assert eligibility.refusal is refusal
    assert eligibility.eligible is (refusal is None)
    if refusal is None:
        assert eligibility.code is None
        assert eligibility.message is None
    else:
        assert eligibility.code == refusal.value
        assert eligibility.message == MESSAGES[refusal]


@pytest.mark.parametrize("refusal", list(Refusal), ids=[r.value for r in Refusal])
def test_every_refusal_has_a_friendly_message_in_both_languages(refusal: Refusal) -> None:
    message = MESSAGES[refusal]
    assert "Basisregistratie Personen (BRP)" in message.nl
    assert "Personal Records Database (BRP)" in message.en
    # Say why, then what the resident can do: at least two sentences, none of them long (B1).
    for text in (message.nl, message.en):
        sentences = [s for s in text.replace("?", ".").split(". ") if s]
        assert len(sentences) >= 2
        assert all(len(sentence.split()) <= 16 for sentence in sentences), text
    assert "gemeente" in message.nl
    assert "municipality" in message.en
