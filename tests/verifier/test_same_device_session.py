"""Same-device, the result goes only to the browser that started the flow: HAIP 1.0 §5.1
("Verifiers MUST reject presentations if ... the redirect back arrives in a different user
session to the one the request was initiated in"), OpenID4VP 1.0 §14.2 (Session Fixation).

The relying party's same-device button sets a session cookie; the result page wants it with
the ``response_code``. Opened anywhere else (no cookie, or another transaction's), the page
releases nothing, says in Dutch and English to go on in the browser where the resident
started, and links to a fresh start; the right browser can still fetch the result after."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from tests.verifier.conftest import VERIFIER_URL
from tests.verifier.test_presentation_flow import row_of, wallet
from tests.verifier.wallet import TestWallet
from verifier import transactions
from verifier.state import VerifierState
from verifier.web.start import SESSION_COOKIE, session_cookies

__all__ = ["wallet"]  # the fixture

HOUSING = "inschrijven-woningzoekende"
OTHER_BROWSER_NL = "Dit kan alleen in de browser waarin u begon"
OTHER_BROWSER_EN = "This only works in the browser where you started"


@dataclass
class Started:
    transaction_id: str
    session: str
    set_cookie: str
    """The session cookie for the result page."""
    link: str
    cookies: list[str]
    """Every session cookie the button set."""


def press_button(client: TestClient[Litestar], use_case: str = HOUSING) -> Started:
    """The relying party's same-device button, in the browser of ``client``."""
    response = client.post(f"/verify/{use_case}/same-device", follow_redirects=False)
    assert response.status_code == 303, response.text
    cookies = [c for c in response.headers.get_list("set-cookie") if c.startswith(SESSION_COOKIE)]
    (set_cookie,) = [c for c in cookies if "Path=/verify/" in c]
    path = re.search(r"Path=/verify/([^/;]+)/", set_cookie)
    value = re.search(rf"{SESSION_COOKIE}=([^;]+)", set_cookie)
    assert path is not None
    assert value is not None
    return Started(path.group(1), value.group(1), set_cookie, response.headers["location"], cookies)


def present(wallet: TestWallet, started: Started) -> str:
    """The wallet shares; the path of the ``redirect_uri`` it is sent back to."""
    response = wallet.present(started.link)
    assert response.status_code == 200, response.text
    redirect: str = response.json()["redirect_uri"]
    assert redirect.startswith(f"{VERIFIER_URL}/verify/{started.transaction_id}/result?")
    return redirect.removeprefix(VERIFIER_URL)


def in_browser(client: TestClient[Litestar], transaction_id: str, session: str) -> None:
    """``client``'s browser holds ``session`` as the cookie of ``transaction_id``'s pages."""
    for path in (f"/verify/{transaction_id}/", f"/intake/{transaction_id}"):
        client.cookies.set(SESSION_COOKIE, session, path=path)


def released(client: TestClient[Litestar], transaction_id: str) -> Any:
    with client.portal() as portal:
        return portal.call(transactions.completed, transaction_id)


def test_haip_5_1_the_button_sets_a_session_cookie_for_the_result_page(
    verifier_client: TestClient[Litestar], verifier_state: VerifierState
) -> None:
    """HttpOnly; SameSite=Lax (the wallet's redirect back is a cross-site top-level GET);
    sent only to this transaction's result page and its intake entry, one cookie each, the
    same secret; as long as the result can be fetched. Only its keyed hash is stored."""
    started = press_button(verifier_client)
    settings = verifier_state.settings
    lifetime = settings.transaction_ttl_seconds + int(settings.intake_window.total_seconds())
    assert len(started.cookies) == 2
    assert {c.split(";")[0] for c in started.cookies} == {f"{SESSION_COOKIE}={started.session}"}
    paths = []
    for cookie in started.cookies:
        attributes = {
            name.strip().lower(): value
            for name, _, value in (a.partition("=") for a in cookie.split(";")[1:])
        }
        paths.append(attributes.pop("path"))
        assert attributes == {
            "max-age": str(lifetime),
            "httponly": "",
            "samesite": "lax",
        }  # no Secure on this http test URL; an https public URL adds it
    assert paths == [f"/verify/{started.transaction_id}/", f"/intake/{started.transaction_id}"]
    assert len(started.session) >= 43  # 256 bits
    stored = row_of(verifier_client, started.transaction_id)["browser_session_hash"]
    assert stored
    assert started.session not in stored


def test_haip_5_1_the_session_cookie_is_secure_on_an_https_public_url(
    verifier_state: VerifierState,
) -> None:
    https = verifier_state.settings.model_copy(update={"public_url": "https://rp.example.nl"})
    assert all(cookie.secure for cookie in session_cookies(https, "t", "s"))
    assert not any(cookie.secure for cookie in session_cookies(verifier_state.settings, "t", "s"))


