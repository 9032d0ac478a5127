"""Deliver the resident's queued messages to the case's mailbox at the wallet provider.

At presentation the wallet gives the relying party a fresh pairwise mailbox for the case: the
extension response parameter ``mailbox_uri`` inside the encrypted response (OpenID4VP 1.0
§8.1, "Additional response parameters MAY be defined and used"; §8.3 encrypts it to the
verifier), kept on the transaction and taken over by the case at intake. Every status change
queues a :class:`~verifier.db.tables.ResidentMessage` (:mod:`verifier.cases.records`); while
the verifier runs, :func:`deliver_pending` posts each queued message of a case with a mailbox
there (:func:`regie.mailbox.post_to_mailbox`: encrypted to the mailbox key, signed with the
relying party's own key and ``x5c``, the same signer as its Request Objects; the ``jti`` is
the message's row) and marks it delivered. A failure is retried after 30 s, doubling up to an
hour (:func:`regie.mailbox.backoff`); a closed or unknown mailbox (410, 404) is given up, with
the reason on the message. :func:`refresh_read_state` asks the provider about delivered
messages not read yet (signed ``mailbox-sender-proof+jwt``), at most once every
``VERIFIER_MAILBOX_STATE_CHECK_SECONDS`` (a minute) per message, and keeps when the wallet
fetched and read them, which the back office shows (:func:`message_lines`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import datetime, timedelta
from typing import Any

import httpx

from regie.background import in_background
from regie.mailbox import (
    STATE_CHECK_DAYS,
    DeliveryReport,
    MailboxDeliveryFailed,
    SenderKey,
    checked_mailbox_url,
    post_to_mailbox,
    refresh_read_states,
)
from verifier.db.tables import ResidentMessage
from verifier.relying_parties import Signer
from verifier.state import VerifierState

__all__ = [
    "DeliveryReport",
    "case_messages",
    "checked_mailbox_url",
    "deliver_pending",
    "mailbox_delivery_lifespan",
    "message_lines",
    "refresh_read_state",
    "run_delivery",
]

log = logging.getLogger(__name__)

_BATCH = 50


def _content(row: dict[str, Any]) -> dict[str, Any]:
    """What the resident's wallet reads (inside the JWE): texts, the case and its sender."""
    return {
        "kind": row["kind"],
        "case": row["case.identification"],
        "status": row["case.status"],
        "result": row["case.result"],
        "text": {"nl": row["text_nl"], "en": row["text_en"]},
        "sender_name": row["case.relying_party.legal_name"],
        "sent_at": row["created_at"].isoformat(),
    }


async def _send(
    http: httpx.AsyncClient, signer: Signer | None, row: dict[str, Any], now: datetime
) -> str:
    """Post one message; the URL of its state at the provider."""
    if signer is None:
        raise MailboxDeliveryFailed(0, "no signing key for this relying party")
    return await post_to_mailbox(
        http,
        row["case.mailbox_url"],
        _content(row),
        key=signer.key,
        x5c=signer.x5c,
        jti=f"resident-message-{row['id']}",
        kind=row["kind"],
        importance=row["importance"],
        now=now,
    )


async def _due(now: datetime) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = (
        await ResidentMessage.select(
            *ResidentMessage.all_columns(),
            ResidentMessage.case.identification,
            ResidentMessage.case.status,
            ResidentMessage.case.result,
            ResidentMessage.case.mailbox_url,
            ResidentMessage.case._.relying_party._.slug,
            ResidentMessage.case._.relying_party._.legal_name,
        )
        .where(
            ResidentMessage.delivered_at.is_null()
            & ResidentMessage.failed_at.is_null()
            & ResidentMessage.case.mailbox_url.is_not_null()
            & (ResidentMessage.next_attempt_at.is_null() | (ResidentMessage.next_attempt_at <= now))
        )
        .order_by(ResidentMessage.id)
        .limit(_BATCH)
    )
    return rows


async def deliver_pending(state: VerifierState, now: datetime) -> DeliveryReport:
    """Deliver every queued message whose case has a mailbox and whose time has come."""
    report = DeliveryReport()
    for row in await _due(now):
        message_id = int(row["id"])
        signer = state.signers.get(str(row["case.relying_party.slug"]))
        try:
            state_url = await _send(state.http, signer, row, now)
        except MailboxDeliveryFailed as failed:
            update = report.failed(message_id, failed, int(row["attempts"]) + 1, now)
            await ResidentMessage.update(update).where(ResidentMessage.id == message_id)
            continue
        await ResidentMessage.update(
            {
                ResidentMessage.delivered_at: now,
                ResidentMessage.attempts: int(row["attempts"]) + 1,
                ResidentMessage.last_error: None,
                ResidentMessage.state_url: state_url or None,
                ResidentMessage.next_attempt_at: now,  # from now on: when to ask its state
            }
        ).where(ResidentMessage.id == message_id)
        report.delivered.append(message_id)
    return report


