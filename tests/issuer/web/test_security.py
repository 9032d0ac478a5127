"""Security headers, CSRF, cookies and static files on the resident's pages."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from issuer.web.session import CSRF_COOKIE, SESSION_COOKIE
from regie.web.pages import PAGE_CSP, STYLESHEETS
from tests.issuer.web.browser import Browser, Clock, forms, resident_app

JAN = "999993653"


def _assert_page_headers(response: httpx.Response) -> None:
    assert response.headers["content-security-policy"] == PAGE_CSP
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["cache-control"] == "no-store"


def test_csp_has_no_inline_script_or_style_and_allows_data_images() -> None:
    assert "'unsafe-inline'" not in PAGE_CSP
    assert "script-src 'self'" in PAGE_CSP
    assert "style-src 'self'" in PAGE_CSP
    assert "img-src 'self' data:" in PAGE_CSP


def test_every_page_carries_the_security_headers(browser: Browser) -> None:
    _assert_page_headers(browser.get("/"))
    _assert_page_headers(browser.start_login())
    page = browser.login(JAN)
    _assert_page_headers(page)
    created = browser.submit(next(f for f in forms(page.text) if f.action == "/offers"))
    _assert_page_headers(browser.get(created.headers["location"]))
    _assert_page_headers(browser.get("/offers/unknown"))
    _assert_page_headers(browser.client.get("/login/callback"))


def test_no_inline_style_or_script_on_any_page(browser: Browser) -> None:
    page = browser.login(JAN)
    created = browser.submit(next(f for f in forms(page.text) if f.action == "/offers"))
    for response in (browser.get("/"), page, browser.get(created.headers["location"])):
        assert " style=" not in response.text
        assert "<style" not in response.text
        assert "<script>" not in response.text


def test_post_without_csrf_token_is_refused(browser: Browser) -> None:
    page = browser.login(JAN)
    form = next(f for f in forms(page.text) if f.action == "/offers")
    response = browser.submit(form, form.data(without=("_csrf_token",)))
    assert response.status_code == 403
    assert "Het formulier is verlopen" in response.text
    logout = browser.post("/logout", [])
    assert logout.status_code == 403
    assert browser.get("/credentials").status_code == 200  # still logged in


def test_post_with_another_browsers_csrf_token_is_refused(browser: Browser) -> None:
    page = browser.login(JAN)
    form = next(f for f in forms(page.text) if f.action == "/offers")
    browser.client.cookies.set(CSRF_COOKIE, "0" * 128)
    assert browser.submit(form).status_code == 403


def test_protocol_endpoints_are_not_csrf_protected(client: TestClient[Litestar]) -> None:
    for path in ("/token", "/nonce", "/credential", "/notification", "/test-idp/token"):
        response = client.post(path, data={})
        assert response.status_code != 403, path
        assert response.headers["content-type"].startswith("application/json"), path
        assert CSRF_COOKIE not in response.headers.get("set-cookie", ""), path


def test_csrf_and_session_cookies_do_not_clash_with_the_back_office(browser: Browser) -> None:
    response = browser.get("/login")
    names = {c.split("=", 1)[0] for c in response.headers.get_list("set-cookie")}
    assert names == {SESSION_COOKIE, CSRF_COOKIE}


def test_cookies_are_secure_when_the_issuer_is_https(tmp_path: Path) -> None:
    app, _http = resident_app(tmp_path, Clock(), public_url="https://issuer.boxtel.example")
    with TestClient(app, base_url="https://issuer.boxtel.example") as client:
        response = client.get("/login", follow_redirects=False)
    cookies = response.headers.get_list("set-cookie")
    assert cookies
    assert all("Secure" in cookie for cookie in cookies)


@pytest.mark.parametrize("href", STYLESHEETS)
def test_every_linked_stylesheet_is_served_from_here(
    client: TestClient[Litestar], href: str
) -> None:
    response = client.get(href)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/css")
    assert response.headers["x-content-type-options"] == "nosniff"


def test_vendored_css_keeps_its_licence(client: TestClient[Litestar]) -> None:
    for href in STYLESHEETS[:2]:
        folder = href.rsplit("/", 1)[0]
        assert "European Union Public Licence" in client.get(f"{folder}/LICENSE.md").text
