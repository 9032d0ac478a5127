"""The wallet provider's async SQLAlchemy engine: SQLite (aiosqlite, WAL) or PostgreSQL (asyncpg).

Settings name databases as every Regie service does (``sqlite:///path``,
``postgresql://user:password@host:port/database``); this module picks the async driver.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

__all__ = ["async_url", "create_engine"]

_DRIVERS = {"sqlite": "sqlite+aiosqlite", "postgres": "postgresql+asyncpg"}


def async_url(url: str) -> URL:
    """``sqlite:///path`` or ``postgresql://...`` with the async driver SQLAlchemy needs."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if not parsed.database:
            raise ValueError("an SQLite database URL needs a file path: sqlite:///path")
        return parsed.set(drivername=_DRIVERS["sqlite"])
    if backend in {"postgresql", "postgres"}:
        return parsed.set(drivername=_DRIVERS["postgres"])
    raise ValueError(f"unsupported database URL scheme {parsed.drivername!r}")


def _sqlite_pragmas(connection: Any, _: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")  # readers do not block the writer
    cursor.execute("PRAGMA busy_timeout = 30000")  # several workers write the same file
    cursor.close()


def create_engine(url: str, *, pool_size: int = 10) -> AsyncEngine:
    """An async engine for ``url``; an SQLite file's folder is made if missing."""
    target = async_url(url)
    if target.get_backend_name() == "sqlite":
        Path(str(target.database)).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(target)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    return create_async_engine(target, pool_size=pool_size, pool_pre_ping=True)
