"""Issue 7, story 2 (the parking permit), same-device on a phone, in Chromium against the parts
as ``regie demo`` runs them.

A resident with the municipality's cards in the wallet is on the permit desk's page on the
phone; its button opens the wallet on the same device (OpenID4VP 1.0 §3.1, the Request Object
by reference, RFC 9101); the consent screen shows the desk and exactly the claims its use case
asks for; after "Delen" the wallet sends the resident back (``redirect_uri``, §8.2) to the
permit form, prefilled with the validated values; the resident adds the car and the date and
submits. The desk's officer decides in the back office; the decision reaches the wallet as an
important message in "Berichten" and as the case's status in "Mijn zaken".
"""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from tests.browser.wallet import (
    VALIDATED,
    asked,
    back_office_form,
    back_office_login,
    consent_for,
    desktop_context,
    finish_intake,
    inbox_message,
    open_intake,
    open_wallet,
    receive_all,
)
from tests.browser.world import World

PERMIT = "parkeervergunning-bewoners"
PERMIT_DESK = "vergunningen-boxtel"
ANSWERS = {"kenteken": "GZ-123-B", "ingangsdatum": "2026-12-01"}
DECISION = "Vergunning verleend voor GZ-123-B"


def test_the_permit_story_on_one_phone(
    phone: Page, browser: Browser, world: World, issuer_url: str, verifier_url: str
) -> None:
    wallet_url = world.start("wallet")
    errors: list[str] = []
    phone.on("pageerror", lambda error: errors.append(str(error)))
    receive_all(phone, issuer_url, wallet_url)

    # the permit desk's button opens the wallet on the phone: who asks, exactly what
    consent_for(phone, verifier_url, PERMIT)
    expect(phone.locator("[data-party]")).to_have_text("Gemeente Boxtel, balie vergunningen")
    expect(phone.locator("[data-use-case]")).to_have_text("Parkeervergunning voor bewoners")
    # the demo's wallet provider lists only the housing corporation's registration
    expect(phone.locator("[data-not-registered]")).to_be_visible()
    claims = phone.locator("[data-claim]")
    paths = claims.evaluate_all("list => list.map(e => JSON.parse(e.dataset.claim))")
    assert sorted(paths) == asked(PERMIT)
    values = phone.locator(".wallet-consent-claims__value").all_inner_texts()
    assert len(values) == len(paths)
    phone.get_by_role("button", name="Delen", exact=True).click()

    # back on the permit desk's site, the form prefilled with the validated values
    open_intake(phone, verifier_url)
    expect(phone.locator("h1")).to_have_text("Parkeervergunning voor bewoners")
    validated = phone.locator(VALIDATED)
    expect(validated).to_have_count(len(paths))
    prefilled = [box.input_value() for box in validated.all()]
    assert sorted(prefilled) == sorted(value.strip() for value in values)
    identification = finish_intake(phone, ANSWERS)

    # the desk's officer decides
    office = desktop_context(browser).new_page()
    back_office_login(office, world, verifier_url, PERMIT_DESK)
    case = back_office_form(
        office, verifier_url, "Zaak bekijken (View case)", {"identification": identification}
    )
    for name, answer in ANSWERS.items():
        assert f"{name}: {answer}" in case
    decided = back_office_form(
        office,
        verifier_url,
        "Status wijzigen (Change status)",
        {"identification": identification, "status": "besloten", "result": DECISION},
    )
    assert decided == f"Besloten / Decided: {identification}"
    office.context.close()

    # the decision reaches the wallet: an important message, and the case's status
    open_wallet(phone, f"{wallet_url}/#/inbox")
    decision = inbox_message(phone, importance="high", text="Er is een besluit")
    expect(decision).to_contain_text(identification)
    expect(decision).to_contain_text("Belangrijk")
    decision.get_by_role("link").click()
    phone.wait_for_url(re.compile(r"#/message\?id="))
    detail = phone.locator("[data-message-detail]")
    for term, said in (("Zaak", identification), ("Status", "Besloten"), ("Uitkomst", DECISION)):
        expect(detail.get_by_role("term").filter(has_text=term)).to_have_count(1)
        expect(detail.get_by_role("definition").filter(has_text=said)).to_have_count(1)

    phone.get_by_role("navigation").get_by_role("link", name="Mijn zaken").click()
    case_entry = phone.locator("[data-case]")
    expect(case_entry).to_have_count(1)
    expect(case_entry.locator("h2")).to_have_text("Gemeente Boxtel, balie vergunningen")
    status = case_entry.locator("[data-case-status]")
    expect(status).to_have_attribute("data-case-status", "besloten")
    expect(status).to_have_text("Status nu: Besloten")  # in words, not the code
    expect(case_entry.locator("[data-case-message]").first).to_contain_text(DECISION)
    assert errors == []
