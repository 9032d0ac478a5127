"""The inbox (issue 6) end to end: the resident shares data with the housing corporation from
the wallet (which gives the case a fresh mailbox at its provider, inside the encrypted
response), completes the intake; an officer changes the case's status in the back office;
the verifier delivers the message to the mailbox, the wallet fetches and decrypts it and shows
it in "Berichten" with its importance and the navigation's unread badge; opening it sends the
read receipt and the back office shows "gelezen"; "Mijn zaken" shows the case's status."""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.test_present import consent_for, phone_context
from tests.browser.wallet import (
    inbox_message,
    officer_client,
    officer_form,
    open_wallet,
    receive_all,
    submit_intake,
)
from tests.browser.world import World

HOUSING_PARTY = "woonstichting-de-kempen"


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = phone_context(browser)
    yield context.new_page()
    context.close()


def test_a_status_change_reaches_the_inbox_and_its_reading_the_back_office(
    phone: Page, world: World, issuer_url: str, verifier_url: str, wallet_url: str
) -> None:
    page = phone
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    receive_all(page, issuer_url, wallet_url)
    consent_for(page, verifier_url)
    page.get_by_role("button", name="Delen", exact=True).click()
    identification = submit_intake(page, verifier_url)

    with officer_client(world, verifier_url, HOUSING_PARTY) as officer:
        changed = officer_form(
            officer,
            "Status wijzigen",
            {
                "identification": identification,
                "status": "meer_informatie_nodig",
                "explanation": "Stuur ons uw loonstrook.",
            },
        )
        assert identification in changed

        open_wallet(page, f"{wallet_url}/#/inbox")
        important = inbox_message(page, importance="high")
        expect(important).to_contain_text("Belangrijk")
        expect(important).to_have_attribute("data-read", "false")
        badge = page.locator(".wallet-nav a[href='#/inbox'] [data-unread]")
        expect(badge).to_be_visible()
        expect(badge).to_contain_text("ongelezen")  # in the link's name for screen readers
        unread_before = int(badge.get_attribute("data-unread") or "0")
        assert unread_before >= 1

        important.get_by_role("link").click()
        page.wait_for_url(re.compile(r"#/message\?id="))
        expect(page.locator("[data-message-detail]")).to_contain_text(identification)
        expect(page.locator("h1")).to_contain_text("Belangrijk")
        # the badge counts one fewer once the message is opened
        if unread_before == 1:
            expect(badge).to_have_count(0)
        else:
            expect(badge).to_have_attribute("data-unread", str(unread_before - 1))

        page.goto(f"{wallet_url}/#/cases")
        expect(page.locator("[data-case-status]")).to_have_attribute(
            "data-case-status", "meer_informatie_nodig"
        )
        expect(page.locator("[data-case-message]").first).to_be_visible()

        # the verifier asks the provider about unread messages at most once a minute
        deadline = time.monotonic() + 120
        view = ""
        while time.monotonic() < deadline:
            view = officer_form(officer, "Zaak bekijken", {"identification": identification})
            if "(high): gelezen / read" in view:
                break
            time.sleep(3)
        assert "(high): gelezen / read" in view, view
        assert errors == []


def test_receiving_gives_the_municipality_a_mailbox_for_re_issue_prompts(
    phone: Page, world: World, issuer_url: str, wallet_url: str
) -> None:
    """After an issuance the wallet sends ``credential_accepted`` with a fresh mailbox as
    ``mailbox_uri`` (OpenID4VCI 1.0 §11.1); the issuer keeps it for its re-issue prompts."""
    database = world.root / "issuer" / "issuer.sqlite"
    world.start("issuer")

    def mailboxes() -> set[str]:
        with closing(sqlite3.connect(database)) as connection:
            rows = connection.execute("SELECT mailbox_url FROM resident_mailbox").fetchall()
        return {str(url) for (url,) in rows}

    before = mailboxes()
    receive_all(phone, issuer_url, wallet_url)
    deadline = time.monotonic() + 30
    new: set[str] = set()
    while time.monotonic() < deadline and not new:
        new = mailboxes() - before
        time.sleep(0.5)
    assert new, "the issuer got no new mailbox"
    assert all(url.startswith(f"{wallet_url}/api/mailboxes/") for url in new)
