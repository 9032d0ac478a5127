"""A re-issue prompt's button (issuer.mailbox ``reissue_url``): ``/credentials?credential=ID``
leads, through the login if needed, to the choice with only that credential ticked. Only a
configuration id the catalogue knows is carried: the parameter never becomes a redirect target
of its own (no open redirect)."""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx
import pytest

from issuer.credentials import CATALOGUE
from issuer.mailbox import reissue_url
from tests.issuer.web.browser import PUBLIC_URL, Browser, forms

JAN = "999993653"


def _ticked(page: httpx.Response) -> list[str]:
    form = next(f for f in forms(page.text) if f.action == "/offers")
    return [value for name, value in form.fields if name == "credential"]


def _log_in_from(browser: Browser, path: str) -> httpx.Response:
    """Open ``path`` not logged in, follow it to the test provider, log in as Jan; the page."""
    to_login = browser.get(path)
    assert to_login.status_code == 303
    assert to_login.headers["location"] == "/login?credential=woonadres"
    to_provider = browser.get(to_login.headers["location"])
    assert to_provider.status_code == 303
    provider_page = browser.get(to_provider.headers["location"])
    callback = browser.submit(browser.person_form(provider_page, JAN))
    back = browser.get(callback.headers["location"])
    assert back.status_code == 303
    assert back.headers["location"] == "/credentials?credential=woonadres"
    return browser.get(back.headers["location"])


def test_the_button_leads_through_the_login_to_only_that_credential(browser: Browser) -> None:
    url = reissue_url(PUBLIC_URL, "woonadres")
    assert url == f"{PUBLIC_URL}/credentials?credential=woonadres"
    page = _log_in_from(browser, urlsplit(url).path + "?" + urlsplit(url).query)
    assert page.status_code == 200
    assert _ticked(page) == ["woonadres"]
    assert 'data-renew="woonadres"' in page.text
    assert "U haalt een nieuwe Woonadres op. Die staat hieronder al aangevinkt." in page.text
    # every other credential is still there to choose, just not ticked
    assert page.text.count('name="credential"') == len(CATALOGUE)


def test_logged_in_the_button_ticks_only_that_credential(browser: Browser) -> None:
    assert len(_ticked(browser.login(JAN))) == len(CATALOGUE)  # the plain choice: all ticked
    page = browser.get("/credentials?credential=huishouden")
    assert page.status_code == 200
    assert _ticked(page) == ["huishouden"]


@pytest.mark.parametrize(
    "asked", ["https://evil.example/", "//evil.example", "/admin/", "woonadres\r\nX: y", ""]
)
def test_an_unknown_credential_is_ignored_and_never_a_redirect(
    browser: Browser, asked: str
) -> None:
    not_logged_in = browser.get("/credentials", params={"credential": asked})
    assert not_logged_in.status_code == 401  # as without the parameter: log in again
    login = browser.get("/login", params={"credential": asked})
    provider_page = browser.get(login.headers["location"])
    callback = browser.submit(browser.person_form(provider_page, JAN))
    back = browser.get(callback.headers["location"])
    assert back.headers["location"] == "/credentials"
    page = browser.get("/credentials", params={"credential": asked})
    assert len(_ticked(page)) == len(CATALOGUE)
    assert "data-renew" not in page.text


def test_in_english(browser: Browser) -> None:
    browser.login(JAN)
    page = browser.get("/credentials?credential=woonadres&lang=en")
    assert "You are getting a new Home address. It is already ticked below." in page.text
