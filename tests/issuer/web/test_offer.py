"""Choosing credentials and getting the offer: QR code, button, transaction code, expiry."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import quote

import httpx

from regie.web.qr import qr_svg
from standards.oid4vci import parse_credential_offer_link
from tests.issuer.web.browser import PUBLIC_URL, Browser, Clock, forms

JAN = "999993653"


def _choose(browser: Browser, *credentials: str) -> httpx.Response:
    page = browser.login(JAN)
    form = next(f for f in forms(page.text) if f.action == "/offers")
    data = form.data(without=("credential",)) + [("credential", c) for c in credentials]
    return browser.submit(form, data)


def _offer(browser: Browser, *credentials: str) -> tuple[str, httpx.Response]:
    created = _choose(browser, *credentials)
    assert created.status_code == 303
    location = created.headers["location"]
    return location.rsplit("/", 1)[1], browser.get(location)


def _tx_code(page: httpx.Response) -> str:
    groups = re.findall(
        r'<span class="regie-tx-code__group" aria-hidden="true">(\d+)</span>', page.text
    )
    return "".join(groups)


def test_offer_page_has_qr_svg_link_button_and_code(browser: Browser) -> None:
    offer_id, page = _offer(browser, "persoonsgegevens", "woonadres")
    assert page.status_code == 200
    offer_uri = f"{PUBLIC_URL}/credential-offer/{offer_id}"
    link = f"openid-credential-offer://?credential_offer_uri={quote(offer_uri, safe='')}"
    assert '<svg version="1.1" viewBox=' in page.text
    assert 'role="img" aria-label="QR-code om uw gegevens in uw wallet te zetten"' in page.text
    same_device = re.search(r'href="(http://127\.0\.0\.1:8003/#/offer\?[^"]+)"', page.text)
    assert same_device is not None
    assert unescape(same_device.group(1)) == (
        f"http://127.0.0.1:8003/#/offer?credential_offer_uri={quote(offer_uri, safe='')}"
    )
    assert parse_credential_offer_link(link).offer_uri == offer_uri
    assert len(_tx_code(page)) == 6
    assert "Deze code is 5 minuten geldig, tot 12:05 uur." in page.text
    assert "Persoonsgegevens, Woonadres" in page.text


def test_the_qr_code_carries_the_offer_link(browser: Browser) -> None:
    """The QR code encodes the link: drawing the same link again gives the same SVG."""
    offer_id, page = _offer(browser, "woonadres")
    offer_uri = f"{PUBLIC_URL}/credential-offer/{offer_id}"
    link = f"openid-credential-offer://?credential_offer_uri={quote(offer_uri, safe='')}"
    expected = qr_svg(link, label="QR-code om uw gegevens in uw wallet te zetten")
    assert expected in page.text


def test_offer_uri_serves_the_offer_for_the_chosen_credentials(browser: Browser) -> None:
    offer_id, _ = _offer(browser, "woonadres", "huishouden")
    response = browser.get(f"/credential-offer/{offer_id}")
    assert response.status_code == 200
    offer = response.json()
    assert offer["credential_issuer"] == PUBLIC_URL
    assert offer["credential_configuration_ids"] == ["woonadres", "huishouden"]


def test_the_code_on_the_page_redeems_the_offer(browser: Browser) -> None:
    offer_id, page = _offer(browser, "woonadres")
    grant = browser.get(f"/credential-offer/{offer_id}").json()["grants"]
    code = grant["urn:ietf:params:oauth:grant-type:pre-authorized_code"]["pre-authorized_code"]
    token = browser.client.post(
        "/token",
        data={
            "grant_type": "urn:ietf:params:oauth:grant-type:pre-authorized_code",
            "pre-authorized_code": code,
            "tx_code": _tx_code(page),
        },
    )
    assert token.status_code == 200, token.text
    used = browser.get(f"/offers/{offer_id}")
    assert "Deze code is gebruikt" in used.text
    assert "Nieuwe code" in used.text


def test_expired_offer_page_says_so_and_offers_a_new_code(browser: Browser, clock: Clock) -> None:
    offer_id, _ = _offer(browser, "persoonsgegevens")
    clock.advance(301)
    page = browser.get(f"/offers/{offer_id}")
    assert page.status_code == 200
    assert "Deze code is verlopen" in page.text
    assert "<svg" not in page.text
    new_code = next(f for f in forms(page.text) if f.action == "/offers")
    again = browser.submit(new_code)
    assert again.status_code == 303
    assert again.headers["location"] != f"/offers/{offer_id}"
    fresh = browser.get(again.headers["location"])
    assert "<svg" in fresh.text
    assert "Persoonsgegevens" in fresh.text


def test_countdown_script_is_a_file_not_inline(browser: Browser) -> None:
    _, page = _offer(browser, "woonadres")
    assert '<script type="module" src="/static/issuer/offer.js"></script>' in page.text
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page.text) is None
    assert 'data-seconds-left="300"' in page.text
    script = browser.get("/static/issuer/offer.js")
    assert script.status_code == 200
    assert "javascript" in script.headers["content-type"]


def test_choosing_nothing_is_a_message_not_an_error(browser: Browser) -> None:
    response = _choose(browser)
    assert response.status_code == 400
    assert "Kies minstens één soort gegevens." in response.text


def test_unknown_credential_is_ignored_and_alone_refused(browser: Browser) -> None:
    response = _choose(browser, "paspoort", "<script>")
    assert response.status_code == 400
    assert "<script>" not in response.text


def test_unknown_offer_id_is_a_friendly_404(browser: Browser) -> None:
    browser.login(JAN)
    page = browser.get("/offers/does-not-exist")
    assert page.status_code == 404
    assert "Deze code bestaat niet (meer)" in page.text
    assert page.headers["content-type"].startswith("text/html")


def test_someone_elses_offer_is_not_shown(browser: Browser) -> None:
    offer_id, page = _offer(browser, "woonadres")
    tx_code = _tx_code(page)
    browser.client.cookies.clear()  # another browser
    browser.login("999990007")
    other = browser.get(f"/offers/{offer_id}")
    assert other.status_code == 404
    assert tx_code not in other.text


def test_offer_page_in_english(browser: Browser) -> None:
    offer_id, _ = _offer(browser, "woonadres")
    page = browser.get(f"/offers/{offer_id}?lang=en")
    assert "This code is valid for 5 minutes, until 12:05." in page.text
    assert "Home address" in page.text
    assert 'aria-label="QR code to put your details in your wallet"' in page.text
