"""Wallet instances: an installed wallet app registers the public key it holds, and proves it.

Proof of possession: the app asks for a challenge (a random ``nonce``, used once, valid for a
few minutes) and signs a compact JWS with its key: ``typ`` ``wallet-instance-proof+jwt``, ES256,
payload ``{"nonce", "aud": <wallet provider's public URL>, "iat"}``. The key that verifies it is
the one being registered (or, to delete, the one registered), never a key from the JWS header.
The challenge is consumed atomically in the database, so a proof works once, on any worker.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from standards.errors import InvalidJWK, StandardsError
from standards.jose import PublicKey, jwk_thumbprint, verify_jws
from wallet_api.db.models import Challenge, WalletInstance
from wallet_api.errors import WalletError

__all__ = [
    "PROOF_TYP",
    "ProofCheck",
    "authenticate_instance",
    "delete_instance",
    "find_instance",
    "new_challenge",
    "register_instance",
]

PROOF_TYP: Final = "wallet-instance-proof+jwt"
CLOCK_SKEW: Final = timedelta(seconds=60)
ACTIVE: Final = "active"
DELETED: Final = "deleted"
REVOKED: Final = "revoked"


@dataclass(frozen=True, slots=True)
class ProofCheck:
    """What a proof must say: for whom (``aud``), and when it is checked."""

    audience: str
    now: datetime
    max_age: timedelta


def _refused(detail_en: str, detail_nl: str, reason: str) -> WalletError:
    return WalletError(
        "invalid_proof",
        400,
        title_en="The wallet could not prove it holds its key.",
        title_nl="De wallet kon niet aantonen dat hij zijn sleutel heeft.",
        detail_en=detail_en,
        detail_nl=detail_nl,
        reason=reason,
    )


def _not_found() -> WalletError:
    return WalletError(
        "not_found",
        404,
        title_en="This wallet is not known here.",
        title_nl="Deze wallet is hier niet bekend.",
    )


def _not_p256(detail: str, reason: str | None = None) -> WalletError:
    return WalletError(
        "invalid_public_key",
        400,
        title_en="The wallet's public key is not a P-256 public key (JWK).",
        title_nl="De publieke sleutel van de wallet is geen P-256-sleutel (JWK).",
        detail_en=detail,
        reason=reason,
    )


def _public_key(jwk: Mapping[str, Any]) -> PublicKey:
    try:
        key = PublicKey.from_jwk(jwk)
    except InvalidJWK as exc:
        raise _not_p256(exc.detail, exc.code) from exc
    if jwk.get("crv") != "P-256":
        raise _not_p256(f"curve {jwk.get('crv')!r} is not P-256")
    return key


def _checked_nonce(proof: str, key: PublicKey, check: ProofCheck) -> str:
    """The proof's nonce, once its signature, ``typ``, ``aud`` and ``iat`` are right."""
    try:
        payload = verify_jws(proof, key, typ=PROOF_TYP, what="proof").payload
    except StandardsError as exc:
        raise _refused(exc.detail, exc.title_nl, exc.code) from exc
    nonce, aud, iat = payload.get("nonce"), payload.get("aud"), payload.get("iat")
    if not isinstance(nonce, str) or not nonce:
        raise _refused("the proof has no nonce", "het bewijs mist de nonce", "proof.nonce_missing")
    if aud != check.audience:
        raise _refused(
            f"the proof is for {aud!r}, not {check.audience!r}",
            "het bewijs is voor een andere dienst",
            "proof.aud_mismatch",
        )
    if not isinstance(iat, int) or isinstance(iat, bool):
        raise _refused(
            "the proof has no iat", "het bewijs heeft geen tijdstip (iat)", "proof.iat_missing"
        )
    issued = check.now.timestamp() - iat
    if issued > check.max_age.total_seconds() or -issued > CLOCK_SKEW.total_seconds():
        raise _refused(
            "the proof is too old or from the future",
            "het bewijs is te oud of komt uit de toekomst",
            "proof.iat_invalid",
        )
    return nonce


