"""Issue 7, story 1 (Boxtel), end to end in Chromium against the parts as ``regie demo`` runs
them: every QR code is read from the screen by the phone's fake camera.

A resident sets up the wallet on a phone with a PIN; logs in at the municipality with the test
login on a computer and scans the offer's QR code; with the transaction code the wallet holds
Persoonsgegevens, Woonadres and Huishouden (OpenID4VCI 1.0 §3.5, pre-authorized code). On the
housing corporation's site on the computer the phone scans the request's QR code; the consent
screen shows exactly the claims the use case asks for (its DCQL query, OpenID4VP 1.0 §6); after
"Delen" the computer's page moves on by itself (cross-device, §3.2) to the registration,
prefilled with the validated values, each marked with who vouched for it; the resident answers
the rest and submits. An officer logs in to the back office with its login form, finds the case
with its provenance and sets it "in behandeling"; the message reaches the wallet's inbox, and
opening it sends the read receipt the back office then shows ("gelezen").

With ``REGIE_SCREENSHOTS`` set (``make screenshots``) the story saves :data:`SCREENSHOTS` there:
the README's walkthrough shows them.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.wallet import (
    HOUSING,
    SCREENSHOTS_SETTING,
    VALIDATED,
    CameraPhone,
    accept_offer,
    asked,
    back_office_form,
    back_office_login,
    broken_words,
    desktop_context,
    enter_pin,
    finish_intake,
    inbox_message,
    offer_after_login,
    open_intake,
    open_wallet,
    qr_on_page,
    scan_with_camera,
    screenshot,
)
from tests.browser.world import World

SCREENSHOTS = (
    "01-wallet-pin.png",
    "02-municipality-login.png",
    "03-offer-qr.png",
    "04-wallet-cards.png",
    "05-housing-qr.png",
    "06-consent.png",
    "07-prefilled-registration.png",
    "08-back-office-case.png",
    "09-inbox-message.png",
    "10-back-office-read.png",
)
"""The pictures the story takes, in its order; the README links them by these names."""
HOUSING_PARTY = "woonstichting-de-kempen"
CARDS = ["Huishouden", "Persoonsgegevens", "Woonadres"]
ANSWERS = {"inkomensgroep": "€ 30.000 tot € 47.000", "voorkeursgebied": "Liempde"}
READ_RECEIPT_SECONDS = 150
"""How long the back office may take to show the message read: the wallet sends its receipt
when the message is opened; the world's verifier asks the provider about it every 2 s
(``VERIFIER_MAILBOX_STATE_CHECK_SECONDS`` in :mod:`tests.browser.world`; a minute by default)."""


def _scan(phone: CameraPhone, code_page: Page, wallet_url: str) -> None:
    """Point the phone at the QR code ``code_page`` shows and scan it in the wallet."""
    phone.point_at(qr_on_page(code_page))
    scan_with_camera(phone.page, wallet_url)


@pytest.mark.timeout(READ_RECEIPT_SECONDS + 300)
def test_the_boxtel_story(
    camera_phone: CameraPhone, desktop: Page, browser: Browser, world: World
) -> None:
    issuer_url, verifier_url, wallet_url = (
        world.start(s) for s in ("issuer", "verifier", "wallet")
    )
    phone = camera_phone.page
    errors: list[str] = []
    phone.on("pageerror", lambda error: errors.append(str(error)))

    # the resident opens the wallet on the phone and sets it up with a PIN
    phone.goto(wallet_url)
    expect(phone.locator("[data-vault-setup]")).to_be_visible()
    screenshot(phone, SCREENSHOTS[0])
    enter_pin(phone)
    expect(phone.locator("h1")).to_have_text("Mijn gegevens")

    # logs in at the municipality on the computer; the offer's QR code on its screen
    desktop.goto(f"{issuer_url}/login")
    expect(desktop.locator("h1")).to_have_text("Kies een testpersoon")
    screenshot(desktop, SCREENSHOTS[1])
    _, code = offer_after_login(desktop, issuer_url)
    desktop.locator("svg.regie-qr").scroll_into_view_if_needed()
    screenshot(desktop, SCREENSHOTS[2])

    # scans it with the phone's camera, types the transaction code
    _scan(camera_phone, desktop, wallet_url)
    assert phone.url.startswith(f"{wallet_url}/#/offer?credential_offer_uri=")
    assert sorted(accept_offer(phone, code)) == CARDS
    cards = phone.locator("[data-wallet-cards] .wallet-card__name")
    expect(cards).to_have_count(len(CARDS))
    assert sorted(cards.all_inner_texts()) == CARDS
    screenshot(phone, SCREENSHOTS[3])

    # the housing corporation's site on the computer; the phone scans its QR code
    desktop.goto(f"{verifier_url}/verify/{HOUSING}")
    expect(desktop.locator("h1")).to_have_text("Inschrijven als woningzoekende")
    desktop.locator("svg.regie-qr").scroll_into_view_if_needed()
    screenshot(desktop, SCREENSHOTS[4])
    _scan(camera_phone, desktop, wallet_url)

    # the consent screen: who asks, and exactly the claims its use case asks for
    expect(phone.locator("h1")).to_have_text("Gegevens delen")
    expect(phone.locator("[data-party]")).to_have_text("Woonstichting De Kempen")
    expect(phone.locator("[data-not-registered]")).to_have_count(0)
    claims = phone.locator("[data-claim]")
    expect(claims).to_have_count(len(asked(HOUSING)))
    paths = claims.evaluate_all("list => list.map(e => JSON.parse(e.dataset.claim))")
    assert sorted(paths) == asked(HOUSING)
    values = phone.locator(".wallet-consent-claims__value").all_inner_texts()
    shown = dict(zip(claims.all_inner_texts(), values, strict=True))
    screenshot(phone, SCREENSHOTS[5])
    phone.get_by_role("button", name="Delen", exact=True).click()
    expect(phone.locator("h1")).to_have_text("Gegevens gedeeld")

    # the computer's page moved on: the registration, prefilled and marked as validated
    open_intake(desktop, verifier_url)
    validated = desktop.locator(VALIDATED)
    expect(validated).to_have_count(len(asked(HOUSING)))
    prefilled = [box.input_value() for box in validated.all()]
    given_name, family_name, postal_code = (
        next(v.strip() for k, v in shown.items() if k.startswith(label))
        for label in ("Voornamen", "Achternaam", "Postcode")
    )
    assert {given_name, family_name, postal_code} <= set(prefilled), prefilled
    markers = desktop.locator(".utrecht-form-field-description").all_inner_texts()
    assert markers == ["✓ gevalideerd door Gemeente Boxtel"] * len(prefilled)
    screenshot(desktop, SCREENSHOTS[6])

    # the resident answers the rest and submits
    identification = finish_intake(desktop, ANSWERS)

    # an officer logs in to the back office, finds the case with its provenance
    office = desktop_context(browser).new_page()
    back_office_login(office, world, verifier_url, HOUSING_PARTY)
    listed = back_office_form(office, verifier_url, "Mijn zaken (My cases)", {})
    assert re.search(rf"{identification} {HOUSING} ontvangen", listed), listed
    case = back_office_form(
        office, verifier_url, "Zaak bekijken (View case)", {"identification": identification}
    )
    for (claim,) in asked(HOUSING):  # each validated value with where it came from
        provenance = rf"\(uitgever/issuer {re.escape(issuer_url)}, \S+, query \w+, .+ UTC, "
        assert re.search(rf"^  {claim}: .+ {provenance}transactie \S+\)$", case, re.M), claim
    assert f"given_name: {given_name} (" in case
    for name, answer in ANSWERS.items():
        assert f"{name}: {answer}" in case
    screenshot(office, SCREENSHOTS[7])

    # and sets it "in behandeling"
    changed = back_office_form(
        office,
        verifier_url,
        "Status wijzigen (Change status)",
        {"identification": identification, "status": "in_behandeling"},
    )
    assert changed == f"In behandeling / In treatment: {identification}"

    # the wallet's inbox shows the message; the resident opens it
    open_wallet(phone, f"{wallet_url}/#/inbox")
    message = inbox_message(phone, importance="normal", text="We werken nu aan uw aanvraag")
    expect(message).to_contain_text(identification)
    expect(message).to_have_attribute("data-read", "false")
    assert broken_words(phone.locator(".wallet-nav")) == []  # with the unread badge, too
    screenshot(phone, SCREENSHOTS[8])
    message.get_by_role("link").click()
    phone.wait_for_url(re.compile(r"#/message\?id="))
    expect(phone.locator("[data-message-detail]")).to_contain_text(identification)

    # the back office shows it read
    deadline = time.monotonic() + READ_RECEIPT_SECONDS
    case = ""
    while time.monotonic() < deadline:
        case = back_office_form(
            office, verifier_url, "Zaak bekijken (View case)", {"identification": identification}
        )
        if _last_message_read(case):
            break
        office.wait_for_timeout(1_000)
    assert _last_message_read(case), case
    screenshot(office, SCREENSHOTS[9], full_page=True)  # the messages at the end
    office.context.close()
    assert errors == []

    folder = os.environ.get(SCREENSHOTS_SETTING)
    if folder:
        assert {p.name for p in Path(folder).glob("*.png")} >= set(SCREENSHOTS)


def _last_message_read(case: str) -> bool:
    """The case's last message to the resident (the status change) is read, as the back
    office says (verifier.cases.mailbox.message_lines)."""
    lines = [line for line in case.splitlines() if line.strip()]
    return lines[-1].strip().startswith(tuple("0123456789")) and "gelezen / read" in lines[-1]
