"""The embedded register: test persons in households in Boxtel, from ``data/personen.json``.

The file holds persons in the shape Haal Centraal BRP Personen returns them, plus the
``peildatum``: the day the data describe. Its dates are absolute, so a credential issued today
and one issued next month carry the same birth date; the edge cases that depend on the day (a
17-year-old who turns 18 soon, someone who moved last month) hold on the peildatum, and tests
run the register with its clock set to it. Left to the real clock, the people simply age.

Like the real register, this one computes ``leeftijd`` and ``adressering`` when it is asked
(not for the deceased), returns the deceased when asked by BSN, and leaves them out of the
residents of a dwelling. :meth:`SeededRegister.apply_change` changes a person (a move, a new
name), so tests and the demo can show what the issuer does when the register changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Final
from zoneinfo import ZoneInfo

from issuer.register.bsn import require_valid_bsn
from issuer.register.model import (
    Adressering,
    Naam,
    Nationaliteit,
    OpschortingBijhouding,
    Overlijden,
    Persoon,
    Verblijfplaats,
    VerblijfplaatsBuitenland,
    Waardetabel,
)
from issuer.register.source import BaseRegister
from issuer.register.wire import WireModel

__all__ = ["DATA", "SeedFile", "SeededRegister", "dutch_today"]

DATA: Final = Path(__file__).with_name("data") / "personen.json"
AMSTERDAM: Final = ZoneInfo("Europe/Amsterdam")


def dutch_today() -> date:
    """Today's date in the Netherlands (the register's calendar, whatever the server's zone)."""
    return datetime.now(tz=AMSTERDAM).date()


class SeedFile(WireModel):
    """The layout of ``personen.json``."""

    peildatum: date
    personen: tuple[Persoon, ...]


class SeededRegister(BaseRegister):
    """A register held in memory; see the module documentation."""

    def __init__(
        self,
        personen: Iterable[Persoon],
        *,
        peildatum: date | None = None,
        clock: Callable[[], date] = dutch_today,
    ) -> None:
        self.peildatum = peildatum
        self._clock = clock
        self._personen: dict[str, Persoon] = {}
        for persoon in personen:
            require_valid_bsn(persoon.bsn)
            if persoon.bsn in self._personen:
                raise ValueError(f"two persons with one BSN in the seed data ({persoon.bsn})")
            self._personen[persoon.bsn] = persoon
        self._dwellings: dict[str, list[str]] = {}
        """BSNs by ``household_key``, for ``_zoek_bewoners``; rebuilt when a record changes."""
        self._presented: dict[str, tuple[Persoon, date, Persoon]] = {}
        """By BSN: the stored record, the day and the record as presented that day. The models
        are frozen, so a presented record is a value that can be handed out again."""
        self._index_dwellings()

    def _index_dwellings(self) -> None:
        self._dwellings = {}
        for bsn, persoon in self._personen.items():
            if persoon.household_key is not None:
                self._dwellings.setdefault(persoon.household_key, []).append(bsn)

    @classmethod
    def load(cls, path: Path = DATA, *, clock: Callable[[], date] = dutch_today) -> SeededRegister:
        """Read a seed file (by default the committed test persons)."""
        seed = SeedFile.model_validate_json(path.read_bytes())
        return cls(seed.personen, peildatum=seed.peildatum, clock=clock)

    def all_persons(self) -> list[Persoon]:
        """Every person, as the register would return them today, ordered by BSN."""
        return [self._present(self._personen[bsn]) for bsn in sorted(self._personen)]

    def apply_change(
        self,
        bsn: str,
        *,
        naam: Naam | None = None,
        verblijfplaats: Verblijfplaats | None = None,
        gemeente_van_inschrijving: Waardetabel | None = None,
        nationaliteiten: Sequence[Nationaliteit] | None = None,
        overlijden: Overlijden | None = None,
        opschorting_bijhouding: OpschortingBijhouding | None = None,
    ) -> Persoon:
        """Change the named parts of a person's record (the others stay); return the new record.

        A move is a new ``verblijfplaats`` (with its ``datumVan``), a name change a new ``naam``.
        Raises :class:`KeyError` for a BSN the register does not hold.
        """
        current = self._personen[require_valid_bsn(bsn)]
        changes = {
            "naam": naam,
            "verblijfplaats": verblijfplaats,
            "gemeente_van_inschrijving": gemeente_van_inschrijving,
            "nationaliteiten": tuple(nationaliteiten) if nationaliteiten is not None else None,
            "overlijden": overlijden,
            "opschorting_bijhouding": opschorting_bijhouding,
        }
        updated = current.model_copy(
            update={field: value for field, value in changes.items() if value is not None}
        )
        self._personen[bsn] = updated
        self._index_dwellings()
        return self._present(updated)

    async def _raadpleeg(self, bsns: Sequence[str]) -> list[Persoon]:
        return [self._present(self._personen[bsn]) for bsn in bsns if bsn in self._personen]

    async def _zoek_bewoners(self, adresseerbaar_object_identificatie: str) -> list[Persoon]:
        bsns = self._dwellings.get(adresseerbaar_object_identificatie, ())
        return [self._present(self._personen[bsn]) for bsn in bsns]

    def _present(self, persoon: Persoon) -> Persoon:
        """The person with the register's computed fields, as of the clock's today (made once
        per record and day: every credential request asks for the person and the household)."""
        today = self._clock()
        known = self._presented.get(persoon.bsn)
        if known is not None and known[0] is persoon and known[1] == today:
            return known[2]
        if persoon.is_deceased:
            presented = persoon.model_copy(update={"leeftijd": None, "adressering": None})
        else:
            presented = persoon.model_copy(
                update={"leeftijd": persoon.age_on(today), "adressering": _adressering(persoon)}
            )
        self._presented[persoon.bsn] = (persoon, today, presented)
        return presented


def _adressering(persoon: Persoon) -> Adressering | None:
    """Address lines for an envelope, as the register composes them."""
    address = persoon.address
    if address is not None:
        postcode = f"{address.postal_code[:4]} {address.postal_code[4:]}"
        return Adressering(
            adresregel1=f"{address.street_short} {address.house_number_full}",
            adresregel2=f"{postcode}  {address.city.upper()}",
        )
    plaats = persoon.verblijfplaats
    if isinstance(plaats, VerblijfplaatsBuitenland) and plaats.verblijfadres is not None:
        buitenland = plaats.verblijfadres
        return Adressering(
            adresregel1=buitenland.regel1,
            adresregel2=buitenland.regel2,
            adresregel3=buitenland.regel3,
            land=buitenland.land,
        )
    return None
