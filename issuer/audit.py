"""The audit log: every staff action and every issuance, never claim values."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from issuer.db.tables import AuditEntry

__all__ = ["audit"]


async def audit(
    *,
    at: datetime,
    actor: str,
    action: str,
    subject: str | None = None,
    detail: Mapping[str, Any] | None = None,
) -> None:
    """Append one row; ``detail`` holds identifiers and counts, not personal data."""
    await AuditEntry.insert(
        AuditEntry(at=at, actor=actor, action=action, subject=subject, detail=dict(detail or {}))
    ).run()
