"""What the wallet provider's handlers share, made once per worker."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from wallet_api.settings import WalletSettings

__all__ = ["WalletState"]


@dataclass(frozen=True, slots=True)
class WalletState:
    """Settings, database and clock of one worker."""

    settings: WalletSettings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    clock: Callable[[], datetime]
