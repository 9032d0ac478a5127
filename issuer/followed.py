"""The persons the issuer follows in the register: whoever holds credentials it issued.

Haal Centraal BRP Personen has no feed of changes (see :mod:`issuer.register.changes`), so to
learn that a resident moved, the issuer must ask again, and for that it must keep the BSN of
everyone it issued to. That is the trade-off: :class:`~issuer.db.tables.FollowedPerson` keeps
the BSN, sealed with AES-GCM under a key derived (HKDF-SHA256) from the issuer secret, which
lives in a file outside the database. A database dump alone reveals no BSN; the database plus
the secret does, as the running issuer must be able to read it. The seal is bound to the row's
keyed BSN hash (associated data), so sealed values cannot be swapped between rows unnoticed.

Each issued copy records, in ``IssuedCredential.address_fingerprint``, the digest of the parts of
the record its type is made from (:func:`credential_digest`); a copy is stale when that digest
no longer matches the register.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from piccolo.query.methods.insert import Insert
from piccolo.utils.encoding import dump_json

from issuer.db.statements import FOLLOW
from issuer.db.tables import FollowedPerson
from issuer.register.changes import Aspect, Fingerprint
from regie.db.engine import Statement

__all__ = [
    "DEPENDS_ON",
    "BsnSeal",
    "Followed",
    "credential_digest",
    "follow",
    "follow_query",
    "follow_statement",
    "followed_persons",
    "stored_fingerprint",
]

DEPENDS_ON: Final[Mapping[str, frozenset[Aspect]]] = {
    "persoonsgegevens": frozenset({Aspect.PERSON}),
    "woonadres": frozenset({Aspect.ADDRESS}),
    "huishouden": frozenset({Aspect.HOUSEHOLD}),
}
"""Which parts of the register record each credential type is made from."""

_ASPECTS: Final = (Aspect.PERSON, Aspect.ADDRESS, Aspect.HOUSEHOLD, Aspect.STATUS)
_NONCE_BYTES: Final = 12


def credential_digest(fingerprint: Fingerprint, configuration_id: str) -> str:
    """The digest of the parts of ``fingerprint`` a credential of this type depends on."""
    parts = sorted(DEPENDS_ON.get(configuration_id, frozenset(_ASPECTS)))
    joined = "|".join(f"{aspect}={getattr(fingerprint, aspect.value)}" for aspect in parts)
    return hashlib.sha256(joined.encode("ascii")).hexdigest()


class BsnSeal:
    """AES-256-GCM over the BSN, with a key derived from the issuer secret."""

    def __init__(self, secret: bytes) -> None:
        key = HKDF(
            algorithm=hashes.SHA256(),
            length=32,
            salt=None,
            info=b"regie issuer: followed-person BSN, v1",
        ).derive(secret)
        self._aead = AESGCM(key)

    def seal(self, bsn: str, bsn_hash: str) -> str:
        nonce = secrets.token_bytes(_NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, bsn.encode("ascii"), bsn_hash.encode("ascii"))
        return base64.urlsafe_b64encode(nonce + sealed).decode("ascii")

    def open(self, sealed: str, bsn_hash: str) -> str:
        """The BSN; :class:`cryptography.exceptions.InvalidTag` for a tampered value."""
        raw = base64.urlsafe_b64decode(sealed.encode("ascii"))
        plain = self._aead.decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], bsn_hash.encode())
        return plain.decode("ascii")


@dataclass(frozen=True, slots=True)
class Followed:
    """One followed person, unsealed: what polling needs."""

    bsn_hash: str
    fingerprint: Fingerprint


def stored_fingerprint(fingerprint: Fingerprint) -> dict[str, str]:
    """The fingerprint as the table keeps it: the digests, not the BSN."""
    return {aspect.value: getattr(fingerprint, aspect.value) for aspect in _ASPECTS}


async def follow(seal: BsnSeal, fingerprint: Fingerprint, *, bsn_hash: str, now: datetime) -> None:
    """Start following the person (at issuance); a person already followed stays as they are.

    The stored fingerprint is only replaced by the register check, after it has dealt with
    the change: were issuance to overwrite it, a change it had not yet seen would be lost.
    """
    await follow_query(seal, fingerprint, bsn_hash=bsn_hash, now=now).run()


def follow_query(
    seal: BsnSeal, fingerprint: Fingerprint, *, bsn_hash: str, now: datetime
) -> Insert[FollowedPerson]:
    """:func:`follow` as a query, to run as a step of the issuance's write transaction."""
    row = FollowedPerson(
        bsn_hash=bsn_hash,
        sealed_bsn=seal.seal(fingerprint.bsn, bsn_hash),
        fingerprint=stored_fingerprint(fingerprint),
        followed_since=now,
    )
    return FollowedPerson.insert(row).on_conflict(
        target=FollowedPerson.bsn_hash, action="DO NOTHING"
    )


def follow_statement(
    seal: BsnSeal, fingerprint: Fingerprint, *, bsn_hash: str, now: datetime
) -> Statement:
    """:func:`follow_query` in plain SQL, for the credential endpoint's hot transaction."""
    sealed = seal.seal(fingerprint.bsn, bsn_hash)
    return Statement(FOLLOW, (bsn_hash, sealed, dump_json(stored_fingerprint(fingerprint)), now))


async def followed_persons(seal: BsnSeal) -> list[Followed]:
    """Everyone followed, with their BSN unsealed and their last fingerprint."""
    rows: list[dict[str, Any]] = await FollowedPerson.select(
        FollowedPerson.bsn_hash, FollowedPerson.sealed_bsn, FollowedPerson.fingerprint
    ).output(load_json=True)
    return [
        Followed(
            bsn_hash=row["bsn_hash"],
            fingerprint=Fingerprint(
                bsn=seal.open(row["sealed_bsn"], row["bsn_hash"]), **row["fingerprint"]
            ),
        )
        for row in rows
    ]
