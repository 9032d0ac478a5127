"""The register source: how the issuer asks the population register (BRP) about people.

:class:`RegisterSource` is what the issuer depends on. There are two implementations, both
subclasses of :class:`BaseRegister`: :class:`~issuer.register.seeded.SeededRegister` (the
embedded default, a dataset of test persons in Boxtel) and
:class:`~issuer.register.haal_centraal.HaalCentraalRegister` (production: a Haal Centraal BRP
Personen endpoint). They answer the same questions the API answers:

- ``get_persons`` / ``get_person``: ``RaadpleegMetBurgerservicenummer``; a deceased person is
  returned too (with ``overlijden``), an unknown number is left out;
- ``residents``: ``ZoekMetAdresseerbaarObjectIdentificatie``, everyone living in one dwelling,
  without the deceased;
- ``get_household``: the residents of the person's dwelling (the person included).

Every BSN is put to the 11-test before anything is asked (:class:`~.errors.InvalidBsn`); a
register that cannot answer raises :class:`~.errors.RegisterUnavailable`.

The API has no feed of changes. To learn that someone moved or changed their name, the issuer
asks again about the persons it holds credentials for and compares: see :mod:`.changes`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from typing import Protocol

from issuer.register.bsn import require_valid_bsn
from issuer.register.model import Persoon, require_adresseerbaar_object

__all__ = ["BaseRegister", "RegisterSource"]


class RegisterSource(Protocol):
    """Where the issuer gets persons from; see the module documentation."""

    async def get_person(self, bsn: str) -> Persoon | None:
        """The person with this BSN, or ``None`` when the register does not know them."""
        ...

    async def get_persons(self, bsns: Iterable[str]) -> dict[str, Persoon]:
        """The persons with these BSNs that the register knows, by BSN."""
        ...

    async def residents(self, adresseerbaar_object_identificatie: str) -> list[Persoon]:
        """The living persons registered at this dwelling, ordered by BSN."""
        ...

    async def get_household(self, person: Persoon) -> list[Persoon]:
        """Everyone registered at the person's dwelling (them included); ``[]`` without one."""
        ...


class BaseRegister(ABC):
    """The checks and derived questions shared by every register; subclasses do two lookups."""

    async def get_person(self, bsn: str) -> Persoon | None:
        return (await self.get_persons([bsn])).get(bsn)

    async def get_persons(self, bsns: Iterable[str]) -> dict[str, Persoon]:
        wanted = tuple(dict.fromkeys(require_valid_bsn(bsn) for bsn in bsns))
        if not wanted:
            return {}
        found = await self._raadpleeg(wanted)
        return {person.bsn: person for person in found if person.bsn in wanted}

    async def residents(self, adresseerbaar_object_identificatie: str) -> list[Persoon]:
        found = await self._zoek_bewoners(
            require_adresseerbaar_object(adresseerbaar_object_identificatie)
        )
        living_here = (
            person
            for person in found
            if person.household_key == adresseerbaar_object_identificatie and not person.is_deceased
        )
        return sorted(living_here, key=lambda person: person.bsn)

    async def get_household(self, person: Persoon) -> list[Persoon]:
        key = person.household_key
        return [] if key is None else await self.residents(key)

    @abstractmethod
    async def _raadpleeg(self, bsns: Sequence[str]) -> list[Persoon]:
        """``RaadpleegMetBurgerservicenummer`` for valid, distinct BSNs."""

    @abstractmethod
    async def _zoek_bewoners(self, adresseerbaar_object_identificatie: str) -> list[Persoon]:
        """``ZoekMetAdresseerbaarObjectIdentificatie`` for a valid dwelling id."""
