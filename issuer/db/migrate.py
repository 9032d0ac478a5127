"""Run the issuer's Piccolo migrations against its engine (``regie migrate``, app start)."""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import io
import logging
import os
from collections.abc import AsyncIterator
from pathlib import Path

from piccolo.apps.migrations.commands.forwards import ForwardsMigrationManager
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine

from issuer.db.engine import piccolo_conf

__all__ = ["migrate"]

log = logging.getLogger(__name__)

ADVISORY_LOCK_KEY = 0x7265_6769_6573_7375  # "regiessu": the issuer's migrations
"""PostgreSQL advisory lock that one migrating worker holds while the others wait."""


@contextlib.asynccontextmanager
async def _one_at_a_time(engine: Engine) -> AsyncIterator[None]:  # type: ignore[type-arg]
    """Workers that start together migrate one after the other, not side by side.

    Otherwise each sees the migration not yet applied and both run its ``CREATE TABLE``;
    the second fails ("already exists") and its worker does not start.
    """
    if isinstance(engine, PostgresEngine):
        connection = await engine.get_new_connection()
        try:
            await connection.execute("SELECT pg_advisory_lock($1)", ADVISORY_LOCK_KEY)
            yield
        finally:
            await connection.close()  # ends the session, and with it the lock
    elif isinstance(engine, SQLiteEngine):
        path = Path(str(engine.connection_kwargs["database"]))
        lock = os.open(path.with_name(f"{path.name}.migrate-lock"), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            # In a thread: a second migration in this process waits instead of blocking the loop.
            await asyncio.to_thread(fcntl.flock, lock, fcntl.LOCK_EX)
            yield
        finally:
            os.close(lock)  # closing releases the lock
    else:
        yield


async def migrate(engine: Engine) -> None:  # type: ignore[type-arg]
    """Bring the database up to date; safe to run on every start and from several workers."""
    async with _one_at_a_time(engine):
        if isinstance(engine, SQLiteEngine):
            # WAL: readers do not block the writer, and commits are cheaper (SQLite §wal.html).
            await engine._run_in_new_connection("PRAGMA journal_mode=WAL")
        output = io.StringIO()
        with piccolo_conf("issuer.piccolo_conf", engine), contextlib.redirect_stdout(output):
            result = await ForwardsMigrationManager(app_name="issuer").run()
    log.info("issuer migrations: %s", output.getvalue().strip().replace("\n", "; "))
    if not result.success:
        raise RuntimeError(f"issuer migrations failed: {result.message}")
