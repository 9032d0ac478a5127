"""Mailboxes: one pairwise mailbox per case, messages from its one sender, read receipts.

At a presentation the wallet makes a fresh mailbox (:func:`create_mailbox`) and hands its
capability URL ``{WALLET_PUBLIC_URL}/api/mailboxes/{token}`` to the relying party (256 random
bits; only a SHA-256 of the token is stored). The wallet also gives the mailbox a public
ECDH-ES P-256 key and, when it knows it, the relying party's client id (``sender``).

The relying party reads the key at the URL (``GET``), encrypts its message to it as a compact
JWE (RFC 7516, ``ECDH-ES`` with ``A128GCM``/``A256GCM``, the same profile as OpenID4VP 1.0
§8.3 responses) and posts a JWS (:mod:`wallet_api.senders`, ``typ`` ``mailbox-message+jwt``)
whose payload is::

    {"aud": <mailbox URL>, "iat": <now>, "jti": <its own id for the message>,
     "kind": "status" | "result" | "reissue" | ..., "importance": "low" | "normal" | "high",
     "content": <compact JWE>}

The provider keeps the JWE as it came: it never holds the key, so it learns no claim values or
texts, only who sent what kind of message when. A repeated ``jti`` is the same message (a
retry after a lost answer does not make a second one). Limits: the size of the post, and
``WALLET_MAILBOX_RATE_LIMIT`` messages per hour per mailbox, counted in the database so that
every worker agrees. A mailbox of a revoked or deleted wallet refuses with ``mailbox_closed``.

A mailbox the wallet made for a case that did not go through (the relying party refused the
presentation, the post or the issuance failed) reached nobody: the wallet deletes it
(:func:`delete_mailbox`), but only while it holds no message.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final

from sqlalchemy import delete, exists, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from standards.errors import InvalidJWK, StandardsError
from standards.jose import JWE_ALGORITHM, PublicKey, read_jwe_header
from wallet_api.db.models import WalletInstance
from wallet_api.db.provider import Mailbox, MailboxMessage
from wallet_api.errors import WalletError
from wallet_api.instances import ACTIVE
from wallet_api.senders import sender_of

__all__ = [
    "IMPORTANCE",
    "MAILBOX_PATH",
    "MessageLimits",
    "create_mailbox",
    "delete_mailbox",
    "find_message",
    "mailbox_url",
    "mark_read",
    "open_mailbox",
    "store_message",
    "wallet_messages",
]

MAILBOX_PATH: Final = "/api/mailboxes"
IMPORTANCE: Final = ("low", "normal", "high")
_KIND = re.compile(r"[a-z][a-z0-9_]{0,31}")
_JTI_MAX = 128
_KID_MAX = 128
_READ_BATCH = 200


@dataclass(frozen=True, slots=True)
class MessageLimits:
    """How many messages per hour a mailbox accepts, and when the current hour started."""

    per_hour: int
    now: datetime


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def mailbox_url(public_url: str, token: str) -> str:
    return f"{public_url}{MAILBOX_PATH}/{token}"


def _invalid_key(detail: str) -> WalletError:
    return WalletError(
        "invalid_encryption_key",
        400,
        title_en="The mailbox key is not a public ECDH-ES P-256 key (JWK) with a kid.",
        title_nl="De sleutel van de brievenbus is geen publieke ECDH-ES-P-256-sleutel (JWK).",
        detail_en=detail,
    )


def _encryption_key(jwk: Mapping[str, Any]) -> dict[str, str]:
    """RFC 7518 §6.2.1 public P-256 key for ``ECDH-ES`` (§4.6), with a ``kid`` the JWE names."""
    kid = jwk.get("kid")
    if not isinstance(kid, str) or not 0 < len(kid) <= _KID_MAX:
        raise _invalid_key("the key needs a kid")
    if jwk.get("use", "enc") != "enc" or jwk.get("alg", JWE_ALGORITHM) != JWE_ALGORITHM:
        raise _invalid_key("the key must be for encryption with ECDH-ES")
    try:
        public = PublicKey.from_jwk({k: jwk[k] for k in ("kty", "crv", "x", "y", "d") if k in jwk})
    except InvalidJWK as exc:
        raise _invalid_key(exc.detail) from exc
    if public.jwk["crv"] != "P-256":
        raise _invalid_key("the key is not on curve P-256")
    return {**public.to_jwk(), "kid": kid, "use": "enc", "alg": JWE_ALGORITHM}


async def create_mailbox(
    session: AsyncSession,
    instance: WalletInstance,
    *,
    encryption_key: Mapping[str, Any],
    sender: str | None,
    now: datetime,
) -> tuple[Mailbox, str]:
    """A fresh mailbox of ``instance``; returns it and its capability token (shown once)."""
    token = secrets.token_urlsafe(32)
    mailbox = Mailbox(
        id=secrets.token_urlsafe(16),
        token_hash=_hash(token),
        instance_id=instance.id,
        sender=sender,
        encryption_key=_encryption_key(encryption_key),
        created_at=now,
    )
    session.add(mailbox)
    return mailbox, token


async def delete_mailbox(session: AsyncSession, instance: WalletInstance, mailbox_id: str) -> None:
    """Delete the mailbox ``mailbox_id`` of ``instance`` while it holds no message.

    ``not_found`` (404) when it is unknown or another instance's (the same answer: whether it
    exists is not told); ``mailbox_in_use`` (409) when a message arrived, and it stays. The row
    is locked first (``SELECT ... FOR UPDATE``, the lock :func:`open_mailbox` takes before a
    message is stored), so a post in flight either finishes first and is seen here, or waits and
    finds no mailbox; the delete itself also requires that no message exists.
    """
    mine = (Mailbox.id == mailbox_id, Mailbox.instance_id == instance.id)
    if await session.scalar(select(Mailbox.id).where(*mine).with_for_update()) is None:
        raise WalletError(
            "not_found",
            404,
            title_en="This wallet has no such mailbox.",
            title_nl="Deze wallet heeft zo'n brievenbus niet.",
        )
    unused = ~exists().where(MailboxMessage.mailbox_id == Mailbox.id)
    result = await session.execute(
        delete(Mailbox).where(*mine, unused).execution_options(synchronize_session=False)
    )
    if not getattr(result, "rowcount", 0):
        raise WalletError(
            "mailbox_in_use",
            409,
            title_en="This mailbox holds messages, so it is kept.",
            title_nl="In deze brievenbus staan berichten. Daarom blijft hij bestaan.",
        )


async def open_mailbox(session: AsyncSession, token: str, *, for_update: bool = False) -> Mailbox:
    """The mailbox behind ``token``: ``not_found`` (404), or ``mailbox_closed`` (410) when its
    wallet was revoked or deleted."""
    query = select(Mailbox, WalletInstance.status).join(
        WalletInstance, WalletInstance.id == Mailbox.instance_id
    )
    query = query.where(Mailbox.token_hash == _hash(token))
    row = (await session.execute(query.with_for_update() if for_update else query)).first()
    if row is None:
        raise WalletError(
            "not_found",
            404,
            title_en="There is no mailbox at this address.",
            title_nl="Op dit adres is geen brievenbus.",
        )
    mailbox, status = row
    if status != ACTIVE:
        raise WalletError(
            "mailbox_closed",
            410,
            title_en="This mailbox is closed: the wallet it belongs to was revoked or deleted.",
            title_nl="Deze brievenbus is gesloten: de wallet is ingetrokken of verwijderd.",
        )
    return mailbox


def _invalid_message(detail_en: str, detail_nl: str) -> WalletError:
    return WalletError(
        "invalid_message",
        400,
        title_en="The message is not valid.",
        title_nl="Het bericht klopt niet.",
        detail_en=detail_en,
        detail_nl=detail_nl,
    )


def _fields(payload: Mapping[str, Any], mailbox: Mailbox) -> tuple[str, str, str, str]:
    """``jti``, ``kind``, ``importance`` and ``content`` of a message, each checked; the content
    must be a JWE to this mailbox's key (its header is checked, nothing is decrypted)."""
    jti, kind = payload.get("jti"), payload.get("kind")
    importance, content = payload.get("importance", "normal"), payload.get("content")
    if not isinstance(jti, str) or not 0 < len(jti) <= _JTI_MAX:
        raise _invalid_message("jti is missing or too long", "jti ontbreekt of is te lang")
    if not isinstance(kind, str) or not _KIND.fullmatch(kind):
        raise _invalid_message("kind must be a short lowercase word", "kind klopt niet")
    if importance not in IMPORTANCE:
        raise _invalid_message(
            f"importance must be one of {list(IMPORTANCE)}", "importance klopt niet"
        )
    if not isinstance(content, str):
        raise _invalid_message("content must be a compact JWE", "content moet een JWE zijn")
    try:
        header = read_jwe_header(content)
    except StandardsError as exc:
        raise _invalid_message(
            f"content is not an acceptable JWE: {exc.detail}", "content is geen geldige JWE"
        ) from exc
    if header.get("kid") != mailbox.encryption_key.get("kid"):
        raise _invalid_message(
            "content is not encrypted to this mailbox's key",
            "content is niet versleuteld voor deze brievenbus",
        )
    return jti, kind, str(importance), content


