"""Wallet attestations, and revoking a lost wallet instance.

A wallet attestation is the Client Attestation JWT of OpenID4VCI 1.0 Appendix E ("Wallet
Attestations in JWT format", following Section 5.1 of OAuth 2.0 Attestation-Based Client
Authentication), with HAIP 1.0 §4.4.1 ("Wallet Attestation") as checklist:

- header ``typ`` ``oauth-client-attestation+jwt``, ``alg`` ES256, and ``x5c``: the provider's
  certificate chain without the trust anchor (HAIP 1.0 §4.4.1, first rule);
- ``iss``: the wallet provider (its public URL); ``sub``: the wallet's ``client_id``, one value
  shared by every instance (OpenID4VCI 1.0 §15.4.4 and HAIP 1.0 §4.4.1: no identifier unique
  to an instance), here the provider's public URL;
- ``cnf.jwk``: the instance key, with which the wallet signs the Client Attestation PoP JWT
  (Appendix E, last paragraphs); ``iat``, ``nbf``, a short ``exp``; ``wallet_name`` and
  ``wallet_link`` (Appendix E, optional claims).

There is no ``status`` claim: an attestation lives minutes (``WALLET_ATTESTATION_TTL_SECONDS``)
and a revoked or deleted instance gets no new one, which is the revocation.

Revocation without the key (the phone is lost): an active instance asks once for a revocation
code (:func:`new_revocation_code`; only its SHA-256 is stored), which the wallet keeps in its
encrypted backup. Restored on a new phone, the wallet posts that code for the old instance
(:func:`revoke_instance`): its status becomes ``revoked``, its key is forgotten, its push
subscription is dropped, it gets no attestation, and its mailboxes refuse new messages
(``mailbox_closed``).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from typing import Any, Final

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from standards.jose import PrivateKey, sign_jws
from wallet_api.db.models import WalletInstance
from wallet_api.db.provider import InstanceRevocation, PushSubscription
from wallet_api.errors import WalletError
from wallet_api.instances import ACTIVE, REVOKED, find_instance

__all__ = [
    "ATTESTATION_TYP",
    "attestation_claims",
    "new_revocation_code",
    "revoke_instance",
    "sign_attestation",
]

ATTESTATION_TYP: Final = "oauth-client-attestation+jwt"
"""OpenID4VCI 1.0 Appendix E (Client Attestation JWT, Attestation-Based Client Auth §5.1)."""


def attestation_claims(
    instance: WalletInstance,
    *,
    provider: str,
    wallet_name: str,
    now: datetime,
    ttl: timedelta,
) -> dict[str, Any]:
    """The payload of an attestation for ``instance`` (OpenID4VCI 1.0 Appendix E)."""
    if instance.public_key is None:  # pragma: no cover - an active instance has its key
        raise ValueError("an instance without a key gets no attestation")
    issued = int(now.timestamp())
    return {
        "iss": provider,
        "sub": provider,
        "iat": issued,
        "nbf": issued,
        "exp": issued + int(ttl.total_seconds()),
        "cnf": {"jwk": dict(instance.public_key)},
        "wallet_name": wallet_name,
        "wallet_link": provider,
    }


def sign_attestation(claims: dict[str, Any], key: PrivateKey, x5c: list[str]) -> str:
    """The signed Client Attestation JWT, ``x5c`` in the header (HAIP 1.0 §4.4.1)."""
    return sign_jws(claims, key, typ=ATTESTATION_TYP, headers={"x5c": x5c})


def _hash(code: str) -> str:
    return hashlib.sha256(code.encode("utf-8")).hexdigest()


async def new_revocation_code(
    session: AsyncSession, instance: WalletInstance, *, now: datetime
) -> str:
    """A fresh revocation code for ``instance`` (an earlier one stops working)."""
    code = secrets.token_urlsafe(32)
    existing = await session.get(InstanceRevocation, instance.id)
    if existing is None:
        session.add(
            InstanceRevocation(instance_id=instance.id, code_hash=_hash(code), created_at=now)
        )
    else:
        existing.code_hash = _hash(code)
        existing.created_at = now
    return code


async def revoke_instance(
    session: AsyncSession, instance_id: str, *, code: str, now: datetime
) -> WalletInstance:
    """Revoke ``instance_id`` with its revocation code; refused (403) with a wrong code."""
    instance = await find_instance(session, instance_id)
    stored = await session.scalar(
        select(InstanceRevocation.code_hash).where(InstanceRevocation.instance_id == instance_id)
    )
    if stored is None or not hmac.compare_digest(stored, _hash(code)):
        raise WalletError(
            "revocation_refused",
            403,
            title_en="This revocation code does not belong to this wallet.",
            title_nl="Deze intrekcode hoort niet bij deze wallet.",
        )
    if instance.status == ACTIVE:
        await session.execute(  # no nudges to the lost phone
            delete(PushSubscription).where(PushSubscription.instance_id == instance_id)
        )
        instance.status = REVOKED
        instance.public_key = None
        instance.key_thumbprint = None
        instance.deleted_at = now
    return instance
