"""Re-issue prompts delivered to the resident's mailbox at the wallet provider.

When the register says a person moved (or their name or household changed), the issuer revokes
the stale credentials and queues a :class:`~issuer.db.tables.ReissuePrompt`
(:mod:`issuer.register_watch`). The wallet told the issuer where to reach the resident: the
extension parameter ``mailbox_uri`` of its Notification Request with ``credential_accepted``
(OpenID4VCI 1.0 §11.1, "The Credential Issuer MUST ignore any unrecognized parameters"; see
docs/wallet-provider.md), kept per person by the keyed BSN hash (:func:`remember_mailbox`).

While the issuer runs, :func:`deliver_prompts` posts each queued prompt to the person's mailbox
(:func:`regie.mailbox.post_to_mailbox`): encrypted to the mailbox key, signed with the issuer's
active key and its ``x5c`` chain (SAN URI = the issuer identifier, so a mailbox pinned to the
issuer stays valid across key rotation), as a ``mailbox-message+jwt`` of kind ``reissue`` with
``importance`` ``high``. The content carries a button for the wallet: ``action`` ``reissue``
with the credential configuration and where to start the new issuance: the issuer's choice
with only that credential ticked, after the login (:func:`reissue_url`). A failure is retried
after 30 s, doubling up to an hour (:func:`regie.mailbox.backoff`); a closed or unknown mailbox
(410, 404) is given up.

Read receipts come back as they do to the verifier (docs/wallet-provider.md, step 5):
:func:`refresh_read_state` asks the provider about each delivered prompt not read yet, with a
``mailbox-sender-proof+jwt`` for the mailbox it went to
(:func:`regie.mailbox.refresh_read_states`), at most once every
``ISSUER_MAILBOX_STATE_CHECK_SECONDS`` (a minute) and for :data:`~regie.mailbox.STATE_CHECK_DAYS`
after delivery, and keeps when the wallet fetched it and when the resident read it. The back
office lists every prompt with "Bezorgd", "In de wallet" and "Gelezen" (:mod:`issuer.admin`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import datetime, timedelta
from typing import Any, Final
from urllib.parse import urlencode

import httpx

from issuer.credentials.catalogue import credential_type
from issuer.db.tables import IssuedCredential, PromptState, ReissuePrompt, ResidentMailbox
from issuer.state import IssuerState
from regie.background import in_background
from regie.mailbox import (
    STATE_CHECK_DAYS,
    DeliveryReport,
    MailboxDeliveryFailed,
    checked_mailbox_url,
    post_to_mailbox,
    refresh_read_states,
)

__all__ = [
    "RENEW_PARAM",
    "DeliveryReport",
    "deliver_prompts",
    "prompt_content",
    "prompt_delivery_lifespan",
    "refresh_read_state",
    "reissue_url",
    "remember_mailbox",
]

RENEW_PARAM: Final = "credential"
"""The query parameter of the prompt's button (``/credentials?credential=woonadres``): the
credential configuration to tick, as the choice form names it."""

log = logging.getLogger(__name__)

_BATCH = 50


async def remember_mailbox(notification_id: str, mailbox: object, *, now: datetime) -> bool:
    """Keep ``mailbox`` for the person whose credentials ``notification_id`` names. A value that
    is no https URL (http only on loopback) is ignored: it must not fail the notification."""
    url = checked_mailbox_url(mailbox)
    if url is None:
        return False
    row = (
        await IssuedCredential.select(IssuedCredential.bsn_hash)
        .where(IssuedCredential.notification_id == notification_id)
        .first()
    )
    if row is None:
        return False
    bsn_hash = str(row["bsn_hash"])
    changed = await ResidentMailbox.update(
        {ResidentMailbox.mailbox_url: url, ResidentMailbox.updated_at: now}
    ).where(ResidentMailbox.bsn_hash == bsn_hash)
    if not changed:
        await ResidentMailbox.insert(
            ResidentMailbox(bsn_hash=bsn_hash, mailbox_url=url, updated_at=now)
        ).on_conflict(action="DO NOTHING")
    return True


def _word(state: PromptState) -> str:
    """The value stored in ``reissue_prompt.state``."""
    return str(state.value.value)


def _names(configuration_id: str) -> tuple[str, str]:
    kind = credential_type(configuration_id)
    if kind is None:
        return configuration_id, configuration_id
    names = {display.locale: display.name for display in kind.metadata.display}
    return names.get("nl", configuration_id), names.get("en", configuration_id)


def reissue_url(issuer: str, configuration_id: str) -> str:
    """The button's page: the issuer's choice with only ``configuration_id`` ticked, after the
    login if the resident is not logged in (:mod:`issuer.web.resident`, ``/credentials``)."""
    return f"{issuer}/credentials?{urlencode({RENEW_PARAM: configuration_id})}"


def prompt_content(
    prompt: dict[str, Any], *, issuer: str, municipality: str, now: datetime
) -> dict[str, Any]:
    """What the wallet shows: why, and a button that starts the new issuance."""
    name_nl, name_en = _names(str(prompt["credential_configuration_id"]))
    return {
        "kind": "reissue",
        "text": {
            "nl": f"Uw gegevens zijn veranderd. Haal een nieuwe '{name_nl}' op.",
            "en": f"Your details have changed. Get a new '{name_en}'.",
        },
        "action": {
            "type": "reissue",
            "credential_configuration_id": prompt["credential_configuration_id"],
            "issuer": issuer,
            "url": reissue_url(issuer, str(prompt["credential_configuration_id"])),
            "label": {"nl": f"Nieuwe {name_nl} ophalen", "en": f"Get new {name_en}"},
        },
        "sender_name": municipality,
        "sent_at": now.isoformat(),
    }


async def deliver_prompts(
    state: IssuerState, http: httpx.AsyncClient, now: datetime
) -> DeliveryReport:
    """Deliver every queued prompt whose person gave a mailbox and whose time has come."""
    report = DeliveryReport()
    prompts = (
        await ReissuePrompt.select()
        .where(
            ReissuePrompt.delivered_at.is_null()
            & ReissuePrompt.failed_at.is_null()
            & (ReissuePrompt.next_attempt_at.is_null() | (ReissuePrompt.next_attempt_at <= now))
        )
        .order_by(ReissuePrompt.id)
        .limit(_BATCH)
    )
    hashes = list({str(row["bsn_hash"]) for row in prompts})
    mailboxes = (
        {
            str(row["bsn_hash"]): str(row["mailbox_url"])
            for row in await ResidentMailbox.select(
                ResidentMailbox.bsn_hash, ResidentMailbox.mailbox_url
            ).where(ResidentMailbox.bsn_hash.is_in(hashes))
        }
        if hashes
        else {}
    )
    for prompt in prompts:
        mailbox = mailboxes.get(str(prompt["bsn_hash"]))
        if mailbox is None:
            continue  # waits until the wallet gives the issuer a mailbox
        prompt_id = int(prompt["id"])
        attempts = int(prompt["attempts"]) + 1
        key, x5c = state.keys.active()
        content = prompt_content(
            prompt,
            issuer=state.settings.public_url,
            municipality=state.settings.municipality_name,
            now=now,
        )
        try:
            state_url = await post_to_mailbox(
                http,
                mailbox,
                content,
                key=key,
                x5c=x5c,
                jti=f"reissue-prompt-{prompt_id}",
                kind="reissue",
                importance="high",
                now=now,
            )
        except MailboxDeliveryFailed as failed:
            update = report.failed(prompt_id, failed, attempts, now)
            update["state"] = _word(
                PromptState.failed if "failed_at" in update else PromptState.retrying
            )
            await ReissuePrompt.update(update).where(ReissuePrompt.id == prompt_id)
            continue
        await ReissuePrompt.update(
            {
                ReissuePrompt.delivered_at: now,
                ReissuePrompt.attempts: attempts,
                ReissuePrompt.last_error: None,
                ReissuePrompt.state_url: state_url or None,
                ReissuePrompt.mailbox_url: mailbox,
                ReissuePrompt.next_attempt_at: now,  # from now on: when to ask its state
                ReissuePrompt.state: _word(PromptState.delivered),
            }
        ).where(ReissuePrompt.id == prompt_id)
        report.delivered.append(prompt_id)
    return report


async def refresh_read_state(state: IssuerState, http: httpx.AsyncClient, now: datetime) -> int:
    """Ask the provider about delivered prompts not read yet, each at most once every
    ``ISSUER_MAILBOX_STATE_CHECK_SECONDS`` and for :data:`~regie.mailbox.STATE_CHECK_DAYS` after
    delivery (:func:`regie.mailbox.refresh_read_states`, signed with the active key); how many
    changed."""
    rows = (
        await ReissuePrompt.select(
            ReissuePrompt.id,
            ReissuePrompt.state_url,
            ReissuePrompt.mailbox_url,
            ReissuePrompt.fetched_at,
        )
        .where(
            ReissuePrompt.delivered_at.is_not_null()
            & ReissuePrompt.read_at.is_null()
            & ReissuePrompt.state_url.is_not_null()
            & ReissuePrompt.mailbox_url.is_not_null()
            & (ReissuePrompt.delivered_at > now - STATE_CHECK_DAYS)
            & (ReissuePrompt.next_attempt_at.is_null() | (ReissuePrompt.next_attempt_at <= now))
        )
        .order_by(ReissuePrompt.next_attempt_at)
        .limit(_BATCH)
    )

    async def write(prompt_id: int, columns: dict[Any, Any]) -> None:
        await ReissuePrompt.update(columns).where(ReissuePrompt.id == prompt_id)

    return await refresh_read_states(
        rows,
        http,
        every=timedelta(seconds=state.settings.mailbox_state_check_seconds),
        signer=lambda _: state.keys.active(),
        write=write,
        news_columns=_with_state,
        now=now,
    )


def _with_state(news: dict[Any, Any]) -> dict[Any, Any]:
    """The news of a prompt, and its state: read, or in the wallet."""
    read = "read_at" in news
    return {**news, "state": _word(PromptState.read if read else PromptState.fetched)}


async def _run(state: IssuerState, http: httpx.AsyncClient, interval: float) -> None:
    while True:
        await asyncio.sleep(interval)
        try:
            report = await deliver_prompts(state, http, state.clock())
            await refresh_read_state(state, http, state.clock())
        except Exception:
            log.exception("re-issue prompt delivery failed; trying again in %s seconds", interval)
            continue
        if report.delivered or report.retried or report.given_up:
            log.info("re-issue prompts: %s", report)


def prompt_delivery_lifespan(
    state: IssuerState, http: httpx.AsyncClient | None = None
) -> Callable[[Any], AbstractAsyncContextManager[None]]:
    """A Litestar lifespan that delivers prompts every ``ISSUER_MAILBOX_DELIVERY_SECONDS``
    (``state.settings.mailbox_delivery_seconds``; 0: off)."""

    @asynccontextmanager
    async def lifespan(_: Any) -> AsyncIterator[None]:
        client = http or httpx.AsyncClient(follow_redirects=False)
        interval = state.settings.mailbox_delivery_seconds
        try:
            async with in_background(_run(state, client, interval) if interval else None):
                yield
        finally:
            if http is None:
                await client.aclose()

    return lifespan
