"""The request and response bodies of ``POST /personen`` (Haal Centraal BRP Personen, v2).

The API takes every question as a POST, so no BSN ever appears in a URL or a server log. Regie
asks two of its questions: ``RaadpleegMetBurgerservicenummer`` (up to 20 BSNs) and
``ZoekMetAdresseerbaarObjectIdentificatie`` (everyone living in one dwelling). ``fields`` names
what to return; ``opschortingBijhouding`` is never asked for, the API adds it when it applies.
Errors come as RFC 7807 problem details (``application/problem+json``), :class:`Foutbericht`.
"""

from __future__ import annotations

from typing import Annotated, Final, Literal

from pydantic import AfterValidator, Field

from issuer.register.model import Bsn, Persoon, require_adresseerbaar_object
from issuer.register.wire import WireModel

__all__ = [
    "FIELDS",
    "MAX_BSNS",
    "PERSONEN_PATH",
    "Foutbericht",
    "InvalidParam",
    "PersonenQuery",
    "PersonenQueryResponse",
    "RaadpleegMetBurgerservicenummer",
    "ZoekMetAdresseerbaarObjectIdentificatie",
]

PERSONEN_PATH: Final = "/personen"
MAX_BSNS: Final = 20
"""The most BSNs one ``RaadpleegMetBurgerservicenummer`` may name."""

FIELDS: Final = (
    "burgerservicenummer",
    "naam",
    "geboorte",
    "leeftijd",
    "nationaliteiten",
    "verblijfplaats",
    "gemeenteVanInschrijving",
    "adressering",
    "immigratie",
    "overlijden",
)
"""What Regie asks for: everything :class:`~issuer.register.model.Persoon` models."""

Fields = Annotated[tuple[str, ...], Field(min_length=1, max_length=130)]


class RaadpleegMetBurgerservicenummer(WireModel):
    type: Literal["RaadpleegMetBurgerservicenummer"]
    burgerservicenummer: tuple[Bsn, ...] = Field(min_length=1, max_length=MAX_BSNS)
    fields: Fields
    gemeente_van_inschrijving: str | None = None


class ZoekMetAdresseerbaarObjectIdentificatie(WireModel):
    type: Literal["ZoekMetAdresseerbaarObjectIdentificatie"]
    adresseerbaar_object_identificatie: Annotated[str, AfterValidator(require_adresseerbaar_object)]
    fields: Fields
    gemeente_van_inschrijving: str | None = None
    inclusief_overleden_personen: bool | None = None


PersonenQuery = Annotated[
    RaadpleegMetBurgerservicenummer | ZoekMetAdresseerbaarObjectIdentificatie,
    Field(discriminator="type"),
]


class PersonenQueryResponse(WireModel):
    """The answer: the query's ``type`` and the persons found (none is an empty list)."""

    type: str
    personen: tuple[Persoon, ...] = ()


class InvalidParam(WireModel):
    name: str
    code: str
    reason: str | None = None
    type: str | None = None


class Foutbericht(WireModel):
    """An error as the API reports it (RFC 7807 problem details with Haal Centraal's ``code``)."""

    type: str
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    code: str
    invalid_params: tuple[InvalidParam, ...] = ()
