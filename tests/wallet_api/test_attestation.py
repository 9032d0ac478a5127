"""Wallet attestations (OpenID4VCI 1.0 Appendix E, HAIP 1.0 §4.4.1) and revoking a lost wallet
instance: no attestation for it any more, and its mailboxes refuse delivery."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

from standards.jose import parse_jws, verify_jws, verify_x5c_chain
from tests.wallet_api.conftest import PUBLIC_URL
from tests.wallet_api.provider import (
    Client,
    encrypt_to,
    new_sender,
    new_wallet,
    path_of,
    sender_ca,
)
from tests.wallet_api.test_instances import assert_problem
from wallet_api.attestation import ATTESTATION_TYP


def test_attestation_is_a_client_attestation_jwt(client: Client, tmp_path: Path) -> None:
    wallet = new_wallet(client)
    response = client.post(f"{wallet.base}/attestation", headers=wallet.headers())
    assert response.status_code == 201, response.text
    token = response.json()["attestation"]
    ca = sender_ca(tmp_path)
    header = parse_jws(token).header
    assert header["typ"] == ATTESTATION_TYP
    assert len(header["x5c"]) == 1  # the chain without the trust anchor (HAIP 1.0 §4.4.1)
    _, provider_key = verify_x5c_chain(header["x5c"], [ca.certificate], now=datetime.now(UTC))
    claims = verify_jws(token, provider_key, typ=ATTESTATION_TYP).payload
    assert claims["iss"] == PUBLIC_URL
    assert claims["sub"] == PUBLIC_URL  # one value for every instance (OpenID4VCI §15.4.4)
    assert claims["cnf"]["jwk"] == {
        k: v for k, v in wallet.key.jwk.items() if k in ("kty", "crv", "x", "y")
    }
    assert claims["exp"] - claims["iat"] == 900
    assert abs(claims["iat"] - time.time()) < 60
    assert claims["wallet_name"] == "Regie wallet"
    other = new_wallet(client)
    other_token = client.post(f"{other.base}/attestation", headers=other.headers()).json()
    assert other_token["attestation"] != token


def test_attestation_needs_the_instance_key(client: Client) -> None:
    wallet = new_wallet(client)
    assert_problem(client.post(f"{wallet.base}/attestation"), 400, "invalid_request")
    assert_problem(
        client.post("/api/wallet-instances/nobody/attestation", headers=wallet.headers()),
        404,
        "not_found",
    )


def test_revoking_a_lost_instance(client: Client, tmp_path: Path) -> None:
    lost = new_wallet(client)
    code = client.post(f"{lost.base}/revocation-code", headers=lost.headers())
    assert code.status_code == 201, code.text
    revocation_code = code.json()["revocation_code"]
    housing = new_sender(sender_ca(tmp_path), "Woonstichting", "dekempen.example")
    url, _ = lost.new_mailbox(sender=housing.client_id)
    key = client.get(path_of(url)).json()["encryption_key"]

    refused = client.post(f"{lost.base}/revoke", json={"revocation_code": "x" * 43})
    assert_problem(refused, 403, "revocation_refused")
    revoked = client.post(f"{lost.base}/revoke", json={"revocation_code": revocation_code})
    assert revoked.json() == {"id": lost.instance_id, "status": "revoked"}
    assert client.get(lost.base).json()["status"] == "revoked"

    body = assert_problem(
        client.post(f"{lost.base}/attestation", headers=lost.headers()), 410, "instance_revoked"
    )
    assert "ingetrokken" in body["title_nl"]
    posted = client.post(
        f"{path_of(url)}/messages", content=housing.message(url, encrypt_to(key, "te laat"))
    )
    body = assert_problem(posted, 410, "mailbox_closed")
    assert "gesloten" in body["title_nl"]
    assert_problem(client.get(path_of(url)), 410, "mailbox_closed")


def test_a_deleted_instance_closes_its_mailboxes(client: Client, tmp_path: Path) -> None:
    wallet = new_wallet(client)
    url, _ = wallet.new_mailbox()
    deleted = client.delete(wallet.base, headers=wallet.headers())
    assert deleted.status_code == 204
    assert_problem(client.get(path_of(url)), 410, "mailbox_closed")
    assert_problem(
        client.post(f"{wallet.base}/attestation", headers=wallet.headers()),
        410,
        "instance_deleted",
    )
    housing = new_sender(sender_ca(tmp_path), "Woonstichting", "dekempen.example")
    posted = client.post(f"{path_of(url)}/messages", content=housing.message(url, "a.b.c.d.e"))
    assert_problem(posted, 410, "mailbox_closed")
