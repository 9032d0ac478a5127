"""The two seeded relying parties and their use cases, written at start-up when absent.

A seeded use case is inserted only while it does not exist yet: from then on it is data that
officers edit in the back office (:mod:`verifier.relying_parties.use_cases`), and a restart
keeps their edits. Of a seeded relying party what follows from its signing key and the
verifier's host is written again on every start (``client_id``, ``certificate_chain``,
``key_file``), so a new host name gets a matching certificate, and so are its registered
purposes; its name, logo and registered claims are inserted once.

Each seeded use case serves one of its party's registered purposes (``purpose_id``; OpenID4VP
1.0 §15.3). A seeded use case of a database from before purposes were registered has none:
seeding sets it once, only while it is ``NULL``, so an officer's later choice stays.

Woonstichting De Kempen signs with an ``x509_san_dns`` client id (the verifier's host name),
the permit desk with ``x509_hash``: both prefixes HAIP 1.0 §5 names. Each registration lists
the claims the party may ask for; a use case that asks beyond it is refused when it is saved
(:func:`standards.dcql.check_within_registration`) and again when a request is built.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from issuer.credentials.catalogue import HUISHOUDEN_VCT, PERSOON_VCT, WOONADRES_VCT
from regie.pki import DemoCA
from standards.dcql import DCQLQuery, check_within_registration
from verifier.db.tables import RelyingParty, UseCase
from verifier.relying_parties.keys import Signer, load_signer

Seeded = TypeVar("Seeded", RelyingParty, UseCase)

__all__ = [
    "PARTIES",
    "USE_CASES",
    "PartySeed",
    "UseCaseSeed",
    "registered_purpose",
    "registration",
    "seed",
]

ADDRESS = ["street", "house_number", "postal_code", "city"]
SIGNER_COLUMNS = ("client_id", "certificate_chain", "key_file")
"""What a restart writes again of a seeded relying party: it follows the verifier's host."""
REFRESHED = (*SIGNER_COLUMNS, "purposes")
"""What a restart writes again of a seeded relying party: its signer and registered purposes."""


@dataclass(frozen=True)
class PartySeed:
    slug: str
    legal_name: str
    logo: str
    san_dns: bool
    """``x509_san_dns`` client id (else ``x509_hash``)."""
    allowed_claims: Mapping[str, Sequence[Sequence[str | int | None]]]
    purposes: Sequence[Mapping[str, str]]
    """The registered purposes: ``{"id", "nl", "en"}`` each."""


@dataclass(frozen=True)
class UseCaseSeed:
    slug: str
    party: str
    purpose_id: str
    """The registered purpose of ``party`` this use case serves."""
    title_nl: str
    title_en: str
    purpose_nl: str
    purpose_en: str
    dcql_query: Mapping[str, Any]
    case_type: str
    form_fields: Sequence[Mapping[str, Any]] = field(default_factory=list)


def _option(value_nl: str, label_en: str | None = None) -> dict[str, str]:
    """A select option: the Dutch text is its value and Dutch label; the English label where
    the words differ (a place name does not)."""
    return {"value": value_nl, "label_nl": value_nl, "label_en": label_en or value_nl}


def _credential(query_id: str, vct: str, claims: Sequence[str]) -> dict[str, Any]:
    return {
        "id": query_id,
        "format": "dc+sd-jwt",
        "meta": {"vct_values": [vct]},
        "claims": [{"path": [claim]} for claim in claims],
    }