async def _consume(session: AsyncSession, nonce: str, now: datetime) -> None:
    """Use the challenge ``nonce`` up; refused when unknown, used or expired."""
    used = await session.execute(
        delete(Challenge)
        .where(Challenge.nonce == nonce, Challenge.expires_at > now)
        .returning(Challenge.nonce)
    )
    if used.first() is None:
        raise WalletError(
            "challenge_unknown",
            400,
            title_en="The challenge is unknown, used or expired; ask for a new one.",
            title_nl="De uitdaging is onbekend, al gebruikt of verlopen. Vraag een nieuwe aan.",
        )


async def new_challenge(session: AsyncSession, *, now: datetime, ttl: timedelta) -> Challenge:
    """A fresh challenge; expired ones are cleared on the way."""
    await session.execute(delete(Challenge).where(Challenge.expires_at <= now))
    challenge = Challenge(nonce=secrets.token_urlsafe(32), expires_at=now + ttl)
    session.add(challenge)
    return challenge


async def register_instance(
    session: AsyncSession, *, public_key: Mapping[str, Any], proof: str, check: ProofCheck
) -> WalletInstance:
    """Register the wallet holding ``public_key``, once ``proof`` shows it holds it."""
    key = _public_key(public_key)
    await _consume(session, _checked_nonce(proof, key, check), check.now)
    public = {name: str(public_key[name]) for name in ("kty", "crv", "x", "y")}
    instance = WalletInstance(
        id=secrets.token_urlsafe(16),
        status=ACTIVE,
        public_key=public,
        key_thumbprint=jwk_thumbprint(public),
        created_at=check.now,
        deleted_at=None,
    )
    session.add(instance)
    try:
        await session.flush()
    except IntegrityError as exc:
        raise WalletError(
            "key_already_registered",
            409,
            title_en="This key already belongs to a wallet; make a new key.",
            title_nl="Deze sleutel hoort al bij een wallet. Maak een nieuwe sleutel.",
        ) from exc
    return instance


async def find_instance(session: AsyncSession, instance_id: str) -> WalletInstance:
    """The instance ``instance_id``; ``not_found`` when there is none."""
    instance = await session.scalar(select(WalletInstance).where(WalletInstance.id == instance_id))
    if instance is None:
        raise _not_found()
    return instance


async def delete_instance(
    session: AsyncSession, instance_id: str, *, proof: str, check: ProofCheck
) -> None:
    """The resident deleted the wallet: its key is forgotten, its status becomes ``deleted``."""
    instance = await authenticate_instance(session, instance_id, proof=proof, check=check)
    instance.status = DELETED
    instance.public_key = None
    instance.key_thumbprint = None
    instance.deleted_at = check.now


async def authenticate_instance(
    session: AsyncSession, instance_id: str, *, proof: str, check: ProofCheck
) -> WalletInstance:
    """The active instance ``instance_id``, once ``proof`` (over a fresh challenge, signed with
    its registered key) shows the caller holds that key; the challenge is used up.

    A deleted instance answers ``instance_deleted``, a revoked one ``instance_revoked`` (410).
    """
    instance = await find_instance(session, instance_id)
    if instance.status == REVOKED:
        raise WalletError(
            "instance_revoked",
            410,
            title_en="This wallet was revoked (reported lost); it can no longer be used.",
            title_nl="Deze wallet is ingetrokken (als kwijt gemeld) en werkt niet meer.",
        )
    if instance.status != ACTIVE or instance.public_key is None:
        raise WalletError(
            "instance_deleted",
            410,
            title_en="This wallet was deleted.",
            title_nl="Deze wallet is verwijderd.",
        )
    key = _public_key(instance.public_key)
    await _consume(session, _checked_nonce(proof, key, check), check.now)
    return instance
