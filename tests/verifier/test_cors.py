"""Cross-origin access (``verifier.app``): the wallet app calls the verifier from its own origin.

Any wallet may fetch a request object (``*``); only ``VERIFIER_WALLET_ORIGINS`` may read the
answer to a posted response, errors included; the relying parties' pages, the intake, the
result poll and the back office send no CORS headers.
"""

from __future__ import annotations

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from pydantic import ValidationError

from tests.verifier.test_presentation_flow import row_of, start
from verifier.settings import VerifierSettings

WALLET = "http://127.0.0.1:8003"
STRANGER = "https://evil.example"
USE_CASE = "inschrijven-woningzoekende"


def cors_headers(headers: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in headers.items() if k.startswith("access-control-")}


def request_uri_id(client: TestClient[Litestar]) -> str:
    transaction_id, _, _ = start(client, USE_CASE)
    return str(row_of(client, transaction_id)["request_uri_id"])


def test_any_wallet_may_fetch_a_request_object(verifier_client: TestClient[Litestar]) -> None:
    path = f"/oid4vp/request/{request_uri_id(verifier_client)}"
    fetched = verifier_client.get(path, headers={"Origin": STRANGER})
    assert fetched.status_code == 200
    assert fetched.headers["access-control-allow-origin"] == "*"
    posted = verifier_client.post(path, data={"wallet_nonce": "n-1"}, headers={"Origin": WALLET})
    assert posted.status_code == 200
    assert posted.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in posted.headers
    missing = verifier_client.get("/oid4vp/request/unknown", headers={"Origin": WALLET})
    assert missing.status_code >= 400
    assert missing.headers["access-control-allow-origin"] == "*"
    preflight = verifier_client.options(
        path,
        headers={
            "Origin": STRANGER,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == "*"


def test_preflight_for_a_response_from_the_wallet(verifier_client: TestClient[Litestar]) -> None:
    path = f"/oid4vp/response/{request_uri_id(verifier_client)}"
    asked = {
        "Origin": WALLET,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    answer = verifier_client.options(path, headers=asked)
    assert answer.status_code == 204
    assert answer.headers["access-control-allow-origin"] == WALLET
    assert answer.headers["access-control-allow-methods"] == "POST"
    assert answer.headers["access-control-allow-headers"].lower() == "content-type"
    assert "origin" in answer.headers["vary"].lower()
    assert "access-control-allow-credentials" not in answer.headers
    refused = verifier_client.options(path, headers={**asked, "Origin": STRANGER})
    assert refused.status_code == 204
    assert cors_headers(dict(refused.headers)) == {}


def test_response_error_is_readable_by_the_wallet_only(
    verifier_client: TestClient[Litestar],
) -> None:
    path = f"/oid4vp/response/{request_uri_id(verifier_client)}"
    answer = verifier_client.post(path, data={"state": "x"}, headers={"Origin": WALLET})
    assert answer.status_code == 400
    assert answer.headers["access-control-allow-origin"] == WALLET
    assert "origin" in answer.headers["vary"].lower()
    stranger = verifier_client.post(path, data={"state": "x"}, headers={"Origin": STRANGER})
    assert stranger.status_code == 400
    assert "access-control-allow-origin" not in stranger.headers


@pytest.mark.parametrize(
    "path", [f"/verify/{USE_CASE}", "/admin/", "/intake/unknown", "/static/verifier/poll.js"]
)
def test_pages_intake_and_back_office_send_no_cors(
    verifier_client: TestClient[Litestar], path: str
) -> None:
    response = verifier_client.get(path, headers={"Origin": WALLET}, follow_redirects=False)
    assert cors_headers(dict(response.headers)) == {}
    answer = verifier_client.options(
        path, headers={"Origin": WALLET, "Access-Control-Request-Method": "POST"}
    )
    assert cors_headers(dict(answer.headers)) == {}


def test_the_result_poll_is_same_origin_only(verifier_client: TestClient[Litestar]) -> None:
    transaction_id, _, _ = start(verifier_client, USE_CASE)
    response = verifier_client.get(f"/verify/{transaction_id}/status", headers={"Origin": WALLET})
    assert cors_headers(dict(response.headers)) == {}


def test_wallet_origins_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    assert VerifierSettings().wallet_origins == [WALLET]
    monkeypatch.setenv("VERIFIER_WALLET_ORIGINS", '["HTTPS://Wallet.Example.NL/"]')
    assert VerifierSettings().wallet_origins == ["https://wallet.example.nl"]
    monkeypatch.setenv("VERIFIER_WALLET_ORIGINS", '["*"]')
    with pytest.raises(ValidationError):
        VerifierSettings()
