"""The inbox (issue 6) end to end: the resident shares data with the housing corporation from
the wallet (which gives the case a fresh mailbox at its provider, inside the encrypted
response), completes the intake; an officer changes the case's status in the back office;
the verifier delivers the message to the mailbox, the wallet fetches and decrypts it and shows
it in "Berichten" with its importance and the navigation's unread badge; opening it sends the
read receipt and the back office shows "gelezen"; "Mijn zaken" shows the case's status."""

from __future__ import annotations

import json
import re
import sqlite3
import time
from contextlib import closing

import httpx
from playwright.sync_api import Page, expect

from tests.browser.wallet import (
    consent_for,
    inbox_message,
    officer_client,
    officer_form,
    open_wallet,
    receive_all,
    submit_intake,
)
from tests.browser.world import World

HOUSING_PARTY = "woonstichting-de-kempen"


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

        # the wallet sent its receipt on opening the message; the world's verifier asks the
        # provider about a delivered unread message every 2 s (world.py), not once a minute
        deadline = time.monotonic() + 120
        view = ""
        while time.monotonic() < deadline:
            view = officer_form(officer, "Zaak bekijken", {"identification": identification})
            if "(high): gelezen / read" in view:
                break
            time.sleep(1)
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


REISSUE = {
    "id": "m-reissue",
    "mailbox": "mb-1",
    "sender": "http://127.0.0.1:1/issuer",
    "kind": "reissue",
    "importance": "high",
    "content": {
        "kind": "reissue",
        "text": {"nl": "Uw gegevens zijn veranderd.", "en": "Your details have changed."},
        "action": {
            "type": "reissue",
            "credential_configuration_id": "woonadres",
            "issuer": "ISSUER",
            "url": "ISSUER/",
            "label": {"nl": "Nieuwe Woonadres ophalen", "en": "Get new Home address"},
        },
        "sender_name": "Gemeente Boxtel",
    },
    "receivedAt": "2026-01-01T09:00:00+00:00",
    "readAt": None,
    "receiptSent": False,
}
SAVE = "(message) => import('/js/store.js').then((store) => store.saveMessages([message]))"
REMINDER = """([message, hours]) => import('/js/screens/inbox.js').then((inbox) => {
  const banner = inbox.reminder([message], new Date(message.receivedAt).getTime() + hours * 3600e3);
  return banner ? banner.dataset.reminder : null;
})"""


def test_a_re_issue_prompt_has_its_button_and_an_unread_important_message_a_reminder(
    phone: Page, issuer_url: str, wallet_url: str
) -> None:
    """The issuer's re-issue prompt (issuer/mailbox.py's content) as the wallet keeps it:
    "Berichten" shows the reminder for an important message unread for over a day, the
    message has the button that starts the new issuance at the municipality."""
    page = phone
    open_wallet(page, f"{wallet_url}/#/")
    prompt = json.loads(json.dumps(REISSUE).replace("ISSUER", issuer_url))
    assert page.evaluate(REMINDER, [prompt, 23]) is None
    assert page.evaluate(REMINDER, [prompt, 25]) == "m-reissue"
    page.evaluate(SAVE, prompt)
    page.goto(f"{wallet_url}/#/inbox")
    expect(page.locator("[data-reminder='m-reissue']")).to_contain_text("belangrijk bericht")
    expect(page.locator(".wallet-nav [data-unread]")).to_have_attribute("data-unread", "1")
    page.locator("[data-reminder] a").click()
    page.wait_for_url(re.compile(r"#/message\?id=m-reissue"))
    button = page.locator("[data-reissue]").get_by_role("link", name="Nieuwe Woonadres ophalen")
    expect(button).to_have_attribute("href", f"{issuer_url}/")
    expect(page.locator(".wallet-nav [data-unread]")).to_have_count(0)
    page.goto(f"{wallet_url}/#/inbox")
    expect(page.locator("[data-reminder]")).to_have_count(0)
    expect(page.locator("[data-message='m-reissue']")).to_have_attribute("data-read", "true")


INSTANCE = """() => import('/js/store.js').then((store) => store.providerInstance())
  .then((instance) => instance && instance.instanceId)"""


def test_the_wallet_registers_at_its_provider_and_deleting_it_deletes_the_instance(
    phone: Page, wallet_url: str
) -> None:
    page = phone
    open_wallet(page, f"{wallet_url}/#/")
    deadline = time.monotonic() + 30
    instance_id = None
    while instance_id is None and time.monotonic() < deadline:
        instance_id = page.evaluate(INSTANCE)  # registered in the background after unlocking
        time.sleep(0.2)
    assert isinstance(instance_id, str)
    status = httpx.get(f"{wallet_url}/api/wallet-instances/{instance_id}", timeout=10).json()
    assert status["status"] == "active"
    page.goto(f"{wallet_url}/#/settings")
    page.get_by_label("Typ VERWIJDEREN om te laten zien dat u het zeker weet").fill("VERWIJDEREN")
    page.get_by_role("button", name="Wallet verwijderen").click()
    expect(page.locator("h1")).to_have_text("De wallet is verwijderd")
    status = httpx.get(f"{wallet_url}/api/wallet-instances/{instance_id}", timeout=10).json()
    assert status["status"] == "deleted"
