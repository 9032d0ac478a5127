"""Read receipts of re-issue prompts reach the issuer (docs/wallet-provider.md, step 5): after
delivery the issuer asks the wallet provider about each prompt with a signed
``mailbox-sender-proof+jwt`` for the mailbox it went to, keeps when the wallet fetched it and
when the resident read it, and the back office shows "Gelezen / read" per prompt. Against the
real wallet provider in-process (:mod:`tests.issuer.test_reissue_delivery`'s resident)."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from issuer import mailbox as delivery
from issuer.db.tables import ReissuePrompt, ResidentMailbox
from issuer.settings import IssuerSettings
from regie.db.engine import piccolo_conf
from regie.mailbox import STATE_CHECK_DAYS
from tests.issuer import test_reissue_delivery as reissue
from tests.issuer.test_admin import _login as staff_login
from tests.issuer.test_reissue_delivery import Resident
from tests.verifier.conftest import ForwardToClient

wallet_client = reissue.wallet_client
resident_with = reissue.resident_with
"""The resident and the wallet provider of the delivery tests."""
CHECK_EVERY = timedelta(seconds=90)
"""``ISSUER_MAILBOX_STATE_CHECK_SECONDS`` here: not the default minute, so the tests see that
the setting is used."""


@pytest.fixture
def issuer_settings(issuer_settings: IssuerSettings) -> IssuerSettings:
    """The settings of the delivery tests, with :data:`CHECK_EVERY`."""
    update = {"mailbox_delivery_seconds": 0, "mailbox_state_check_seconds": 90}
    return issuer_settings.model_copy(update=update)


def refresh(resident: Resident, network: httpx.AsyncBaseTransport, now: datetime) -> int:
    async def work() -> int:
        http = httpx.AsyncClient(transport=network)
        return await delivery.refresh_read_state(resident.state, http, now)

    changed: int = resident.run(work)
    return changed


def due_now(resident: Resident) -> None:
    """Every prompt's state may be asked now (the proof's ``iat`` is the real time, which the
    provider checks, so the test moves the schedule rather than the clock)."""

    async def work() -> None:
        await ReissuePrompt.update({ReissuePrompt.next_attempt_at: None}, force=True)

    resident.run(work)


def prompts(resident: Resident) -> dict[str, dict[str, Any]]:
    rows = resident.run(ReissuePrompt.select().order_by(ReissuePrompt.id).run)
    return {str(row["credential_configuration_id"]): row for row in rows}


def test_a_read_prompt_shows_as_read_in_the_back_office(
    resident_with: Any,
    wallet_client: Any,
    issuer_client: TestClient[Litestar],
) -> None:
    resident, wallet, _ = resident_with()
    network = ForwardToClient(wallet_client)
    resident.move()
    assert {p["state"] for p in prompts(resident).values()} == {"queued"}
    assert len(resident.deliver(network).delivered) == 2
    delivered = prompts(resident)
    assert {p["state"] for p in delivered.values()} == {"delivered"}
    [mailbox] = resident.run(ResidentMailbox.select(ResidentMailbox.mailbox_url).run)
    assert all(p["mailbox_url"] == mailbox["mailbox_url"] for p in delivered.values())
    now = datetime.now(UTC)
    assert refresh(resident, network, now) == 0  # not fetched by the wallet yet
    schedule = {p["next_attempt_at"] for p in prompts(resident).values()}
    assert schedule == {now + CHECK_EVERY}

    messages = wallet.messages()  # the wallet fetches: "delivered" at the provider
    assert refresh(resident, network, now) == 0  # asked again only after CHECK_EVERY
    due_now(resident)
    assert refresh(resident, network, now) == 2
    fetched = prompts(resident)
    assert {p["state"] for p in fetched.values()} == {"fetched"}
    assert all(p["fetched_at"] is not None and p["read_at"] is None for p in fetched.values())

    address = next(m for m in messages if m["id"] == _message_id(fetched["woonadres"]))
    receipt = wallet.client.post(
        f"{wallet.base}/messages/read", json={"ids": [address["id"]]}, headers=wallet.headers()
    )
    assert receipt.json() == {"read": 1}
    due_now(resident)
    assert refresh(resident, network, now) == 1
    read = prompts(resident)
    assert read["woonadres"]["state"] == "read"
    assert read["woonadres"]["read_at"] is not None
    assert read["huishouden"]["state"] == "fetched"
    due_now(resident)
    assert refresh(resident, Refusing(), now) == 0  # only the unread one is asked about

    staff_login(issuer_client)
    table = "/admin/api/tables/reissue_prompt"
    rows = issuer_client.get(f"{table}/").json()["rows"]
    assert {(row["credential_configuration_id"], row["state"]) for row in rows} == {
        ("woonadres", "read"),
        ("huishouden", "fetched"),
    }
    assert next(r for r in rows if r["state"] == "read")["read_at"] is not None
    # piccolo-admin shows a column with choices by their display names
    choices = issuer_client.get(f"{table}/schema/").json()["properties"]["state"]["extra"]
    shown = {c["value"]: c["display_name"] for c in choices["choices"].values()}
    assert shown["read"] == "Gelezen / read"
    assert shown["fetched"] == "In de wallet / in the wallet"


def _message_id(prompt: dict[str, Any]) -> str:
    """The provider's message id: the last part of the prompt's state URL (its ``Location``)."""
    return str(prompt["state_url"]).rsplit("/", 1)[-1]


class Refusing(httpx.AsyncBaseTransport):
    """A provider that answers every state question with 503."""

    def __init__(self) -> None:
        self.asked = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:  # noqa: ARG002
        self.asked += 1
        return httpx.Response(503, json={"code": "unavailable"})


def test_an_unanswered_question_is_asked_again_and_not_after_thirty_days(
    resident_with: Any,
    wallet_client: Any,
) -> None:
    resident, _, _ = resident_with()
    resident.move()
    resident.deliver(ForwardToClient(wallet_client))
    refusing = Refusing()
    now = datetime.now(UTC)
    assert refresh(resident, refusing, now) == 0
    assert refusing.asked == 2
    assert {p["state"] for p in prompts(resident).values()} == {"delivered"}
    assert refresh(resident, refusing, now + timedelta(seconds=30)) == 0
    assert refusing.asked == 2  # not due yet
    assert refresh(resident, refusing, now + CHECK_EVERY) == 0
    assert refusing.asked == 4
    assert refresh(resident, refusing, now + STATE_CHECK_DAYS + timedelta(minutes=5)) == 0
    assert refusing.asked == 4  # given up asking: delivered a month ago


def test_a_prompt_is_asked_about_again_after_the_state_check_seconds(
    resident_with: Any,
    wallet_client: Any,
) -> None:
    """``ISSUER_MAILBOX_STATE_CHECK_SECONDS``: a prompt asked about at ``now`` is not asked
    about again before ``now`` plus that many seconds, and is at that moment."""
    resident, _, _ = resident_with()
    resident.move()
    resident.deliver(ForwardToClient(wallet_client))
    assert resident.state.settings.mailbox_state_check_seconds == CHECK_EVERY.total_seconds()
    refusing = Refusing()
    now = datetime.now(UTC)
    refresh(resident, refusing, now)
    assert refusing.asked == 2
    assert {p["next_attempt_at"] for p in prompts(resident).values()} == {now + CHECK_EVERY}
    refresh(resident, refusing, now + CHECK_EVERY - timedelta(seconds=1))
    assert refusing.asked == 2
    refresh(resident, refusing, now + CHECK_EVERY)
    assert refusing.asked == 4
    assert IssuerSettings.model_fields["mailbox_state_check_seconds"].default == 60


def test_a_failed_delivery_says_so_and_is_not_asked_about(
    resident_with: Any,
    wallet_client: Any,
) -> None:
    resident, wallet, _ = resident_with()
    resident.move()
    deleted = wallet_client.delete(wallet.base, headers=wallet.headers())
    assert deleted.status_code == 204
    network = ForwardToClient(wallet_client)
    assert len(resident.deliver(network).given_up) == 2
    assert {p["state"] for p in prompts(resident).values()} == {"failed"}
    assert refresh(resident, Refusing(), datetime.now(UTC)) == 0


def test_prompts_delivered_before_the_receipts_get_their_state_and_mailbox(
    resident_with: Any,
    wallet_client: Any,
) -> None:
    """The migration that adds the state fills it in from the times, and the mailbox from the
    state URL, so prompts delivered before are asked about too."""
    backfill = importlib.import_module("issuer.db.migrations.issuer_2026_11_24t12_30_01_000000")
    resident, wallet, _ = resident_with()
    network = ForwardToClient(wallet_client)
    resident.move()
    resident.deliver(network)
    delivered = prompts(resident)

    async def as_before_the_migration() -> None:
        await ReissuePrompt.update(
            {ReissuePrompt.mailbox_url: None, ReissuePrompt.state: "queued"}, force=True
        )
        with piccolo_conf("issuer.piccolo_conf", resident.state.engine, "issuer"):
            manager = await backfill.forwards()
            for step in manager.raw:
                await step()

    resident.run(as_before_the_migration)
    migrated = prompts(resident)
    assert {p["state"] for p in migrated.values()} == {"delivered"}
    assert {k: p["mailbox_url"] for k, p in migrated.items()} == {
        k: p["mailbox_url"] for k, p in delivered.items()
    }
    wallet.messages()
    due_now(resident)
    assert refresh(resident, network, datetime.now(UTC)) == 2
