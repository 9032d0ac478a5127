"""The wallet provider: ``create_app()`` for ``regie serve wallet``, ``migrate()`` for
``regie migrate``.

Wiring only: settings, database, then the routes: the wallet app (:mod:`wallet_api.web`),
the wallet instance API (:mod:`wallet_api.api`) and the trust list (:mod:`wallet_api.trust`).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from litestar import Litestar, Router
from litestar.datastructures import State
from sqlalchemy.ext.asyncio import async_sessionmaker

from regie.web.nul import refuse_nul
from wallet_api.account_api import AccountController, BackupController, PushKeyController
from wallet_api.api import WalletInstanceController, rate_limit
from wallet_api.db.engine import create_engine
from wallet_api.db.migrate import migrate as run_migrations
from wallet_api.errors import wallet_error_handlers
from wallet_api.inbox_api import MailboxController, WalletInboxController
from wallet_api.provider import build_provider, push_lifespan
from wallet_api.settings import WalletSettings
from wallet_api.state import WalletState
from wallet_api.trust import trust_list_handler
from wallet_api.web import pwa_router, shared_static

__all__ = ["MAX_BODY_BYTES", "create_app", "migrate"]

MAX_BODY_BYTES = 64 * 1024
"""No request of the wallet API comes near this; larger ones are refused unread."""


def _utcnow() -> datetime:
    return datetime.now(UTC)


def create_app(
    settings: WalletSettings | None = None, *, clock: Callable[[], datetime] = _utcnow
) -> Litestar:
    """The wallet provider as an ASGI app. Migrates its database at start-up (idempotent)."""
    settings = settings or WalletSettings()
    engine = create_engine(settings.resolved_database_url(), pool_size=settings.database_pool_size)
    state = WalletState(
        settings=settings,
        engine=engine,
        sessions=async_sessionmaker(engine, expire_on_commit=False),
        clock=clock,
    )

    @asynccontextmanager
    async def lifespan(_: Litestar) -> AsyncIterator[None]:
        await run_migrations(engine)
        yield
        await engine.dispose()

    limit = rate_limit(settings.registration_rate_limit)
    api = Router(
        path="/",
        route_handlers=[WalletInstanceController, trust_list_handler(settings)],
        middleware=[limit.middleware],
    )
    # Issue 6: attestation and revocation share the registration's per-address limit; the
    # inbox is limited by its challenges, mailboxes per mailbox in the database; backups and
    # messages may be larger than the other requests (each checked against its own setting).
    provider = build_provider(state)
    account = Router(path="/", route_handlers=[AccountController], middleware=[limit.middleware])
    inbox = Router(
        path="/",
        route_handlers=[WalletInboxController, MailboxController, PushKeyController],
        request_max_body_size=max(MAX_BODY_BYTES, settings.mailbox_max_message_bytes),
    )
    backups = Router(
        path="/", route_handlers=[BackupController], request_max_body_size=settings.backup_max_bytes
    )
    return Litestar(
        route_handlers=[
            api,
            account,
            inbox,
            backups,
            shared_static(),
            pwa_router(settings.public_url, minify_scripts=settings.minify_scripts),
        ],
        middleware=[refuse_nul],
        exception_handlers=wallet_error_handlers(),
        lifespan=[lifespan, push_lifespan(state, provider)],
        request_max_body_size=MAX_BODY_BYTES,
        state=State({"wallet": state, "provider": provider}),
        openapi_config=None,
    )


def migrate() -> None:
    """``regie migrate``: bring the wallet provider's database up to date."""
    settings = WalletSettings()
    engine = create_engine(settings.resolved_database_url())

    async def run() -> None:
        try:
            await run_migrations(engine)
        finally:
            await engine.dispose()

    asyncio.run(run())
