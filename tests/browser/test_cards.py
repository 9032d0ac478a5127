"""A card's details and deleting it, and deleting the whole wallet, in Chromium against the
real issuer: the card screen shows every claim of the stored credential under its label from
the type metadata (SD-JWT VC §5) in Dutch; deleting a card removes it and its copies (keys
included) and leaves the others; deleting the wallet, after typing the word, leaves nothing
of the old data in IndexedDB."""

from __future__ import annotations

import base64
import json
import re
from typing import Any
from urllib.parse import quote

from playwright.sync_api import Page, expect

from tests.browser.wallet import open_wallet, receive_all

COPIES = """import('/js/store.js').then((store) => store.allCopies()).then((copies) => copies.map(
  (copy) => ({card: copy.card, used: copy.used, compact: copy.compact, name: copy.name})))"""
"""The stored copies, read through the app's own store (which opens the sealed records)."""
EVERYTHING = """async () => {
  const text = (key, value) => {
    if (value instanceof CryptoKey) return `[CryptoKey ${value.type}]`;
    const bytes = value instanceof ArrayBuffer ? new Uint8Array(value) : value;
    if (!ArrayBuffer.isView(bytes)) return value;
    return [...new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)].join(',');
  };
  const everything = {};
  for (const { name } of await indexedDB.databases()) {
    const db = await new Promise((resolve, reject) => {
      const open = indexedDB.open(name);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    everything[name] = {};
    for (const store of db.objectStoreNames) {
      everything[name][store] = await new Promise((resolve, reject) => {
        const read = db.transaction(store).objectStore(store).getAll();
        read.onsuccess = () => resolve(read.result.map((record) => JSON.stringify(record, text)));
        read.onerror = () => reject(read.error);
      });
    }
    db.close();
  }
  return everything;
}"""
"""Every record of every IndexedDB database of the wallet's origin, as JSON text (bytes as
numbers, so sealed records compare too)."""

NO_FAILURES = '{"failures":0,"lockedUntil":0}'
"""The vault's attempt counter (vault.js ``NO_FAILURES``) as :data:`EVERYTHING` shows it."""


def _disclosed(compact: str) -> dict[str, Any]:
    """The claims in a compact SD-JWT's Disclosures (RFC 9901 §4.2.1), read here in Python."""
    claims: dict[str, Any] = {}
    for encoded in compact.split("~")[1:-1]:
        salt_name_value = json.loads(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))
        if len(salt_name_value) == 3:
            claims[salt_name_value[1]] = salt_name_value[2]
    return claims


def _copies(page: Page) -> list[dict[str, Any]]:
    copies: list[dict[str, Any]] = page.evaluate(COPIES)
    return copies


def _records(everything: dict[str, dict[str, list[str]]]) -> set[str]:
    """Every record, but the PIN attempt counter at zero, which is the same in every wallet."""
    return {
        record
        for stores in everything.values()
        for records in stores.values()
        for record in records
        if record != NO_FAILURES
    }


def _open_card(page: Page, name: str) -> None:
    page.locator("[data-wallet-cards] .wallet-card__link", has_text=name).click()
    expect(page.locator("h1")).to_have_text(name)


def test_a_card_shows_its_claims(dutch_page: Page, issuer_url: str, wallet_url: str) -> None:
    page = dutch_page
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    receive_all(page, issuer_url, wallet_url)
    copies = _copies(page)
    address = next(c for c in copies if c["name"]["nl"] == "Woonadres")
    claims = _disclosed(address["compact"])

    _open_card(page, "Woonadres")
    assert page.url == f"{wallet_url}/#/card?id={quote(address['card'], safe='')}"
    expect(page.get_by_text("Van Gemeente Boxtel")).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Ontvangen op \d+ \w+ \d{4}$"))).to_be_visible()
    unused = sum(1 for c in copies if c["card"] == address["card"] and not c["used"])
    expect(page.locator("[data-card-unused]")).to_have_text(f"Nog {unused} keer te gebruiken")
    street = page.locator("[data-claim='street']")
    expect(street.locator("dt")).to_have_text("Straat")
    expect(street.locator("dd")).to_have_text(claims["street"])
    expect(page.locator("[data-claim='postal_code'] dd")).to_have_text(claims["postal_code"])
    expect(page.locator("[data-claim='city'] dt")).to_have_text("Woonplaats")
    labels = page.locator("[data-card-claims] dt").all_inner_texts()
    assert len(labels) == len(claims)  # every claim, none of the registered ones (vct, cnf, ...)
    assert "vct" not in labels

    page.goto(f"{wallet_url}/#/")
    _open_card(page, "Persoonsgegevens")
    person = _disclosed(next(c for c in copies if c["name"]["nl"] == "Persoonsgegevens")["compact"])
    expect(page.locator("[data-claim='given_name'] dt")).to_have_text("Voornamen")
    expect(page.locator("[data-claim='given_name'] dd")).to_have_text(person["given_name"])
    year, _month, day = person["birthdate"].split("-")
    expect(page.locator("[data-claim='birthdate'] dd")).to_have_text(
        re.compile(rf"^{int(day)} \w+ {year}$")
    )
    adult = "Ja" if person["age_over_18"] else "Nee"
    expect(page.locator("[data-claim='age_over_18'] dd")).to_have_text(adult)
    nationalities = page.locator("[data-claim='nationalities'] .wallet-claim-line")
    expect(nationalities).to_have_text(person["nationalities"])
    assert errors == []


