"""Steps every wallet browser test shares, so each test reads as the resident's story:

- ``open_wallet(page, url)``: go to a wallet URL (``{wallet_url}/#/...``), set up the wallet
  with the test ``PIN`` (first start in a context) or unlock it with it (after a reload), and
  wait until the screen asked for is shown. Every test opens the wallet through this;
  ``reload_wallet(page)`` reloads (which locks the wallet) and unlocks the same way.
- ``offer_on_the_issuer(page, issuer_url)``: log in with the test login, choose every
  credential on offer; returns the same-device link and the transaction code.
- ``receive_all(page, issuer_url, wallet_url)``: a wallet holding every credential the
  issuer offers (by the same-device button), back on "Mijn gegevens".
- ``accept_offer(page, code)``: on the offer screen, accept (untrusted issuer ticked if asked)
  with the transaction code; back on "Mijn gegevens", returns the names of the cards offered.
- ``qr_on_page(page)``: the QR code an issuer's or verifier's page shows, module by module.
- ``phone_with_camera(camera, code)``: a Dutch page in a Chromium whose camera shows ``code``
  (the resident's phone, pointed at that code); ``scan_with_camera(phone, wallet_url)`` then
  opens "QR-code scannen" and waits until the wallet has read the code and moved on to the
  offer (``#/offer?``) or request (``#/present?``) screen.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.camera import Matrix, matrix_from_svg

READY = "html[data-wallet-ready='true']"
SCANNED = re.compile(r"#/(offer|present)\?")
"""Where the wallet goes once it has read a code for it."""


PIN = "246810"
"""The test resident's PIN: ``open_wallet`` sets it up on first start and unlocks with it."""
VAULT = "html[data-wallet-vault='{}']"


def open_wallet(page: Page, url: str) -> None:
    """Go to ``url`` and wait until the wallet shows it: on the first start in this browser
    context the wallet is set up with :data:`PIN` (the passkey offered afterwards declined),
    after a reload it is unlocked with it, and then the screen asked for is drawn."""
    page.goto(url)
    _through_the_gate(page)


def reload_wallet(page: Page) -> None:
    """Reload the wallet (which locks it) and unlock it with :data:`PIN`, as ``open_wallet``."""
    page.reload()
    _through_the_gate(page)


def _through_the_gate(page: Page) -> None:
    page.locator(READY).wait_for(state="attached")
    state = page.locator("html").get_attribute("data-wallet-vault")
    if state == "new":
        page.locator("#pin").fill(PIN)
        page.locator("#pin-again").fill(PIN)
        page.locator("[data-vault-setup] button[type='submit']").click()
        skip = page.locator("[data-vault-passkey-skip]")
        page.locator(f"{VAULT.format('open')}, [data-vault-passkey-skip]").first.wait_for(
            state="attached"
        )
        if skip.count():
            skip.click()
    elif state == "locked":
        page.locator("#pin").fill(PIN)
        page.locator("[data-vault-unlock] button[type='submit']").click()
    page.locator(VAULT.format("open")).wait_for(state="attached")


def offer_on_the_issuer(page: Page, issuer_url: str) -> tuple[str, str]:
    page.goto(f"{issuer_url}/login")
    page.locator("button.regie-person").first.click()
    page.wait_for_url(f"{issuer_url}/credentials")
    boxes = page.locator("input[name='credential']")
    assert boxes.count() >= 1
    for i in range(boxes.count()):
        boxes.nth(i).check()
    page.locator("form[action='/offers'] button[type='submit']").click()
    page.wait_for_url(f"{issuer_url}/offers/*")
    code = "".join(page.locator(".regie-tx-code__group").all_inner_texts())
    link = page.locator("#zelfde-kop ~ .regie-actions a").get_attribute("href")
    assert link is not None
    return link, code


def receive_all(page: Page, issuer_url: str, wallet_url: str) -> None:
    """Dutch texts expected: make ``page`` with ``locale="nl-NL"``."""
    link, code = offer_on_the_issuer(page, issuer_url)
    open_wallet(page, link)
    accept_offer(page, code)


def accept_offer(page: Page, code: str) -> list[str]:
    """On the offer screen ("Gegevens ontvangen"): tick the untrusted-issuer box if it is
    shown, type ``code`` and get the data, back on "Mijn gegevens"; the names of the cards
    that were offered."""
    expect(page.locator("h1")).to_have_text("Gegevens ontvangen")
    offered = page.locator("[data-offered] li")
    expect(offered.first).to_be_visible()
    names = offered.all_inner_texts()
    untrusted = page.locator("[data-untrusted] input[type='checkbox']")
    expect(page.locator("#code")).to_be_visible()
    if untrusted.count():
        untrusted.check()
    page.locator("#code").fill(code)
    page.locator("form button[type='submit']").click()
    expect(page.locator("h1")).to_have_text("Mijn gegevens", timeout=30_000)
    return names


def qr_on_page(page: Page) -> Matrix:
    """The QR code ``page`` shows (``svg.regie-qr``, drawn by ``regie.web.qr``), for ``camera``."""
    return matrix_from_svg(page.locator("svg.regie-qr").evaluate("svg => svg.outerHTML"))


def phone_with_camera(camera: Callable[[str | Matrix], Page], code: str | Matrix) -> Page:
    """A page with ``locale="nl-NL"`` in a Chromium (from the ``camera`` fixture) whose camera
    shows ``code``. Receive credentials in it first (``receive_all``) to present them later."""
    browser = camera(code).context.browser
    assert browser is not None
    return browser.new_context(locale="nl-NL").new_page()


def scan_with_camera(phone: Page, wallet_url: str, timeout: float = 15_000) -> None:
    """Open "QR-code scannen" on ``phone`` (:func:`phone_with_camera`); the wallet reads the code
    its camera shows and opens the offer or request screen, which this waits for."""
    open_wallet(phone, f"{wallet_url}/#/scan")
    phone.wait_for_url(SCANNED, timeout=timeout)
