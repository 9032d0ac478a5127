"""The provider's services made once per worker (``app.state.provider``): its keys, the
pusher, and the background work that sends pushes while the app runs."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from regie.background import in_background
from wallet_api.provider_keys import ProviderKeys, load_provider_keys
from wallet_api.push import Pusher
from wallet_api.state import WalletState

__all__ = ["ProviderState", "build_provider", "push_lifespan"]


@dataclass(frozen=True)
class ProviderState:
    """The provider's keys and its pusher."""

    keys: ProviderKeys
    pusher: Pusher


def build_provider(wallet: WalletState) -> ProviderState:
    """Keys from disk (made the first time) and a pusher on the wallet's database."""
    settings = wallet.settings
    keys = load_provider_keys(settings)
    pusher = Pusher(
        sessions=wallet.sessions,
        vapid_private_pem=keys.vapid_private_pem,
        subject=settings.push_subject,
        retry_base=timedelta(seconds=settings.push_retry_base_seconds),
        retry_max=timedelta(seconds=settings.push_retry_max_seconds),
        max_attempts=settings.push_max_attempts,
        timeout=settings.push_timeout_seconds,
    )
    return ProviderState(keys=keys, pusher=pusher)


def push_lifespan(
    wallet: WalletState, provider: ProviderState
) -> Callable[[Any], AbstractAsyncContextManager[None]]:
    """A Litestar lifespan that sends pushes while the app runs (list it after the one that
    migrates the database)."""

    @asynccontextmanager
    async def lifespan(_: Any) -> AsyncIterator[None]:
        work = provider.pusher.run(wallet.settings.push_worker_seconds, wallet.clock)
        async with in_background(work):
            yield

    return lifespan
