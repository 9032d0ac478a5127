"""Web Push for new messages against a local push service: the push is encrypted to the
browser's subscription and signed with VAPID; a failing push service is retried with backoff
until it takes the push; a gone subscription is dropped; per-sender choices hold; and whatever
the push does, the message stays in the mailbox."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from standards.jose import parse_jws
from tests.wallet_api.conftest import PUBLIC_URL
from tests.wallet_api.provider import (
    BrowserPushKeys,
    Client,
    PushService,
    Sender,
    Wallet,
    encrypt_to,
    new_sender,
    new_wallet,
    path_of,
    push_service,
    sender_ca,
    wait_for,
)
from tests.wallet_api.test_instances import assert_problem
from wallet_api.app import create_app
from wallet_api.settings import WalletSettings


@pytest.fixture
def service() -> Iterator[PushService]:
    with push_service() as running:
        yield running


@pytest.fixture
def fast(tmp_path: Path) -> Iterator[Client]:
    """The provider with quick retries: 0.1 s, doubling, at most 4 attempts."""
    settings = WalletSettings(
        public_url=PUBLIC_URL,
        data_dir=tmp_path / "wallet",
        push_worker_seconds=0.05,
        push_retry_base_seconds=0.1,
        push_max_attempts=4,
    )
    with TestClient(create_app(settings), base_url=PUBLIC_URL) as client:
        yield client


@pytest.fixture
def housing(tmp_path: Path) -> Sender:
    return new_sender(sender_ca(tmp_path), "Woonstichting De Kempen", "dekempen.example")


def subscribe(
    wallet: Wallet, service: PushService, browser: BrowserPushKeys, **choices: Any
) -> None:
    response = wallet.client.put(
        f"{wallet.base}/push",
        json={"subscription": browser.subscription(service.endpoint()), **choices},
        headers=wallet.headers(),
    )
    assert response.status_code == 200, response.text


def send(client: Client, sender: Sender, url: str, importance: str = "high") -> str:
    key = client.get(path_of(url)).json()["encryption_key"]
    response = client.post(
        f"{path_of(url)}/messages",
        content=sender.message(url, encrypt_to(key, "Status gewijzigd"), importance=importance),
    )
    assert response.status_code == 201, response.text
    message_id: str = response.json()["id"]
    return message_id


def deliveries(tmp_path: Path) -> list[tuple[Any, ...]]:
    database = sqlite3.connect(tmp_path / "wallet" / "wallet.sqlite")
    try:
        return database.execute(
            "SELECT attempts, sent_at IS NOT NULL, given_up_at IS NOT NULL, last_error "
            "FROM push_deliveries"
        ).fetchall()
    finally:
        database.close()


def test_a_new_message_is_pushed(
    fast: Client, service: PushService, housing: Sender, tmp_path: Path
) -> None:
    wallet, browser = new_wallet(fast), BrowserPushKeys.generate()
    subscribe(wallet, service, browser)
    url, _ = wallet.new_mailbox(sender=housing.client_id)
    message_id = send(fast, housing, url)
    wait_for(lambda: len(service.received) == 1)
    push = service.received[0]
    assert push["path"] == "/push/sub1"
    assert push["headers"]["content-encoding"] == "aes128gcm"  # RFC 8291
    assert push["headers"]["urgency"] == "high"  # RFC 8030 §5.3
    assert int(push["headers"]["ttl"]) > 0
    vapid = push["headers"]["authorization"]  # RFC 8292 §3: vapid t=<JWT>, k=<public key>
    assert vapid.startswith("vapid t=")
    claims = parse_jws(vapid.split("t=", 1)[1].split(",", 1)[0]).payload
    assert claims["aud"] == f"http://127.0.0.1:{service.port}"
    key = fast.get("/api/push/vapid-public-key").json()["application_server_key"]
    assert f"k={key}" in vapid
    payload = browser.decrypt(push["body"])
    assert payload == {
        "type": "message",
        "mailbox": wallet.messages()[0]["mailbox"],
        "message": message_id,
        "kind": "status",
        "importance": "high",
    }  # a nudge: no text, no sender name, nothing of the content
    wait_for(lambda: deliveries(tmp_path) == [(1, 1, 0, None)])


def test_a_failing_push_service_is_retried_and_no_message_is_lost(
    fast: Client, service: PushService, housing: Sender, tmp_path: Path
) -> None:
    service.failures = 2
    wallet, browser = new_wallet(fast), BrowserPushKeys.generate()
    subscribe(wallet, service, browser)
    url, _ = wallet.new_mailbox(sender=housing.client_id)
    message_id = send(fast, housing, url)
    assert [m["id"] for m in wallet.messages()] == [message_id]  # there before any push
    wait_for(lambda: len(service.received) == 1)
    assert service.attempts == 3
    assert browser.decrypt(service.received[0]["body"])["message"] == message_id
    wait_for(lambda: deliveries(tmp_path) == [(3, 1, 0, None)])


def test_a_push_given_up_leaves_the_message(
    fast: Client, service: PushService, housing: Sender, tmp_path: Path
) -> None:
    service.failures = 100
    wallet, browser = new_wallet(fast), BrowserPushKeys.generate()
    subscribe(wallet, service, browser)
    url, _ = wallet.new_mailbox(sender=housing.client_id)
    message_id = send(fast, housing, url)
    wait_for(lambda: deliveries(tmp_path) == [(4, 0, 1, "push service answered 500")])
    assert service.attempts == 4
    assert [m["id"] for m in wallet.messages()] == [message_id]


def test_a_gone_subscription_is_dropped(
    fast: Client, service: PushService, housing: Sender, tmp_path: Path
) -> None:
    service.failures, service.fail_with = 1, 410
    wallet, browser = new_wallet(fast), BrowserPushKeys.generate()
    subscribe(wallet, service, browser)
    url, _ = wallet.new_mailbox(sender=housing.client_id)
    send(fast, housing, url)
    wait_for(lambda: deliveries(tmp_path) == [(1, 0, 1, "push service answered 410")])
    send(fast, housing, url)  # no subscription any more: no push queued
    assert len(deliveries(tmp_path)) == 1
    assert len(wallet.messages()) == 2


def test_the_residents_choice_per_sender(
    fast: Client, service: PushService, housing: Sender, tmp_path: Path
) -> None:
    permits = new_sender(sender_ca(tmp_path), "Vergunningen", "boxtel.example")
    wallet, browser = new_wallet(fast), BrowserPushKeys.generate()
    subscribe(wallet, service, browser, allow_by_default=False, senders={permits.client_id: True})
    quiet, _ = wallet.new_mailbox(sender=housing.client_id)
    loud, _ = wallet.new_mailbox(sender=permits.client_id)
    send(fast, housing, quiet)
    pushed = send(fast, permits, loud)
    wait_for(lambda: len(service.received) == 1)
    assert browser.decrypt(service.received[0]["body"])["message"] == pushed
    assert len(deliveries(tmp_path)) == 1
    off = fast.delete(f"{wallet.base}/push", headers=wallet.headers())
    assert off.status_code == 204
    send(fast, permits, loud)
    assert len(deliveries(tmp_path)) == 1
    assert len(wallet.messages()) == 3


@pytest.mark.parametrize(
    "subscription",
    [
        {"endpoint": "http://push.example/x", "keys": {"p256dh": "AA", "auth": "AA"}},
        {"endpoint": "https://push.example/x", "keys": {"p256dh": "AAAA", "auth": "AAAA"}},
        {"endpoint": "https://push.example/x"},
    ],
    ids=["not_https", "bad_keys", "no_keys"],
)
def test_bad_subscriptions(client: Client, subscription: dict[str, Any]) -> None:
    wallet = new_wallet(client)
    response = client.put(
        f"{wallet.base}/push", json={"subscription": subscription}, headers=wallet.headers()
    )
    assert_problem(response, 400, "invalid_subscription")


def test_a_revoked_instance_gets_no_more_pushes(
    fast: Client, service: PushService, tmp_path: Path
) -> None:
    wallet, browser = new_wallet(fast), BrowserPushKeys.generate()
    subscribe(wallet, service, browser)
    code = fast.post(f"{wallet.base}/revocation-code", headers=wallet.headers()).json()
    revoked = fast.post(f"{wallet.base}/revoke", json=code)
    assert revoked.json()["status"] == "revoked"
    database = sqlite3.connect(tmp_path / "wallet" / "wallet.sqlite")
    try:
        assert database.execute("SELECT COUNT(*) FROM push_subscriptions").fetchone() == (0,)
    finally:
        database.close()
