"""Receive (OpenID4VCI) in the wallet app, end to end in Chromium: a resident logs in on the
issuer's test login, chooses credentials, follows the same-device button to the wallet, types
the code shown, and sees the cards on "Mijn gegevens"; they are still there after an offline
reload, and the stored device keys cannot be exported. The issuer requires the wallet's
attestation (``regie.services.wiring``): its audit log names the wallet provider that got the
access token."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

from playwright.sync_api import Page, expect

from tests.browser.wallet import WORKER_READY, offer_on_the_issuer, open_wallet, reload_wallet
from tests.browser.world import World

STORED_KEYS = """() => new Promise((resolve, reject) => {
  const open = indexedDB.open('regie-wallet');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const read = open.result.transaction('copies').objectStore('copies').getAll();
    read.onerror = () => reject(read.error);
    read.onsuccess = () => resolve(read.result);
  };
})"""
OPENED_COPIES = """() => import('/js/store.js').then((store) => store.allCopies()).then((copies) =>
  copies.map(({ keyPair, ...copy }) => copy))"""
"""The copies as the wallet reads them once unlocked (the sealed fields opened)."""
EXPORT_PRIVATE_KEY = f"""async () => {{
  const copies = await ({STORED_KEYS})();
  const key = copies[0].keyPair.privateKey;
  const described = {{
    type: key.type, extractable: key.extractable, algorithm: key.algorithm.name,
  }};
  try {{
    await crypto.subtle.exportKey('jwk', key);
    return {{ ...described, exported: true }};
  }} catch (error) {{
    return {{ ...described, exported: false, error: error.name }};
  }}
}}"""


def attested_wallets(world: World) -> list[dict[str, str]]:
    """The wallets the issuer gave an access token after checking their attestation
    (``issuer.client_attestation``: OpenID4VCI 1.0 Appendix E)."""
    database = world.root / "issuer" / "issuer.sqlite"
    query = "SELECT detail FROM audit_log WHERE action = 'token.wallet_attested'"
    with closing(sqlite3.connect(database)) as connection:
        return [json.loads(detail) for (detail,) in connection.execute(query).fetchall()]


def test_receive_by_the_same_device_button(
    dutch_page: Page, issuer_url: str, wallet_url: str, world: World
) -> None:
    page = dutch_page
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    link, code = offer_on_the_issuer(page, issuer_url)
    attested_before = len(attested_wallets(world))
    assert link.startswith(f"{wallet_url}/#/offer?credential_offer_uri=")
    assert code.isdigit()

    open_wallet(page, link)
    expect(page.locator("h1")).to_have_text("Gegevens ontvangen")
    offered = page.locator("[data-offered] li")
    expect(offered.first).to_be_visible()
    names = offered.all_inner_texts()
    # the issuer is on the wallet's trust list (WALLET_TRUSTED_ISSUERS): no warning
    expect(page.locator("[data-untrusted]")).to_have_count(0)
    code_input = page.locator("#code")
    assert code_input.get_attribute("inputmode") == "numeric"
    assert code_input.get_attribute("autocomplete") == "one-time-code"

    code_input.fill(code)
    page.get_by_role("button", name="Gegevens ophalen").click()

    expect(page.locator("h1")).to_have_text("Mijn gegevens", timeout=30_000)
    expect(page.get_by_role("status")).to_contain_text("Gelukt")
    attested = attested_wallets(world)[attested_before:]
    assert attested == [{"wallet_provider": wallet_url, "wallet_name": "Regie wallet"}]
    cards = page.locator("[data-wallet-cards] .wallet-card__name")
    expect(cards).to_have_count(len(names))
    assert sorted(cards.all_inner_texts()) == sorted(names)

    copies = page.evaluate(OPENED_COPIES)
    assert len(copies) >= len(names)
    for copy in copies:
        assert copy["used"] is False
        assert copy["compact"].count("~") >= 1
        assert copy["vct"]
        assert copy["issuer"] == issuer_url
        assert copy["name"]["nl"]
        assert copy["name"]["en"]

    key = page.evaluate(EXPORT_PRIVATE_KEY)
    assert key == {
        "type": "private",
        "extractable": False,
        "algorithm": "ECDSA",
        "exported": False,
        "error": "InvalidAccessError",
    }

    page.evaluate(WORKER_READY)
    page.context.set_offline(True)
    reload_wallet(page)  # locked again, unlocked with the PIN
    expect(page.locator("h1")).to_have_text("Mijn gegevens")
    expect(page.locator("[data-wallet-cards] .wallet-card__name")).to_have_count(len(names))
    assert errors == []


def test_an_issuer_not_on_the_trust_list_gets_a_warning_and_nothing_without_consent(
    dutch_page: Page, issuer_url: str, world: World
) -> None:
    """The untrusting wallet's provider lists no issuer: the same offer gets the warning, and
    nothing is issued until the resident ticks that they are sure who gives it."""
    page = dutch_page
    link, code = offer_on_the_issuer(page, issuer_url)
    untrusting = world.start("untrusting_wallet")
    open_wallet(page, link.replace(world.url("wallet"), untrusting))
    warning = page.locator("[data-untrusted]")
    expect(warning).to_contain_text(
        "Gemeente Boxtel staat niet op de lijst van vertrouwde uitgevers"
    )
    page.locator("#code").fill(code)
    page.get_by_role("button", name="Gegevens ophalen").click()
    expect(page.locator("#code-fout")).to_contain_text("Vink eerst aan")
    assert page.url.startswith(f"{untrusting}/#/offer?")
    page.get_by_label("Ik weet zeker wie deze gegevens geeft").check()
    page.get_by_role("button", name="Gegevens ophalen").click()
    expect(page.locator("h1")).to_have_text("Mijn gegevens", timeout=30_000)
    expect(page.locator("[data-wallet-cards] .wallet-card__name").first).to_be_visible()


def test_a_wrong_code_is_said_and_nothing_stored(
    dutch_page: Page, issuer_url: str, wallet_url: str
) -> None:
    page = dutch_page
    link, code = offer_on_the_issuer(page, issuer_url)
    wrong = "".join("1" if c != "1" else "2" for c in code)
    open_wallet(page, link)
    page.locator("#code").fill(wrong)
    page.keyboard.press("Enter")
    alert = page.locator("#code-fout")
    expect(alert).to_contain_text("Deze code klopt niet")
    assert page.locator("#code").get_attribute("aria-invalid") == "true"
    assert page.evaluate("document.activeElement.id") == "code"
    open_wallet(page, f"{wallet_url}/#/")
    expect(page.locator("[data-wallet-empty]")).to_be_visible()


def test_paste_a_link(dutch_page: Page, issuer_url: str, wallet_url: str) -> None:
    """For who cannot scan: the QR code's ``openid-credential-offer://`` link, pasted."""
    page = dutch_page
    link, _ = offer_on_the_issuer(page, issuer_url)
    pasted = "openid-credential-offer://?" + link.split("?", 1)[1]
    open_wallet(page, wallet_url)
    page.get_by_role("link", name="Gegevens toevoegen met een link").click()
    field = page.get_by_label("Link")
    field.fill("https://example.nl/geen-aanbod")
    page.keyboard.press("Enter")
    expect(page.locator("#link-fout")).to_contain_text("niet voor de wallet")
    field.fill(pasted)
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Gegevens ontvangen")
    expect(page.locator("[data-offered] li").first).to_be_visible()
    expect(page.locator("#code")).to_be_visible()
