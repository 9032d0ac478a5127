"""The audit log: every staff action and every issuance, never claim values."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from piccolo.query.methods.insert import Insert

from issuer.db.tables import AuditEntry
from regie.db.audit import audit_insert

__all__ = ["audit", "audit_entry"]


async def audit(
    *,
    at: datetime,
    actor: str,
    action: str,
    subject: str | None = None,
    detail: Mapping[str, Any] | None = None,
) -> None:
    """Append one row; ``detail`` holds identifiers and counts, not personal data."""
    await audit_entry(at=at, actor=actor, action=action, subject=subject, detail=detail).run()


def audit_entry(
    *,
    at: datetime,
    actor: str,
    action: str,
    subject: str | None = None,
    detail: Mapping[str, Any] | None = None,
) -> Insert[AuditEntry]:
    """The insert of one audit row, to run alone or as a step of a larger transaction."""
    return audit_insert(
        AuditEntry, at=at, actor=actor, action=action, subject=subject, detail=detail
    )
