"""The resident's pages: what they show, to whom, in which language, and what they refuse."""

from __future__ import annotations

import re

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from issuer.register.eligibility import MESSAGES, Refusal
from issuer.register.seeded import SeededRegister
from issuer.web.session import LANG_COOKIE, SESSION_COOKIE
from tests.issuer.web.browser import Browser, Clock, forms

JAN = "999993653"
JAN_HOUSEHOLD = {"999993653", "999990007", "999990329", "999990640"}


def test_start_page_says_what_this_is_and_has_a_big_login_button(
    client: TestClient[Litestar],
) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert "<title>Gemeente Boxtel — Uw gegevens in uw wallet</title>" in page.text
    assert '<html lang="nl"' in page.text
    assert 'href="#inhoud"' in page.text  # skip link
    assert re.search(
        r'<a class="[^"]*utrecht-button-link[^"]*" href="/login">Inloggen</a>', page.text
    )


def test_credentials_page_shows_the_persons_own_values_with_type_metadata_labels(
    browser: Browser,
) -> None:
    page = browser.login(JAN)
    text = page.text
    for label, value in [
        ("Voornamen", "Jan Willem"),
        ("Achternaam", "van der Berg"),
        ("Geboortedatum", "14 maart 1979"),
        ("Burgerservicenummer (BSN)", "999993653"),
        ("Huisletter", "A"),
        ("Postcode", "5281BT"),
        ("Aantal bewoners", "4"),
        ("18 jaar of ouder", "Ja"),
    ]:
        assert f"<dt>{label}</dt>\n              <dd>{value}</dd>" in text
    checked = next(f for f in forms(text) if f.action == "/offers").fields
    assert [v for n, v in checked if n == "credential"] == [
        "persoonsgegevens",
        "woonadres",
        "huishouden",
    ]


def test_credentials_page_shows_nothing_of_other_households(browser: Browser) -> None:
    text = browser.login(JAN).text
    others = [p for p in SeededRegister.load().all_persons() if p.bsn not in JAN_HOUSEHOLD]
    for person in others:
        assert person.bsn not in text
        assert (person.full_name or "") not in text
    for bsn in JAN_HOUSEHOLD - {JAN}:
        assert bsn not in text  # co-residents appear by name only, never by BSN


REFUSED = {
    "deceased": ("999996708", Refusal.DECEASED),
    "emigrated": ("999997981", Refusal.EMIGRATED),
    "unknown_address": ("999998298", Refusal.UNKNOWN_ADDRESS),
    "found_not_living_at_address": ("999998614", Refusal.UNKNOWN_ADDRESS),
}


@pytest.mark.parametrize(("bsn", "refusal"), REFUSED.values(), ids=REFUSED)
def test_refused_persons_see_the_registers_message_and_no_offer(
    browser: Browser, bsn: str, refusal: Refusal
) -> None:
    page = browser.login(bsn)
    assert page.status_code == 403
    assert MESSAGES[refusal].nl in page.text
    assert 'action="/offers"' not in page.text
    english = browser.get("/credentials?lang=en")
    assert MESSAGES[refusal].en in english.text


@pytest.mark.parametrize(("bsn", "refusal"), REFUSED.values(), ids=REFUSED)
def test_refused_persons_cannot_post_an_offer_either(
    browser: Browser, bsn: str, refusal: Refusal
) -> None:
    page = browser.login(bsn)
    token = next(f.value("_csrf_token") for f in forms(page.text) if f.action == "/logout")
    response = browser.post("/offers", [("_csrf_token", token or ""), ("credential", "woonadres")])
    assert response.status_code == 403
    assert MESSAGES[refusal].nl in response.text


def test_not_logged_in_sees_the_start_page_with_a_notice(client: TestClient[Litestar]) -> None:
    page = client.get("/credentials")
    assert page.status_code == 401
    assert "U bent niet (meer) ingelogd" in page.text


def test_login_expires_after_the_session_time(browser: Browser, clock: Clock) -> None:
    browser.login(JAN)
    clock.advance(899)
    assert browser.get("/credentials").status_code == 200
    clock.advance(2)
    assert browser.get("/credentials").status_code == 401


def test_logout_ends_the_session(browser: Browser) -> None:
    page = browser.login(JAN)
    logout = next(f for f in forms(page.text) if f.action == "/logout")
    response = browser.submit(logout)
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    assert browser.get("/credentials").status_code == 401


def test_language_switch_sets_a_cookie_and_stays(browser: Browser) -> None:
    english = browser.get("/?lang=en")
    assert '<html lang="en"' in english.text
    assert "Your details in your wallet" in english.text
    assert f"{LANG_COOKIE}=en" in english.headers["set-cookie"]
    assert 'href="/?lang=nl"' in english.text
    again = browser.get("/")
    assert '<html lang="en"' in again.text
    assert ">Log in</a>" in again.text
    back = browser.get("/?lang=nl")
    assert '<html lang="nl"' in back.text


def test_unknown_language_falls_back_to_dutch(client: TestClient[Litestar]) -> None:
    page = client.get("/?lang=xx")
    assert '<html lang="nl"' in page.text
    assert LANG_COOKIE not in page.headers.get("set-cookie", "")


def test_a_forged_session_cookie_is_no_session_and_no_error(client: TestClient[Litestar]) -> None:
    for value in ["garbage", "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB", "eyJ4Ijoi"]:
        client.cookies.set(SESSION_COOKIE, value)
        assert client.get("/credentials").status_code == 401


def test_unknown_page_under_the_site_is_not_a_500(client: TestClient[Litestar]) -> None:
    assert client.get("/offers/../../etc/passwd").status_code in {401, 404}
