"""Housekeeping: single-use protocol rows leave the database once nothing can accept them.

Every issuance leaves an offer, an access token and a ``c_nonce`` or more behind, and every
attested token request a wallet attestation PoP ``jti``. Once past its ``expires_at`` none of
them can be used again, so :func:`remove_expired` deletes them:

- a ``nonce`` row, either an OpenID4VCI 1.0 §7 ``c_nonce`` (the credential endpoint consumes
  one only while ``expires_at`` is ahead, §7.2) or a remembered PoP ``jti``
  (:meth:`issuer.client_attestation.WalletAttestations._use_once`, ABCA §12.1), whose
  ``expires_at`` is the end of the PoP's replay window: after it a PoP with that ``jti`` is
  refused as too old (ABCA §9 step 9), remembered or not;
- an ``access_token`` row: the credential and notification endpoints accept a token only
  before its ``expires_at`` (RFC 6750 §3.1 ``invalid_token`` after);
- a ``credential_offer`` row: its offer document and pre-authorized code are served and
  redeemed only before its ``expires_at`` (OpenID4VCI 1.0 §4.1.3, §6.1). An offer goes only
  when no remaining access token points at it (``access_token.offer``), so tokens go first
  and an offer whose token is kept stays with it.

A row goes only once it expired more than ``keep`` ago (``ISSUER_EXPIRED_ROWS_KEEP_HOURS``).
What residents and wallets see does not depend on it: every refusal already reads "unknown,
used or expired" as one, and the offer page tells an expired offer by the expiry in the
resident's session, not by the row. The margin keeps the recent rows (attempts, lock,
redemption) for looking into a resident's problem, and bounds how long the BSN an unredeemed
offer or a not fully used token still holds stays in the database.

Issued credentials, status lists, re-issue prompts and the audit log are never touched. Rows
go in chunks of :data:`CHUNK`, each its own transaction, so a large backlog never holds
SQLite's write lock for long. A run that deleted something writes one audit row with the
counts. Running it again deletes nothing more; several workers may run it at once.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Final

from piccolo.table import Table

from issuer.audit import audit
from issuer.db.tables import AccessToken, CredentialOffer, Nonce
from issuer.state import IssuerState
from regie.db.engine import Sql, Statement, Step, atomic

__all__ = ["CHUNK", "Removed", "remove_expired", "remove_expired_periodically"]

log = logging.getLogger(__name__)

CHUNK: Final = 1000
"""Rows deleted per transaction."""

_NONCES: Final = Sql(
    'DELETE FROM "nonce" WHERE "id" IN'
    ' (SELECT "id" FROM "nonce" WHERE "expires_at" < ? LIMIT ?) RETURNING "id"'
)
_ACCESS_TOKENS: Final = Sql(
    'DELETE FROM "access_token" WHERE "id" IN'
    ' (SELECT "id" FROM "access_token" WHERE "expires_at" < ? LIMIT ?) RETURNING "id"'
)
_OFFERS: Final = Sql(
    'DELETE FROM "credential_offer" WHERE "id" IN'
    ' (SELECT "id" FROM "credential_offer" WHERE "expires_at" < ? AND "id" NOT IN'
    ' (SELECT "offer" FROM "access_token" WHERE "offer" IS NOT NULL) LIMIT ?) RETURNING "id"'
)
"""Never an offer a token still points at: the foreign key would delete that token with it."""


@dataclass(frozen=True, slots=True)
class Removed:
    """Rows one run deleted, per table."""

    nonce: int = 0
    access_token: int = 0
    credential_offer: int = 0

    @property
    def total(self) -> int:
        return self.nonce + self.access_token + self.credential_offer


async def _delete(table: type[Table], sql: Sql, before: datetime, chunk: int) -> int:
    """Delete ``table``'s rows that expired before ``before``, ``chunk`` rows a transaction."""
    deleted = 0
    while True:
        (rows,) = await atomic(table, [Step(Statement(sql, (before, chunk)))])
        deleted += len(rows)
        if len(rows) < chunk:
            return deleted


async def remove_expired(now: datetime, keep: timedelta, *, chunk: int = CHUNK) -> Removed:
    """Delete the nonces, PoP ``jti`` values, access tokens and offers that expired more than
    ``keep`` before ``now``; audit the run when it deleted anything."""
    before = (now - keep).astimezone(UTC)
    removed = Removed(
        nonce=await _delete(Nonce, _NONCES, before, chunk),
        access_token=await _delete(AccessToken, _ACCESS_TOKENS, before, chunk),
        credential_offer=await _delete(CredentialOffer, _OFFERS, before, chunk),
    )
    if removed.total:
        await audit(
            at=now,
            actor="housekeeping",
            action="housekeeping.expired_removed",
            detail={**asdict(removed), "expired_before": before.isoformat()},
        )
    return removed


async def remove_expired_periodically(state: IssuerState, interval: float) -> None:
    """Run :func:`remove_expired` every ``interval`` seconds until cancelled, keeping rows
    ``ISSUER_EXPIRED_ROWS_KEEP_HOURS`` past their expiry; a failure waits a round."""
    keep = state.settings.expired_rows_keep
    while True:
        await asyncio.sleep(interval)
        try:
            removed = await remove_expired(state.clock(), keep)
        except Exception:
            log.exception("housekeeping failed; trying again in %s seconds", interval)
            continue
        if removed.total:
            log.info("housekeeping: %s", removed)
