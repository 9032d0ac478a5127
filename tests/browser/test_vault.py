"""The wallet's vault in Chromium: the first start sets a PIN, a reload locks the wallet and
asks it again, wrong PINs are said, then waited out (``page.clock``), and the tenth wipes the
wallet (the issue's "PIN lockout"); the raw IndexedDB of a wallet holding credentials shows no
claim value, vct or issuer URL; a same-device link opened while locked goes on after
unlocking; a passkey with the WebAuthn PRF extension (a CDP virtual authenticator) unlocks too.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect

from tests.browser.chromium import FLAGS
from tests.browser.wallet import (
    PIN,
    READY,
    VAULT,
    offer_on_the_issuer,
    open_wallet,
    receive_all,
    reload_wallet,
)

RAW_DATABASE = """() => new Promise((resolve, reject) => {
  const open = indexedDB.open('regie-wallet');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const db = open.result;
    const names = [...db.objectStoreNames];
    const transaction = db.transaction(names);
    const dump = {};
    for (const name of names) {
      const read = transaction.objectStore(name).getAll();
      read.onsuccess = () => { dump[name] = read.result; };
    }
    transaction.onerror = () => reject(transaction.error);
    transaction.oncomplete = () => {
      const bytes = (value) => String.fromCharCode(...value);
      resolve(JSON.stringify(dump, (key, value) => {
        if (value instanceof Uint8Array) return bytes(value);
        if (value instanceof CryptoKey) return { type: value.type, extractable: value.extractable };
        return value;
      }));
    };
  };
})"""
"""Every record of every store as a copied profile holds it, bytes as Latin-1 text."""
OPENED = """() => import('/js/store.js').then((store) => store.allCopies())
  .then((copies) => copies.map(({ compact, vct, issuer }) => ({ compact, vct, issuer })))"""
"""What the unlocked wallet reads from its copies: the secrets the stored bytes must not show."""
WRONG = "135791"


def _type_pin(page: Page, pin: str) -> None:
    page.locator("#pin").fill(pin)
    page.get_by_role("button", name="Ontgrendelen", exact=True).click()


def _navigation(page: Page) -> int:
    return page.get_by_role("navigation", name="Hoofdmenu").count()


def test_first_start_sets_a_pin(dutch_page: Page, wallet_url: str) -> None:
    page = dutch_page
    page.goto(f"{wallet_url}/#/history")
    page.locator(READY).wait_for(state="attached")
    expect(page.locator("h1")).to_have_text("Wallet beveiligen")
    expect(page.get_by_text("zonder de pincode kan niemand ze lezen")).to_be_visible()
    assert _navigation(page) == 0
    pin = page.get_by_label("Nieuwe pincode")
    assert pin.get_attribute("inputmode") == "numeric"
    assert pin.get_attribute("type") == "password"
    assert pin.get_attribute("autocomplete") == "new-password"
    again = page.get_by_label("Typ de pincode nog een keer")
    submit = page.get_by_role("button", name="Pincode instellen")

    pin.fill("1234")
    submit.click()
    expect(page.get_by_role("alert")).to_have_text(
        "Een pincode heeft 5 of 6 cijfers. Gebruik alleen cijfers."
    )
    assert pin.get_attribute("aria-invalid") == "true"
    assert page.evaluate("document.activeElement.id") == "pin"
    pin.fill("123456")
    again.fill("123456")
    submit.click()
    expect(page.get_by_role("alert")).to_contain_text("te makkelijk te raden")
    pin.fill(PIN)
    again.fill("246811")
    submit.click()
    expect(page.get_by_role("alert")).to_contain_text("niet hetzelfde")
    assert page.evaluate("document.activeElement.id") == "pin-again"

    again.fill(PIN)
    submit.click()
    # no passkey here (no platform authenticator): straight on to the screen asked for
    expect(page.locator("h1")).to_have_text("Geschiedenis")
    expect(page.locator(VAULT.format("open"))).to_have_count(1)
    assert _navigation(page) == 1


def test_reload_locks_and_a_wrong_pin_is_said(dutch_page: Page, wallet_url: str) -> None:
    page = dutch_page
    open_wallet(page, f"{wallet_url}/#/")
    expect(page.locator("h1")).to_have_text("Mijn gegevens")
    page.reload()
    page.locator(READY).wait_for(state="attached")
    expect(page.locator("h1")).to_have_text("Wallet ontgrendelen")
    assert _navigation(page) == 0
    assert page.get_by_label("Pincode").get_attribute("autocomplete") == "current-password"
    _type_pin(page, WRONG)
    expect(page.locator("#pin-fout")).to_have_text(
        "Deze pincode klopt niet. U kunt het nog 9 keer proberen. Daarna wordt de wallet gewist."
    )
    assert page.evaluate("document.activeElement.id") == "pin"
    _type_pin(page, PIN)
    expect(page.locator("h1")).to_have_text("Mijn gegevens")
    assert _navigation(page) == 1

    # "Vergrendelen" (#/lock) locks at once; unlocking goes back to "Mijn gegevens"
    page.goto(f"{wallet_url}/#/lock")
    expect(page.locator("h1")).to_have_text("Wallet ontgrendelen")
    _type_pin(page, PIN)
    expect(page.locator("h1")).to_have_text("Mijn gegevens")
    assert page.evaluate("location.hash") == "#/"


def test_pin_lockout(dutch_page: Page, wallet_url: str) -> None:
    """Three free tries, then waits said in words (fast-forwarded with ``page.clock``), the
    wait kept over a reload, and the tenth wrong PIN deletes the whole wallet."""
    page = dutch_page
    page.clock.install()
    open_wallet(page, f"{wallet_url}/#/")
    page.reload()
    page.locator(READY).wait_for(state="attached")
    alert = page.locator("#pin-fout")
    wait = page.locator("#pin-wacht")
    for left in (9, 8):
        _type_pin(page, WRONG)
        expect(alert).to_contain_text(f"nog {left} keer")
    _type_pin(page, WRONG)
    expect(alert).to_contain_text("nog 7 keer")
    expect(wait).to_have_text(
        "U heeft te vaak een verkeerde pincode getypt. Wacht nog 30 seconden. "
        "Daarna kunt u het opnieuw proberen."
    )
    expect(page.locator("#pin")).to_be_disabled()
    announced = page.locator("[data-vault-unlock] [role='status'].regie-visually-hidden")
    expect(announced).to_contain_text("Wacht nog 30 seconden.")  # once, not every second
    page.clock.fast_forward(11_000)
    expect(wait).to_contain_text(re.compile(r"Wacht nog 1[89] seconden\."))

    page.reload()  # the counter is kept in IndexedDB: the wait goes on
    page.locator(READY).wait_for(state="attached")
    expect(wait).to_contain_text(re.compile(r"Wacht nog 1[0-9] seconden\."))
    page.clock.fast_forward(20_000)
    expect(page.locator("#pin")).to_be_enabled()
    expect(wait).to_have_text("")
    expect(announced).to_have_text("U kunt uw pincode weer typen.")

    waits = ["1 minuut", "2 minuten", "5 minuten", "15 minuten", "30 minuten", "1 uur"]
    for left, said in zip(range(6, 0, -1), waits, strict=True):
        _type_pin(page, WRONG)
        expect(alert).to_contain_text("laatste poging" if left == 1 else f"nog {left} keer")
        expect(wait).to_contain_text(f"Wacht nog {said}.")
        page.clock.fast_forward("01:00:00")
        expect(page.locator("#pin")).to_be_enabled()

    _type_pin(page, WRONG)
    expect(page.locator("h1")).to_have_text("Uw wallet is gewist")
    expect(page.get_by_role("alert")).to_contain_text("10 keer een verkeerde pincode")
    expect(page.get_by_text("Haal daarna uw gegevens opnieuw op")).to_be_visible()
    assert _navigation(page) == 0
    databases = page.evaluate("indexedDB.databases().then((all) => all.map((db) => db.name))")
    assert "regie-wallet" not in databases
    page.get_by_role("button", name="Nieuwe pincode maken").click()
    expect(page.locator("h1")).to_have_text("Wallet beveiligen")


AWAY = """(state) => {
  Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
  document.dispatchEvent(new Event('visibilitychange'));
}"""
"""The app going out of sight (``hidden``: another app, the screen off) or coming back."""


def test_locked_again_after_five_minutes_away(dutch_page: Page, wallet_url: str) -> None:
    page = dutch_page
    page.clock.install()
    open_wallet(page, f"{wallet_url}/#/history")
    expect(page.locator("h1")).to_have_text("Geschiedenis")
    page.evaluate(AWAY, "hidden")
    page.clock.fast_forward("04:00")
    page.evaluate(AWAY, "visible")
    expect(page.locator(VAULT.format("open"))).to_have_count(1)
    expect(page.locator("h1")).to_have_text("Geschiedenis")

    page.evaluate(AWAY, "hidden")
    page.clock.fast_forward("05:01")
    page.evaluate(AWAY, "visible")
    expect(page.locator("h1")).to_have_text("Wallet ontgrendelen")
    assert _navigation(page) == 0
    _type_pin(page, PIN)
    expect(page.locator("h1")).to_have_text("Geschiedenis")


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _claim_values(compact: str) -> set[str]:
    """The string values in an SD-JWT's disclosures (RFC 9901 §4.2)."""
    values: set[str] = set()
    for disclosure in compact.split("~")[1:]:
        if disclosure:
            decoded = json.loads(
                base64.urlsafe_b64decode(disclosure + "=" * (-len(disclosure) % 4))
            )
            values.update(_strings(decoded[-1]))
    return values


