"""Throwaway PostgreSQL databases for the tests that prove the production mode.

One database per pytest process (each xdist worker its own, named after the worker and a random
suffix), migrated once and dropped at the end; tests empty its tables instead of making a new
one. PostgreSQL must be running: when it is not, the tests fail and say how to start it.
"""

from __future__ import annotations

import asyncio
import os
import secrets

import asyncpg
import pytest

from issuer.db.migrate import migrate
from regie.db.engine import engine_from_url

__all__ = ["SERVER_URL", "create_database", "drop_database", "empty_tables"]

SERVER_URL = os.environ.get("REGIE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432")
"""The server the tests make their databases on (trust auth, a user who may CREATE DATABASE)."""

START_HINT = (
    "start it with `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` "
    "(`.ci/run` does), or point REGIE_TEST_POSTGRES_URL at another server"
)


async def _as_admin(statement: str) -> None:
    """Run one statement on the server's ``postgres`` database; fail clearly when it is down."""
    try:
        admin = await asyncpg.connect(f"{SERVER_URL}/postgres", timeout=10)
    except (OSError, asyncpg.PostgresError) as exc:
        pytest.fail(f"PostgreSQL is not reachable at {SERVER_URL} ({exc}): {START_HINT}")
    try:
        await admin.execute(statement)
    finally:
        await admin.close()


def create_database(worker: str, *, migrated: bool = True) -> str:
    """A new database (with the issuer's tables unless ``migrated`` is false); its URL."""
    name = f"regie_test_{worker}_{secrets.token_hex(4)}".lower()

    async def create() -> None:
        await _as_admin(f'CREATE DATABASE "{name}"')
        if migrated:
            await migrate(engine_from_url(f"{SERVER_URL}/{name}"))

    url = f"{SERVER_URL}/{name}"
    asyncio.run(create())
    return url


def drop_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    asyncio.run(_as_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def empty_tables(url: str) -> None:
    """Every table but Piccolo's record of applied migrations, emptied, ids from 1 again."""

    async def empty() -> None:
        connection = await asyncpg.connect(url, timeout=10)
        try:
            tables = await connection.fetch(
                "SELECT tablename FROM pg_tables "
                "WHERE schemaname = 'public' AND tablename <> 'migration'"
            )
            names = ", ".join(f'"{row["tablename"]}"' for row in tables)
            if names:
                await connection.execute(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
        finally:
            await connection.close()

    asyncio.run(empty())
