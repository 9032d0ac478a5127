"""Revoke, suspend and reinstate issued credentials (back office and register changes)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any, Final

from issuer.db.tables import AuditEntry, IssuedCredential
from regie.db.audit import audit_statement
from regie.db.engine import Sql, Statement, Step, StepRefused, atomic

__all__ = [
    "CredentialNotFound",
    "CredentialStatus",
    "StatusChangeRefused",
    "StatusChangedMeanwhile",
    "change_status",
]


class CredentialStatus(StrEnum):
    """Token Status List §7.1, as the register records it."""

    VALID = "valid"
    REVOKED = "revoked"
    SUSPENDED = "suspended"


class CredentialNotFound(LookupError):
    """No issued credential has that id."""

    message_nl = "Er is geen uitgegeven gegeven met dat nummer."
    message_en = "No issued credential has that id."


class StatusChangeRefused(ValueError):
    """The change is not allowed from the current status (a revocation is final)."""

    message_nl = "Deze wijziging kan niet: een ingetrokken gegeven blijft ingetrokken."
    message_en = "This change is not possible: a revoked credential stays revoked."


_LABELS = {
    CredentialStatus.VALID: ("geldig", "valid"),
    CredentialStatus.REVOKED: ("ingetrokken", "revoked"),
    CredentialStatus.SUSPENDED: ("geschorst", "suspended"),
}


class StatusChangedMeanwhile(StatusChangeRefused):
    """Someone else changed the status between reading it and writing the new one; nothing
    was written. ``now`` is the status it has now (``None``: the copy is gone)."""

    def __init__(self, now: CredentialStatus | None) -> None:
        super().__init__(f"changed meanwhile to {now}")
        self.now = now
        nl, en = _LABELS[now] if now is not None else ("verdwenen", "gone")
        self.message_nl = (
            f"Iemand anders heeft de status van dit gegeven net gewijzigd. Het is nu {nl}. "
            "Er is niets veranderd. Kijk of uw wijziging nog nodig is."
        )
        self.message_en = (
            f"Someone else has just changed the status of this credential. It is now {en}. "
            "Nothing was changed. Check whether your change is still needed."
        )


_ALLOWED = {
    (CredentialStatus.VALID, CredentialStatus.REVOKED),
    (CredentialStatus.VALID, CredentialStatus.SUSPENDED),
    (CredentialStatus.SUSPENDED, CredentialStatus.VALID),
    (CredentialStatus.SUSPENDED, CredentialStatus.REVOKED),
}


SET_STATUS: Final = Sql(
    'UPDATE "issued_credential" SET "status" = ? WHERE "id" = ? AND "status" = ? RETURNING "id"'
)
"""(new status, row id, the status it was read as): no row when it changed meanwhile."""

BUMP_LIST: Final = Sql(
    'UPDATE "status_list" SET "version" = "version" + 1, "updated_at" = ? WHERE "id" = ?'
)
"""(now, list id): a new version of the list (its ETag) with every status change."""

_ACTIONS = {
    CredentialStatus.REVOKED: "credential.revoked",
    CredentialStatus.SUSPENDED: "credential.suspended",
    CredentialStatus.VALID: "credential.reinstated",
}


async def change_status(
    credential_id: str, new: CredentialStatus, *, actor: str, reason: str, now: datetime
) -> None:
    """Set the status of one credential copy, bump its list's version, and audit it.

    Revocation is final (Token Status List §7.1: INVALID is permanent). The status changes
    only from the one it was read as, in the transaction that writes the list's version and
    the audit row: a change made meanwhile by someone else (a revocation while a suspension
    is lifted) is never overwritten, and the later one is refused with
    :class:`StatusChangedMeanwhile`, so every audited change is the one that holds.
    """
    row = await _current(credential_id)
    if row is None:
        raise CredentialNotFound(credential_id)
    current = CredentialStatus(str(row["status"]))
    if current == new:
        return
    if (current, new) not in _ALLOWED:
        raise StatusChangeRefused(f"{current} -> {new}")
    entry = audit_statement(
        AuditEntry,
        at=now,
        actor=actor,
        action=_ACTIONS[new],
        subject=credential_id,
        detail={"from": current.value, "reason": reason},
    )
    try:
        await atomic(
            IssuedCredential,
            [
                Step(Statement(SET_STATUS, (new.value, row["id"], current.value)), required=True),
                Step(Statement(BUMP_LIST, (now, row["status_list"]))),
                Step(entry),
            ],
        )
    except StepRefused:
        after = await _current(credential_id)
        now_status = CredentialStatus(str(after["status"])) if after else None
        if now_status == new:
            return  # someone else made the same change: it holds, and it is audited once
        raise StatusChangedMeanwhile(now_status) from None


async def _current(credential_id: str) -> dict[str, Any] | None:
    row: dict[str, Any] | None = (
        await IssuedCredential.select(
            IssuedCredential.id, IssuedCredential.status, IssuedCredential.status_list
        )
        .where(IssuedCredential.credential_id == credential_id)
        .first()
        .run()
    )
    return row