PARTIES: tuple[PartySeed, ...] = (
    PartySeed(
        slug="woonstichting-de-kempen",
        legal_name="Woonstichting De Kempen",
        logo="/static/verifier/woonstichting.svg",
        san_dns=True,
        allowed_claims={
            PERSOON_VCT: [["given_name"], ["family_name"], ["birthdate"], ["age_over_18"]],
            WOONADRES_VCT: [[c] for c in ADDRESS],
            HUISHOUDEN_VCT: [["number_of_residents"], ["adults"], ["minors"]],
        },
        purposes=[
            {
                "id": "woningtoewijzing",
                "nl": "Huurwoningen toewijzen: wij schrijven woningzoekenden in en kijken welke"
                " woning past bij hen en hun huishouden.",
                "en": "Allocating rental homes: we register home seekers and check which home"
                " suits them and their household.",
            },
            {
                "id": "huurcontract",
                "nl": "Een huurcontract afsluiten: wij kijken wie u bent en waar u nu woont"
                " voordat u tekent.",
                "en": "Signing a tenancy agreement: we check who you are and where you live now"
                " before you sign.",
            },
        ],
    ),
    PartySeed(
        slug="vergunningen-boxtel",
        legal_name="Gemeente Boxtel, balie vergunningen",
        logo="/static/verifier/vergunningen.svg",
        san_dns=False,
        allowed_claims={
            PERSOON_VCT: [["given_name"], ["family_name"], ["bsn"]],
            WOONADRES_VCT: [[c] for c in ADDRESS],
        },
        purposes=[
            {
                "id": "parkeervergunning",
                "nl": "Parkeervergunningen voor bewoners: wij geven een vergunning voor het adres"
                " waar u woont.",
                "en": "Parking permits for residents: we issue a permit for the address where"
                " you live.",
            },
        ],
    ),
)

USE_CASES: tuple[UseCaseSeed, ...] = (
    UseCaseSeed(
        slug="inschrijven-woningzoekende",
        party="woonstichting-de-kempen",
        purpose_id="woningtoewijzing",
        title_nl="Inschrijven als woningzoekende",
        title_en="Register as a home seeker",
        purpose_nl=(
            "Wij hebben uw naam, geboortedatum, adres en de grootte van uw huishouden nodig "
            "om u in te schrijven. U moet 18 jaar of ouder zijn."
        ),
        purpose_en=(
            "We need your name, date of birth, address and the size of your household to "
            "register you. You must be 18 or older."
        ),
        dcql_query={
            "credentials": [
                _credential(
                    "persoon",
                    PERSOON_VCT,
                    ["given_name", "family_name", "birthdate", "age_over_18"],
                ),
                _credential("adres", WOONADRES_VCT, ADDRESS),
                _credential("huishouden", HUISHOUDEN_VCT, ["number_of_residents"]),
            ]
        },
        case_type="https://catalogi.example/zaaktypen/inschrijving-woningzoekende",
        form_fields=[
            {
                "name": "inkomensgroep",
                "label_nl": "Wat is het bruto inkomen van uw huishouden per jaar?",
                "label_en": "What is your household's gross income per year?",
                "kind": "select",
                "options": [
                    _option("tot € 30.000", "up to € 30,000"),
                    _option("€ 30.000 tot € 47.000", "€ 30,000 to € 47,000"),
                    _option("€ 47.000 of meer", "€ 47,000 or more"),
                ],
                "required": True,
            },
            {
                "name": "voorkeursgebied",
                "label_nl": "Waar wilt u het liefst wonen?",
                "label_en": "Where would you most like to live?",
                "kind": "select",
                "options": [
                    _option("Boxtel"),
                    _option("Lennisheuvel"),
                    _option("Liempde"),
                    _option("geen voorkeur", "no preference"),
                ],
                "required": True,
            },
        ],
    ),
    UseCaseSeed(
        slug="parkeervergunning-bewoners",
        party="vergunningen-boxtel",
        purpose_id="parkeervergunning",
        title_nl="Parkeervergunning voor bewoners",
        title_en="Residents' parking permit",
        purpose_nl="Wij hebben uw naam, adres en BSN nodig om de vergunning op uw adres te zetten.",
        purpose_en="We need your name, address and BSN to issue the permit for your address.",
        dcql_query={
            "credentials": [
                _credential("persoon", PERSOON_VCT, ["given_name", "family_name", "bsn"]),
                _credential("adres", WOONADRES_VCT, ADDRESS),
            ]
        },
        case_type="https://catalogi.example/zaaktypen/parkeervergunning-bewoners",
        form_fields=[
            {
                "name": "kenteken",
                "label_nl": "Kenteken van uw auto",
                "label_en": "Your car's registration number",
                "kind": "text",
                "required": True,
            },
            {
                "name": "ingangsdatum",
                "label_nl": "Vanaf welke datum wilt u de vergunning?",
                "label_en": "From which date do you want the permit?",
                "kind": "date",
                "required": True,
            },
        ],
    ),
)


def registration(allowed_claims: Mapping[str, Any]) -> dict[str, list[tuple[Any, ...]]]:
    """The stored ``allowed_claims`` as a :data:`standards.dcql.Registration`."""
    return {vct: [tuple(path) for path in paths] for vct, paths in allowed_claims.items()}


