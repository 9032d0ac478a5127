"""The fixture of the case and back-office tests: the verifier's tables, migrated, on SQLite in
a temporary directory (each test package's conftest imports it)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from piccolo.engine.base import Engine

from regie.db.engine import bind, engine_from_url
from verifier.app import create_app
from verifier.db.migrate import migrate
from verifier.db.tables import TABLES
from verifier.settings import VerifierSettings

__all__ = ["standalone_verifier", "verifier_db"]


@pytest.fixture
def verifier_db(tmp_path: Path) -> Engine:  # type: ignore[type-arg]
    """A fresh, migrated verifier database with every table bound to it."""
    engine = engine_from_url(f"sqlite:///{tmp_path / 'verifier.sqlite'}")
    bind(engine, TABLES)
    asyncio.run(migrate(engine))
    return engine


@pytest.fixture
def standalone_verifier(tmp_path: Path) -> Iterator[TestClient[Litestar]]:
    """The verifier app alone (seeded relying parties, no issuer behind it)."""
    url = "http://127.0.0.1:8002"
    settings = VerifierSettings(
        public_url=url, data_dir=tmp_path / "verifier", ca_dir=tmp_path / "ca"
    )
    with TestClient(create_app(settings), base_url=url) as client:
        yield client
