"""Web push in the real browser (issue 6; docs/wallet-provider.md, "Web push"): "Meldingen" per
sender on a message's screen, the provider's push, and the service worker's push handler.

A message comes from a sender (a relying party certified by the world's demo CA, as the
verifier's are) to a mailbox the wallet app made for it, at the world's real wallet provider.

What Chromium cannot do here, and what stands in for it:

- ``pushManager.subscribe`` needs the browser's push service (Google's FCM for Chromium), which
  the test machine cannot reach: in an off-the-record context Chromium refuses at once
  ("AbortError: Registration failed - permission denied", even with the permission granted),
  in a profile on disk it never answers. The second test shows what the resident sees then;
  the first replaces only ``PushManager.subscribe`` with a subscription at a local push service
  (:func:`tests.wallet_api.provider.push_service`), so the app's own code registers it at the
  provider, and the provider's real push (RFC 8291 encrypted, VAPID) lands there.
- The browser would decrypt that push and hand it to the service worker; here the test
  decrypts it and hands the payload to the service worker with the DevTools protocol
  (``ServiceWorker.deliverPushMessage``), which fires the same ``push`` event.
- A click on a notification cannot be made: Chromium has no DevTools command for it, and a
  ``notificationclick`` made by script is untrusted (``waitUntil`` throws and
  ``clients.openWindow`` needs the user's click), so sw.js's click handler stays untested here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import CDPSession, Page, Playwright, Request, expect

from standards.jose import encrypt_jwe
from tests.browser.chromium import FLAGS
from tests.browser.test_inbox import INSTANCE
from tests.browser.wallet import inbox_message, open_wallet
from tests.browser.world import World
from tests.wallet_api.provider import (
    BrowserPushKeys,
    Sender,
    new_sender,
    push_service,
    sender_ca,
    wait_for,
)

SENDER_NAME = "Woonstichting Proef"
PUSH_SUBSCRIBE_MS = "import('/js/screens/inbox.js').then((inbox) => inbox.PUSH_SUBSCRIBE_MS)"
"""How long the wallet waits for the browser's push service, in ms (20 s)."""
SYNC_MS = "import('/js/screens/inbox.js').then((inbox) => inbox.SYNC_MS)"
"""How often the open wallet fetches its messages, in ms (20 s)."""
MAKE_MAILBOX = """([sender, name]) => import('/js/provider.js')
  .then((provider) => provider.createMailbox({ sender, name }))"""
STAND_IN = """(subscription) => {
  PushManager.prototype.subscribe = async () => ({ toJSON: () => subscription });
}"""
"""The browser's push service, replaced by the local one (see the module's documentation)."""
NOTIFICATIONS = """() => navigator.serviceWorker.ready
  .then((registration) => registration.getNotifications())
  .then((shown) => shown.map((n) => ({
    title: n.title, body: n.body, tag: n.tag, requireInteraction: n.requireInteraction,
    data: n.data })))"""


@pytest.fixture
def sender(world: World, issuer_url: str) -> Sender:
    """A relying party certified by the demo CA (which the world's issuer makes)."""
    del issuer_url
    return new_sender(sender_ca(world.root), SENDER_NAME, "proef.example")


def wallet_with_mailbox(page: Page, wallet_url: str, sender: Sender) -> dict[str, str]:
    """Open the wallet, wait until it is registered at its provider, and let the app make a
    mailbox for ``sender`` (as it does for a relying party when sharing); ``{id, url}``."""
    open_wallet(page, f"{wallet_url}/#/")
    page.wait_for_function(INSTANCE, polling=200)
    mailbox: dict[str, str] = page.evaluate(MAKE_MAILBOX, [sender.client_id, SENDER_NAME])
    return mailbox


def post(sender: Sender, mailbox: str, text: str, *, importance: str) -> str:
    """The sender posts a message (its content encrypted to the mailbox key); its id."""
    key = httpx.get(mailbox, timeout=10).json()["encryption_key"]
    content = {"kind": "status", "text": {"nl": text, "en": text}, "sender_name": SENDER_NAME}
    jwe = encrypt_jwe(json.dumps(content).encode(), key, enc="A128GCM")
    answer = httpx.post(
        f"{mailbox}/messages",
        content=sender.message(mailbox, jwe, importance=importance),
        headers={"Content-Type": "application/jwt"},
        timeout=10,
    )
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


def open_message(page: Page, wallet_url: str, importance: str) -> None:
    """On "Berichten", open the newest message of ``importance``."""
    page.goto(f"{wallet_url}/#/inbox")
    inbox_message(page, importance=importance).get_by_role("link").click()
    page.wait_for_url(re.compile(r"#/message\?id="))


def deliver_push(page: Page, origin: str, data: str) -> None:
    """What the browser does with a push for ``origin``: fire the service worker's ``push``
    event with ``data`` (DevTools protocol, ``ServiceWorker.deliverPushMessage``)."""
    cdp: CDPSession = page.context.new_cdp_session(page)
    registrations: list[str] = []

    def updated(event: dict[str, Any]) -> None:
        registrations.extend(
            r["registrationId"]
            for r in event["registrations"]
            if r["scopeURL"] == f"{origin}/" and not r["isDeleted"]
        )

    cdp.on("ServiceWorker.workerRegistrationUpdated", updated)
    cdp.send("ServiceWorker.enable")  # answered with the registrations as events
    for _ in range(100):
        if registrations:
            break
        page.wait_for_timeout(50)  # lets Playwright take the events in
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {"origin": origin, "registrationId": registrations[0], "data": data},
    )
    cdp.detach()


