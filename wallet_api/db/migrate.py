"""Run the wallet provider's Alembic migrations (``regie migrate``, app start).

Safe on every start and from several workers: they take turns on a PostgreSQL advisory lock,
or on a lock file next to the SQLite file, so that two never run the same ``CREATE TABLE``.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import AsyncEngine

from regie.db.migrate import file_lock

__all__ = ["ADVISORY_LOCK_KEY", "MIGRATIONS", "alembic_config", "migrate"]

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")
ADVISORY_LOCK_KEY = 0x7265_6769_6577_616C  # "regiewal": the wallet provider's migrations
"""PostgreSQL advisory lock that one migrating worker holds while the others wait."""


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration without an ini file; ``connection`` is the one to migrate."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def _upgrade(connection: Connection) -> None:
    command.upgrade(alembic_config(connection), "head")


@contextlib.asynccontextmanager
async def _one_at_a_time(engine: AsyncEngine) -> AsyncIterator[None]:
    if engine.dialect.name == "sqlite":
        async with file_lock(Path(str(engine.url.database))):
            yield
        return
    async with engine.connect() as connection:
        await connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": ADVISORY_LOCK_KEY})
        await connection.commit()
        try:
            yield
        finally:
            await connection.execute(
                text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_LOCK_KEY}
            )
            await connection.commit()


async def migrate(engine: AsyncEngine) -> None:
    """Bring the wallet provider's database up to date (idempotent)."""
    async with _one_at_a_time(engine), engine.begin() as connection:
        await connection.run_sync(_upgrade)
    log.info("wallet migrations: at head")
