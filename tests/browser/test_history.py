"""The history and "Mijn zaken" in Chromium: every issuance is logged (who, which card and
claims, when, the outcome), one entry or all of them can be deleted; "Mijn zaken" explains
itself while empty and lists a case written through the app's own store (until the consent
screen writes them), newest first, reachable from the history entry that started it."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.wallet import open_wallet, receive_all

ADD_CASE = """([name, useCase, at]) => import('/js/store.js').then(async (store) => {
  const party = { id: `x509_san_dns:${name.toLowerCase().replaceAll(' ', '-')}.example`, name };
  const caseId = await store.addCase({ party, useCase, at });
  await store.addHistory({
    kind: 'presentation', at, party, claims: [{ nl: 'Postcode', en: 'Postal code' }, 'Huisnummer'],
    outcome: 'shared', caseId,
  });
  return caseId;
})"""
"""A case and the disclosure that started it, as the consent screen will write them."""


def test_history_shows_every_issuance_and_deletes(
    dutch_page: Page, issuer_url: str, wallet_url: str
) -> None:
    page = dutch_page
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    open_wallet(page, f"{wallet_url}/#/")
    page.get_by_role("link", name="Geschiedenis").click()
    expect(page.locator("h1")).to_have_text("Geschiedenis")
    expect(page.locator("[data-history-empty]")).to_contain_text("nog niets")

    receive_all(page, issuer_url, wallet_url)
    names = page.locator("[data-wallet-cards] .wallet-card__name").all_inner_texts()
    page.locator(".wallet-card__link", has_text="Woonadres").click()
    page.locator("[data-card-claims]").wait_for()
    on_the_card = page.locator("[data-card-claims] dt").all_inner_texts()
    assert on_the_card
    page.get_by_role("link", name="Geschiedenis").click()
    entries = page.locator("[data-history-entry='issuance']")
    expect(entries).to_have_count(len(names))
    titles = entries.locator("h2").all_inner_texts()
    assert sorted(titles) == sorted(f"U kreeg de kaart {name}" for name in names)
    address = entries.filter(has_text="U kreeg de kaart Woonadres")
    expect(address).to_contain_text("Gemeente Boxtel")
    expect(address).to_contain_text("Ontvangen")
    # the claims the card holds, no more (its type metadata may name others)
    expect(address.locator("div", has_text="Welke gegevens").locator("dd")).to_have_text(
        ", ".join(on_the_card)
    )
    expect(address.locator("dd").first).to_have_text(re.compile(r"^\d+ \w+ \d{4} om \d{2}:\d{2}$"))

    delete = page.get_by_role(
        "button", name="Verwijder dit: U kreeg de kaart Woonadres", exact=False
    )
    expect(delete).to_have_count(1)
    delete.click()
    expect(page.get_by_role("status")).to_have_text("Dit deel van uw geschiedenis is verwijderd.")
    expect(entries).to_have_count(len(names) - 1)
    expect(entries.filter(has_text="U kreeg de kaart Woonadres")).to_have_count(0)

    page.get_by_role("button", name="Hele geschiedenis verwijderen").click()
    expect(page.locator("[data-confirm='delete-history'] p")).to_be_focused()
    page.get_by_role("button", name="Nee, bewaren").click()
    expect(entries).to_have_count(len(names) - 1)
    page.get_by_role("button", name="Hele geschiedenis verwijderen").click()
    page.get_by_role("button", name="Ja, alles verwijderen").click()
    expect(page.get_by_role("status")).to_have_text("Uw geschiedenis is verwijderd.")
    expect(page.locator("[data-history-empty]")).to_be_visible()
    stored = page.evaluate("import('/js/store.js').then((store) => store.history())")
    assert stored == []
    # the cards stay
    page.get_by_role("link", name="Mijn gegevens").click()
    expect(page.locator("[data-wallet-cards] .wallet-card__name")).to_have_count(len(names))
    assert errors == []


def test_cases_listed_newest_first_and_linked_from_the_history(
    dutch_page: Page, wallet_url: str
) -> None:
    page = dutch_page
    open_wallet(page, f"{wallet_url}/#/")
    page.get_by_role("link", name="Mijn zaken").click()
    expect(page.locator("h1")).to_have_text("Mijn zaken")
    expect(page.locator("[data-cases-empty]")).to_have_text(
        "U heeft nog geen zaken. Een zaak komt hier te staan als u gegevens deelt met een"
        " organisatie."
    )
    expect(page.get_by_text("Hoe het met uw zaak gaat, ziet u later ook hier.")).to_be_visible()

    older = page.evaluate(
        ADD_CASE,
        ["Gemeente Boxtel", "Parkeervergunning voor bewoners", "2026-03-01T09:00:00Z"],
    )
    newer = page.evaluate(
        ADD_CASE,
        [
            "Woningcorporatie De Kempen",
            {"nl": "Inschrijven als woningzoekende", "en": "Register as a home seeker"},
            "2026-03-02T10:30:00Z",
        ],
    )
    page.get_by_role("link", name="Mijn gegevens").click()
    page.get_by_role("link", name="Mijn zaken").click()
    cases = page.locator("[data-case]")
    expect(cases).to_have_count(2)
    expect(cases.locator("h2")).to_have_text(["Woningcorporatie De Kempen", "Gemeente Boxtel"])
    expect(cases.first).to_contain_text("Inschrijven als woningzoekende")
    expect(cases.first).to_contain_text("2 maart 2026 om")
    expect(cases.nth(1)).to_contain_text("Parkeervergunning voor bewoners")

    page.get_by_role("link", name="Geschiedenis").click()
    shared = page.locator("[data-history-entry='presentation']")
    expect(shared).to_have_count(2)
    expect(shared.first).to_contain_text("Woningcorporatie De Kempen")
    expect(shared.first).to_contain_text("Postcode, Huisnummer")
    expect(shared.first).to_contain_text("Gedeeld")
    shared.nth(1).get_by_role("link", name="Bekijk de zaak").click()
    expect(page).to_have_url(f"{wallet_url}/#/cases?id={older}")
    expect(page.locator("[data-case][aria-current='true']")).to_contain_text("Gemeente Boxtel")
    assert newer != older
