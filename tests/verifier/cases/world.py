"""A verifier database with one relying party, its use case and completed transactions.

Real tables on real SQLite (or PostgreSQL), filled as the protocol would leave them: the
transaction holds only the disclosed claims, per credential query id, and the evidence.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from verifier import transactions
from verifier.db.tables import PresentationTransaction, RelyingParty, UseCase
from verifier.state import VerifierState

__all__ = [
    "DCQL_QUERY",
    "FORM_FIELDS",
    "ISSUER",
    "NOW",
    "VERIFIED_CLAIMS",
    "add_relying_party",
    "add_transaction",
]

NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
ISSUER = "http://127.0.0.1:8001"

FORM_FIELDS: list[dict[str, Any]] = [
    {
        "name": "income_bracket",
        "label_nl": "Inkomen per jaar",
        "label_en": "Yearly income",
        "kind": "select",
        "options": [
            {"value": "low", "label_nl": "Tot € 30.000", "label_en": "Up to € 30,000"},
            {"value": "high", "label_nl": "Meer dan € 30.000", "label_en": "Over € 30,000"},
        ],
        "required": True,
    },
    {
        "name": "preferred_area",
        "label_nl": "Voorkeur voor wijk",
        "label_en": "Preferred area",
        "kind": "text",
        "required": False,
    },
]

PERSOON = ["given_name", "family_name", "birthdate"]
ADRES = ["street", "house_number", "postal_code", "city"]
DCQL_QUERY: dict[str, Any] = {
    "credentials": [
        {
            "id": query_id,
            "format": "dc+sd-jwt",
            "meta": {"vct_values": [vct]},
            "claims": [{"path": [name]} for name in names],
        }
        for query_id, vct, names in (
            ("persoon", "urn:nl:gemeente:regie:persoonsgegevens:1", PERSOON),
            ("adres", "urn:nl:gemeente:regie:woonadres:1", ADRES),
        )
    ]
}
"""What the use case asks: name fields first, then the address (the order to show them in)."""

VERIFIED_CLAIMS: dict[str, Any] = {
    "persoon": {
        "issuer": ISSUER,
        "vct": "urn:nl:gemeente:regie:persoonsgegevens:1",
        "verified_at": NOW.isoformat(),
        "claims": {"given_name": "Jan", "family_name": "Jansen", "birthdate": "1980-02-01"},
    },
    "adres": {
        "issuer": ISSUER,
        "vct": "urn:nl:gemeente:regie:woonadres:1",
        "verified_at": NOW.isoformat(),
        "claims": {"street": "Markt", "house_number": 1, "postal_code": "5281AB", "city": "Boxtel"},
    },
}


async def add_relying_party(slug: str = "woonstichting") -> tuple[int, int]:
    """A relying party and one use case of it; their ids."""
    party = RelyingParty(
        slug=slug,
        legal_name=f"{slug.title()} (test)",
        client_id=f"x509_san_dns:{slug}.localhost",
        certificate_chain="",
        key_file=f"{slug}.key",
        allowed_claims={},
    )
    await party.save()
    use_case = UseCase(
        slug=f"{slug}-intake",
        relying_party=party.id,
        title_nl="Inschrijven",
        title_en="Register",
        purpose_nl="Om u in te schrijven.",
        purpose_en="To register you.",
        dcql_query=DCQL_QUERY,
        form_fields=FORM_FIELDS,
        case_type=f"https://catalogi.example/zaaktypen/{slug}",
    )
    await use_case.save()
    return int(party.id), int(use_case.id)


async def add_transaction(
    use_case_id: int,
    *,
    status: str = "responded",
    verified_claims: dict[str, Any] | None = VERIFIED_CLAIMS,
    evidence: str | None = "eyJ...~disclosure~kb",
    released: bool = True,
) -> str:
    """A transaction in ``status``; its public id."""
    transaction_id = secrets.token_urlsafe(16)
    await PresentationTransaction(
        transaction_id=transaction_id,
        use_case=use_case_id,
        state=secrets.token_urlsafe(16),
        nonce=secrets.token_urlsafe(16),
        request_uri_id=secrets.token_urlsafe(16),
        encryption_key="sealed",
        response_mode="direct_post.jwt",
        created_at=NOW - timedelta(minutes=2),
        expires_at=NOW,
        status=status,
        verified_claims=verified_claims,
        evidence=evidence,
        poll_secret_hash=secrets.token_hex(32),
        result_released_at=NOW if released else None,
    ).save()
    return transaction_id


async def verified_transaction(
    state: VerifierState,
    use_case: str,
    *,
    released: bool = False,
    verified_claims: dict[str, Any] = VERIFIED_CLAIMS,
) -> tuple[str, str]:
    """A transaction of the running app, as the protocol leaves it after a verified response:
    its id and the cross-device poll secret (the result released when ``released``)."""
    started = await transactions.start(state, use_case, same_device=False)
    await PresentationTransaction.update(
        {
            PresentationTransaction.status: "responded",
            PresentationTransaction.verified_claims: verified_claims,
            PresentationTransaction.evidence: '{"persoon": ["eyJ..."]}',
            PresentationTransaction.result_released_at: NOW if released else None,
        }
    ).where(PresentationTransaction.transaction_id == started.transaction_id)
    return started.transaction_id, started.poll_secret
