"""Steps every wallet browser test shares, so each test reads as the resident's story:

- ``open_wallet(page, url)``: go to a wallet URL (``{wallet_url}/#/...``), set up the wallet
  with the test ``PIN`` (first start in a context) or unlock it with it (after a reload), and
  wait until the screen asked for is shown. Every test opens the wallet through this;
  ``reload_wallet(page)`` reloads (which locks the wallet) and unlocks the same way.
- ``offer_on_the_issuer(page, issuer_url)``: log in with the test login, choose every
  credential on offer; returns the same-device link and the transaction code.
- ``receive_all(page, issuer_url, wallet_url)``: a wallet holding every credential the
  issuer offers (by the same-device button), back on "Mijn gegevens".
"""

from __future__ import annotations

from playwright.sync_api import Page, expect

READY = "html[data-wallet-ready='true']"


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
    untrusted = page.locator("[data-untrusted] input[type='checkbox']")
    expect(page.locator("#code")).to_be_visible()
    if untrusted.count():
        untrusted.check()
    page.locator("#code").fill(code)
    page.locator("form button[type='submit']").click()
    expect(page.locator("h1")).to_have_text("Mijn gegevens", timeout=30_000)
