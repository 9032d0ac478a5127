"""A case as ZGW Zaken API 1.x resources: ``zaak``, ``status``, ``rol``, ``zaakeigenschap``.

Field names are the Zaken API's (camelCase on the wire, VNG-Realisatie zaken-api
``src/resources.md``). The verifier keeps no Catalogi API of its own, so the catalogue URLs
(``statustype``, ``roltype``, ``eigenschap``, ``resultaattype``) are derived from the use case's
case type: ``{zaaktype}/statustypen/{status}``, and so on. The sub-resources get stable UUIDs
(UUID5 under the case's UUID), so exporting a case twice gives the same document.

One extension: the applicant's ``rol`` carries ``herkomst``, the provenance of every validated
value (who vouched for it, in which credential and presentation), which the Zaken API has no
field for. A Zaken API ignores members it does not know.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

from verifier.cases.applicant import ValidatedValue, load_applicant
from verifier.cases.status import CaseStatusCode

__all__ = [
    "NatuurlijkPersoon",
    "Resultaat",
    "Rol",
    "Status",
    "ValidatedValueProvenance",
    "Verblijfsadres",
    "Zaak",
    "ZaakEigenschap",
    "ZgwCase",
    "render_case",
    "result_slug",
]


class _Resource(BaseModel):
    """Snake case in Python, the Zaken API's camelCase on the wire (``by_alias``)."""

    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, frozen=True, extra="forbid"
    )

    def wire(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True)


class Zaak(_Resource):
    url: str
    uuid: str
    identificatie: str
    bronorganisatie: str
    omschrijving: str
    zaaktype: str
    registratiedatum: date
    verantwoordelijke_organisatie: str
    startdatum: date
    einddatum: date | None
    status: str | None
    resultaat: str | None
    vertrouwelijkheidaanduiding: Literal["vertrouwelijk"] = "vertrouwelijk"


class Status(_Resource):
    url: str
    uuid: str
    zaak: str
    statustype: str
    datum_status_gezet: datetime
    statustoelichting: str
    indicatie_laatst_gezette_status: bool


class Verblijfsadres(_Resource):
    """The address part of ``betrokkeneIdentificatie`` (RGBZ abbreviations)."""

    aoa_identificatie: str = ""
    """The BAG id, which no credential carries: left empty."""
    wpl_woonplaats_naam: str | None = None
    gor_openbare_ruimte_naam: str | None = None
    aoa_postcode: str | None = None
    aoa_huisnummer: int | None = None
    aoa_huisletter: str | None = None
    aoa_huisnummertoevoeging: str | None = None


class NatuurlijkPersoon(_Resource):
    """``betrokkeneIdentificatie`` of a ``natuurlijk_persoon``: only what was disclosed."""

    inp_bsn: str | None = None
    geslachtsnaam: str | None = None
    voornamen: str | None = None
    geboortedatum: str | None = None
    verblijfsadres: Verblijfsadres | None = None


class ValidatedValueProvenance(_Resource):
    """Extension ``herkomst``: one validated value and who vouched for it."""

    naam: str
    waarde: Any
    uitgever: str
    vct: str
    credential_query_id: str
    geverifieerd_op: datetime
    transactie_id: str


class Rol(_Resource):
    url: str
    uuid: str
    zaak: str
    betrokkene_type: Literal["natuurlijk_persoon"] = "natuurlijk_persoon"
    roltype: str
    omschrijving: str = "Aanvrager"
    omschrijving_generiek: Literal["initiator"] = "initiator"
    roltoelichting: str
    registratiedatum: datetime
    betrokkene_identificatie: NatuurlijkPersoon
    herkomst: list[ValidatedValueProvenance]


class ZaakEigenschap(_Resource):
    url: str
    uuid: str
    zaak: str
    eigenschap: str
    naam: str
    waarde: str


class Resultaat(_Resource):
    url: str
    uuid: str
    zaak: str
    resultaattype: str
    toelichting: str


class ZgwCase(_Resource):
    """The whole export: the zaak and its sub-resources, statuses oldest first."""

    zaak: Zaak
    statussen: list[Status]
    rollen: list[Rol]
    zaakeigenschappen: list[ZaakEigenschap]
    resultaat: Resultaat | None


_PERSON = {
    ("bsn",): "inp_bsn",
    ("family_name",): "geslachtsnaam",
    ("given_name",): "voornamen",
    ("birthdate",): "geboortedatum",
}
_ADDRESS = {
    ("city",): "wpl_woonplaats_naam",
    ("street",): "gor_openbare_ruimte_naam",
    ("postal_code",): "aoa_postcode",
    ("house_number",): "aoa_huisnummer",
    ("house_letter",): "aoa_huisletter",
    ("house_number_addition",): "aoa_huisnummertoevoeging",
}


def _person(values: Sequence[ValidatedValue]) -> NatuurlijkPersoon:
    person: dict[str, Any] = {}
    address: dict[str, Any] = {}
    for value in values:
        if value.path in _PERSON:
            person[_PERSON[value.path]] = str(value.value)
        elif value.path in _ADDRESS:
            address[_ADDRESS[value.path]] = value.value
    if address:
        person["verblijfsadres"] = Verblijfsadres(**address)
    return NatuurlijkPersoon(**person)


