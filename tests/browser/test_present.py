"""Present (OpenID4VP) in the wallet app, end to end in Chromium on a phone's screen: the
relying party's same-device button opens the wallet's consent screen (who asks, what, from
which card, with the values), "Delen" sends exactly that and returns to the relying party,
whose intake shows the validated data; "Niet delen" sends ``access_denied`` and the relying
party says nothing was shared; the same by scanning the relying party's QR code with the
camera (cross-device: the relying party's own page moves on); a request from a party the
wallet does not trust is refused before anything is sent. History and "Mijn zaken" record
what happened."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.camera import Matrix
from tests.browser.wallet import (
    HOUSING,
    consent_for,
    open_wallet,
    phone_context,
    phone_with_camera,
    qr_on_page,
    receive_all,
    scan_with_camera,
    stored,
)
from tests.browser.world import World

ASKED = [  # the housing corporation's DCQL query (verifier/relying_parties/seeded.py)
    ["given_name"],
    ["family_name"],
    ["birthdate"],
    ["age_over_18"],
    ["street"],
    ["house_number"],
    ["postal_code"],
    ["city"],
    ["number_of_residents"],
]


def test_share_on_the_same_device(
    phone: Page, issuer_url: str, verifier_url: str, wallet_url: str
) -> None:
    page = phone
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    receive_all(page, issuer_url, wallet_url)
    consent_for(page, verifier_url)
    assert page.url.startswith(f"{wallet_url}/#/present?client_id=")
    expect(page.locator("h1")).to_have_text("Gegevens delen")
    expect(page.locator("[data-party]")).to_have_text("Woonstichting De Kempen")
    expect(page.locator("[data-not-registered]")).to_have_count(0)  # within its registration
    expect(page.locator("[data-use-case]")).to_have_text("Inschrijven als woningzoekende")
    expect(page.locator("[data-purpose]")).to_contain_text("Wij hebben uw naam, geboortedatum")
    claims = page.locator("[data-claim]")
    paths = claims.evaluate_all("list => list.map(e => e.dataset.claim)")
    assert sorted(json.loads(path) for path in paths) == sorted(ASKED)
    values = page.locator(".wallet-consent-claims__value").all_inner_texts()
    assert len(values) == len(ASKED)
    assert all(value.strip() for value in values)
    labels = dict(zip(claims.all_inner_texts(), values, strict=True))
    given_name = next(v for k, v in labels.items() if "oornam" in k)
    for name in ("Delen", "Niet delen"):
        box = page.get_by_role("button", name=name, exact=True).bounding_box()
        assert box is not None
        assert box["height"] >= 48

    page.get_by_role("button", name="Delen", exact=True).click()
    page.wait_for_url(re.compile(rf"^{re.escape(verifier_url)}/verify/.+/result\?"))
    expect(page.locator("h1")).to_have_text("Gelukt: uw gegevens zijn gecontroleerd")
    page.get_by_role("button", name="Ga verder met uw aanvraag").click()
    validated = page.locator("input.utrecht-textbox--read-only")
    expect(validated.first).to_be_visible()
    shown = [validated.nth(i).input_value() for i in range(validated.count())]
    assert given_name.strip() in shown
    expect(page.get_by_text("gevalideerd door Gemeente Boxtel").first).to_be_visible()

    open_wallet(page, wallet_url)
    (entry,) = [h for h in stored(page, "history") if h["kind"] == "presentation"]
    assert entry["outcome"] == "shared"
    assert entry["party"]["name"] == "Woonstichting De Kempen"
    assert entry["party"]["id"].startswith("x509_san_dns:")
    assert len(entry["claims"]) == len(ASKED)
    (case,) = stored(page, "cases")
    assert case["id"] == entry["caseId"]
    assert case["party"] == entry["party"]
    assert case["useCase"] == {
        "nl": "Inschrijven als woningzoekende",
        "en": "Register as a home seeker",
    }
    used = [copy for copy in stored(page, "allCopies") if copy["used"]]
    assert len(used) == 3  # one copy of each card asked for (HAIP 1.0 §7)
    assert errors == []


def test_decline_on_the_same_device(
    phone: Page, issuer_url: str, verifier_url: str, wallet_url: str
) -> None:
    page = phone
    receive_all(page, issuer_url, wallet_url)
    consent_for(page, verifier_url, "parkeervergunning-bewoners")
    expect(page.locator("[data-party]")).to_have_text("Gemeente Boxtel, balie vergunningen")
    # the world's wallet provider lists only the housing corporation's registration
    expect(page.locator("[data-not-registered]")).to_contain_text("kent de aanmelding van")
    page.get_by_role("button", name="Niet delen").click()
    page.wait_for_url(re.compile(rf"^{re.escape(verifier_url)}/verify/.+/result\?"))
    expect(page.locator("h1")).to_have_text("U heeft niets gedeeld")
    open_wallet(page, wallet_url)
    (entry,) = [h for h in stored(page, "history") if h["kind"] == "presentation"]
    assert entry["outcome"] == "declined"
    assert entry["caseId"] is None
    assert stored(page, "cases") == []
    assert not any(copy["used"] for copy in stored(page, "allCopies"))


@pytest.mark.parametrize("choice", ["Delen", "Niet delen"])
def test_by_scanning_the_relying_partys_code(
    camera: Callable[[str | Matrix], Page], page: Page, choice: str, world: World
) -> None:
    """Cross-device: the relying party's page on a computer, the wallet on the phone."""
    issuer_url, verifier_url, wallet_url = (
        world.start(s) for s in ("issuer", "verifier", "wallet")
    )
    page.goto(f"{verifier_url}/verify/{HOUSING}?lang=nl")
    phone = phone_with_camera(camera, qr_on_page(page))
    receive_all(phone, issuer_url, wallet_url)
    scan_with_camera(phone, wallet_url)
    expect(phone.locator("[data-party]")).to_have_text("Woonstichting De Kempen")
    expect(phone.locator("[data-claim]")).to_have_count(len(ASKED))
    phone.get_by_role("button", name=choice, exact=True).click()
    if choice == "Delen":
        expect(phone.locator("h1")).to_have_text("Gegevens gedeeld")
        expect(page.locator("h1")).to_have_text(
            "Gelukt: uw gegevens zijn gecontroleerd", timeout=15_000
        )
        outcome = "shared"
    else:
        expect(phone.locator("h1")).to_have_text("Niets gedeeld")
        expect(page.locator("h1")).to_have_text("U heeft niets gedeeld", timeout=15_000)
        outcome = "declined"
    (entry,) = [h for h in stored(phone, "history") if h["kind"] == "presentation"]
    assert entry["outcome"] == outcome
    assert len(stored(phone, "cases")) == (1 if outcome == "shared" else 0)


def test_a_party_the_wallet_does_not_trust_is_refused_and_nothing_is_sent(
    browser: Browser, world: World, issuer_url: str, verifier_url: str
) -> None:
    """The untrusting wallet's only relying-party anchor is another CA than the one that
    certified the verifier's relying parties (OpenID4VP 1.0 §5.9.3)."""
    untrusting = world.start("untrusting_wallet")
    context = phone_context(browser)
    page = context.new_page()
    posted: list[str] = []
    page.on("request", lambda r: posted.append(r.url) if r.method == "POST" else None)
    button = httpx.post(f"{verifier_url}/verify/{HOUSING}/same-device", follow_redirects=False)
    link = button.headers["location"]
    open_wallet(page, link.replace(world.url("wallet"), untrusting))
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("De wallet vertrouwt deze partij niet")
    expect(page.locator("[data-consent]")).to_have_count(0)
    assert [url for url in posted if "/oid4vp/response/" in url] == []
    (entry,) = stored(page, "history")
    assert (entry["outcome"], entry["party"]["name"], entry["claims"]) == ("failed", None, [])
    assert entry["party"]["id"].startswith("x509_san_dns:")
    context.close()
