"""Logging in through the issuer's own routes: the real client, over HTTP, to the test provider."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from issuer.login.testidp import KEY_FILE
from issuer.state import IssuerState
from issuer.web.session import SESSION_COOKIE
from tests.issuer.web.browser import PUBLIC_URL, Browser, Clock, forms, resident_app

JAN = "999993653"


def test_login_through_the_test_provider_lands_on_the_resident_page(browser: Browser) -> None:
    page = browser.login(JAN)
    assert page.status_code == 200
    assert "U bent ingelogd als Jan Willem van der Berg" in page.text


def test_test_provider_page_is_clearly_marked_and_lists_persons_with_notes(
    browser: Browser,
) -> None:
    page = browser.start_login()
    assert (
        "Testomgeving — dit is geen echte DigiD / Test environment — not the real DigiD"
        in page.text
    )
    assert "Jan Willem van der Berg" in page.text
    assert "BSN 999996708" in page.text
    assert "Overleden: krijgt niets" in page.text
    person_buttons = [f for f in forms(page.text) if f.value("bsn")]
    assert len(person_buttons) >= 25


def test_test_provider_key_is_a_private_file(browser: Browser, state: IssuerState) -> None:
    browser.login(JAN)
    key = state.settings.resolved_key_dir() / KEY_FILE
    assert key.stat().st_mode & 0o777 == 0o600


def test_session_cookie_is_httponly_lax_short_and_named_for_the_issuer(browser: Browser) -> None:
    response = browser.get("/login")
    cookie = next(
        c for c in response.headers.get_list("set-cookie") if c.startswith(SESSION_COOKIE)
    )
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert "Max-Age=900" in cookie
    assert "Secure" not in cookie  # http on loopback in the tests


def test_wrong_state_refused_with_a_page(browser: Browser) -> None:
    page = browser.start_login()
    redirect = browser.submit(browser.person_form(page, JAN))
    params = dict(parse_qsl(urlsplit(redirect.headers["location"]).query))
    params["state"] = "forged"
    response = browser.client.get("/login/callback", params=params)
    assert response.status_code == 400
    assert "Inloggen is niet gelukt" in response.text
    assert browser.get("/credentials").status_code == 401


def test_replayed_callback_refused(browser: Browser) -> None:
    page = browser.start_login()
    callback = browser.submit(browser.person_form(page, JAN)).headers["location"]
    assert browser.get(callback).status_code == 303
    replay = browser.get(callback)
    assert replay.status_code == 400
    assert "duurde te lang" in replay.text


def test_code_cannot_be_redeemed_twice_at_the_token_endpoint(browser: Browser) -> None:
    page = browser.start_login()
    callback = browser.submit(browser.person_form(page, JAN)).headers["location"]
    code = dict(parse_qsl(urlsplit(callback).query))["code"]
    assert browser.get(callback).status_code == 303  # the issuer redeemed it
    response = browser.client.post(
        "/test-idp/token",
        data={"grant_type": "authorization_code", "code": code, "client_id": "regie-issuer"},
    )
    assert response.status_code in {400, 401}
    assert response.json()["error"] in {"invalid_grant", "invalid_client"}


def test_cancel_on_the_test_provider(browser: Browser) -> None:
    page = browser.start_login()
    cancel = next(f for f in forms(page.text) if any(n == "cancel" for n, _ in f.buttons))
    response = browser.follow(browser.submit(cancel, cancel.data(button="cancel")))
    assert response.status_code == 400
    assert "U heeft het inloggen afgebroken" in response.text


def test_test_provider_refuses_an_unknown_redirect_uri_without_redirecting(
    browser: Browser,
) -> None:
    response = browser.get(
        "/test-idp/authorize",
        params={"client_id": "regie-issuer", "redirect_uri": "http://127.0.0.1:6666/steal"},
    )
    assert response.status_code == 400
    assert "Dit inlogverzoek klopt niet" in response.text


def test_test_provider_sends_errors_back_to_a_known_client(browser: Browser) -> None:
    response = browser.get(
        "/test-idp/authorize",
        params={
            "client_id": "regie-issuer",
            "redirect_uri": f"{PUBLIC_URL}/login/callback",
            "state": "x",
        },
    )
    assert response.status_code == 303
    assert "error=unsupported_response_type" in response.headers["location"]


def test_test_provider_refuses_a_person_not_on_the_list(browser: Browser) -> None:
    page = browser.start_login()
    form = browser.person_form(page, JAN)
    data = [(n, "999999990" if n == "bsn" else v) for n, v in form.fields]
    response = browser.follow(browser.submit(form, data))
    assert response.status_code == 400
    assert "Inloggen is niet gelukt" in response.text


def test_token_endpoint_is_oauth_json_and_needs_no_csrf_token(client: TestClient[Litestar]) -> None:
    response = client.post("/test-idp/token", data={"grant_type": "password"})
    assert response.status_code == 400
    assert response.json()["error"] == "unsupported_grant_type"


def test_discovery_and_jwks(client: TestClient[Litestar]) -> None:
    metadata = client.get("/test-idp/.well-known/openid-configuration").json()
    assert metadata["issuer"] == f"{PUBLIC_URL}/test-idp"
    assert metadata["code_challenge_methods_supported"] == ["S256"]
    keys = client.get(metadata["jwks_uri"].removeprefix(PUBLIC_URL)).json()["keys"]
    assert [(k["kty"], k["crv"], k["alg"]) for k in keys] == [("EC", "P-256", "ES256")]
    assert all("d" not in k for k in keys)


@pytest.mark.parametrize("params", [{}, {"code": "x", "state": "y"}, {"state": "a", "state ": "b"}])
def test_callback_without_a_login_is_a_page_not_an_error(
    client: TestClient[Litestar], params: dict[str, str]
) -> None:
    response = client.get("/login/callback", params=params)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/html")


def _production_app(tmp_path: Path) -> Litestar:
    """The issuer with ``ISSUER_LOGIN=oidc`` and a provider that is not there."""
    app, _http = resident_app(
        tmp_path,
        Clock(),
        login="oidc",
        oidc_issuer="https://broker.example/digid",
        oidc_client_id="gemeente-boxtel",
    )
    return app


def test_production_login_mounts_no_test_provider(tmp_path: Path) -> None:
    app = _production_app(tmp_path)
    assert not [route.path for route in app.routes if route.path.startswith("/test-idp")]
    with TestClient(app, base_url=PUBLIC_URL) as client:
        start = client.get("/")
        assert "geen echte DigiD" not in start.text


def test_production_login_needs_its_provider(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="ISSUER_OIDC_ISSUER"):
        resident_app(tmp_path, Clock(), login="oidc")


def test_unreachable_provider_is_a_page_that_says_try_later(tmp_path: Path) -> None:
    app = _production_app(tmp_path)
    with TestClient(app, base_url=PUBLIC_URL) as client:
        response = client.get("/login", follow_redirects=False)
    assert response.status_code == 503
    assert "Inloggen werkt nu even niet" in response.text
