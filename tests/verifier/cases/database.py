"""The fixture of the case and back-office tests: the verifier's tables, migrated, on SQLite in
a temporary directory (each test package's conftest imports it)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from piccolo.engine.base import Engine

from regie.db.engine import bind, engine_from_url
from verifier.db.migrate import migrate
from verifier.db.tables import TABLES

__all__ = ["verifier_db"]


@pytest.fixture
def verifier_db(tmp_path: Path) -> Engine:  # type: ignore[type-arg]
    """A fresh, migrated verifier database with every table bound to it."""
    engine = engine_from_url(f"sqlite:///{tmp_path / 'verifier.sqlite'}")
    bind(engine, TABLES)
    asyncio.run(migrate(engine))
    return engine
