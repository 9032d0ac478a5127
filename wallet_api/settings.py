"""The wallet provider's settings: one typed object, read once from ``WALLET_*`` variables.

Every value has a default for the embedded demo (SQLite under the data directory); production
sets a PostgreSQL URL and its public https URL. ``docs/configuration.md`` lists them all.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["WalletSettings"]


class WalletSettings(BaseSettings):
    """Settings of the wallet provider (environment prefix ``WALLET_``)."""

    model_config = SettingsConfigDict(env_prefix="WALLET_", frozen=True, extra="ignore")

    public_url: str = "http://127.0.0.1:8003"
    """Where residents open the wallet app; the ``aud`` of a wallet instance proof."""
    data_dir: Path = Path("data/wallet")
    """Where the SQLite database lives."""
    database_url: str | None = None
    """``postgresql://user@host:5432/db`` in production; default: SQLite in ``data_dir``."""
    database_pool_size: int = Field(default=10, ge=1, le=200)
    """Connections each worker keeps open (PostgreSQL pool)."""
    challenge_ttl_seconds: int = Field(default=300, ge=30, le=3600)
    """How long a registration or deletion challenge can be signed and used (once)."""
    proof_max_age_seconds: int = Field(default=300, ge=30, le=3600)
    """How old a proof's ``iat`` may be."""
    registration_rate_limit: int = Field(default=30, ge=1)
    """Challenge and registration requests per minute from one address, per worker."""

    def resolved_database_url(self) -> str:
        """The configured database, or SQLite in the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'wallet.sqlite').resolve()}"