def test_haip_5_1_the_browser_that_started_gets_the_result(
    verifier_client: TestClient[Litestar], wallet: TestWallet
) -> None:
    started = press_button(verifier_client)
    redirect = present(wallet, started)
    page = verifier_client.get(redirect)
    assert page.status_code == 200, page.text
    assert "Gelukt: uw gegevens zijn gecontroleerd" in page.text
    assert f'action="/intake/{started.transaction_id}' in page.text
    assert started.session not in page.text  # the cookie's secret stays in the cookie
    assert released(verifier_client, started.transaction_id) is not None
    # its button opens the intake form (the response code, after the release in this browser)
    code = re.search(r'name="response_code" value="([^"]+)"', page.text)
    assert code is not None
    entry = verifier_client.post(
        f"/intake/{started.transaction_id}",
        data={"response_code": code.group(1)},
        follow_redirects=False,
    )
    assert entry.status_code == 303


def test_haip_5_1_the_code_opens_no_intake_in_another_browser_after_the_release(
    verifier_client: TestClient[Litestar], wallet: TestWallet
) -> None:
    """The result was released in the browser that started; the ``response_code`` (it stood
    in that browser's address bar and history) posted from another browser opens no intake
    form, and reveals nothing: 404, as for any closed form. The right browser still can."""
    started = press_button(verifier_client)
    redirect = present(wallet, started)
    assert verifier_client.get(redirect).status_code == 200  # released, in the right browser
    code = re.search(r"response_code=([^&]+)", redirect)
    assert code is not None
    entry = f"/intake/{started.transaction_id}"
    verifier_client.cookies.clear()  # another browser
    answer = verifier_client.post(
        entry, data={"response_code": code.group(1)}, follow_redirects=False
    )
    assert answer.status_code == 404
    assert "regie_verifier_intake" not in answer.headers.get("set-cookie", "")

    in_browser(verifier_client, started.transaction_id, started.session)  # the right one
    answer = verifier_client.post(
        entry, data={"response_code": code.group(1)}, follow_redirects=False
    )
    assert answer.status_code == 303
    assert "regie_verifier_intake=" in answer.headers["set-cookie"]


@pytest.mark.parametrize("cookie", ["none", "another transaction's"])
def test_haip_5_1_redirect_back_in_another_browser_releases_nothing(
    verifier_client: TestClient[Litestar], wallet: TestWallet, cookie: str
) -> None:
    """The redirect_uri opened without the session cookie (another browser, or cookies
    cleared), or with the session cookie of another transaction (another browser's flow):
    403, the page says to go on in the browser that started, nothing is released, the intake
    stays shut; the browser that started still gets the result afterwards."""
    started = press_button(verifier_client)
    other = press_button(verifier_client)  # another flow, whose cookie the other browser has
    redirect = present(wallet, started)
    verifier_client.cookies.clear()  # from here on: the other browser
    if cookie != "none":
        in_browser(verifier_client, started.transaction_id, other.session)
    for lang, title in (("nl", OTHER_BROWSER_NL), ("en", OTHER_BROWSER_EN)):
        page = verifier_client.get(f"{redirect}&lang={lang}")
        assert page.status_code == 403
        assert title in page.text
        assert "data-other-browser" in page.text
        assert f'href="/verify/{HOUSING}?lang={lang}"' in page.text  # start again
        assert "/intake/" not in page.text
        assert "response_code" not in page.text
    assert released(verifier_client, started.transaction_id) is None
    assert row_of(verifier_client, started.transaction_id)["result_released_at"] is None
    code = re.search(r"response_code=([^&]+)", redirect)
    assert code is not None
    entry = verifier_client.post(
        f"/intake/{started.transaction_id}",
        data={"response_code": code.group(1)},
        follow_redirects=False,
    )
    assert entry.status_code == 404  # the intake does not open on the code alone either
    assert released(verifier_client, started.transaction_id) is None

    verifier_client.cookies.clear()  # back in the browser that started
    in_browser(verifier_client, started.transaction_id, started.session)
    page = verifier_client.get(redirect)
    assert page.status_code == 200
    assert "Gelukt: uw gegevens zijn gecontroleerd" in page.text
    assert released(verifier_client, started.transaction_id) is not None


def test_haip_5_1_a_declined_flow_is_told_only_in_the_browser_that_started(
    verifier_client: TestClient[Litestar], wallet: TestWallet
) -> None:
    """What became of the flow (here: the resident declined) is also told only there."""
    started = press_button(verifier_client)
    verified = wallet.fetch_request(started.link)
    assert verified.request.state is not None
    answer = wallet.post(verified, {"error": "access_denied", "state": verified.request.state})
    redirect = answer.json()["redirect_uri"].removeprefix(VERIFIER_URL)
    verifier_client.cookies.clear()
    page = verifier_client.get(redirect)
    assert page.status_code == 403
    assert OTHER_BROWSER_NL in page.text
    assert "U heeft niets gedeeld" not in page.text
    in_browser(verifier_client, started.transaction_id, started.session)
    page = verifier_client.get(redirect)
    assert page.status_code == 200
    assert "U heeft niets gedeeld" in page.text
