"""Cross-origin access (``issuer.app``): the wallet app calls the issuer from its own origin.

Documents any wallet may read answer ``*``; the token, nonce, credential and notification
endpoints answer only the wallet's origin (``ISSUER_WALLET_URL`` plus ``ISSUER_WALLET_ORIGINS``);
the resident's pages, the login and the back office send no CORS headers at all.
"""

from __future__ import annotations

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from pydantic import ValidationError

from issuer.app import create_app
from issuer.settings import IssuerSettings
from tests.issuer.conftest import PUBLIC_URL, Offers
from tests.issuer.holder import TestHolder

WALLET = "http://127.0.0.1:8003"
OTHER_WALLET = "https://wallet.example.nl"
STRANGER = "https://evil.example"

WALLET_ONLY = ["/token", "/nonce", "/credential", "/notification"]


def preflight(
    client: TestClient[Litestar], path: str, origin: str, method: str = "POST", headers: str = ""
) -> dict[str, str]:
    asked = {"Origin": origin, "Access-Control-Request-Method": method}
    if headers:
        asked["Access-Control-Request-Headers"] = headers
    response = client.options(path, headers=asked)
    assert response.status_code == 204
    return dict(response.headers)


@pytest.mark.parametrize("path", WALLET_ONLY)
def test_preflight_from_the_wallet(issuer_client: TestClient[Litestar], path: str) -> None:
    headers = preflight(issuer_client, path, WALLET, headers="authorization, content-type")
    assert headers["access-control-allow-origin"] == WALLET
    assert headers["access-control-allow-methods"] == "POST"
    assert {h.strip().lower() for h in headers["access-control-allow-headers"].split(",")} == {
        "authorization",
        "content-type",
        "oauth-client-attestation",  # the wallet attestation (OpenID4VCI 1.0 Appendix E)
        "oauth-client-attestation-pop",
    }
    assert "origin" in headers["vary"].lower()
    assert "access-control-allow-credentials" not in headers


@pytest.mark.parametrize("path", WALLET_ONLY)
def test_preflight_from_another_origin_allows_nothing(
    issuer_client: TestClient[Litestar], path: str
) -> None:
    headers = preflight(issuer_client, path, STRANGER, headers="authorization")
    assert not any(name.startswith("access-control-") for name in headers)
    assert "origin" in headers["vary"].lower()


def test_nonce_from_the_wallet(issuer_client: TestClient[Litestar]) -> None:
    response = issuer_client.post("/nonce", headers={"Origin": WALLET})
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == WALLET
    assert "origin" in response.headers["vary"].lower()
    assert "access-control-allow-credentials" not in response.headers


def test_nonce_from_another_origin_has_no_allow_origin(
    issuer_client: TestClient[Litestar],
) -> None:
    response = issuer_client.post("/nonce", headers={"Origin": STRANGER})
    assert "access-control-allow-origin" not in response.headers
    assert "origin" in response.headers["vary"].lower()


def test_credential_error_is_readable_by_the_wallet(issuer_client: TestClient[Litestar]) -> None:
    response = issuer_client.post("/credential", json={}, headers={"Origin": WALLET})
    assert response.status_code == 401
    assert response.headers["access-control-allow-origin"] == WALLET
    assert "www-authenticate" in response.headers["access-control-expose-headers"].lower()
    assert "origin" in response.headers["vary"].lower()
    stranger = issuer_client.post("/credential", json={}, headers={"Origin": STRANGER})
    assert stranger.status_code == 401
    assert "access-control-allow-origin" not in stranger.headers


def test_token_error_is_readable_by_the_wallet(issuer_client: TestClient[Litestar]) -> None:
    response = issuer_client.post(
        "/token", data={"grant_type": "nonsense"}, headers={"Origin": WALLET}
    )
    assert response.status_code == 400
    assert response.headers["access-control-allow-origin"] == WALLET


def test_a_whole_issuance_from_the_wallet_origin(
    holder: TestHolder, offers: Offers, issuer_client: TestClient[Litestar]
) -> None:
    issuer_client.headers["Origin"] = WALLET
    offer = offers.create(["woonadres"])
    [held] = holder.receive(offers.uri(offer), offer.tx_code)
    assert held.verified.claims


@pytest.mark.parametrize(
    "path",
    [
        "/.well-known/openid-credential-issuer",
        "/.well-known/oauth-authorization-server",
        "/.well-known/jwt-vc-issuer",
        "/type-metadata/woonadres",
        "/type-metadata/rijbewijs",
        "/credential-offer/unknown",
        "/status-lists/unknown",
    ],
)
def test_public_documents_answer_any_origin(issuer_client: TestClient[Litestar], path: str) -> None:
    response = issuer_client.get(path, headers={"Origin": STRANGER})
    assert response.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in response.headers
    headers = preflight(issuer_client, path, STRANGER, method="GET")
    assert headers["access-control-allow-origin"] == "*"


def test_credential_offer_by_reference_answers_any_origin(
    offers: Offers, issuer_client: TestClient[Litestar]
) -> None:
    offer = offers.create(["persoonsgegevens"])
    response = issuer_client.get(
        offers.uri(offer).removeprefix(PUBLIC_URL), headers={"Origin": STRANGER}
    )
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "*"


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/credentials",
        "/admin/",
        "/login",
        "/test-idp/authorize",
        "/test-idp/.well-known/openid-configuration",
        "/static/issuer/offer.js",
    ],
)
def test_pages_back_office_and_login_send_no_cors(
    issuer_client: TestClient[Litestar], path: str
) -> None:
    response = issuer_client.get(path, headers={"Origin": WALLET}, follow_redirects=False)
    assert response.status_code != 404, path
    assert not any(name.startswith("access-control-") for name in response.headers)
    answer = issuer_client.options(
        path, headers={"Origin": WALLET, "Access-Control-Request-Method": "POST"}
    )
    assert not any(name.startswith("access-control-") for name in answer.headers)


def test_more_wallet_origins(issuer_settings: IssuerSettings) -> None:
    settings = issuer_settings.model_copy(
        update={
            "wallet_url": "https://wallet.gemeente.example/app",
            "wallet_origins": [OTHER_WALLET],
        }
    )
    assert settings.allowed_wallet_origins() == {"https://wallet.gemeente.example", OTHER_WALLET}
    with TestClient(create_app(settings), base_url=PUBLIC_URL) as client:
        for origin in ("https://wallet.gemeente.example", OTHER_WALLET):
            response = client.post("/nonce", headers={"Origin": origin})
            assert response.headers["access-control-allow-origin"] == origin
        assert (
            "access-control-allow-origin"
            not in client.post("/nonce", headers={"Origin": WALLET}).headers
        )


def test_wallet_origins_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ISSUER_WALLET_ORIGINS", '["https://Wallet.Example.NL:443"]')
    assert IssuerSettings().allowed_wallet_origins() == {WALLET, OTHER_WALLET}
    monkeypatch.setenv("ISSUER_WALLET_ORIGINS", '["https://wallet.example.nl/app"]')
    with pytest.raises(ValidationError):
        IssuerSettings()
