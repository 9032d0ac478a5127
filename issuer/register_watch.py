"""Acting on register changes: revoke what is stale, queue a re-issue prompt for the wallet.

:func:`check_register` asks the register about every followed person who still holds a valid
or suspended credential (:mod:`issuer.followed`), and for each whose record changed
(:func:`issuer.register.changes.find_changes`):

- revokes the copies made from parts of the record that changed (a move: ``woonadres``; a new
  household: ``huishouden``; a new name: ``persoonsgegevens``), with actor ``register``;
- queues one :class:`~issuer.db.tables.ReissuePrompt` per type revoked, unless an undelivered
  one is already waiting or the person already holds a copy made from the new record;
- for a person who died, emigrated, has no known address or is no longer in the register:
  revokes everything, queues nothing, and stops following them;
- then stores the new fingerprint. Running it again changes nothing.

The issuer runs it every ``ISSUER_REGISTER_CHECK_SECONDS`` (:func:`run_periodically`), and
``regie issuer check-register`` runs it once.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from issuer.audit import audit
from issuer.credential_status import CredentialStatus, change_status
from issuer.db.tables import FollowedPerson, IssuedCredential, ReissuePrompt
from issuer.followed import Followed, credential_digest, followed_persons, stored_fingerprint
from issuer.register.changes import Change, find_changes
from issuer.register.errors import RegisterUnavailable
from issuer.state import IssuerState
from regie.db.engine import write_transaction

__all__ = ["Report", "check_register", "run_periodically"]

log = logging.getLogger(__name__)

_CHUNK = 500
"""Hashes per ``IN (...)`` (SQLite allows a limited number of parameters)."""
_HELD = (CredentialStatus.VALID.value, CredentialStatus.SUSPENDED.value)


@dataclass(frozen=True, slots=True)
class Report:
    """What one check did."""

    checked: int = 0
    """Persons asked about."""
    changed: int = 0
    """Persons whose record changed."""
    revoked: tuple[str, ...] = ()
    """Credential ids revoked."""
    prompts: int = 0
    """Re-issue prompts queued."""
    unfollowed: int = 0
    """Persons no longer followed (nothing valid left, died, emigrated, gone)."""
    unavailable: str | None = None
    """The register's failure reason when it could not be asked; then nothing changed."""


async def _held(bsn_hash: str, now: datetime) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = await IssuedCredential.select(
        IssuedCredential.credential_id,
        IssuedCredential.credential_configuration_id,
        IssuedCredential.address_fingerprint,
    ).where(
        (IssuedCredential.bsn_hash == bsn_hash)
        & IssuedCredential.status.is_in(list(_HELD))
        & (IssuedCredential.expires_at > now)
    )
    return rows


async def _holders(now: datetime) -> set[str]:
    rows = (
        await IssuedCredential.select(IssuedCredential.bsn_hash)
        .where(IssuedCredential.status.is_in(list(_HELD)) & (IssuedCredential.expires_at > now))
        .distinct()
    )
    return {str(row["bsn_hash"]) for row in rows}


async def _queue_prompt(bsn_hash: str, configuration_id: str, reason: str, now: datetime) -> bool:
    waiting = await ReissuePrompt.exists().where(
        (ReissuePrompt.bsn_hash == bsn_hash)
        & (ReissuePrompt.credential_configuration_id == configuration_id)
        & ReissuePrompt.delivered_at.is_null()
    )
    if waiting:
        return False
    await ReissuePrompt.insert(
        ReissuePrompt(
            bsn_hash=bsn_hash,
            credential_configuration_id=configuration_id,
            reason=reason,
            created_at=now,
        )
    )
    await audit(
        at=now,
        actor="register",
        action="reissue.queued",
        subject=bsn_hash,
        detail={"credential_configuration_id": configuration_id, "reason": reason},
    )
    return True