def registered_purpose(purposes: Any, purpose_id: str | None) -> Mapping[str, Any] | None:
    """The purpose ``purpose_id`` among a party's stored ``purposes`` (decoded, or JSON text as
    a raw row holds it); ``None`` when ``purpose_id`` is missing or not registered."""
    if isinstance(purposes, str):
        purposes = json.loads(purposes)
    if not purpose_id or not isinstance(purposes, list):
        return None
    for purpose in purposes:
        if isinstance(purpose, Mapping) and purpose.get("id") == purpose_id:
            return purpose
    return None


async def _insert_new(
    table: type[Seeded], slug: str, values: dict[str, Any], *, refresh: Sequence[str] = ()
) -> None:
    """Insert the row unless its slug exists; of an existing row only ``refresh`` is written.
    One statement, so workers starting together on one database do not collide."""
    insert = table.insert(table(slug=slug, **values))
    if not refresh:
        await insert.on_conflict(target=table.slug, action="DO NOTHING")
        return
    columns = [table._meta.get_column_by_name(name) for name in refresh]
    await insert.on_conflict(target=table.slug, action="DO UPDATE", values=columns)


async def _seed_party(party: PartySeed, signer: Signer) -> None:
    values: dict[str, Any] = {
        "legal_name": party.legal_name,
        "logo": party.logo,
        "client_id": signer.client_id,
        "certificate_chain": signer.certificate_pem,
        "key_file": signer.key_file,
        "allowed_claims": {k: [list(p) for p in v] for k, v in party.allowed_claims.items()},
        "purposes": [dict(purpose) for purpose in party.purposes],
    }
    await _insert_new(RelyingParty, party.slug, values, refresh=REFRESHED)


async def _seed_use_case(use_case: UseCaseSeed) -> None:
    party = PARTIES_BY_SLUG[use_case.party]
    query = DCQLQuery.parse(dict(use_case.dcql_query))
    check_within_registration(query, registration(party.allowed_claims))
    if registered_purpose(list(party.purposes), use_case.purpose_id) is None:
        msg = f"seeded use case {use_case.slug!r}: purpose {use_case.purpose_id!r} not registered"
        raise ValueError(msg)
    party_id = (
        await RelyingParty.select(RelyingParty.id).where(RelyingParty.slug == party.slug).first()
    )
    assert party_id is not None  # noqa: S101 - seeded just before
    values: dict[str, Any] = {
        "relying_party": party_id["id"],
        "title_nl": use_case.title_nl,
        "title_en": use_case.title_en,
        "purpose_nl": use_case.purpose_nl,
        "purpose_en": use_case.purpose_en,
        "purpose_id": use_case.purpose_id,
        "dcql_query": dict(use_case.dcql_query),
        "form_fields": [dict(f) for f in use_case.form_fields],
        "case_type": use_case.case_type,
    }
    await _insert_new(UseCase, use_case.slug, values)
    # a use case seeded before purposes were registered: its purpose, once (NULL only)
    await UseCase.update({UseCase.purpose_id: use_case.purpose_id}).where(
        (UseCase.slug == use_case.slug) & UseCase.purpose_id.is_null()
    )


PARTIES_BY_SLUG = {party.slug: party for party in PARTIES}


def signers(key_dir: Path, *, public_url: str, ca: DemoCA, now: datetime) -> dict[str, Signer]:
    """Every seeded party's signer; the ``x509_san_dns`` name is the verifier's host, since the
    wallet checks that the ``response_uri`` is on it (OpenID4VP 1.0 §5.9.3)."""
    host = urlsplit(public_url).hostname or "localhost"
    return {
        party.slug: load_signer(
            key_dir,
            slug=party.slug,
            legal_name=party.legal_name,
            dns_name=host,
            use_san_dns=party.san_dns,
            ca=ca,
            now=now,
        )
        for party in PARTIES
    }


async def seed(parties: Mapping[str, Signer]) -> None:
    """Insert the seeded parties and use cases that are missing, refresh each seeded party's
    certificate, client id and registered purposes, and give a seeded use case without a
    purpose its seeded one: safe on every start, and edits survive it."""
    for party in PARTIES:
        await _seed_party(party, parties[party.slug])
    for use_case in USE_CASES:
        await _seed_use_case(use_case)
