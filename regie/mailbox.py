"""A sender's side of the wallet provider's mailboxes, shared by the verifier and the issuer.

A relying party or issuer reaches a resident through the pairwise mailbox the wallet gave it
(docs/wallet-provider.md): it reads the mailbox key, encrypts the content to it as a compact
JWE (RFC 7516, ``ECDH-ES`` + ``A128GCM``; the provider cannot read it), and posts a JWS signed
with its own key and certificate chain (``x5c``, RFC 7515 §4.1.6), ``typ``
``mailbox-message+jwt``. The ``jti`` names the queued row, so a retry after a lost answer is
the same message at the provider. Afterwards the sender asks the message's state
(:func:`ask_state`: fetched by the wallet, read by the resident) with a signed
``mailbox-sender-proof+jwt``; :func:`refresh_read_states` does so for a round of delivered
messages. Each caller keeps its own queue and retry state; this module only talks to the
provider.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Final, TypeAlias

import httpx

from standards.jose import PrivateKey, encrypt_jwe, sign_jws
from standards.urls import secure_url_parts

__all__ = [
    "GIVE_UP",
    "MESSAGE_TYP",
    "SENDER_PROOF_TYP",
    "STATE_CHECK_DAYS",
    "DeliveryReport",
    "MailboxDeliveryFailed",
    "MessageState",
    "SenderKey",
    "ask_state",
    "backoff",
    "checked_mailbox_url",
    "post_to_mailbox",
    "refresh_read_states",
    "sender_proof",
]

MESSAGE_TYP: Final = "mailbox-message+jwt"
SENDER_PROOF_TYP: Final = "mailbox-sender-proof+jwt"
GIVE_UP: Final = (404, 410)
"""The mailbox is unknown or closed (its wallet was revoked or deleted): no retry helps."""
RETRY_BASE: Final = timedelta(seconds=30)
RETRY_MAX: Final = timedelta(hours=1)
STATE_CHECK_DAYS: Final = timedelta(days=30)
"""How long after delivery a sender keeps asking whether an unread message was read."""
_URL_MAX: Final = 2048
_TIMEOUT: Final = 10.0

SenderKey: TypeAlias = tuple[PrivateKey, Sequence[str]]
"""A sender's signing key and its ``x5c`` chain."""


class MailboxDeliveryFailed(Exception):
    """The provider could not be reached or refused; ``status`` is 0 when unreachable."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass
class DeliveryReport:
    """What one delivery round did, by the ids of the queued rows."""

    delivered: list[int] = field(default_factory=list)
    retried: list[int] = field(default_factory=list)
    given_up: list[int] = field(default_factory=list)

    def failed(
        self, row_id: int, failure: MailboxDeliveryFailed, attempts: int, now: datetime
    ) -> dict[Any, Any]:
        """Count a failed post: given up when the mailbox is unknown or closed
        (:data:`GIVE_UP`), else retried after :func:`backoff`. Returns the queue row's columns
        to write: ``attempts``, ``last_error`` and ``failed_at`` or ``next_attempt_at``."""
        update: dict[Any, Any] = {"attempts": attempts, "last_error": failure.reason[:300]}
        if failure.status in GIVE_UP:
            update["failed_at"] = now
            self.given_up.append(row_id)
        else:
            update["next_attempt_at"] = now + backoff(attempts)
            self.retried.append(row_id)
        return update


def checked_mailbox_url(value: object) -> str | None:
    """A mailbox URL a wallet sent, if it is https (http only on loopback) and of sensible
    length; anything else is ``None``: a bad mailbox is dropped, never an error for the
    resident."""
    if not isinstance(value, str) or len(value) > _URL_MAX or secure_url_parts(value) is None:
        return None
    return value


def backoff(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failure: 30 s, doubling, at most an hour."""
    wait: timedelta = RETRY_BASE * (2 ** max(attempts - 1, 0))
    return min(wait, RETRY_MAX)


def sender_proof(mailbox: str, key: PrivateKey, x5c: Sequence[str], now: datetime) -> str:
    """The ``Mailbox-Sender-Proof`` header with which a sender asks a message's state."""
    payload = {"aud": mailbox, "iat": int(now.timestamp())}
    return sign_jws(payload, key, typ=SENDER_PROOF_TYP, headers={"x5c": list(x5c)})


@dataclass(frozen=True, slots=True)
class MessageState:
    """What the provider tells the sender about one message (docs/wallet-provider.md, step 5)."""

    fetched_at: datetime | None
    """When the resident's wallet fetched it (the provider's ``delivered_at``)."""
    read_at: datetime | None
    """When the resident opened it: the read receipt."""

    def news(self, *, fetched_at: datetime | None) -> dict[Any, Any]:
        """The queue row's columns to write, given when the row says it was fetched: when the
        wallet fetched it (once) and when the resident read it; empty when nothing is new."""
        news: dict[Any, Any] = {}
        if self.fetched_at is not None and fetched_at is None:
            news["fetched_at"] = self.fetched_at
        if self.read_at is not None:
            news["read_at"] = self.read_at
        return news


