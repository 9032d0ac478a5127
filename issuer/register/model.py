"""A person as Haal Centraal BRP Personen Bevragen (API version 2) describes them.

Only the parts Regie uses are modelled, with the API's field names (see :mod:`.wire`): name,
birth, nationalities, residence (``verblijfplaats``) and municipality of registration, the
register's own computed ``leeftijd`` and ``adressering``, immigration, death and the suspension of
the record (``opschortingBijhouding``). The methods below derive what the issuer puts in
credentials, and :meth:`Persoon.eligibility` decides whether it may issue at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Final, Literal

from pydantic import Field, StringConstraints, field_validator

from issuer.register.datum import Datum, VolledigeDatum, age_on, maximum_age, minimum_age
from issuer.register.eligibility import Eligibility, Refusal
from issuer.register.wire import WireModel

__all__ = [
    "ADRESSEERBAAR_OBJECT_ONBEKEND",
    "ADRESSEERBAAR_OBJECT_PATTERN",
    "Address",
    "Adres",
    "Adressering",
    "Bsn",
    "Geboorte",
    "Immigratie",
    "Locatie",
    "Naam",
    "Nationaliteit",
    "OpschortingBijhouding",
    "Overlijden",
    "Persoon",
    "Verblijfadres",
    "VerblijfadresBuitenland",
    "VerblijfadresLocatie",
    "Verblijfplaats",
    "VerblijfplaatsBuitenland",
    "VerblijfplaatsOnbekend",
    "Waardetabel",
    "require_adresseerbaar_object",
]

ADRESSEERBAAR_OBJECT_PATTERN: Final = r"^[0-9]{16}$"
"""The BAG identification of a dwelling: 16 digits; all zeros is the "unknown" placeholder."""
ADRESSEERBAAR_OBJECT_ONBEKEND: Final = "0" * 16

REDEN_OVERLIJDEN: Final = "O"
"""``opschortingBijhouding.reden.code`` for a person who has died."""
REDEN_EMIGRATIE: Final = "E"
"""``opschortingBijhouding.reden.code`` for a person who has left the country."""


def require_adresseerbaar_object(value: str) -> str:
    """Return ``value`` when it can identify a dwelling; raise :class:`ValueError` otherwise."""
    if not re.fullmatch(ADRESSEERBAAR_OBJECT_PATTERN, value) or value == (
        ADRESSEERBAAR_OBJECT_ONBEKEND
    ):
        raise ValueError("not an adresseerbaarObjectIdentificatie (16 digits, not all zero)")
    return value


Bsn = Annotated[str, StringConstraints(pattern=r"^[0-9]{9}$")]
"""Nine digits, as the API writes a BSN (the 11-test is :mod:`issuer.register.bsn`)."""


class Waardetabel(WireModel):
    """A value from one of the national tables: ``code`` with its ``omschrijving``.

    A place abroad has no code, only its name (``{"omschrijving": "Kraków"}``).
    """

    code: str | None = None
    omschrijving: str | None = None


class Naam(WireModel):
    voornamen: str | None = None
    voorvoegsel: str | None = None
    geslachtsnaam: str | None = None
    voorletters: str | None = None
    volledige_naam: str | None = None


class Geboorte(WireModel):
    datum: Datum | None = None
    plaats: Waardetabel | None = None
    land: Waardetabel | None = None


class Nationaliteit(WireModel):
    """One nationality; only ``type`` ``Nationaliteit`` names an actual nationality."""

    type: Literal[
        "Nationaliteit",
        "BehandeldAlsNederlander",
        "VastgesteldNietNederlander",
        "Staatloos",
        "NationaliteitOnbekend",
    ]
    nationaliteit: Waardetabel | None = None


class Verblijfadres(WireModel):
    """An address in the Netherlands (``VerblijfadresBinnenland``)."""

    officiele_straatnaam: str
    korte_straatnaam: str | None = None
    huisnummer: int = Field(ge=1, le=99999)
    huisletter: str | None = Field(default=None, pattern=r"^[a-zA-Z]$")
    huisnummertoevoeging: str | None = Field(default=None, max_length=4)
    postcode: str = Field(pattern=r"^[1-9][0-9]{3}[A-Z]{2}$")
    woonplaats: str


class VerblijfadresBuitenland(WireModel):
    regel1: str | None = None
    regel2: str | None = None
    regel3: str | None = None
    land: Waardetabel | None = None


class VerblijfadresLocatie(WireModel):
    locatiebeschrijving: str | None = None
    woonplaats: str | None = None


class Adres(WireModel):
    """Living at an address in the Netherlands."""

    type: Literal["Adres"]
    verblijfadres: Verblijfadres
    adresseerbaar_object_identificatie: str | None = Field(
        default=None, pattern=ADRESSEERBAAR_OBJECT_PATTERN
    )
    nummeraanduiding_identificatie: str | None = None
    datum_van: Datum | None = None
    indicatie_vastgesteld_verblijft_niet_op_adres: bool | None = None

    @field_validator("adresseerbaar_object_identificatie")
    @classmethod
    def _placeholder_is_none(cls, value: str | None) -> str | None:
        """All zeros means "no known dwelling": it must never group people into a household."""
        return None if value == ADRESSEERBAAR_OBJECT_ONBEKEND else value


class Locatie(WireModel):
    """Living at a described place without an address (a caravan or boat without a number)."""

    type: Literal["Locatie"]
    verblijfadres: VerblijfadresLocatie | None = None
    datum_van: Datum | None = None


class VerblijfplaatsBuitenland(WireModel):
    """Living abroad."""

    type: Literal["VerblijfplaatsBuitenland"]
    verblijfadres: VerblijfadresBuitenland | None = None
    datum_van: Datum | None = None


class VerblijfplaatsOnbekend(WireModel):
    """Where the person lives is not known."""

    type: Literal["VerblijfplaatsOnbekend"]
    datum_van: Datum | None = None


Verblijfplaats = Annotated[
    Adres | Locatie | VerblijfplaatsBuitenland | VerblijfplaatsOnbekend,
    Field(discriminator="type"),
]


class Adressering(WireModel):
    """The register's address lines for an envelope."""

    adresregel1: str | None = None
    adresregel2: str | None = None
    adresregel3: str | None = None
    land: Waardetabel | None = None


