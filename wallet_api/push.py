"""Web Push for new messages: a nudge, never the message itself.

The wallet app subscribes with the Push API (W3C Push API §5, ``applicationServerKey`` = the
provider's VAPID public key) and hands the subscription (endpoint, ``p256dh``, ``auth``) to the
provider with the resident's choice per sender (:func:`subscribe`). A new message from an
allowed sender queues a :class:`~wallet_api.db.provider.PushDelivery` in the same transaction
as the message (:func:`queue_push`); :class:`Pusher` sends it with ``pywebpush``: the payload
is encrypted to the subscription (RFC 8291, ``aes128gcm`` of RFC 8188) and the request is
signed with VAPID (RFC 8292), with ``TTL`` and ``Urgency`` (RFC 8030 §5.2, §5.3).

A push that fails (the push service is down, answers 5xx or 429, times out) is tried again
after ``WALLET_PUSH_RETRY_BASE_SECONDS``, doubling each time up to
``WALLET_PUSH_RETRY_MAX_SECONDS``, and given up after ``WALLET_PUSH_MAX_ATTEMPTS``; a
subscription the push service says is gone (404, 410: RFC 8030 §7.3) is removed. Whatever
happens to the push, the message stays in the mailbox and the wallet fetches it the next time
it looks. Workers share the queue: a worker claims a due delivery for a while before it sends,
so two workers do not push the same message.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Final

import aiohttp
from py_vapid import Vapid
from pywebpush import WebPushException, webpush_async
from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from standards.errors import StandardsError
from standards.jose import b64url_decode
from standards.urls import secure_url_parts
from wallet_api.db.models import WalletInstance
from wallet_api.db.provider import Mailbox, MailboxMessage, PushDelivery, PushSubscription
from wallet_api.errors import WalletError

__all__ = ["PushReport", "Pusher", "queue_push", "subscribe", "unsubscribe"]

log = logging.getLogger(__name__)

GONE: Final = (404, 410)
"""RFC 8030 §7.3: the subscription expired or was removed; pushing again is pointless."""
_URGENCY: Final = {"low": "low", "normal": "normal", "high": "high"}
_P256_POINT = 65
_AUTH_SECRET = 16
_SENDERS_MAX = 200
_ENDPOINT_MAX = 2048


def _invalid(detail: str) -> WalletError:
    return WalletError(
        "invalid_subscription",
        400,
        title_en="The push subscription is not valid.",
        title_nl="Het pushabonnement klopt niet.",
        detail_en=detail,
    )


def _subscription(subscription: Mapping[str, Any]) -> tuple[str, str, str]:
    """W3C Push API ``PushSubscription.toJSON()``: an https endpoint (http only on loopback) and
    the keys ``p256dh`` (an uncompressed P-256 point) and ``auth`` (16 octets), RFC 8291 §3."""
    endpoint, keys = subscription.get("endpoint"), subscription.get("keys")
    if (
        not isinstance(endpoint, str)
        or len(endpoint) > _ENDPOINT_MAX
        or secure_url_parts(endpoint) is None
    ):
        raise _invalid("the endpoint must be an https URL")
    if not isinstance(keys, Mapping):
        raise _invalid("the subscription has no keys")
    p256dh, auth = keys.get("p256dh"), keys.get("auth")
    try:
        point = b64url_decode(p256dh) if isinstance(p256dh, str) else b""
        secret = b64url_decode(auth) if isinstance(auth, str) else b""
    except StandardsError as exc:
        raise _invalid("the keys must be base64url") from exc
    if len(point) != _P256_POINT or point[0] != 4 or len(secret) != _AUTH_SECRET:  # noqa: PLR2004
        raise _invalid("p256dh must be an uncompressed P-256 point, auth 16 octets")
    return endpoint, str(p256dh), str(auth)


async def subscribe(
    session: AsyncSession,
    instance: WalletInstance,
    *,
    subscription: Mapping[str, Any],
    allow_by_default: bool,
    senders: Mapping[str, bool],
    now: datetime,
) -> PushSubscription:
    """Keep (or replace) the instance's subscription and the resident's choice per sender."""
    endpoint, p256dh, auth = _subscription(subscription)
    if len(senders) > _SENDERS_MAX:
        raise _invalid(f"at most {_SENDERS_MAX} senders")
    row = await session.get(PushSubscription, instance.id)
    if row is None:
        row = PushSubscription(instance_id=instance.id)
        session.add(row)
    row.endpoint, row.p256dh, row.auth = endpoint, p256dh, auth
    row.allow_by_default = allow_by_default
    row.senders = {str(sender): bool(allowed) for sender, allowed in senders.items()}
    row.updated_at = now
    return row


async def unsubscribe(session: AsyncSession, instance: WalletInstance) -> None:
    """No more pushes to this instance (queued ones are given up when due)."""
    await session.execute(
        delete(PushSubscription).where(PushSubscription.instance_id == instance.id)
    )


async def queue_push(
    session: AsyncSession, message: MailboxMessage, mailbox: Mailbox, *, now: datetime
) -> bool:
    """Queue a push for a new ``message`` when the resident allows pushes from its sender."""
    row = await session.get(PushSubscription, mailbox.instance_id)
    if row is None or not row.senders.get(message.sender, row.allow_by_default):
        return False
    session.add(
        PushDelivery(
            message_id=message.id,
            instance_id=mailbox.instance_id,
            attempts=0,
            next_attempt_at=now,
        )
    )
    return True


@dataclass
class PushReport:
    """What one round did."""

    sent: int = 0
    retried: int = 0
    given_up: int = 0


@dataclass
class Pusher:
    """Sends due pushes; :meth:`run` does so until cancelled, woken early by :meth:`wake`."""

    sessions: async_sessionmaker[AsyncSession]
    vapid_private_pem: bytes = field(repr=False)
    subject: str
    retry_base: timedelta
    retry_max: timedelta
    max_attempts: int
    timeout: float
    ttl_seconds: int = 86400
    claim: timedelta = timedelta(minutes=2)
    _wakeup: asyncio.Event = field(default_factory=asyncio.Event, repr=False)

    def wake(self) -> None:
        """A push was queued: look now rather than at the next interval."""
        self._wakeup.set()

    def backoff(self, attempts: int) -> timedelta:
        """The wait after the ``attempts``-th failure: base, 2x base, 4x base ... up to max."""
        wait: timedelta = self.retry_base * (2 ** max(attempts - 1, 0))
        return min(wait, self.retry_max)

    async def _claim(self, now: datetime) -> list[tuple[PushDelivery, PushSubscription | None]]:
        async with self.sessions.begin() as session:
            due = (
                await session.scalars(
                    select(PushDelivery.id)
                    .where(
                        PushDelivery.next_attempt_at <= now,
                        or_(
                            PushDelivery.claimed_until.is_(None),
                            PushDelivery.claimed_until <= now,
                        ),
                    )
                    .order_by(PushDelivery.next_attempt_at)
                    .limit(50)
                )
            ).all()
            claimed: list[tuple[PushDelivery, PushSubscription | None]] = []
            for delivery_id in due:
                won = await session.execute(
                    update(PushDelivery)
                    .where(
                        PushDelivery.id == delivery_id,
                        or_(
                            PushDelivery.claimed_until.is_(None),
                            PushDelivery.claimed_until <= now,
                        ),
                    )
                    .values(claimed_until=now + self.claim)
                    .execution_options(synchronize_session=False)
                )
                if getattr(won, "rowcount", 0) != 1:
                    continue  # another worker took it
                delivery = await session.get(PushDelivery, delivery_id)
                if delivery is not None:
                    subscription = await session.get(PushSubscription, delivery.instance_id)
                    claimed.append((delivery, subscription))
            return claimed

    async def _send(self, delivery: PushDelivery, subscription: PushSubscription) -> int | None:
        """Send one push; ``None`` when the push service took it, else the failure's status
        (``0`` when it could not be reached)."""
        async with self.sessions() as session:
            message = await session.get(MailboxMessage, delivery.message_id)
        if message is None:  # pragma: no cover - messages are never deleted
            return None
        payload = {
            "type": "message",
            "mailbox": message.mailbox_id,
            "message": message.id,
            "kind": message.kind,
            "importance": message.importance,
        }
        try:
            await webpush_async(
                {
                    "endpoint": subscription.endpoint,
                    "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
                },
                data=json.dumps(payload),
                vapid_private_key=Vapid.from_pem(self.vapid_private_pem),
                vapid_claims={"sub": self.subject},
                ttl=self.ttl_seconds,
                timeout=self.timeout,
                headers={"Urgency": _URGENCY[message.importance]},
            )
        except WebPushException as exc:
            status = exc.response.status if exc.response is not None else 0
            delivery.last_error = f"push service answered {status}"[:300]
            return int(status) if isinstance(status, int) else 0
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            delivery.last_error = f"push service unreachable: {type(exc).__name__}"[:300]
            return 0
        return None

    async def _settle(
        self, delivery: PushDelivery, failure: int | None, now: datetime, report: PushReport
    ) -> None:
        values: dict[str, Any] = {"claimed_until": None, "attempts": delivery.attempts + 1}
        if failure is None:
            values |= {"sent_at": now, "next_attempt_at": None, "last_error": None}
            report.sent += 1
        elif failure in GONE or delivery.attempts + 1 >= self.max_attempts:
            values |= {
                "given_up_at": now,
                "next_attempt_at": None,
                "last_error": delivery.last_error,
            }
            report.given_up += 1
        else:
            values |= {
                "next_attempt_at": now + self.backoff(delivery.attempts + 1),
                "last_error": delivery.last_error,
            }
            report.retried += 1
        async with self.sessions.begin() as session:
            await session.execute(
                update(PushDelivery).where(PushDelivery.id == delivery.id).values(**values)
            )
            if failure in GONE:
                await session.execute(
                    delete(PushSubscription).where(
                        PushSubscription.instance_id == delivery.instance_id
                    )
                )

    async def run_once(self, now: datetime) -> PushReport:
        """Send every push that is due at ``now``."""
        report = PushReport()
        for delivery, subscription in await self._claim(now):
            if subscription is None:
                delivery.last_error = "no subscription any more"
                failure: int | None = GONE[1]
            else:
                failure = await self._send(delivery, subscription)
            await self._settle(delivery, failure, now, report)
        return report

    async def run(self, interval: float, clock: Any) -> None:
        """:meth:`run_once` every ``interval`` seconds, or sooner when woken, until cancelled."""
        while True:
            self._wakeup.clear()
            try:
                report = await self.run_once(clock())
                if report.sent or report.retried or report.given_up:
                    log.info("push: %s", report)
            except Exception:
                log.exception("push round failed; trying again in %s seconds", interval)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wakeup.wait(), timeout=interval)
