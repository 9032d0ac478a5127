"""Re-issue prompts reach the resident's wallet: the wallet gives the issuer a mailbox with its
notification (extension parameter ``mailbox_uri``); after a move the queued prompts are
posted there, signed by the issuer (pinned by its identifier), encrypted to the wallet, with a
button that starts the new issuance; retried when the provider is unreachable, given up when
the mailbox is closed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from issuer import mailbox as delivery
from issuer.db.tables import ReissuePrompt, ResidentMailbox
from issuer.register.datum import volledige_datum
from issuer.register.model import Adres
from issuer.register.seeded import SeededRegister
from issuer.register_watch import check_register
from issuer.settings import IssuerSettings
from issuer.state import IssuerState
from standards.jose import EncryptionKey, PrivateKey, decrypt_jwe
from tests.issuer.conftest import PUBLIC_URL, Offers
from tests.issuer.holder import TestHolder
from tests.issuer.test_register_watch import ELINE, JAN_WILLEM, TYPES
from tests.verifier.conftest import ForwardToClient
from tests.wallet_api.provider import Wallet, new_wallet
from wallet_api.app import create_app as create_wallet_app
from wallet_api.settings import WalletSettings

WALLET_URL = "http://127.0.0.1:8003"


@pytest.fixture
def issuer_settings(issuer_settings: IssuerSettings) -> IssuerSettings:
    """The tests deliver, not a timer: ``ISSUER_MAILBOX_DELIVERY_SECONDS`` 0."""
    return issuer_settings.model_copy(update={"mailbox_delivery_seconds": 0})


@pytest.fixture
def wallet_client(tmp_path: Any) -> Iterator[TestClient[Litestar]]:
    settings = WalletSettings(public_url=WALLET_URL, data_dir=tmp_path / "wallet")
    with TestClient(create_wallet_app(settings), base_url=WALLET_URL) as client:
        yield client


def move_in_with_eline(register: SeededRegister) -> None:
    """The register records that Jan Willem moved in with Eline today."""
    eline = next(p for p in register.all_persons() if p.bsn == ELINE)
    assert isinstance(eline.verblijfplaats, Adres)
    moved = eline.verblijfplaats.model_copy(
        update={"datum_van": volledige_datum(datetime.now(UTC).date())}
    )
    register.apply_change(JAN_WILLEM, verblijfplaats=moved)


class Resident:
    """Jan Willem with his three credentials, his wallet and its mailbox for the issuer."""

    def __init__(
        self,
        issuer: TestClient[Litestar],
        *,
        state: IssuerState,
        holder: TestHolder,
        offers: Offers,
        wallet: Wallet,
        mailbox: str | None,
    ) -> None:
        self.issuer, self.state, self.wallet = issuer, state, wallet
        offer = offers.create(TYPES, bsn=JAN_WILLEM)
        token = holder.redeem(holder.fetch_offer(offers.uri(offer)), offer.tx_code).json()
        for configuration_id in TYPES:
            issued = holder.request_credential(
                token["access_token"],
                configuration_id,
                [PrivateKey.generate()],
                nonce=holder.nonce(),
            )
            body: dict[str, Any] = {
                "notification_id": issued.json()["notification_id"],
                "event": "credential_accepted",
            }
            if mailbox is not None:
                body["mailbox_uri"] = mailbox
            notified = issuer.post(
                "/notification",
                json=body,
                headers={"Authorization": f"Bearer {token['access_token']}"},
            )
            assert notified.status_code == 204, notified.text
        assert isinstance(state.register, SeededRegister)
        self.register = state.register

    def run(self, work: Any, *args: Any) -> Any:
        with self.issuer.portal() as portal:
            return portal.call(work, *args)

    def move(self) -> None:
        """Jan Willem moves in with Eline, and the issuer asks the register."""
        move_in_with_eline(self.register)
        self.run(check_register, self.state, datetime.now(UTC))

    def deliver(self, network: httpx.AsyncBaseTransport) -> delivery.DeliveryReport:
        async def work() -> delivery.DeliveryReport:
            http = httpx.AsyncClient(transport=network)
            return await delivery.deliver_prompts(self.state, http, datetime.now(UTC))

        report: delivery.DeliveryReport = self.run(work)
        return report


@pytest.fixture
def resident_with(
    issuer_client: TestClient[Litestar],
    issuer_state: IssuerState,
    holder: TestHolder,
    offers: Offers,
    wallet_client: TestClient[Litestar],
) -> Any:
    def make(mailbox: str | None = "") -> tuple[Resident, Wallet, EncryptionKey]:
        wallet = new_wallet(wallet_client)
        url, key = wallet.new_mailbox(sender=PUBLIC_URL)  # the issuer, by its identifier
        given = url if mailbox == "" else mailbox
        resident = Resident(
            issuer_client,
            state=issuer_state,
            holder=holder,
            offers=offers,
            wallet=wallet,
            mailbox=given,
        )
        return resident, wallet, key

    return make


def test_prompts_after_a_move_reach_the_wallet_with_a_button(
    resident_with: Any, wallet_client: TestClient[Litestar]
) -> None:
    resident, wallet, key = resident_with()
    assert len(resident.run(ResidentMailbox.select().run)) == 1
    resident.move()
    report = resident.deliver(ForwardToClient(wallet_client))
    assert len(report.delivered) == 2
    messages = wallet.messages()
    assert {(m["kind"], m["importance"], m["sender"]) for m in messages} == {
        ("reissue", "high", PUBLIC_URL)
    }
    contents = [json.loads(decrypt_jwe(m["content"], key).plaintext) for m in messages]
    actions = sorted(c["action"]["credential_configuration_id"] for c in contents)
    assert actions == ["huishouden", "woonadres"]
    address = next(c for c in contents if c["action"]["credential_configuration_id"] == "woonadres")
    assert address["action"]["type"] == "reissue"
    assert address["action"]["issuer"] == PUBLIC_URL
    assert address["action"]["url"] == f"{PUBLIC_URL}/credentials?credential=woonadres"
    assert "Woonadres" in address["text"]["nl"]
    assert address["sender_name"] == "Gemeente Boxtel"
    prompts = resident.run(ReissuePrompt.select().run)
    assert all(p["delivered_at"] is not None and p["state_url"] for p in prompts)
    assert resident.deliver(ForwardToClient(wallet_client)) == delivery.DeliveryReport()


class Unreachable(httpx.AsyncBaseTransport):
    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("no route", request=request)


def test_unreachable_then_closed(resident_with: Any, wallet_client: TestClient[Litestar]) -> None:
    resident, wallet, _ = resident_with()
    resident.move()
    assert len(resident.deliver(Unreachable()).retried) == 2
    prompts = resident.run(ReissuePrompt.select().run)
    assert {p["last_error"] for p in prompts} == {"unreachable: ConnectError"}
    assert all(p["next_attempt_at"] > datetime.now(UTC) for p in prompts)
    assert resident.deliver(ForwardToClient(wallet_client)) == delivery.DeliveryReport()  # not due

    async def due_now() -> None:
        await ReissuePrompt.update({ReissuePrompt.next_attempt_at: None}, force=True)

    resident.run(due_now)
    deleted = wallet_client.delete(wallet.base, headers=wallet.headers())
    assert deleted.status_code == 204
    assert len(resident.deliver(ForwardToClient(wallet_client)).given_up) == 2
    prompts = resident.run(ReissuePrompt.select().run)
    assert {p["last_error"] for p in prompts} == {"mailbox answered 410"}


@pytest.mark.parametrize(
    "mailbox",
    [None, "javascript:alert(1)", "http://wallet.example/x", "http://127.0.0.1:99999/x"],
    ids=str,
)
def test_without_a_usable_mailbox_the_prompt_waits(
    resident_with: Any, wallet_client: TestClient[Litestar], mailbox: str | None
) -> None:
    resident, _, _ = resident_with(mailbox)
    assert resident.run(ResidentMailbox.select().run) == []
    resident.move()
    assert resident.deliver(ForwardToClient(wallet_client)) == delivery.DeliveryReport()
    assert len(resident.run(ReissuePrompt.select().run)) == 2
