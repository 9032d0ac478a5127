"""The wallet provider's Alembic migrations: idempotent, and safe when several workers start
at once (SQLite lock file, PostgreSQL advisory lock)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.issuer.postgres import create_database, drop_database
from wallet_api.app import migrate as migrate_command
from wallet_api.db.engine import create_engine
from wallet_api.db.migrate import migrate

TABLES = {"alembic_version", "wallet_instances", "wallet_challenges"}


async def _tables(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as connection:
        return set(await connection.run_sync(lambda sync: inspect(sync).get_table_names()))


async def _migrate_together(url: str, workers: int = 3) -> set[str]:
    engines = [create_engine(url) for _ in range(workers)]
    try:
        await asyncio.gather(*(migrate(engine) for engine in engines))
        await migrate(engines[0])  # and once more: nothing to do
        return await _tables(engines[0])
    finally:
        for engine in engines:
            await engine.dispose()


def test_sqlite_workers_migrate_together(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'wallet' / 'wallet.sqlite'}"
    assert asyncio.run(_migrate_together(url)) >= TABLES


def test_postgres_workers_migrate_together(worker_id: str) -> None:
    url = create_database(f"wallet_{worker_id}", migrated=False)
    try:
        assert asyncio.run(_migrate_together(url)) >= TABLES
    finally:
        drop_database(url)


def test_migrate_command_uses_the_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WALLET_DATA_DIR", str(tmp_path / "w"))
    migrate_command()
    assert (tmp_path / "w" / "wallet.sqlite").is_file()
