"""Resident messages delivered to the case's mailbox at the real wallet provider (in-process):
the officer's status and result arrive encrypted, with their importance; a read receipt shows
as "gelezen" in the back office; an unreachable provider is retried with backoff; a closed
mailbox is given up; a case without a mailbox waits."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from standards.jose import EncryptionKey, decrypt_jwe
from standards.oid4vp.client_id import x509_hash
from tests.verifier.cases.world import verified_transaction
from tests.verifier.conftest import ForwardToClient
from tests.wallet_api.provider import Wallet, new_wallet
from verifier.app import create_app
from verifier.cases import mailbox as delivery
from verifier.cases.handling import change_status
from verifier.cases.intake import open_case
from verifier.cases.status import CaseStatusCode
from verifier.db.tables import PresentationTransaction, RelyingParty, ResidentMessage
from verifier.settings import VerifierSettings
from verifier.state import VerifierState
from wallet_api.app import create_app as create_wallet_app
from wallet_api.settings import WalletSettings

URL = "http://127.0.0.1:8002"
WALLET_URL = "http://127.0.0.1:8003"
USE_CASE = "parkeervergunning-bewoners"
PARTY = "vergunningen-boxtel"
PARKING_FORM = {"kenteken": "AB-123-C", "ingangsdatum": "2026-12-01"}
CHECK_EVERY = timedelta(seconds=90)
"""``VERIFIER_MAILBOX_STATE_CHECK_SECONDS`` here: not the default minute, so the tests see that
the setting is used."""


class Clock:
    """The verifier's clock: real time (the provider checks ``iat``), moved on by tests."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


