"""The wallet provider's tables for issue 6: revocation, mailboxes, push, encrypted backups.

Nothing here holds a claim value: a message is stored as the JWE the sender encrypted to the
wallet's key (only the wallet can read it); a backup is ciphertext the wallet made. What the
provider sees is metadata: who sent a message to which mailbox, when, its kind and importance,
and when the wallet fetched and read it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from wallet_api.db.models import Base, UTCDateTime

__all__ = [
    "Backup",
    "BackupVersion",
    "InstanceRevocation",
    "Mailbox",
    "MailboxMessage",
    "PushDelivery",
    "PushSubscription",
]

INSTANCE = "wallet_instances.id"


class InstanceRevocation(Base):
    """The hash of the code that revokes a wallet instance without its key (a lost phone)."""

    __tablename__ = "wallet_instance_revocations"

    instance_id: Mapped[str] = mapped_column(ForeignKey(INSTANCE), primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Mailbox(Base):
    """A pairwise mailbox for one case: reached by a capability URL whose token is stored
    hashed; ``sender`` is the one relying party (client id) that may post to it."""

    __tablename__ = "mailboxes"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    instance_id: Mapped[str] = mapped_column(ForeignKey(INSTANCE), index=True)
    sender: Mapped[str | None] = mapped_column(String(300))
    """``x509_hash:...`` or ``x509_san_dns:...``; set by the wallet, or by the first post."""
    encryption_key: Mapped[dict[str, Any]] = mapped_column(JSON)
    """The wallet's public ECDH-ES P-256 JWK the sender encrypts messages to."""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class MailboxMessage(Base):
    """One message as posted: the JWE content (ciphertext) and its delivery state."""

    __tablename__ = "mailbox_messages"
    __table_args__ = (UniqueConstraint("mailbox_id", "jti", name="uq_mailbox_messages_jti"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    mailbox_id: Mapped[str] = mapped_column(ForeignKey("mailboxes.id"), index=True)
    jti: Mapped[str] = mapped_column(String(128))
    """The sender's id for the message: a repeated post of the same ``jti`` is the same one."""
    sender: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(32))
    importance: Mapped[str] = mapped_column(String(16))
    content: Mapped[str] = mapped_column(Text)
    """Compact JWE (ECDH-ES, A128GCM/A256GCM) to the mailbox's ``encryption_key``."""
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    fetched_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class PushSubscription(Base):
    """The Web Push subscription of one wallet instance, with the resident's choice per sender."""

    __tablename__ = "push_subscriptions"

    instance_id: Mapped[str] = mapped_column(ForeignKey(INSTANCE), primary_key=True)
    endpoint: Mapped[str] = mapped_column(Text)
    p256dh: Mapped[str] = mapped_column(String(200))
    auth: Mapped[str] = mapped_column(String(100))
    allow_by_default: Mapped[bool] = mapped_column(Boolean)
    senders: Mapped[dict[str, bool]] = mapped_column(JSON)
    """``{sender client id: allowed}``; a sender not named follows ``allow_by_default``."""
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class PushDelivery(Base):
    """A push nudge for one message, retried with backoff until sent or given up."""

    __tablename__ = "push_deliveries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    message_id: Mapped[str] = mapped_column(ForeignKey("mailbox_messages.id"), unique=True)
    instance_id: Mapped[str] = mapped_column(ForeignKey(INSTANCE), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    """When it is due; ``None`` once it was sent or given up."""
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    """A worker sending it holds it until then; another worker leaves it alone meanwhile."""
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    given_up_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(String(300))


class Backup(Base):
    """An encrypted backup, found by the hash of the key the wallet derives from its recovery
    phrase; ``version`` rises by one with every write (optimistic concurrency)."""

    __tablename__ = "backups"

    lookup: Mapped[str] = mapped_column(String(64), primary_key=True)
    instance_id: Mapped[str] = mapped_column(ForeignKey(INSTANCE), unique=True)
    """The instance that wrote it last: one backup per wallet instance."""
    version: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class BackupVersion(Base):
    """One stored version of a backup: opaque ciphertext."""

    __tablename__ = "backup_versions"

    lookup: Mapped[str] = mapped_column(ForeignKey("backups.lookup"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    size: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
