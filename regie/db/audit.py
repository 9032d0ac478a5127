"""The audit log row every service writes: who did what, when, to which subject.

Each service has its own audit table with the same columns (``at``, ``actor``, ``action``,
``subject``, ``detail``); this builds the insert for any of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from functools import cache
from typing import Any, TypeVar

from piccolo.query.methods.insert import Insert
from piccolo.table import Table
from piccolo.utils.encoding import dump_json

from regie.db.engine import Sql, Statement

__all__ = ["audit_insert", "audit_statement"]

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


@cache
def _audit_sql(tablename: str) -> Sql:
    return Sql(
        f'INSERT INTO "{tablename}" ("at", "actor", "action", "subject", "detail")'  # noqa: S608 - a table name
        " VALUES (?, ?, ?, ?, ?)"
    )


def audit_statement(
    table: type[Table],
    *,
    at: datetime,
    actor: str,
    action: str,
    subject: str | None = None,
    detail: Mapping[str, Any] | None = None,
) -> Statement:
    """:func:`audit_insert` as a plain SQL :class:`~regie.db.engine.Statement`, for a step of
    a hot transaction (the same row: ``detail`` as Piccolo's JSON text)."""
    return Statement(
        _audit_sql(table._meta.tablename),
        (at, actor, action, subject, dump_json(dict(detail or {}))),
    )