class Flaky(httpx.AsyncBaseTransport):
    """The provider behind a network that fails the first ``failures`` requests; ``sent``:
    every request, in order."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.failures = 0
        self.sent: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request)
        if self.failures:
            self.failures -= 1
            raise httpx.ConnectError("no route to the wallet provider", request=request)
        return await self.inner.handle_async_request(request)


@dataclass
class World:
    verifier: TestClient[Litestar]
    wallet: Wallet
    network: Flaky
    clock: Clock

    @property
    def state(self) -> VerifierState:
        state: VerifierState = self.verifier.app.state["verifier"]
        return state

    def run(self, work: Any) -> Any:
        with self.verifier.portal() as portal:
            return portal.call(work)


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    wallet_settings = WalletSettings(public_url=WALLET_URL, data_dir=tmp_path / "wallet")
    with TestClient(create_wallet_app(wallet_settings), base_url=WALLET_URL) as wallet_client:
        network = Flaky(ForwardToClient(wallet_client))
        clock = Clock()
        settings = VerifierSettings(
            public_url=URL,
            data_dir=tmp_path / "verifier",
            ca_dir=tmp_path / "ca",
            case_tasks_seconds=0,
            mailbox_delivery_seconds=0,  # the tests deliver, not a timer
            mailbox_state_check_seconds=CHECK_EVERY.total_seconds(),
        )
        app = create_app(settings, http=httpx.AsyncClient(transport=network), clock=clock)
        with TestClient(app, base_url=URL) as client:
            yield World(client, new_wallet(wallet_client), network, clock)


def open_with_mailbox(world: World, mailbox: str | None) -> str:
    """A verified presentation whose response carried ``mailbox``, and its case."""

    async def work() -> str:
        transaction_id, _ = await verified_transaction(world.state, USE_CASE, released=True)
        await PresentationTransaction.update(
            {PresentationTransaction.mailbox_url: delivery.checked_mailbox_url(mailbox)}
        ).where(PresentationTransaction.transaction_id == transaction_id)
        opened = await open_case(
            transaction_id, PARKING_FORM, now=world.clock(), retention=timedelta(days=30)
        )
        return opened.identification

    identification: str = world.run(work)
    return identification


def deliver(world: World) -> delivery.DeliveryReport:
    async def work() -> delivery.DeliveryReport:
        return await delivery.deliver_pending(world.state, world.clock())

    report: delivery.DeliveryReport = world.run(work)
    return report


def lines(world: World) -> list[str]:
    async def work() -> list[str]:
        row = await ResidentMessage.select(ResidentMessage.case).first()
        assert row is not None
        return delivery.message_lines(await delivery.case_messages(int(row["case"])))

    found: list[str] = world.run(work)
    return found


def read(key: EncryptionKey, message: dict[str, Any]) -> dict[str, Any]:
    content: dict[str, Any] = json.loads(decrypt_jwe(message["content"], key).plaintext)
    return content


def test_status_and_result_reach_the_wallet_and_the_receipt_comes_back(world: World) -> None:
    signer = world.state.signers[PARTY]
    url, key = world.wallet.new_mailbox(sender=signer.client_id)
    identification = open_with_mailbox(world, url)
    assert len(deliver(world).delivered) == 1
    (received,) = world.wallet.messages()
    assert (received["kind"], received["importance"]) == ("status", "normal")
    content = read(key, received)
    assert content["case"] == identification
    assert identification in content["text"]["nl"]
    assert content["sender_name"] == "Gemeente Boxtel, balie vergunningen"

    async def decide() -> None:
        party = await RelyingParty.select(RelyingParty.id).where(RelyingParty.slug == PARTY)
        await change_status(
            identification,
            CaseStatusCode.DECIDED,
            result="Vergunning verleend",
            explanation=None,
            actor="anne",
            relying_parties=[int(party[0]["id"])],
            now=world.clock(),
        )

    world.run(decide)
    assert len(deliver(world).delivered) == 1
    decided = world.wallet.messages()[-1]
    assert (decided["kind"], decided["importance"]) == ("result", "high")
    assert "Vergunning verleend" in read(key, decided)["text"]["nl"]
    assert deliver(world).delivered == []  # nothing twice

    receipt = world.wallet.client.post(
        f"{world.wallet.base}/messages/read",
        json={"ids": [decided["id"]]},
        headers=world.wallet.headers(),
    )
    assert receipt.json() == {"read": 1}

    async def refresh() -> int:
        return await delivery.refresh_read_state(world.state, world.clock())

    assert world.run(refresh) == 2  # both fetched, one of them read
    assert world.run(refresh) == 0  # asked again only after CHECK_EVERY
    shown = lines(world)
    assert "bezorgd in de wallet / delivered to the wallet" in shown[1]
    assert "result (high): gelezen / read" in shown[2]


def test_a_message_is_asked_about_again_after_the_state_check_seconds(world: World) -> None:
    """``VERIFIER_MAILBOX_STATE_CHECK_SECONDS``: a message asked about at ``now`` is not asked
    about again before ``now`` plus that many seconds, and is at that moment; a question the
    provider does not answer (here: unreachable) waits as long."""
    url, _ = world.wallet.new_mailbox(sender=world.state.signers[PARTY].client_id)
    open_with_mailbox(world, url)
    assert len(deliver(world).delivered) == 1
    [delivered] = world.run(ResidentMessage.select(ResidentMessage.state_url).run)

    def asked() -> int:
        return sum(str(r.url) == delivered["state_url"] for r in world.network.sent)

    async def refresh() -> int:
        return await delivery.refresh_read_state(world.state, world.clock())

    now = world.clock.now
    world.network.failures = 3
    assert world.run(refresh) == 0
    assert asked() == 1
    [row] = world.run(ResidentMessage.select(ResidentMessage.next_attempt_at).run)
    assert row["next_attempt_at"] == now + CHECK_EVERY
    world.clock.now = now + CHECK_EVERY - timedelta(seconds=1)
    world.run(refresh)
    assert asked() == 1
    world.clock.now = now + CHECK_EVERY
    world.run(refresh)
    assert asked() == 2
    assert VerifierSettings.model_fields["mailbox_state_check_seconds"].default == 60


def test_an_unreachable_provider_is_retried_with_backoff(world: World) -> None:
    url, _ = world.wallet.new_mailbox(sender=world.state.signers[PARTY].client_id)
    open_with_mailbox(world, url)
    world.network.failures = 1
    report = deliver(world)
    assert len(report.retried) == 1
    assert "retrying (unreachable: ConnectError)" in lines(world)[1]
    assert deliver(world).retried == []  # not due yet: the first retry waits 30 s

    async def row() -> dict[str, Any]:
        found = await ResidentMessage.select().first()
        assert found is not None
        return found

    waiting = world.run(row)
    assert waiting["attempts"] == 1
    assert waiting["next_attempt_at"] == world.clock() + timedelta(seconds=30)
    world.clock.now += timedelta(seconds=31)
    assert len(deliver(world).delivered) == 1
    assert len(world.wallet.messages()) == 1
    assert world.run(row)["last_error"] is None


def test_a_closed_mailbox_is_given_up(world: World) -> None:
    url, _ = world.wallet.new_mailbox(sender=world.state.signers[PARTY].client_id)
    open_with_mailbox(world, url)
    deleted = world.wallet.client.delete(world.wallet.base, headers=world.wallet.headers())
    assert deleted.status_code == 204
    assert len(deliver(world).given_up) == 1
    assert "niet bezorgd / not delivered (mailbox answered 410)" in lines(world)[1]
    world.clock.now += timedelta(hours=2)
    assert deliver(world).given_up == []


def test_a_mailbox_for_another_relying_party_is_refused_and_retried(world: World) -> None:
    housing = world.state.signers["woonstichting-de-kempen"]
    url, _ = world.wallet.new_mailbox(sender=f"x509_hash:{x509_hash(housing.certificate)}")
    open_with_mailbox(world, url)
    report = deliver(world)
    assert len(report.retried) == 1
    assert "HTTP 403 sender_not_allowed" in lines(world)[1]
    assert world.wallet.messages() == []


def test_a_case_without_a_mailbox_waits(world: World) -> None:
    open_with_mailbox(world, "javascript:alert(1)")  # dropped: not a mailbox URL
    report = deliver(world)
    assert report == delivery.DeliveryReport()
    assert "geen brievenbus" in lines(world)[1]
