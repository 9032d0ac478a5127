"""The wallet provider's tables (SQLAlchemy 2 declarative, typed)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Dialect, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

__all__ = ["Base", "Challenge", "UTCDateTime", "WalletInstance"]


class UTCDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime on both engines (SQLite keeps no time zone: it is put back)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("a naive datetime cannot be stored; use UTC")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(
        self,
        value: Any,
        dialect: Dialect,  # noqa: ARG002 - SQLAlchemy's signature
    ) -> datetime | None:
        if not isinstance(value, datetime):
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """The declarative base of the wallet provider's tables (Alembic's target metadata)."""


class WalletInstance(Base):
    """One installed wallet app, known by the public key it proved it holds."""

    __tablename__ = "wallet_instances"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    status: Mapped[str] = mapped_column(String(16))
    """``active``, or ``deleted`` once the resident deleted the wallet."""
    public_key: Mapped[dict[str, str] | None] = mapped_column(JSON)
    """The instance key as a public JWK (P-256); forgotten when the wallet is deleted."""
    key_thumbprint: Mapped[str | None] = mapped_column(String(64), unique=True)
    """RFC 7638 thumbprint of ``public_key``: one instance per key."""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Challenge(Base):
    """A random value the wallet signs to prove it holds a key; used once, before it expires."""

    __tablename__ = "wallet_challenges"

    nonce: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
