"""Run the issuer's Piccolo migrations against its engine (``regie migrate``, app start)."""

from __future__ import annotations

import contextlib
import io
import logging

from piccolo.apps.migrations.commands.forwards import ForwardsMigrationManager
from piccolo.engine.base import Engine
from piccolo.engine.sqlite import SQLiteEngine

from issuer.db.engine import piccolo_conf

__all__ = ["migrate"]

log = logging.getLogger(__name__)


async def migrate(engine: Engine) -> None:  # type: ignore[type-arg]
    """Bring the database up to date; safe to run on every start and from several workers."""
    if isinstance(engine, SQLiteEngine):
        # WAL: readers do not block the writer, and commits are cheaper (SQLite §wal.html).
        await engine._run_in_new_connection("PRAGMA journal_mode=WAL")
    output = io.StringIO()
    with piccolo_conf("issuer.piccolo_conf", engine), contextlib.redirect_stdout(output):
        result = await ForwardsMigrationManager(app_name="issuer").run()
    log.info("issuer migrations: %s", output.getvalue().strip().replace("\n", "; "))
    if not result.success:
        raise RuntimeError(f"issuer migrations failed: {result.message}")