async def refresh_read_state(state: VerifierState, now: datetime) -> int:
    """Ask the provider about delivered messages not read yet, each at most once every
    ``VERIFIER_MAILBOX_STATE_CHECK_SECONDS`` and for :data:`STATE_CHECK_DAYS` after delivery
    (:func:`regie.mailbox.refresh_read_states`, signed by the case's relying party); how many
    changed."""
    rows = (
        await ResidentMessage.select(
            ResidentMessage.id,
            ResidentMessage.state_url,
            ResidentMessage.fetched_at,
            ResidentMessage.case.mailbox_url.as_alias("mailbox_url"),
            ResidentMessage.case._.relying_party._.slug,
        )
        .where(
            ResidentMessage.delivered_at.is_not_null()
            & ResidentMessage.read_at.is_null()
            & ResidentMessage.state_url.is_not_null()
            & (ResidentMessage.delivered_at > now - STATE_CHECK_DAYS)
            & (ResidentMessage.next_attempt_at.is_null() | (ResidentMessage.next_attempt_at <= now))
        )
        .order_by(ResidentMessage.next_attempt_at)
        .limit(_BATCH)
    )

    def signer(row: Mapping[str, Any]) -> SenderKey | None:
        found = state.signers.get(str(row["case.relying_party.slug"]))
        return None if found is None else (found.key, found.x5c)

    async def write(message_id: int, columns: dict[Any, Any]) -> None:
        await ResidentMessage.update(columns).where(ResidentMessage.id == message_id)

    return await refresh_read_states(
        rows,
        state.http,
        every=timedelta(seconds=state.settings.mailbox_state_check_seconds),
        signer=signer,
        write=write,
        now=now,
    )


def message_lines(messages: Sequence[dict[str, Any]]) -> list[str]:
    """The back office's lines about the resident's messages: delivered, read, or why not."""
    lines = ["Berichten aan de inwoner / messages to the resident:"]
    if not messages:
        lines.append("  geen / none")
    for row in messages:
        if row["read_at"] is not None:
            state = f"gelezen / read {row['read_at']:%Y-%m-%d %H:%M}"
        elif row["fetched_at"] is not None:
            state = (
                f"bezorgd in de wallet / delivered to the wallet {row['fetched_at']:%Y-%m-%d %H:%M}"
            )
        elif row["delivered_at"] is not None:
            state = f"bezorgd / delivered {row['delivered_at']:%Y-%m-%d %H:%M}"
        elif row["failed_at"] is not None:
            state = f"niet bezorgd / not delivered ({row['last_error']})"
        elif row["case_mailbox"] is None:
            state = "wacht: geen brievenbus van de wallet / waiting: no mailbox from the wallet"
        elif row["last_error"]:
            state = f"wordt opnieuw geprobeerd / retrying ({row['last_error']})"
        else:
            state = "in de wachtrij / queued"
        lines.append(
            f"  {row['created_at']:%Y-%m-%d %H:%M} {row['kind']} ({row['importance']}): {state}"
        )
    return lines


async def case_messages(case_id: int) -> list[dict[str, Any]]:
    """A case's messages for :func:`message_lines`, oldest first."""
    rows: list[dict[str, Any]] = (
        await ResidentMessage.select(
            *ResidentMessage.all_columns(),
            ResidentMessage.case.mailbox_url.as_alias("case_mailbox"),
        )
        .where(ResidentMessage.case == case_id)
        .order_by(ResidentMessage.id)
    )
    return rows


async def run_delivery(state: VerifierState, interval: float) -> None:
    """:func:`deliver_pending` and :func:`refresh_read_state` every ``interval`` seconds."""
    while True:
        await asyncio.sleep(interval)
        try:
            report = await deliver_pending(state, state.clock())
            await refresh_read_state(state, state.clock())
        except Exception:
            log.exception("message delivery failed; trying again in %s seconds", interval)
            continue
        if report.delivered or report.retried or report.given_up:
            log.info("resident messages: %s", report)


def mailbox_delivery_lifespan(
    state: VerifierState, interval: float | None = None
) -> Callable[[Any], AbstractAsyncContextManager[None]]:
    """A Litestar lifespan that delivers messages while the app runs (list it after the app's
    own lifespan, which migrates the database); ``interval`` (default
    ``VERIFIER_MAILBOX_DELIVERY_SECONDS``, ``state.settings.mailbox_delivery_seconds``) 0
    switches it off."""

    @asynccontextmanager
    async def lifespan(_: Any) -> AsyncIterator[None]:
        nonlocal interval
        if interval is None:
            interval = state.settings.mailbox_delivery_seconds
        async with in_background(run_delivery(state, interval) if interval else None):
            yield

    return lifespan
