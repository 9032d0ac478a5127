"""The wallet instance API as the wallet app uses it: challenge, register, status, delete; and
every refusal with its status, code and texts in Dutch and English (never a 500)."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from standards.jose import PrivateKey, b64url_encode, sign_jws
from tests.wallet_api.conftest import PUBLIC_URL, WalletKey, challenge, register
from wallet_api.app import create_app
from wallet_api.settings import WalletSettings

Client = TestClient[Litestar]


def assert_problem(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.headers["cache-control"] == "no-store"
    body: dict[str, Any] = response.json()
    assert body["code"] == code
    assert body["status"] == status
    assert body["title"]
    assert body["title_nl"]
    assert body["title"] != body["title_nl"]
    return body


def test_register_then_status(client: Client, wallet_key: WalletKey) -> None:
    nonce = challenge(client)
    response = client.post(
        "/api/wallet-instances",
        json={"public_key": wallet_key.jwk, "proof": wallet_key.proof(nonce)},
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status"] == "active"
    assert response.headers["location"] == f"/api/wallet-instances/{body['id']}"
    assert response.headers["cache-control"] == "no-store"
    status = client.get(f"/api/wallet-instances/{body['id']}")
    assert status.status_code == 200
    assert status.json() == {**body, "deleted_at": None}


def test_challenge_is_fresh_and_short_lived(client: Client) -> None:
    first = client.post("/api/wallet-instances/challenges").json()
    second = client.post("/api/wallet-instances/challenges").json()
    assert first["nonce"] != second["nonce"]
    assert len(first["nonce"]) >= 43  # 256 bits


def test_a_challenge_works_once(client: Client, wallet_key: WalletKey) -> None:
    proof = wallet_key.proof(challenge(client))
    first = client.post(
        "/api/wallet-instances", json={"public_key": wallet_key.jwk, "proof": proof}
    )
    assert first.status_code == 201
    other = WalletKey(PrivateKey.generate())
    again = client.post(
        "/api/wallet-instances", json={"public_key": other.jwk, "proof": proof}
    )  # a replay under another key fails on the signature first
    assert_problem(again, 400, "invalid_proof")


def test_replayed_proof_is_refused(client: Client, wallet_key: WalletKey) -> None:
    proof = wallet_key.proof(challenge(client))
    body = {"public_key": wallet_key.jwk, "proof": proof}
    assert client.post("/api/wallet-instances", json=body).status_code == 201
    assert_problem(client.post("/api/wallet-instances", json=body), 400, "challenge_unknown")


def test_one_instance_per_key(client: Client, wallet_key: WalletKey) -> None:
    register(client, wallet_key)
    response = client.post(
        "/api/wallet-instances",
        json={"public_key": wallet_key.jwk, "proof": wallet_key.proof(challenge(client))},
    )
    assert_problem(response, 409, "key_already_registered")


def _wrong_signature(key: WalletKey, nonce: str) -> dict[str, Any]:
    """Signed by another key than the one registered: no proof of possession."""
    return {"public_key": key.jwk, "proof": WalletKey(PrivateKey.generate()).proof(nonce)}


def _tampered(key: WalletKey, nonce: str) -> dict[str, Any]:
    header, _, signature = key.proof(nonce).split(".")
    payload = b64url_encode(
        b'{"nonce":"' + nonce.encode() + b'","aud":"' + PUBLIC_URL.encode() + b'","iat":1}'
    )
    return {"public_key": key.jwk, "proof": f"{header}.{payload}.{signature}"}


def _wrong_typ(key: WalletKey, nonce: str) -> dict[str, Any]:
    payload = {"nonce": nonce, "aud": PUBLIC_URL, "iat": int(time.time())}
    return {"public_key": key.jwk, "proof": sign_jws(payload, key.private, typ="JWT")}


def _alg_none(key: WalletKey, nonce: str) -> dict[str, Any]:
    header = b64url_encode(b'{"alg":"none","typ":"wallet-instance-proof+jwt"}')
    payload = b64url_encode(
        f'{{"nonce":"{nonce}","aud":"{PUBLIC_URL}","iat":{int(time.time())}}}'.encode()
    )
    return {"public_key": key.jwk, "proof": f"{header}.{payload}."}


CASES: dict[str, tuple[Callable[[WalletKey, str], dict[str, Any]], int, str, str | None]] = {
    # each row: the request body, then the status, code and (failed check) reason expected
    "pop_signature_by_another_key": (
        _wrong_signature,
        400,
        "invalid_proof",
        "jose.signature_invalid",
    ),
    "pop_payload_tampered": (_tampered, 400, "invalid_proof", "jose.signature_invalid"),
    "pop_typ_not_wallet_proof": (_wrong_typ, 400, "invalid_proof", None),
    "pop_alg_none": (_alg_none, 400, "invalid_proof", None),
    "pop_other_audience": (
        lambda key, nonce: {
            "public_key": key.jwk,
            "proof": key.proof(nonce, aud="https://evil.example"),
        },
        400,
        "invalid_proof",
        "proof.aud_mismatch",
    ),
    "pop_too_old": (
        lambda key, nonce: {
            "public_key": key.jwk,
            "proof": key.proof(nonce, iat=int(time.time()) - 3600),
        },
        400,
        "invalid_proof",
        "proof.iat_invalid",
    ),
    "pop_from_the_future": (
        lambda key, nonce: {
            "public_key": key.jwk,
            "proof": key.proof(nonce, iat=int(time.time()) + 3600),
        },
        400,
        "invalid_proof",
        "proof.iat_invalid",
    ),
    "pop_unknown_nonce": (
        lambda key, _: {"public_key": key.jwk, "proof": key.proof("made-up")},
        400,
        "challenge_unknown",
        None,
    ),
    "pop_not_a_jws": (
        lambda key, _: {"public_key": key.jwk, "proof": "not.a.jws"},
        400,
        "invalid_proof",
        None,
    ),
    "key_private_jwk": (
        lambda key, nonce: {"public_key": key.private.to_private_jwk(), "proof": key.proof(nonce)},
        400,
        "invalid_public_key",
        None,
    ),
    "key_p384": (
        lambda _key, _nonce: {
            "public_key": dict(PrivateKey.generate(crv="P-384").public.jwk),
            "proof": "x.y.z",
        },
        400,
        "invalid_public_key",
        None,
    ),
    "key_rsa": (
        lambda key, nonce: {
            "public_key": {"kty": "RSA", "n": "AQAB", "e": "AQAB"},
            "proof": key.proof(nonce),
        },
        400,
        "invalid_public_key",
        None,
    ),
    "key_point_not_on_curve": (
        lambda key, nonce: {
            "public_key": {**key.jwk, "y": key.jwk["x"]},
            "proof": key.proof(nonce),
        },
        400,
        "invalid_public_key",
        None,
    ),
    "body_missing_proof": (lambda key, _: {"public_key": key.jwk}, 400, "invalid_request", None),
    "body_extra_member": (
        lambda key, nonce: {"public_key": key.jwk, "proof": key.proof(nonce), "admin": True},
        400,
        "invalid_request",
        None,
    ),
    "body_key_not_object": (
        lambda key, nonce: {"public_key": "P-256", "proof": key.proof(nonce)},
        400,
        "invalid_request",
        None,
    ),
    "body_proof_too_long": (
        lambda key, _: {"public_key": key.jwk, "proof": "a" * 5000},
        400,
        "invalid_request",
        None,
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_registration_refused(client: Client, wallet_key: WalletKey, name: str) -> None:
    make, status, code, reason = CASES[name]
    body = assert_problem(
        client.post("/api/wallet-instances", json=make(wallet_key, challenge(client))), status, code
    )
    if reason is not None:
        assert body["reason"] == reason


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (b"not json", "application/json"),
        (b"[1, 2]", "application/json"),
        (b"", "application/json"),
        (b"\xff\xfe", "application/json"),
        (b"public_key=1", "text/plain"),
    ],
    ids=["not_json", "json_array", "empty", "not_utf8", "text_plain"],
)
def test_bad_bodies_are_400_with_a_code(client: Client, content: bytes, content_type: str) -> None:
    response = client.post(
        "/api/wallet-instances", content=content, headers={"content-type": content_type}
    )
    assert_problem(response, 400, "invalid_request")


def test_body_too_large(client: Client) -> None:
    response = client.post(
        "/api/wallet-instances",
        content=b"{" + b" " * 100_000 + b"}",
        headers={"content-type": "application/json"},
    )
    assert_problem(response, 413, "request_too_large")


def test_expired_challenge(
    client: Client, wallet_key: WalletKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    nonce = challenge(client)
    later = time.time() + 301
    state = client.app.state.wallet
    object.__setattr__(state, "clock", lambda: datetime.fromtimestamp(later, UTC))
    response = client.post(
        "/api/wallet-instances",
        json={"public_key": wallet_key.jwk, "proof": wallet_key.proof(nonce, iat=int(later))},
    )
    assert_problem(response, 400, "challenge_unknown")


def test_unknown_instance(client: Client) -> None:
    assert_problem(client.get("/api/wallet-instances/nobody"), 404, "not_found")
    assert_problem(client.get("/api/wallet-instances/" + "a" * 65), 400, "invalid_request")


def test_delete(client: Client, wallet_key: WalletKey) -> None:
    instance_id = register(client, wallet_key)
    response = client.delete(
        f"/api/wallet-instances/{instance_id}",
        headers={"Wallet-Instance-Proof": wallet_key.proof(challenge(client))},
    )
    assert response.status_code == 204, response.text
    status = client.get(f"/api/wallet-instances/{instance_id}").json()
    assert status["status"] == "deleted"
    assert status["deleted_at"] is not None
    again = client.delete(
        f"/api/wallet-instances/{instance_id}",
        headers={"Wallet-Instance-Proof": wallet_key.proof(challenge(client))},
    )
    assert_problem(again, 410, "instance_deleted")


def test_delete_needs_the_instance_key(client: Client, wallet_key: WalletKey) -> None:
    instance_id = register(client, wallet_key)
    stranger = WalletKey(PrivateKey.generate())
    response = client.delete(
        f"/api/wallet-instances/{instance_id}",
        headers={"Wallet-Instance-Proof": stranger.proof(challenge(client))},
    )
    body = assert_problem(response, 400, "invalid_proof")
    assert body["reason"] == "jose.signature_invalid"
    assert client.get(f"/api/wallet-instances/{instance_id}").json()["status"] == "active"
    assert_problem(client.delete(f"/api/wallet-instances/{instance_id}"), 400, "invalid_request")


def test_a_deleted_wallets_key_can_register_again(client: Client, wallet_key: WalletKey) -> None:
    instance_id = register(client, wallet_key)
    client.delete(
        f"/api/wallet-instances/{instance_id}",
        headers={"Wallet-Instance-Proof": wallet_key.proof(challenge(client))},
    )
    assert register(client, wallet_key) != instance_id


def test_registration_is_rate_limited(tmp_path: Path) -> None:
    app = create_app(WalletSettings(data_dir=tmp_path / "w", registration_rate_limit=3))
    with TestClient(app, base_url=PUBLIC_URL) as limited:
        for _ in range(3):
            assert limited.post("/api/wallet-instances/challenges").status_code == 201
        body = assert_problem(limited.post("/api/wallet-instances/challenges"), 429, "rate_limited")
        assert "Wacht" in body["title_nl"]
        assert (
            limited.get("/api/wallet-instances/nobody").status_code == 404
        )  # reads are not limited


def test_method_not_allowed(client: Client) -> None:
    assert_problem(client.put("/api/wallet-instances/x"), 405, "method_not_allowed")
