"""Issue 7, story 4: offline. A resident who received their cards and shared once has no
network on their phone: the wallet still opens (the service worker serves the app shell),
unlocks with the PIN (the vault is on the phone), and shows the cards and the history. Scanning
a relying party's QR code then says plainly that there is no connection, and nothing is
shared; with the network back the same code works."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.wallet import (
    HOUSING,
    WORKER_READY,
    CameraPhone,
    open_wallet,
    receive_all,
    scan_code_on,
    scan_with_camera,
)

CARDS = "[data-wallet-cards] .wallet-card__name"
NO_CONNECTION = "Er is geen verbinding. Controleer uw internet en probeer het opnieuw."
"""The wallet's ``network_error`` (pwa/js/messages.js)."""


def test_offline_the_wallet_opens_shows_cards_and_history_and_says_there_is_no_connection(
    camera_phone: CameraPhone, desktop: Page, issuer_url: str, verifier_url: str, wallet_url: str
) -> None:
    phone = camera_phone.page
    receive_all(phone, issuer_url, wallet_url)
    names = sorted(phone.locator(CARDS).all_inner_texts())
    assert names
    desktop.goto(f"{verifier_url}/verify/{HOUSING}")
    scan_code_on(desktop, camera_phone, wallet_url)
    phone.get_by_role("button", name="Delen", exact=True).click()
    expect(desktop.locator("h1")).to_have_text(
        "Gelukt: uw gegevens zijn gecontroleerd", timeout=15_000
    )
    phone.evaluate(WORKER_READY)

    phone.context.set_offline(True)  # the phone only; the relying party's computer stays online
    phone.goto("about:blank")  # the resident leaves the wallet and opens it again, offline
    open_wallet(phone, wallet_url)  # locked: unlocked with the PIN
    expect(phone.locator("h1")).to_have_text("Mijn gegevens")
    expect(phone.locator(CARDS)).to_have_count(len(names))
    assert sorted(phone.locator(CARDS).all_inner_texts()) == names
    phone.get_by_role("link", name="Geschiedenis").click()
    expect(phone.locator("h1")).to_have_text("Geschiedenis")
    expect(phone.locator("[data-history-entry='issuance']")).to_have_count(len(names))
    expect(phone.locator("[data-history-entry='presentation']")).to_have_count(1)
    expect(phone.locator("[data-history-entry='presentation']")).to_contain_text(
        "Woonstichting De Kempen"
    )

    desktop.goto(f"{verifier_url}/verify/{HOUSING}")  # a new request, on the computer
    scan_code_on(desktop, camera_phone, wallet_url)
    expect(phone.get_by_role("alert")).to_have_text(NO_CONNECTION)
    expect(phone.locator("[data-consent]")).to_have_count(0)

    phone.context.set_offline(False)
    scan_with_camera(phone, wallet_url)  # the camera still shows the computer's code
    expect(phone.locator("[data-party]")).to_have_text("Woonstichting De Kempen")