async def store_message(
    session: AsyncSession,
    mailbox: Mailbox,
    *,
    leaf: Any,
    payload: Mapping[str, Any],
    limits: MessageLimits,
) -> tuple[MailboxMessage, bool]:
    """Keep a verified sender's message; returns it and whether it is new (``False``: the same
    ``jti`` was posted before, nothing changes)."""
    sender = sender_of(leaf, mailbox.sender)
    jti, kind, importance, content = _fields(payload, mailbox)
    existing = await session.scalar(
        select(MailboxMessage).where(
            MailboxMessage.mailbox_id == mailbox.id, MailboxMessage.jti == jti
        )
    )
    if existing is not None:
        return existing, False
    recent = await session.scalar(
        select(func.count())
        .select_from(MailboxMessage)
        .where(
            MailboxMessage.mailbox_id == mailbox.id,
            MailboxMessage.received_at > limits.now - timedelta(hours=1),
        )
    )
    if (recent or 0) >= limits.per_hour:
        raise WalletError(
            "rate_limited",
            429,
            title_en="This mailbox takes no more messages this hour; try again later.",
            title_nl="Deze brievenbus neemt dit uur geen berichten meer aan. Probeer het later.",
        )
    if mailbox.sender is None:
        mailbox.sender = sender  # trust on first use: from now on only this sender
    message = MailboxMessage(
        id=secrets.token_urlsafe(16),
        mailbox_id=mailbox.id,
        jti=jti,
        sender=sender,
        kind=kind,
        importance=importance,
        content=content,
        received_at=limits.now,
        fetched_at=None,
        read_at=None,
    )
    session.add(message)
    try:
        await session.flush()
    except IntegrityError as exc:  # the same jti, posted at the same moment by a retry
        raise WalletError(
            "conflict",
            409,
            title_en="This message is being posted already; ask for its state.",
            title_nl="Dit bericht wordt al bezorgd. Vraag de status op.",
        ) from exc
    return message, True