def fetches_messages(request: Request) -> bool:
    return request.method == "GET" and bool(re.search(r"/messages(\?|$)", request.url))


def test_a_push_from_the_provider_shows_a_notification_and_counts_the_message(
    phone: Page, wallet_url: str, sender: Sender
) -> None:
    page = phone
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.context.grant_permissions(["notifications"], origin=wallet_url)
    page.clock.install()  # the wallet's fetch every 20 s: moved on to, not waited for
    keys = BrowserPushKeys.generate()
    with push_service() as service:
        page.add_init_script(f"({STAND_IN})({json.dumps(keys.subscription(service.endpoint()))})")
        mailbox = wallet_with_mailbox(page, wallet_url, sender)
        post(sender, mailbox["url"], "Uw inschrijving is ontvangen.", importance="normal")
        open_message(page, wallet_url, "normal")
        state = page.locator("[data-push-state]")
        expect(state).to_have_text(f"Meldingen van {SENDER_NAME} staan uit.")
        page.get_by_role("button", name="Meldingen aanzetten").click()
        expect(state).to_have_text(f"Meldingen van {SENDER_NAME} staan aan.")
        expect(page.get_by_role("button", name="Meldingen uitzetten")).to_be_visible()

        page.goto(f"{wallet_url}/#/")
        badge = page.locator(".wallet-nav a[href='#/inbox'] [data-unread]")
        expect(badge).to_have_count(0)
        with page.expect_request(fetches_messages):  # the wallet's own fetch, every 20 s:
            page.clock.fast_forward(page.evaluate(SYNC_MS))  # the next one is that far off
        secret = "Er is een besluit over uw aanvraag."
        message_id = post(sender, mailbox["url"], secret, importance="high")
        wait_for(lambda: bool(service.received))
    [pushed] = service.received
    payload = keys.decrypt(pushed["body"])
    assert payload == {
        "type": "message",
        "mailbox": mailbox["id"],
        "message": message_id,
        "kind": "status",
        "importance": "high",
    }  # a nudge: never the message's text
    assert pushed["headers"]["urgency"] == "high"

    with page.expect_request(fetches_messages, timeout=5_000):  # at once, not in 20 s
        deliver_push(page, wallet_url, json.dumps(payload))
    expect(badge).to_have_attribute("data-unread", "1")
    page.wait_for_function(f"() => ({NOTIFICATIONS})().then((shown) => shown.length > 0)")
    [notification] = page.evaluate(NOTIFICATIONS)
    assert notification == {
        "title": "Nieuw bericht in uw wallet",
        "body": "Open de wallet om het te lezen.",
        "tag": message_id,
        "requireInteraction": True,
        "data": {"url": "/#/inbox"},
    }
    assert errors == []


@pytest.fixture
def profile_page(playwright: Playwright, chromium: Path, tmp_path: Path) -> Iterator[Page]:
    """A page in a Chromium with a profile on disk, Dutch (where subscribing waits for the
    browser's push service instead of being refused)."""
    context = playwright.chromium.launch_persistent_context(
        tmp_path / "profile", executable_path=chromium, args=list(FLAGS), locale="nl-NL"
    )
    yield context.pages[0] if context.pages else context.new_page()
    context.close()


def test_without_a_push_service_the_wallet_says_it_did_not_work(
    profile_page: Page, wallet_url: str, sender: Sender
) -> None:
    """Offline, ``pushManager.subscribe`` never answers: after ``PUSH_SUBSCRIBE_MS`` (20 s) the
    wallet says turning notifications on did not work, and they stay off. The page's clock is
    moved on past those 20 s (``page.clock``) instead of waiting for them."""
    page = profile_page
    page.clock.install()
    page.context.grant_permissions(["notifications"], origin=wallet_url)
    mailbox = wallet_with_mailbox(page, wallet_url, sender)
    post(sender, mailbox["url"], "Uw inschrijving is ontvangen.", importance="normal")
    open_message(page, wallet_url, "normal")
    toggle = page.get_by_role("button", name="Meldingen aanzetten")
    # the wallet asks for the provider's VAPID key once its 20 s have begun (inbox.js withinTime)
    with page.expect_request(re.compile(r"/api/push/vapid-public-key$")):
        toggle.click()
    expect(toggle).to_be_disabled()
    page.clock.fast_forward(page.evaluate(PUSH_SUBSCRIBE_MS))
    expect(page.get_by_text("Meldingen aanzetten lukte niet.")).to_be_visible()
    expect(toggle).to_be_enabled()
    expect(page.locator("[data-push-state]")).to_have_text(
        f"Meldingen van {SENDER_NAME} staan uit."
    )


def test_without_the_permission_notifications_stay_off(
    phone: Page, wallet_url: str, sender: Sender
) -> None:
    """The resident (here: the browser) does not allow notifications: the wallet says how to
    change that, subscribes nothing, and notifications stay off."""
    page = phone
    mailbox = wallet_with_mailbox(page, wallet_url, sender)
    post(sender, mailbox["url"], "Uw inschrijving is ontvangen.", importance="normal")
    open_message(page, wallet_url, "normal")
    pushes: list[str] = []
    page.on("request", lambda r: pushes.append(r.url) if "/push" in r.url else None)
    page.get_by_role("button", name="Meldingen aanzetten").click()
    expect(page.get_by_text("De telefoon staat geen meldingen toe.")).to_be_visible()
    expect(page.locator("[data-push-state]")).to_have_text(
        f"Meldingen van {SENDER_NAME} staan uit."
    )
    assert page.evaluate("Notification.permission") != "granted"
    assert pushes == []  # neither the VAPID key asked nor a subscription sent
