"""The audit log row every service writes: who did what, when, to which subject.

Each service has its own audit table with the same columns (``at``, ``actor``, ``action``,
``subject``, ``detail``); this builds the insert for any of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, TypeVar

from piccolo.query.methods.insert import Insert
from piccolo.table import Table

__all__ = ["audit_insert"]

T = TypeVar("T", bound=Table)


def audit_insert(
    table: type[T],
    *,
    at: datetime,
    actor: str,
    action: str,
    subject: str | None = None,
    detail: Mapping[str, Any] | None = None,
) -> Insert[T]:
    """The insert of one audit row into ``table``; ``detail`` holds identifiers, not personal
    data. Run it alone or as a step of a larger transaction."""
    return table.insert(
        table(at=at, actor=actor, action=action, subject=subject, detail=dict(detail or {}))
    )