def test_a_copied_profile_reveals_nothing(
    dutch_page: Page, issuer_url: str, wallet_url: str
) -> None:
    page = dutch_page
    receive_all(page, issuer_url, wallet_url)
    opened = page.evaluate(OPENED)
    assert opened
    secrets = {issuer_url, "Gemeente Boxtel", "Persoonsgegevens"}
    for copy in opened:
        secrets |= {copy["vct"], copy["issuer"], copy["compact"].split("~")[0][:40]}
        secrets |= {value for value in _claim_values(copy["compact"]) if len(value) >= 4}
    assert len(secrets) > 10

    raw = page.evaluate(RAW_DATABASE)
    stored = json.loads(raw)
    assert len(stored["copies"]) == len(opened)
    assert stored["history"]
    for copy in stored["copies"]:
        assert sorted(copy) == ["card", "id", "keyPair", "sealed", "used"]
        assert copy["keyPair"]["privateKey"] == {"type": "private", "extractable": False}
    assert [sorted(entry) for entry in stored["history"]] == [["id", "sealed"]] * len(
        stored["history"]
    )
    found = sorted(secret for secret in secrets if secret in raw)
    assert found == []

    # what is readable needs the PIN: after a reload the store refuses until unlocked
    page.reload()
    page.locator(READY).wait_for(state="attached")
    refused = page.evaluate(
        "() => import('/js/store.js').then((store) => store.allCopies())"
        ".then(() => 'read', (error) => error.code)"
    )
    assert refused == "wallet_locked"