async def find_message(session: AsyncSession, mailbox: Mailbox, message_id: str) -> MailboxMessage:
    """A message of ``mailbox`` by its id (``not_found`` otherwise)."""
    message = await session.scalar(
        select(MailboxMessage).where(
            MailboxMessage.mailbox_id == mailbox.id, MailboxMessage.id == message_id
        )
    )
    if message is None:
        raise WalletError(
            "not_found",
            404,
            title_en="There is no such message in this mailbox.",
            title_nl="Dit bericht staat niet in deze brievenbus.",
        )
    return message


async def wallet_messages(
    session: AsyncSession, instance: WalletInstance, *, since: datetime | None, now: datetime
) -> Sequence[tuple[MailboxMessage, Mailbox]]:
    """The instance's messages (received after ``since``, oldest first); those not fetched
    before are marked fetched now (delivered to the wallet)."""
    query = (
        select(MailboxMessage, Mailbox)
        .join(Mailbox, Mailbox.id == MailboxMessage.mailbox_id)
        .where(Mailbox.instance_id == instance.id)
        .order_by(MailboxMessage.received_at, MailboxMessage.id)
    )
    if since is not None:
        query = query.where(MailboxMessage.received_at > since)
    rows = [(message, mailbox) for message, mailbox in (await session.execute(query)).all()]
    for message, _ in rows:
        if message.fetched_at is None:
            message.fetched_at = now
    return rows


async def mark_read(
    session: AsyncSession, instance: WalletInstance, ids: Sequence[str], *, now: datetime
) -> int:
    """Read receipts: mark the instance's messages ``ids`` read (once); how many changed."""
    if len(ids) > _READ_BATCH:
        raise _invalid_message(
            f"at most {_READ_BATCH} ids at a time", f"hoogstens {_READ_BATCH} tegelijk"
        )
    mine = select(Mailbox.id).where(Mailbox.instance_id == instance.id).scalar_subquery()
    result = await session.execute(
        update(MailboxMessage)
        .where(
            MailboxMessage.id.in_(list(ids)),
            MailboxMessage.mailbox_id.in_(mine),
            MailboxMessage.read_at.is_(None),
        )
        .values(read_at=now, fetched_at=func.coalesce(MailboxMessage.fetched_at, now))
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)
