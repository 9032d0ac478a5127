"""Run a service's Piccolo migrations against its engine (``regie migrate``, app start)."""

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

from regie.db.engine import piccolo_conf

__all__ = ["file_lock", "migrate"]

log = logging.getLogger(__name__)


@contextlib.asynccontextmanager
async def file_lock(database: Path) -> AsyncIterator[None]:
    """An exclusive lock on a file next to the SQLite file ``database``, for one migration.

    Taken in a thread: a second migration in this process waits instead of blocking the loop.
    """
    lock = os.open(
        database.with_name(f"{database.name}.migrate-lock"), os.O_RDWR | os.O_CREAT, 0o600
    )
    try:
        await asyncio.to_thread(fcntl.flock, lock, fcntl.LOCK_EX)
        yield
    finally:
        os.close(lock)  # closing releases the lock


@contextlib.asynccontextmanager
async def _one_at_a_time(engine: Engine, lock_key: int) -> AsyncIterator[None]:  # type: ignore[type-arg]
    """Workers that start together migrate one after the other, not side by side.

    Otherwise each sees the migration not yet applied and both run its ``CREATE TABLE``;
    the second fails ("already exists") and its worker does not start.
    """
    if isinstance(engine, PostgresEngine):
        connection = await engine.get_new_connection()
        try:
            await connection.execute("SELECT pg_advisory_lock($1)", lock_key)
            yield
        finally:
            await connection.close()  # ends the session, and with it the lock
    elif isinstance(engine, SQLiteEngine):
        async with file_lock(Path(str(engine.connection_kwargs["database"]))):
            yield
    else:
        yield


async def migrate(engine: Engine, *, app_name: str, conf: str, lock_key: int) -> None:  # type: ignore[type-arg]
    """Bring the database of Piccolo app ``app_name`` (configuration module ``conf``) up to date;
    safe to run on every start and from several workers, which take turns on the PostgreSQL
    advisory lock ``lock_key`` (one per service) or a lock file next to the SQLite file."""
    async with _one_at_a_time(engine, lock_key):
        if isinstance(engine, SQLiteEngine):
            # WAL: readers do not block the writer, and commits are cheaper (SQLite §wal.html).
            await engine._run_in_new_connection("PRAGMA journal_mode=WAL")
        output = io.StringIO()
        with piccolo_conf(conf, engine, app_name), contextlib.redirect_stdout(output):
            result = await ForwardsMigrationManager(app_name=app_name).run()
    log.info("%s migrations: %s", app_name, output.getvalue().strip().replace("\n", "; "))
    if not result.success:
        raise RuntimeError(f"{app_name} migrations failed: {result.message}")
