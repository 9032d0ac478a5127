"""Run the verifier's Piccolo migrations against its engine (``regie migrate``, app start)."""

from __future__ import annotations

from piccolo.engine.base import Engine

from regie.db import migrate as service_migrate

__all__ = ["migrate"]

ADVISORY_LOCK_KEY = 0x7265_6769_7665_7269  # "regiveri": the verifier's migrations
"""PostgreSQL advisory lock that one migrating worker holds while the others wait."""


async def migrate(engine: Engine) -> None:  # type: ignore[type-arg]
    """Bring the verifier's database up to date; safe on every start and from several workers."""
    await service_migrate.migrate(
        engine, app_name="verifier", conf="verifier.piccolo_conf", lock_key=ADVISORY_LOCK_KEY
    )
