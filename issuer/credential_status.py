"""Revoke, suspend and reinstate issued credentials (back office and register changes)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from issuer.audit import audit
from issuer.db.tables import IssuedCredential, StatusListRecord

__all__ = ["CredentialNotFound", "CredentialStatus", "StatusChangeRefused", "change_status"]


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


_ALLOWED = {
    (CredentialStatus.VALID, CredentialStatus.REVOKED),
    (CredentialStatus.VALID, CredentialStatus.SUSPENDED),
    (CredentialStatus.SUSPENDED, CredentialStatus.VALID),
    (CredentialStatus.SUSPENDED, CredentialStatus.REVOKED),
}


_ACTIONS = {
    CredentialStatus.REVOKED: "credential.revoked",
    CredentialStatus.SUSPENDED: "credential.suspended",
    CredentialStatus.VALID: "credential.reinstated",
}


async def change_status(
    credential_id: str, new: CredentialStatus, *, actor: str, reason: str, now: datetime
) -> None:
    """Set the status of one credential copy, bump its list's version, and audit it.

    Revocation is final (Token Status List §7.1: INVALID is permanent).
    """
    row = (
        await IssuedCredential.select(
            IssuedCredential.id, IssuedCredential.status, IssuedCredential.status_list
        )
        .where(IssuedCredential.credential_id == credential_id)
        .first()
        .run()
    )
    if row is None:
        raise CredentialNotFound(credential_id)
    current = CredentialStatus(str(row["status"]))
    if current == new:
        return
    if (current, new) not in _ALLOWED:
        raise StatusChangeRefused(f"{current} -> {new}")
    async with IssuedCredential._meta.db.transaction():
        await IssuedCredential.update({IssuedCredential.status: new.value}).where(
            IssuedCredential.id == row["id"]
        )
        await StatusListRecord.update(
            {
                StatusListRecord.version: StatusListRecord.version + 1,
                StatusListRecord.updated_at: now,
            }
        ).where(StatusListRecord.id == row["status_list"])
        await audit(
            at=now,
            actor=actor,
            action=f"credential.{new.value}"
            if new != CredentialStatus.VALID
            else "credential.reinstated",
            subject=credential_id,
            detail={"from": current.value, "reason": reason},
        )