def test_deleting_a_card_removes_it_and_its_copies_and_leaves_the_others(
    dutch_page: Page, issuer_url: str, wallet_url: str
) -> None:
    page = dutch_page
    receive_all(page, issuer_url, wallet_url)
    before = _copies(page)
    names = page.locator("[data-wallet-cards] .wallet-card__name").all_inner_texts()
    assert "Woonadres" in names
    assert len(names) >= 2
    deleted = next(c["card"] for c in before if c["name"]["nl"] == "Woonadres")

    _open_card(page, "Woonadres")
    page.get_by_role("button", name="Kaart verwijderen").click()
    question = page.locator("[data-confirm='delete-card'] p")
    expect(question).to_contain_text("sleutels")
    expect(question).to_be_focused()
    page.get_by_role("button", name="Nee, kaart houden").click()
    expect(page.get_by_role("button", name="Kaart verwijderen")).to_be_focused()
    assert len(_copies(page)) == len(before)

    page.get_by_role("button", name="Kaart verwijderen").click()
    page.get_by_role("button", name="Ja, kaart verwijderen").click()
    expect(page.locator("h1")).to_have_text("Mijn gegevens")
    expect(page.get_by_role("status")).to_have_text(
        'De kaart "Woonadres" is van deze telefoon verwijderd.'
    )
    left = page.locator("[data-wallet-cards] .wallet-card__name")
    expect(left).to_have_count(len(names) - 1)
    assert sorted(left.all_inner_texts()) == sorted(n for n in names if n != "Woonadres")
    after = _copies(page)
    assert [c for c in after if c["card"] == deleted] == []
    assert after == [c for c in before if c["card"] != deleted]

    page.goto(f"{wallet_url}/#/card?id={quote(deleted, safe='')}")
    expect(page.locator("h1")).to_have_text("Deze kaart staat niet (meer) in de wallet.")


def test_deleting_the_wallet_leaves_nothing(
    dutch_page: Page, issuer_url: str, wallet_url: str
) -> None:
    page = dutch_page
    receive_all(page, issuer_url, wallet_url)
    page.evaluate(
        "import('/js/store.js').then((store) => store.addCase({"
        "party: {id: 'x509_san_dns:woningcorporatie.example', name: 'Woningcorporatie'},"
        "useCase: {nl: 'Inschrijven', en: 'Register'}}))"
    )
    old: dict[str, dict[str, list[str]]] = page.evaluate(EVERYTHING)
    copies = len(_copies(page))
    assert len(old["regie-wallet"]["copies"]) == copies
    assert len(old["regie-wallet"]["cases"]) == 1
    old_records = _records(old)

    page.get_by_role("link", name="Instellingen").click()
    expect(page.locator("h1")).to_have_text("Instellingen")
    expect(page.locator("[data-language]")).to_contain_text("taal van uw telefoon of browser")
    field = page.get_by_label("Typ VERWIJDEREN om te laten zien dat u het zeker weet")
    field.fill("weg")
    page.get_by_role("button", name="Wallet verwijderen").click()
    expect(page.locator("#verwijder-fout")).to_contain_text("Typ precies het woord VERWIJDEREN")
    expect(field).to_be_focused()
    assert len(_copies(page)) == copies

    field.fill(" verwijderen ")
    page.get_by_role("button", name="Wallet verwijderen").click()
    expect(page.locator("h1")).to_have_text("De wallet is verwijderd")
    page.get_by_role("link", name="Opnieuw beginnen").click()
    page.wait_for_load_state()
    open_wallet(page, f"{wallet_url}/#/")
    expect(page.locator("[data-wallet-empty]")).to_be_visible()

    now: dict[str, dict[str, list[str]]] = page.evaluate(EVERYTHING)
    assert _records(now).isdisjoint(old_records)
    for store in ("copies", "history", "cases"):
        assert now.get("regie-wallet", {}).get(store, []) == []
    # the new wallet registers a new instance key at its provider at once (issue 6): only that
    provider = now.get("regie-wallet", {}).pop("provider", [])
    assert len(provider) <= 1
    assert "CryptoKey" not in json.dumps(now)
    page.goto(f"{wallet_url}/#/history")
    expect(page.locator("[data-history-empty]")).to_be_visible()
    page.goto(f"{wallet_url}/#/cases")
    expect(page.locator("[data-cases-empty]")).to_be_visible()
