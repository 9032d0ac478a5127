"""Backup and restore (issue 6) in two browser profiles: on the first phone the resident
receives credentials, shares data with the housing corporation (a case whose "ontvangen"
message reaches the inbox) and makes a backup with a new recovery phrase; on a new phone (a
fresh browser context: nothing in IndexedDB) the phrase brings history, cases and inbox back,
the screen explains that credentials must be fetched again and offers the municipality's
page to do so. A wrong phrase is refused in plain words."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.wallet import (
    consent_for,
    inbox_message,
    open_wallet,
    phone_context,
    receive_all,
    stored,
    submit_intake,
)


@pytest.fixture
def old_phone(browser: Browser) -> Iterator[Page]:
    context = phone_context(browser)
    yield context.new_page()
    context.close()


@pytest.fixture
def new_phone(browser: Browser) -> Iterator[Page]:
    context = phone_context(browser)
    yield context.new_page()
    context.close()


def _without_ids(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(({k: v for k, v in row.items() if k != "sealed"} for row in rows), key=str)


def test_backup_on_one_phone_and_restore_on_a_new_one(
    old_phone: Page, new_phone: Page, issuer_url: str, verifier_url: str, wallet_url: str
) -> None:
    page = old_phone
    receive_all(page, issuer_url, wallet_url)
    consent_for(page, verifier_url)
    page.get_by_role("button", name="Delen", exact=True).click()
    submit_intake(page, verifier_url)
    open_wallet(page, f"{wallet_url}/#/inbox")
    inbox_message(page, importance="normal").get_by_role("link").click()  # read it
    expect(page.locator("[data-message-detail]")).to_be_visible()

    page.goto(f"{wallet_url}/#/backup")
    expect(page.locator("h1")).to_have_text("Back-up maken")
    page.locator("[data-backup-make]").click()
    expect(page.locator("h1")).to_have_text("Uw herstelzin")
    expect(page.get_by_text("Niemand van de gemeente")).to_be_visible()
    words = page.locator("[data-phrase] li").all_inner_texts()
    assert len(words) == 12
    page.locator("[data-backup-written]").click()
    expect(page.locator("[data-backup-saved]")).to_be_visible(timeout=30_000)
    history, cases, inbox = (stored(page, name) for name in ("history", "cases", "inbox"))
    assert len(cases) == 1
    assert inbox
    assert inbox[0]["readAt"] is not None

    phone = new_phone
    open_wallet(phone, f"{wallet_url}/#/restore")  # a new wallet: a new PIN first
    assert stored(phone, "history") == []
    field = phone.get_by_label("Herstelzin (12 woorden)")
    wrong = [*words[:11], "gemeente"]
    field.fill(" ".join(wrong))
    phone.locator("[data-restore-go]").click()
    expect(phone.locator("#herstel-fout")).to_contain_text("Deze herstelzin klopt niet")

    field.fill("  ".join(word.upper() for word in words))  # as typed: capitals, spaces
    phone.locator("[data-restore-go]").click()
    expect(phone.locator("[data-restored]")).to_be_visible(timeout=30_000)
    offer = phone.locator("[data-reissue-offer]")
    expect(offer).to_contain_text("Haal ze opnieuw op")
    again = offer.get_by_role("link", name="Opnieuw ophalen bij Gemeente Boxtel")
    expect(again).to_have_attribute("href", f"{issuer_url}/")

    assert _without_ids(stored(phone, "history")) == _without_ids(history)
    assert _without_ids(stored(phone, "cases")) == _without_ids(cases)
    assert _without_ids(stored(phone, "inbox")) == _without_ids(inbox)
    assert stored(phone, "allCopies") == []  # credentials stay on the old phone

    phone.goto(f"{wallet_url}/#/inbox")
    expect(phone.locator("[data-inbox] [data-message]")).to_have_count(len(inbox))
    phone.goto(f"{wallet_url}/#/cases")
    expect(phone.locator("[data-case-status]")).to_have_attribute("data-case-status", "ontvangen")