class Immigratie(WireModel):
    land_vanwaar_ingeschreven: Waardetabel | None = None
    datum_vestiging_in_nederland: Datum | None = None


class Overlijden(WireModel):
    datum: Datum | None = None
    plaats: Waardetabel | None = None
    land: Waardetabel | None = None


class OpschortingBijhouding(WireModel):
    """The record is no longer kept up to date, and why (``O`` died, ``E`` emigrated, …)."""

    reden: Waardetabel
    datum: Datum | None = None


@dataclass(frozen=True, slots=True)
class Address:
    """The parts of a Dutch address, as the address credential needs them."""

    street: str
    street_short: str
    house_number: int
    house_letter: str | None
    house_number_addition: str | None
    postal_code: str
    city: str
    municipality: str | None
    municipality_code: str | None

    @property
    def house_number_full(self) -> str:
        """Number, letter and addition as written on the door: ``12``, ``12A``, ``27-2``."""
        letter = self.house_letter or ""
        addition = f"-{self.house_number_addition}" if self.house_number_addition else ""
        return f"{self.house_number}{letter}{addition}"


class Persoon(WireModel):
    """A person from the register (the API's ``Persoon``), with what Regie derives from it."""

    burgerservicenummer: Bsn
    naam: Naam | None = None
    geboorte: Geboorte | None = None
    leeftijd: int | None = Field(default=None, ge=0)
    nationaliteiten: tuple[Nationaliteit, ...] = ()
    verblijfplaats: Verblijfplaats | None = None
    gemeente_van_inschrijving: Waardetabel | None = None
    adressering: Adressering | None = None
    immigratie: Immigratie | None = None
    overlijden: Overlijden | None = None
    opschorting_bijhouding: OpschortingBijhouding | None = None

    # --- who -------------------------------------------------------------------------------

    @property
    def bsn(self) -> str:
        return self.burgerservicenummer

    @property
    def given_names(self) -> str | None:
        """All given names, as registered: ``Jan Willem``."""
        return self.naam.voornamen if self.naam else None

    @property
    def family_name(self) -> str | None:
        """The family name with its prefix: ``van der Berg``."""
        if self.naam is None or not self.naam.geslachtsnaam:
            return None
        return " ".join(part for part in (self.naam.voorvoegsel, self.naam.geslachtsnaam) if part)

    @property
    def full_name(self) -> str | None:
        """The register's ``volledigeNaam`` or, without it, given names and family name."""
        if self.naam and self.naam.volledige_naam:
            return self.naam.volledige_naam
        parts = [part for part in (self.given_names, self.family_name) if part]
        return " ".join(parts) or None

    @property
    def birthdate(self) -> date | None:
        """The birth date when it is fully known; ``None`` when day or month is unknown."""
        datum = self.geboorte.datum if self.geboorte else None
        return datum.datum if isinstance(datum, VolledigeDatum) else None

    @property
    def place_of_birth(self) -> str | None:
        plaats = self.geboorte.plaats if self.geboorte else None
        return plaats.omschrijving if plaats else None

    @property
    def country_of_birth(self) -> Waardetabel | None:
        return self.geboorte.land if self.geboorte else None

    @property
    def nationalities(self) -> tuple[Waardetabel, ...]:
        """The nationalities the person holds (codes from national table 32, ``0001`` Dutch)."""
        return tuple(
            entry.nationaliteit
            for entry in self.nationaliteiten
            if entry.type == "Nationaliteit" and entry.nationaliteit is not None
        )

    @property
    def nationality_codes(self) -> tuple[str, ...]:
        return tuple(n.code for n in self.nationalities if n.code)

    @property
    def nationality_descriptions(self) -> tuple[str, ...]:
        return tuple(n.omschrijving for n in self.nationalities if n.omschrijving)

    def age_on(self, today: date) -> int | None:
        """Age in whole years on ``today``; ``None`` when the birth date leaves it open."""
        return age_on(self.geboorte.datum if self.geboorte else None, today)

    def age_over(self, years: int, today: date) -> bool:
        """True only when the person is certainly at least ``years`` old on ``today``.

        With a birth date of which the day or month is unknown, the latest possible date counts,
        so the answer is never "yes" too early.
        """
        youngest = minimum_age(self.geboorte.datum if self.geboorte else None, today)
        return youngest is not None and youngest >= years

    def age_predicate(self, years: int, today: date) -> bool | None:
        """The value of an ``age_over_NN`` claim: ``True`` when the person is certainly at least
        ``years`` old on ``today``, ``False`` when certainly younger, ``None`` (no claim) when the
        register's birth date, missing or partial, cannot tell: a verifier reads ``false`` as
        "younger", which the register does not say."""
        if self.age_over(years, today):
            return True
        oldest = maximum_age(self.geboorte.datum if self.geboorte else None, today)
        return False if oldest is not None and oldest < years else None

    # --- where -----------------------------------------------------------------------------

    @property
    def address(self) -> Address | None:
        """The Dutch address, or ``None`` (abroad, unknown, or a place without an address)."""
        plaats = self.verblijfplaats
        if not isinstance(plaats, Adres):
            return None
        adres = plaats.verblijfadres
        gemeente = self.gemeente_van_inschrijving
        return Address(
            street=adres.officiele_straatnaam,
            street_short=adres.korte_straatnaam or adres.officiele_straatnaam,
            house_number=adres.huisnummer,
            house_letter=adres.huisletter,
            house_number_addition=adres.huisnummertoevoeging,
            postal_code=adres.postcode,
            city=adres.woonplaats,
            municipality=gemeente.omschrijving if gemeente else None,
            municipality_code=gemeente.code if gemeente else None,
        )

    @property
    def address_since(self) -> date | None:
        """Since when the person lives where they live (``verblijfplaats.datumVan``), if known."""
        datum = self.verblijfplaats.datum_van if self.verblijfplaats else None
        return datum.datum if isinstance(datum, VolledigeDatum) else None

    @property
    def household_key(self) -> str | None:
        """The dwelling (BAG ``adresseerbaarObjectIdentificatie``) that groups a household."""
        plaats = self.verblijfplaats
        return plaats.adresseerbaar_object_identificatie if isinstance(plaats, Adres) else None

    # --- may the municipality issue? -------------------------------------------------------

    @property
    def is_deceased(self) -> bool:
        return self.overlijden is not None or self._opschorting == REDEN_OVERLIJDEN

    @property
    def is_emigrated(self) -> bool:
        return (
            isinstance(self.verblijfplaats, VerblijfplaatsBuitenland)
            or self._opschorting == REDEN_EMIGRATIE
        )

    @property
    def has_unknown_address(self) -> bool:
        """No known place to live: unknown, missing, or found not to live at the address."""
        plaats = self.verblijfplaats
        if plaats is None or isinstance(plaats, VerblijfplaatsOnbekend):
            return True
        return isinstance(plaats, Adres) and bool(
            plaats.indicatie_vastgesteld_verblijft_niet_op_adres
        )

    def eligibility(self) -> Eligibility:
        """Whether the municipality may issue credentials about this person, and if not, why.

        Decided on the record alone, in this order: died, address unknown (which also covers a
        departure to an unknown destination), left the country, record suspended for another
        reason.
        """
        if self.is_deceased:
            return Eligibility(Refusal.DECEASED)
        if self.has_unknown_address:
            return Eligibility(Refusal.UNKNOWN_ADDRESS)
        if self.is_emigrated:
            return Eligibility(Refusal.EMIGRATED)
        if self._opschorting is not None:
            return Eligibility(Refusal.REGISTRATION_ENDED)
        return Eligibility()

    @property
    def _opschorting(self) -> str | None:
        opschorting = self.opschorting_bijhouding
        return opschorting.reden.code if opschorting else None