def test_a_copied_profile_on_disk_reveals_nothing(
    playwright: Playwright, chromium: Path, tmp_path: Path, issuer_url: str, wallet_url: str
) -> None:
    """The wallet's IndexedDB files of a profile on disk, as a copy of it would hold them: no
    claim value, vct or issuer URL in them, while a control value written in the clear next to
    them is found (so the files are read as they are, not compressed out of sight)."""
    profile = tmp_path / "profile"
    context = playwright.chromium.launch_persistent_context(
        profile, executable_path=chromium, args=list(FLAGS), headless=True, locale="nl-NL"
    )
    control = "regie-control-value-in-the-clear"
    try:
        page = context.pages[0] if context.pages else context.new_page()
        receive_all(page, issuer_url, wallet_url)
        copies = page.evaluate(OPENED)
        page.evaluate(
            """(control) => new Promise((resolve, reject) => {
              const open = indexedDB.open('regie-control', 1);
              open.onupgradeneeded = () => open.result.createObjectStore('plain');
              open.onsuccess = () => {
                const write = open.result.transaction('plain', 'readwrite');
                write.objectStore('plain').put({ control }, 1);
                write.oncomplete = () => { open.result.close(); resolve(); };
                write.onerror = () => reject(write.error);
              };
            })""",
            control,
        )
    finally:
        context.close()
    secrets = {issuer_url, "Gemeente Boxtel", "Persoonsgegevens"}
    for copy in copies:
        secrets |= {copy["vct"], copy["issuer"], copy["compact"].split("~")[0][:40]}
        secrets |= {value for value in _claim_values(copy["compact"]) if len(value) >= 4}
    files = [path for path in profile.rglob("*") if path.is_file() and "IndexedDB" in path.parts]
    on_disk = b"".join(path.read_bytes() for path in files)
    assert control.encode() in on_disk
    found = sorted(secret for secret in secrets if secret.encode() in on_disk)
    assert found == []


def test_a_link_opened_while_locked_goes_on_after_unlocking(
    dutch_page: Page, issuer_url: str, wallet_url: str
) -> None:
    page = dutch_page
    open_wallet(page, f"{wallet_url}/#/")
    link, _ = offer_on_the_issuer(page, issuer_url)
    page.goto(link)
    page.locator(READY).wait_for(state="attached")
    expect(page.locator("h1")).to_have_text("Wallet ontgrendelen")
    _type_pin(page, PIN)
    expect(page.locator("h1")).to_have_text("Gegevens ontvangen")
    assert page.evaluate("location.hash").startswith("#/offer?credential_offer_uri=")
    expect(page.locator("#code")).to_be_visible()


