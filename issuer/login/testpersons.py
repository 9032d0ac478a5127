"""The seeded test persons as the test login lists them: name, BSN, and what each one tests."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from issuer.register.model import Persoon

__all__ = ["NOTES", "TestPerson", "listed_persons"]

NOTES: Final[dict[str, tuple[str, str]]] = {
    "999993653": (
        "Gezin met kinderen; huisletter (12A), achternaam met 'van der'",
        "Family with children; house letter (12A), family name with 'van der'",
    ),
    "999990962": ("Groot gezin: 7 bewoners, 5 kinderen", "Large family: 7 residents, 5 children"),
    "999991590": ("17 jaar, wordt binnen een maand 18", "17, turns 18 within a month"),
    "999993203": (
        "Woont alleen; huisnummertoevoeging (4-3)",
        "Lives alone; house number addition (4-3)",
    ),
    "999993525": (
        "Poolse nationaliteit, geboren in Kraków, naam met ś",
        "Polish nationality, born in Kraków, name with ś",
    ),
    "999994475": (
        "Syrische nationaliteit; geboortedag onbekend; adres 3B-1",
        "Syrian nationality; day of birth unknown; address 3B-1",
    ),
    "999994797": ("Syrische en Nederlandse nationaliteit", "Syrian and Dutch nationality"),
    "999995443": ("Belgische en Nederlandse nationaliteit", "Belgian and Dutch nationality"),
    "999997671": ("Belgische nationaliteit; naam met accenten", "Belgian nationality; accents"),
    "999996381": ("Geboren op 29 februari", "Born on 29 February"),
    "999997026": ("Vorige maand verhuisd", "Moved last month"),
    "999997348": ("Heel lange naam", "Very long name"),
    "999996708": ("Overleden: krijgt niets", "Deceased: is refused"),
    "999997981": ("Geëmigreerd: krijgt niets", "Emigrated: is refused"),
    "999998298": ("Adres onbekend: krijgt niets", "Address unknown: is refused"),
    "999998614": (
        "Woont niet meer op het adres: krijgt niets",
        "Found not to live at the address: is refused",
    ),
}
"""The edge case each person covers (``tests/issuer/register/test_seeded.py`` checks them)."""


@dataclass(frozen=True, slots=True)
class TestPerson:
    """One button on the test login page."""

    __test__ = False  # a data class, not a pytest test class

    bsn: str
    name: str
    note_nl: str
    note_en: str

    def note(self, lang: str) -> str:
        return self.note_en if lang == "en" else self.note_nl


def listed_persons(persons: Iterable[Persoon]) -> tuple[TestPerson, ...]:
    """The persons with a note first (in the order above), then the others by BSN."""
    listed = {person.bsn: person for person in persons}
    ordered = [bsn for bsn in NOTES if bsn in listed]
    ordered += sorted(bsn for bsn in listed if bsn not in NOTES)
    default = ("Gewone inwoner", "Ordinary resident")
    return tuple(
        TestPerson(
            bsn=bsn,
            name=listed[bsn].full_name or bsn,
            note_nl=NOTES.get(bsn, default)[0],
            note_en=NOTES.get(bsn, default)[1],
        )
        for bsn in ordered
    )