def _provenance(value: ValidatedValue) -> ValidatedValueProvenance:
    return ValidatedValueProvenance(
        naam=value.name,
        waarde=value.value,
        uitgever=value.issuer,
        vct=value.vct,
        credential_query_id=value.credential_query_id,
        geverifieerd_op=value.verified_at,
        transactie_id=value.transaction_id,
    )


def _waarde(value: Any) -> str:
    return value if isinstance(value, str) else str(value)


_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_SLUG_MAX = 80


def result_slug(result: str) -> str:
    """The ``resultaattype`` path segment for an officer's result: the outcome is free text
    ("Vergunning verleend tot 2027"), a URL segment cannot be, so lower case ASCII letters and
    digits joined by ``-`` ("vergunning-verleend-tot-2027"); the text itself travels in the
    ``resultaat``'s ``toelichting``."""
    folded = unicodedata.normalize("NFKD", result).encode("ascii", "ignore").decode("ascii")
    slug = _NOT_SLUG.sub("-", folded.lower()).strip("-")[:_SLUG_MAX].rstrip("-")
    return slug or "resultaat"


def render_case(
    case: Mapping[str, Any],
    statuses: Sequence[Mapping[str, Any]],
    *,
    api_root: str,
    bronorganisatie: str,
    omschrijving: str,
) -> ZgwCase:
    """Render a ``Case`` row and its ``CaseStatus`` rows (any order) as ZGW resources.

    ``api_root`` is where the resources would live (``{api_root}/zaken/{uuid}``);
    ``bronorganisatie`` the RSIN of the organisation that registered the case.
    """
    case_uuid = uuid.UUID(str(case["uuid"]))
    zaak_url = f"{api_root}/zaken/{case_uuid}"
    zaaktype = str(case["case_type"])
    registered: datetime = case["registered_at"]

    def sub(kind: str, key: str) -> tuple[str, str]:
        sub_uuid = str(uuid.uuid5(case_uuid, f"{kind}/{key}"))
        return f"{api_root}/{kind}/{sub_uuid}", sub_uuid

    history = sorted(statuses, key=lambda row: (row["set_at"], row["id"]))
    rendered_statuses = []
    for index, row in enumerate(history):
        url, sub_uuid = sub("statussen", str(row["id"]))
        code = CaseStatusCode(row["status"])
        rendered_statuses.append(
            Status(
                url=url,
                uuid=sub_uuid,
                zaak=zaak_url,
                statustype=f"{zaaktype}/statustypen/{code.value}",
                datum_status_gezet=row["set_at"],
                statustoelichting=row.get("explanation") or code.label_nl,
                indicatie_laatst_gezette_status=index == len(history) - 1,
            )
        )
    values = load_applicant(case["applicant"])
    rol_url, rol_uuid = sub("rollen", "aanvrager")
    rol = Rol(
        url=rol_url,
        uuid=rol_uuid,
        zaak=zaak_url,
        roltype=f"{zaaktype}/roltypen/aanvrager",
        roltoelichting="Gegevens gevalideerd door de uitgever van de verklaring",
        registratiedatum=registered,
        betrokkene_identificatie=_person(values),
        herkomst=[_provenance(value) for value in values],
    )
    properties: Mapping[str, Any] = case.get("properties") or {}
    eigenschappen = []
    for name, value in sorted(properties.items()):
        url, sub_uuid = sub("zaakeigenschappen", name)
        eigenschappen.append(
            ZaakEigenschap(
                url=url,
                uuid=sub_uuid,
                zaak=zaak_url,
                eigenschap=f"{zaaktype}/eigenschappen/{name}",
                naam=name,
                waarde=_waarde(value),
            )
        )
    resultaat = None
    if case.get("result"):
        url, sub_uuid = sub("resultaten", "resultaat")
        resultaat = Resultaat(
            url=url,
            uuid=sub_uuid,
            zaak=zaak_url,
            resultaattype=f"{zaaktype}/resultaattypen/{result_slug(str(case['result']))}",
            toelichting=str(case["result"]),
        )
    last = rendered_statuses[-1] if rendered_statuses else None
    decided = bool(history) and CaseStatusCode(history[-1]["status"]).final
    zaak = Zaak(
        url=zaak_url,
        uuid=str(case_uuid),
        identificatie=str(case["identification"]),
        bronorganisatie=bronorganisatie,
        omschrijving=omschrijving[:80],
        zaaktype=zaaktype,
        registratiedatum=registered.date(),
        verantwoordelijke_organisatie=bronorganisatie,
        startdatum=registered.date(),
        einddatum=history[-1]["set_at"].date() if decided else None,
        status=last.url if last else None,
        resultaat=resultaat.url if resultaat else None,
    )
    return ZgwCase(
        zaak=zaak,
        statussen=rendered_statuses,
        rollen=[rol],
        zaakeigenschappen=eigenschappen,
        resultaat=resultaat,
    )