def _with_passkey(context: BrowserContext, page: Page) -> None:
    """Chromium's virtual authenticator (CDP ``WebAuthn``): a platform authenticator
    (``internal``) that verifies the user and has the PRF extension."""
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "ctap2Version": "ctap2_1",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "hasPrf": True,
                "automaticPresenceSimulation": True,
            }
        },
    )


@pytest.fixture
def passkey_page(browser: Browser, wallet_url: str) -> Iterator[tuple[Page, str]]:
    """A Dutch page with the virtual authenticator, and the wallet's URL on ``localhost``: an
    IP address can never be a WebAuthn RP ID."""
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    _with_passkey(context, page)
    yield page, wallet_url.replace("127.0.0.1", "localhost")
    context.close()


def test_passkey_with_prf_unlocks(passkey_page: tuple[Page, str]) -> None:
    page, wallet = passkey_page
    page.goto(f"{wallet}/#/")
    page.get_by_label("Nieuwe pincode").fill(PIN)
    page.get_by_label("Typ de pincode nog een keer").fill(PIN)
    page.get_by_role("button", name="Pincode instellen").click()
    expect(page.locator("h1")).to_have_text("Sneller ontgrendelen?")
    page.get_by_role("button", name="Ontgrendelen met vingerafdruk of gezicht").click()
    expect(page.locator("h1")).to_have_text("Mijn gegevens")
    expect(page.get_by_role("status")).to_contain_text("vingerafdruk of gezicht")
    stored = json.loads(page.evaluate(RAW_DATABASE))
    vault = next(record for record in stored["vault"] if "pin" in record)
    assert sorted(vault["passkey"]) == [
        "credentialId",
        "hkdfSalt",
        "prfSalt",
        "wrapped",
    ]

    page.reload()
    expect(page.locator("h1")).to_have_text("Wallet ontgrendelen")
    page.get_by_role("button", name="Ontgrendelen met vingerafdruk of gezicht").click()
    expect(page.locator("h1")).to_have_text("Mijn gegevens")

    reload_wallet(page)  # the PIN stays as the fallback
    expect(page.locator("h1")).to_have_text("Mijn gegevens")

    # turned off in the settings: the unlock screen asks the PIN only
    page.goto(f"{wallet}/#/settings")
    page.get_by_role("button", name="Vingerafdruk of gezicht uitzetten").click()
    part = page.locator("[data-vault-passkey-setting]")
    expect(part.get_by_label("Uw pincode nu")).to_be_visible()  # saved: it offers to turn on
    page.reload()
    expect(page.locator("h1")).to_have_text("Wallet ontgrendelen")
    expect(page.locator("[data-vault-passkey]")).to_have_count(0)


def test_passkey_turned_on_in_the_settings(passkey_page: tuple[Page, str]) -> None:
    page, wallet = passkey_page
    open_wallet(page, f"{wallet}/#/settings")  # declines the passkey at first
    part = page.locator("[data-vault-passkey-setting]")
    part.get_by_label("Uw pincode nu").fill(WRONG)
    part.get_by_role("button", name="Ontgrendelen met vingerafdruk of gezicht").click()
    expect(part.get_by_role("alert")).to_contain_text("nog 9 keer")
    part.get_by_label("Uw pincode nu").fill(PIN)
    part.get_by_role("button", name="Ontgrendelen met vingerafdruk of gezicht").click()
    expect(part.get_by_role("status").first).to_contain_text("U kunt de wallet nu ook openen")
    page.reload()
    page.get_by_role("button", name="Ontgrendelen met vingerafdruk of gezicht").click()
    expect(page.locator("h1")).to_have_text("Instellingen")


def test_change_the_pin_and_lock(dutch_page: Page, wallet_url: str) -> None:
    page = dutch_page
    open_wallet(page, f"{wallet_url}/#/settings")
    form = page.locator("[data-vault-change]")
    form.get_by_label("Uw pincode nu").fill(WRONG)
    form.get_by_label("Nieuwe pincode").fill("97531")
    form.get_by_label("Typ de pincode nog een keer").fill("97531")
    form.get_by_role("button", name="Pincode wijzigen").click()
    expect(form.get_by_role("alert")).to_contain_text("Deze pincode klopt niet")
    form.get_by_label("Uw pincode nu").fill(PIN)
    form.get_by_role("button", name="Pincode wijzigen").click()
    expect(form.get_by_role("status")).to_have_text("Uw pincode is gewijzigd.")

    page.get_by_role("link", name="Vergrendelen").click()
    expect(page.locator("h1")).to_have_text("Wallet ontgrendelen")
    _type_pin(page, PIN)
    expect(page.locator("#pin-fout")).to_contain_text("Deze pincode klopt niet")
    _type_pin(page, "97531")
    expect(page.locator("h1")).to_have_text("Mijn gegevens")