async def _act(change: Change, bsn_hash: str, now: datetime) -> tuple[list[str], int, bool]:
    """Deal with one change; return the revoked ids, prompts queued, and whether to unfollow."""
    held = await _held(bsn_hash, now)
    refusal = change.person.eligibility().code if change.person is not None else "gone"
    if refusal is not None or change.fingerprint is None:
        stale, reason = held, f"register: {refusal or 'gone'}"
    else:
        current = change.fingerprint
        stale = [
            row
            for row in held
            if row["address_fingerprint"]
            != credential_digest(current, row["credential_configuration_id"])
        ]
        reason = "register: " + ", ".join(sorted(change.aspects))
    for row in stale:
        await change_status(
            row["credential_id"], CredentialStatus.REVOKED, actor="register", reason=reason, now=now
        )
    current_types = {row["credential_configuration_id"] for row in held if row not in stale}
    reissue = sorted({row["credential_configuration_id"] for row in stale} - current_types)
    unfollow = refusal is not None or change.fingerprint is None
    prompts = 0
    async with write_transaction(FollowedPerson):
        if unfollow:
            await FollowedPerson.delete().where(FollowedPerson.bsn_hash == bsn_hash)
            await ReissuePrompt.delete().where(
                (ReissuePrompt.bsn_hash == bsn_hash) & ReissuePrompt.delivered_at.is_null()
            )
        else:
            assert change.fingerprint is not None  # noqa: S101 - narrowed by ``unfollow``
            for configuration_id in reissue:
                prompts += await _queue_prompt(bsn_hash, configuration_id, reason[:64], now)
            await FollowedPerson.update(
                {
                    FollowedPerson.fingerprint: stored_fingerprint(change.fingerprint),
                    FollowedPerson.changed_at: now,
                    FollowedPerson.checked_at: now,
                }
            ).where(FollowedPerson.bsn_hash == bsn_hash)
        await audit(
            at=now,
            actor="register",
            action="register.changed",
            subject=bsn_hash,
            detail={
                "aspects": sorted(change.aspects),
                "revoked": len(stale),
                "unfollowed": unfollow,
            },
        )
    return [str(row["credential_id"]) for row in stale], prompts, unfollow


async def check_register(state: IssuerState, now: datetime) -> Report:
    """Ask the register about every followed person and act on what changed (idempotent)."""
    holders = await _holders(now)
    followed: list[Followed] = await followed_persons(state.issuance.seal)
    asked = [person for person in followed if person.bsn_hash in holders]
    idle = [person.bsn_hash for person in followed if person.bsn_hash not in holders]
    try:
        changes = await find_changes(
            state.register, [person.fingerprint for person in asked], key=state.issuance.secret
        )
    except RegisterUnavailable as exc:
        log.warning("register check: the register is unavailable (%s)", exc.reason)
        return Report(checked=len(asked), unavailable=exc.reason)
    by_bsn = {person.fingerprint.bsn: person.bsn_hash for person in asked}
    revoked: list[str] = []
    prompts = 0
    unfollowed = len(idle)
    for change in changes:
        ids, queued, gone = await _act(change, by_bsn[change.bsn], now)
        revoked.extend(ids)
        prompts += queued
        unfollowed += gone
    for start in range(0, len(idle), _CHUNK):
        chunk = idle[start : start + _CHUNK]
        await FollowedPerson.delete().where(FollowedPerson.bsn_hash.is_in(chunk))
    await FollowedPerson.update({FollowedPerson.checked_at: now}, force=True)
    return Report(
        checked=len(asked),
        changed=len(changes),
        revoked=tuple(revoked),
        prompts=prompts,
        unfollowed=unfollowed,
    )


async def run_periodically(state: IssuerState, interval: float) -> None:
    """Check the register every ``interval`` seconds until cancelled; a failure waits a round."""
    while True:
        await asyncio.sleep(interval)
        try:
            report = await check_register(state, state.clock())
        except Exception:
            log.exception("register check failed; trying again in %s seconds", interval)
            continue
        if report.unavailable is None:
            log.info("register check: %s", report)