def _moment(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


async def ask_state(
    http: httpx.AsyncClient,
    state_url: str,
    *,
    mailbox: str,
    key: PrivateKey,
    x5c: Sequence[str],
    now: datetime,
) -> MessageState | None:
    """Ask the provider at ``state_url`` (the ``Location`` of the post) about the message, with
    a :func:`sender_proof` for ``mailbox``; ``None`` when it cannot answer now (unreachable, a
    refusal, no JSON): the caller asks again later."""
    proof = sender_proof(mailbox, key, x5c, now)
    try:
        answer = await http.get(
            state_url, headers={"Mailbox-Sender-Proof": proof}, timeout=_TIMEOUT
        )
        seen = answer.json() if answer.status_code == 200 else None  # noqa: PLR2004 - HTTP OK
    except (httpx.HTTPError, ValueError):
        return None
    if not isinstance(seen, dict):
        return None
    return MessageState(
        fetched_at=_moment(seen.get("delivered_at")), read_at=_moment(seen.get("read_at"))
    )


async def refresh_read_states(
    rows: Iterable[Mapping[str, Any]],
    http: httpx.AsyncClient,
    *,
    every: timedelta,
    signer: Callable[[Mapping[str, Any]], SenderKey | None],
    write: Callable[[int, dict[Any, Any]], Awaitable[object]],
    news_columns: Callable[[dict[Any, Any]], dict[Any, Any]] | None = None,
    now: datetime,
) -> int:
    """Ask the provider about each of ``rows``, a sender's delivered messages not read yet whose
    time to ask has come (columns ``id``, ``state_url``, ``mailbox_url``, ``fetched_at``);
    how many rows had news.

    Each row is first given its next time to ask, ``now + every`` (``write`` of
    ``next_attempt_at``), so a message the provider cannot answer about now is asked about
    again then. The question is signed with ``signer``'s key for the row (``None``: not asked).
    What is new (:meth:`MessageState.news`) is written to the row, as ``news_columns`` turns it
    into columns (default: as it is)."""
    changed = 0
    for row in rows:
        row_id = int(row["id"])
        await write(row_id, {"next_attempt_at": now + every})
        signed_by = signer(row)
        if signed_by is None:
            continue
        key, x5c = signed_by
        seen = await ask_state(
            http, row["state_url"], mailbox=row["mailbox_url"], key=key, x5c=x5c, now=now
        )
        if seen is None:
            continue  # asked again next round
        news = seen.news(fetched_at=row["fetched_at"])
        if news:
            await write(row_id, news_columns(news) if news_columns else news)
            changed += 1
    return changed


async def post_to_mailbox(
    http: httpx.AsyncClient,
    mailbox: str,
    content: Mapping[str, Any],
    *,
    key: PrivateKey,
    x5c: Sequence[str],
    jti: str,
    kind: str,
    importance: str,
    now: datetime,
) -> str:
    """Post ``content`` to ``mailbox``; the URL of its state at the provider. Raises
    :class:`MailboxDeliveryFailed` (with the provider's status and error code)."""
    try:
        answer = await http.get(mailbox, timeout=_TIMEOUT)
        if answer.status_code != 200:  # noqa: PLR2004 - HTTP OK
            raise MailboxDeliveryFailed(
                answer.status_code, f"mailbox answered {answer.status_code}"
            )
        plaintext = json.dumps(dict(content), ensure_ascii=False).encode("utf-8")
        jwe = encrypt_jwe(plaintext, answer.json()["encryption_key"], enc="A128GCM")
        payload = {
            "aud": mailbox,
            "iat": int(now.timestamp()),
            "jti": jti,
            "kind": kind,
            "importance": importance,
            "content": jwe,
        }
        token = sign_jws(payload, key, typ=MESSAGE_TYP, headers={"x5c": list(x5c)})
        posted = await http.post(
            f"{mailbox}/messages",
            content=token,
            headers={"Content-Type": "application/jwt"},
            timeout=_TIMEOUT,
        )
    except httpx.HTTPError as exc:
        raise MailboxDeliveryFailed(0, f"unreachable: {type(exc).__name__}") from exc
    except (ValueError, KeyError, TypeError) as exc:  # no JSON, no key, or not a usable key
        raise MailboxDeliveryFailed(0, f"mailbox key unusable: {type(exc).__name__}") from exc
    if posted.status_code not in (200, 201):
        code = ""
        with suppress(ValueError, AttributeError):
            code = str(posted.json().get("code", ""))
        raise MailboxDeliveryFailed(posted.status_code, f"HTTP {posted.status_code} {code}".strip())
    return str(posted.headers.get("location", ""))
