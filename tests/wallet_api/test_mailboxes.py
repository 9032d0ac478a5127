"""Mailboxes over HTTP as the wallet and relying parties use them: the wallet makes a mailbox,
the authorised relying party posts (another is refused), the wallet fetches and reads, the
relying party sees delivered and read; limits on size and rate; the provider keeps only the
ciphertext; a revoked wallet's mailbox is closed; the wallet deletes a mailbox that reached
nobody, only its own and only while it holds no message."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from regie.pki import DemoCA
from standards.jose import EncryptionKey, decrypt_jwe, encrypt_jwe, sign_jws
from tests.wallet_api.conftest import PUBLIC_URL, challenge
from tests.wallet_api.provider import (
    Client,
    Sender,
    Wallet,
    encrypt_to,
    new_sender,
    new_wallet,
    path_of,
    sender_ca,
)
from tests.wallet_api.test_instances import assert_problem
from wallet_api.app import create_app
from wallet_api.settings import WalletSettings


@pytest.fixture
def ca(tmp_path: Path) -> DemoCA:
    return sender_ca(tmp_path)


@pytest.fixture
def housing(ca: DemoCA) -> Sender:
    return new_sender(ca, "Woonstichting De Kempen", "dekempen.example")


@pytest.fixture
def permits(ca: DemoCA) -> Sender:
    return new_sender(ca, "Gemeente Boxtel, vergunningen", "boxtel.example")


@pytest.fixture
def wallet(client: Client) -> Wallet:
    return new_wallet(client)


def post(client: Client, url: str, jws: str) -> Any:
    return client.post(
        f"{path_of(url)}/messages", content=jws, headers={"content-type": "application/jwt"}
    )


def _key(client: Client, url: str) -> dict[str, Any]:
    response = client.get(path_of(url))
    assert response.status_code == 200, response.text
    key: dict[str, Any] = response.json()["encryption_key"]
    return key


def test_status_message_round_trip(
    client: Client, wallet: Wallet, housing: Sender, tmp_path: Path
) -> None:
    url, private = wallet.new_mailbox(sender="x509_san_dns:dekempen.example")
    assert url.startswith(f"{PUBLIC_URL}/api/mailboxes/")
    assert len(url.rsplit("/", 1)[1]) >= 43  # 256 bits: unguessable
    content = encrypt_to(_key(client, url), "Uw inschrijving is ontvangen.")
    response = post(client, url, housing.message(url, content, importance="high", jti="m-1"))
    assert response.status_code == 201, response.text
    state = response.json()
    assert state["state"] == "received"
    status_url = response.headers["location"]

    messages = wallet.messages()
    assert [m["importance"] for m in messages] == ["high"]
    assert messages[0]["sender"] == "x509_san_dns:dekempen.example"
    text = json.loads(decrypt_jwe(messages[0]["content"], private).plaintext)["text"]
    assert text == "Uw inschrijving is ontvangen."

    seen = client.get(
        path_of(status_url), headers={"Mailbox-Sender-Proof": housing.proof(url)}
    ).json()
    assert seen["state"] == "delivered"
    assert seen["delivered_at"] is not None
    receipt = client.post(
        f"{wallet.base}/messages/read", json={"ids": [messages[0]["id"]]}, headers=wallet.headers()
    )
    assert receipt.json() == {"read": 1}
    seen = client.get(path_of(status_url), headers={"Mailbox-Sender-Proof": housing.proof(url)})
    assert seen.json()["state"] == "read"

    database = sqlite3.connect(tmp_path / "wallet" / "wallet.sqlite")
    stored = database.execute("SELECT content, kind, importance FROM mailbox_messages").fetchall()
    assert "ontvangen" not in repr(stored)  # the provider holds ciphertext only


def test_another_relying_party_is_refused(
    client: Client, wallet: Wallet, housing: Sender, permits: Sender
) -> None:
    url, _ = wallet.new_mailbox(sender="x509_san_dns:dekempen.example")
    content = encrypt_to(_key(client, url), "nep")
    body = assert_problem(
        post(client, url, permits.message(url, content)), 403, "sender_not_allowed"
    )
    assert "afzender" in body["title_nl"]
    assert wallet.messages() == []
    assert post(client, url, housing.message(url, content)).status_code == 201


def test_first_sender_is_pinned_when_the_wallet_names_none(
    client: Client, wallet: Wallet, housing: Sender, permits: Sender
) -> None:
    url, _ = wallet.new_mailbox()
    content = encrypt_to(_key(client, url), "hallo")
    assert post(client, url, housing.message(url, content)).status_code == 201
    assert client.get(path_of(url)).json()["sender"] == housing.client_id
    assert_problem(post(client, url, permits.message(url, content)), 403, "sender_not_allowed")


def test_the_state_is_for_the_sender_only(
    client: Client, wallet: Wallet, housing: Sender, permits: Sender
) -> None:
    url, _ = wallet.new_mailbox(sender=housing.client_id)
    response = post(client, url, housing.message(url, encrypt_to(_key(client, url), "x")))
    status_path = path_of(response.headers["location"])
    assert_problem(
        client.get(status_path, headers={"Mailbox-Sender-Proof": permits.proof(url)}),
        403,
        "sender_not_allowed",
    )
    assert_problem(client.get(status_path), 400, "invalid_request")


def test_a_repeated_jti_is_the_same_message(
    client: Client, wallet: Wallet, housing: Sender
) -> None:
    url, _ = wallet.new_mailbox(sender=housing.client_id)
    content = encrypt_to(_key(client, url), "één keer")
    first = post(client, url, housing.message(url, content, jti="status-7"))
    again = post(client, url, housing.message(url, content, jti="status-7"))
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert len(wallet.messages()) == 1


def _untrusted(tmp_path: Path) -> Sender:
    other = DemoCA.load_or_create(tmp_path / "other-ca", now=datetime.now(UTC))
    return new_sender(other, "Nep BV", "dekempen.example")


@dataclass(frozen=True)
class Posting:
    """What a refused post is made from: the authorised sender, the mailbox and its key."""

    sender: Sender
    url: str
    key: dict[str, Any]
    tmp_path: Path

    def content(self) -> str:
        return encrypt_to(self.key, "x")


REFUSALS: dict[str, tuple[Callable[[Posting], str], int, str, str | None]] = {
    # each row: how the post is made -> status, code, failed check (reason)
    "sender_chain_not_trusted": (
        lambda p: _untrusted(p.tmp_path).message(p.url, p.content()),
        401,
        "invalid_sender_proof",
        "jose.x5c_untrusted",
    ),
    "sender_no_x5c": (
        lambda p: sign_jws(
            {"aud": p.url, "iat": int(time.time()), "jti": "a", "kind": "status"},
            p.sender.key,
            typ="mailbox-message+jwt",
        ),
        401,
        "invalid_sender_proof",
        "sender.x5c_missing",
    ),
    "sender_wrong_typ": (
        lambda p: p.sender.message(p.url, p.content(), typ="JWT"),
        401,
        "invalid_sender_proof",
        None,
    ),
    "sender_other_mailbox": (
        lambda p: p.sender.message(p.url + "x", p.content()),
        401,
        "invalid_sender_proof",
        "sender.aud_mismatch",
    ),
    "sender_too_old": (
        lambda p: p.sender.message(p.url, p.content(), iat=int(time.time()) - 3600),
        401,
        "invalid_sender_proof",
        "sender.iat",
    ),
    "sender_not_a_jws": (lambda _: "hallo", 401, "invalid_sender_proof", None),
    "message_plain_text_content": (
        lambda p: p.sender.message(p.url, "Uw BSN is 999990019"),
        400,
        "invalid_message",
        None,
    ),
    "message_encrypted_to_another_key": (
        lambda p: p.sender.message(
            p.url, encrypt_jwe(b"x", EncryptionKey.generate().public_jwk(), enc="A128GCM")
        ),
        400,
        "invalid_message",
        None,
    ),
    "message_bad_importance": (
        lambda p: p.sender.message(p.url, p.content(), importance="urgent!"),
        400,
        "invalid_message",
        None,
    ),
    "message_bad_kind": (
        lambda p: p.sender.message(p.url, p.content(), kind="<script>"),
        400,
        "invalid_message",
        None,
    ),
}


@pytest.mark.parametrize("name", REFUSALS)
def test_posting_refused(
    client: Client, wallet: Wallet, housing: Sender, tmp_path: Path, name: str
) -> None:
    url, _ = wallet.new_mailbox(sender=housing.client_id)
    make, status, code, reason = REFUSALS[name]
    posting = Posting(housing, url, _key(client, url), tmp_path)
    body = assert_problem(post(client, url, make(posting)), status, code)
    if reason is not None:
        assert body.get("reason") == reason
    assert wallet.messages() == []


def test_unknown_mailbox(client: Client, housing: Sender) -> None:
    url = f"{PUBLIC_URL}/api/mailboxes/nothing-here"
    assert_problem(client.get(path_of(url)), 404, "not_found")
    assert_problem(post(client, url, housing.message(url, "x.y.z.a.b")), 404, "not_found")


def test_size_limit(tmp_path: Path, housing: Sender) -> None:
    app = create_app(
        WalletSettings(
            public_url=PUBLIC_URL, data_dir=tmp_path / "wallet", mailbox_max_message_bytes=2048
        )
    )
    with TestClient(app, base_url=PUBLIC_URL) as client:
        wallet = new_wallet(client)
        url, _ = wallet.new_mailbox(sender=housing.client_id)
        big = housing.message(url, encrypt_to(_key(client, url), "x" * 3000))
        body = assert_problem(post(client, url, big), 413, "request_too_large")
        assert "2048" in body["detail"]
        huge = client.post(f"{path_of(url)}/messages", content=b"a" * 300_000)
        assert_problem(huge, 413, "request_too_large")
        small = housing.message(url, encrypt_to(_key(client, url), "kort"))
        assert post(client, url, small).status_code == 201


def test_rate_limit_per_mailbox(tmp_path: Path, housing: Sender) -> None:
    app = create_app(
        WalletSettings(public_url=PUBLIC_URL, data_dir=tmp_path / "wallet", mailbox_rate_limit=3)
    )
    with TestClient(app, base_url=PUBLIC_URL) as client:
        wallet = new_wallet(client)
        url, _ = wallet.new_mailbox(sender=housing.client_id)
        other, _ = wallet.new_mailbox(sender=housing.client_id)
        key = _key(client, url)
        for number in range(3):
            assert (
                post(
                    client, url, housing.message(url, encrypt_to(key, "x"), jti=f"{number}")
                ).status_code
                == 201
            )
        body = assert_problem(
            post(client, url, housing.message(url, encrypt_to(key, "x"))), 429, "rate_limited"
        )
        assert "uur" in body["title_nl"]
        assert (
            post(client, url, housing.message(url, encrypt_to(key, "x"), jti="0")).status_code
            == 200
        )
        other_key = _key(client, other)
        assert (
            post(client, other, housing.message(other, encrypt_to(other_key, "x"))).status_code
            == 201
        )
        assert len(wallet.messages()) == 4


def test_the_wallet_sees_only_its_own_messages(
    client: Client, wallet: Wallet, housing: Sender
) -> None:
    url, _ = wallet.new_mailbox(sender=housing.client_id)
    post(client, url, housing.message(url, encrypt_to(_key(client, url), "van mij")))
    stranger = new_wallet(client)
    assert stranger.messages() == []
    mine = wallet.messages()[0]["id"]
    receipt = client.post(
        f"{stranger.base}/messages/read", json={"ids": [mine]}, headers=stranger.headers()
    )
    assert receipt.json() == {"read": 0}


def test_wallet_calls_need_the_instance_key(client: Client, wallet: Wallet) -> None:
    assert_problem(client.get(f"{wallet.base}/messages"), 400, "invalid_request")
    stranger = new_wallet(client)
    forged = {"Wallet-Instance-Proof": stranger.key.proof(challenge(client))}
    body = assert_problem(
        client.get(f"{wallet.base}/messages", headers=forged), 400, "invalid_proof"
    )
    assert body["reason"] == "jose.signature_invalid"


def test_mailbox_key_must_be_an_encryption_key(client: Client, wallet: Wallet) -> None:
    signing = {**wallet.key.jwk, "use": "sig"}
    response = client.post(
        f"{wallet.base}/mailboxes", json={"encryption_key": signing}, headers=wallet.headers()
    )
    assert_problem(response, 400, "invalid_encryption_key")
    no_kid = {k: v for k, v in EncryptionKey.generate().public_jwk().items() if k != "kid"}
    response = client.post(
        f"{wallet.base}/mailboxes", json={"encryption_key": no_kid}, headers=wallet.headers()
    )
    assert_problem(response, 400, "invalid_encryption_key")
    response = client.post(
        f"{wallet.base}/mailboxes",
        json={"encryption_key": EncryptionKey.generate().public_jwk(), "sender": "rp.example"},
        headers=wallet.headers(),
    )
    assert_problem(response, 400, "invalid_request")


def test_an_issuer_is_known_by_its_identifier_across_keys(
    client: Client, wallet: Wallet, housing: Sender, ca: DemoCA
) -> None:
    issuer = "https://gemeente.example/boxtel"
    signing = new_sender(ca, "Gemeente Boxtel", "", uri=issuer)
    rotated = new_sender(ca, "Gemeente Boxtel", "", uri=issuer)
    url, _ = wallet.new_mailbox(sender=issuer)
    key = _key(client, url)
    assert post(client, url, signing.message(url, encrypt_to(key, "a"))).status_code == 201
    assert post(client, url, rotated.message(url, encrypt_to(key, "b"))).status_code == 201
    body = assert_problem(
        post(client, url, housing.message(url, encrypt_to(key, "c"))), 403, "sender_not_allowed"
    )
    assert body["reason"] == "sender.san_uri_mismatch"


def test_an_unused_mailbox_is_deleted(client: Client, wallet: Wallet, tmp_path: Path) -> None:
    mailbox_id, url, _ = wallet.new_mailbox_with_id(sender="x509_san_dns:dekempen.example")
    kept_id, kept_url, _ = wallet.new_mailbox_with_id()
    response = wallet.delete_mailbox(mailbox_id)
    assert response.status_code == 204, response.text
    assert_problem(client.get(path_of(url)), 404, "not_found")  # the URL reaches nothing now
    assert client.get(path_of(kept_url)).status_code == 200  # the wallet's other mailbox stays
    database = sqlite3.connect(tmp_path / "wallet" / "wallet.sqlite")
    assert database.execute("SELECT id FROM mailboxes").fetchall() == [(kept_id,)]
    assert_problem(wallet.delete_mailbox(mailbox_id), 404, "not_found")  # once


def test_a_mailbox_with_a_message_is_kept(
    client: Client, wallet: Wallet, housing: Sender, tmp_path: Path
) -> None:
    mailbox_id, url, _ = wallet.new_mailbox_with_id(sender=housing.client_id)
    first = housing.message(url, encrypt_to(_key(client, url), "x"))
    assert post(client, url, first).status_code == 201
    body = assert_problem(wallet.delete_mailbox(mailbox_id), 409, "mailbox_in_use")
    assert "berichten" in body["title_nl"]
    assert [m["mailbox"] for m in wallet.messages()] == [mailbox_id]
    content = encrypt_to(_key(client, url), "nog een")
    assert post(client, url, housing.message(url, content)).status_code == 201
    database = sqlite3.connect(tmp_path / "wallet" / "wallet.sqlite")
    assert database.execute("SELECT id FROM mailboxes").fetchall() == [(mailbox_id,)]


def test_deleting_another_wallets_or_an_unknown_mailbox_is_not_found(
    client: Client, wallet: Wallet
) -> None:
    mailbox_id, url, _ = wallet.new_mailbox_with_id()
    stranger = new_wallet(client)
    theirs = assert_problem(stranger.delete_mailbox(mailbox_id), 404, "not_found")
    unknown = assert_problem(stranger.delete_mailbox("nothing-here"), 404, "not_found")
    assert theirs == unknown  # whether the mailbox exists is not told
    assert client.get(path_of(url)).status_code == 200
    assert wallet.delete_mailbox(mailbox_id).status_code == 204


def test_deleting_a_mailbox_needs_the_instance_key(client: Client, wallet: Wallet) -> None:
    mailbox_id, url, _ = wallet.new_mailbox_with_id()
    assert_problem(
        client.delete(f"{wallet.base}/mailboxes/{mailbox_id}"), 400, "invalid_request"
    )  # no proof
    stranger = new_wallet(client)
    forged = {"Wallet-Instance-Proof": stranger.key.proof(challenge(client))}
    body = assert_problem(wallet.delete_mailbox(mailbox_id, **forged), 400, "invalid_proof")
    assert body["reason"] == "jose.signature_invalid"
    assert client.get(path_of(url)).status_code == 200
