"""Scanning QR codes in the wallet app (``#/scan``), in Chromium with a fake camera that shows a
real code: the issuer's offer code leads to the offer screen and the cards; a code that is not
for the wallet is said and scanning goes on; without camera access the resident gets told how
to allow it and is offered the paste-a-link screen.

Chromium on Linux has no ``BarcodeDetector``, so these tests exercise the vendored decoder
(jsQR, in a Web Worker); where a browser has the detector the wallet uses it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright, expect

from tests.browser.camera import Matrix
from tests.browser.chromium import FLAGS
from tests.browser.wallet import (
    accept_offer,
    offer_on_the_issuer,
    open_wallet,
    phone_with_camera,
    qr_on_page,
    scan_with_camera,
)

# Every getUserMedia call of the page, recorded before the wallet's own scripts run (an init
# script is not subject to the page's CSP), so a test can check the constraints and that the
# camera was turned off again.
RECORD_CAMERA = """
(() => {
  const media = navigator.mediaDevices;
  if (!media) return;
  const original = media.getUserMedia.bind(media);
  window.__cameras = [];
  media.getUserMedia = async (constraints) => {
    const stream = await original(constraints);
    window.__cameras.push({ constraints, stream });
    return stream;
  };
})();
"""
CAMERAS = """() => (window.__cameras || []).map(({ constraints, stream }) => ({
  constraints, live: stream.getTracks().filter((track) => track.readyState === 'live').length,
}))"""
DECODED = "() => performance.getEntriesByName('regie:qr-decoded', 'mark').map((m) => m.detail)"


def _phone(camera: Callable[[str | Matrix], Page], code: str | Matrix) -> Page:
    phone = phone_with_camera(camera, code)
    phone.add_init_script(RECORD_CAMERA)
    return phone


def test_issuance_by_scanning_the_issuers_code(
    page: Page, camera: Callable[[str | Matrix], Page], issuer_url: str, wallet_url: str
) -> None:
    """The resident logs in at the issuer on one screen and scans its QR code with the wallet."""
    _, code = offer_on_the_issuer(page, issuer_url)
    phone = _phone(camera, qr_on_page(page))
    errors: list[str] = []
    phone.on("pageerror", lambda error: errors.append(str(error)))

    scan_with_camera(phone, wallet_url)

    assert phone.url.startswith(f"{wallet_url}/#/offer?credential_offer_uri=")
    assert phone.evaluate(DECODED) == [{"kind": "offer"}]
    cameras = phone.evaluate(CAMERAS)
    assert len(cameras) == 1
    assert cameras[0]["constraints"]["video"]["facingMode"] == {"ideal": "environment"}
    assert cameras[0]["constraints"]["audio"] is False
    assert cameras[0]["live"] == 0  # every track stopped once the code was read

    names = accept_offer(phone, code)
    cards = phone.locator("[data-wallet-cards] .wallet-card__name")
    expect(cards).to_have_count(len(names))
    assert sorted(cards.all_inner_texts()) == sorted(names)
    assert errors == []


def test_a_code_not_for_the_wallet_is_said_and_scanning_goes_on(
    camera: Callable[[str | Matrix], Page], wallet_url: str
) -> None:
    phone = _phone(camera, "https://example.nl")
    errors: list[str] = []
    phone.on("pageerror", lambda error: errors.append(str(error)))
    open_wallet(phone, f"{wallet_url}/#/scan")
    expect(phone.locator("h1")).to_have_text("QR-code scannen")
    expect(phone.locator("#scan-uitleg")).to_have_text(
        "Richt de camera op de QR-code. De wallet leest de code vanzelf."
    )
    alert = phone.locator("#scan-fout")
    assert alert.get_attribute("role") == "alert"
    expect(alert).to_contain_text("niet voor de wallet", timeout=15_000)

    viewer = phone.locator(".wallet-scan")
    expect(viewer).to_have_attribute("data-scan-state", "scanning")
    # Chromium on Linux has no BarcodeDetector: the vendored decoder read the code
    has_detector = phone.evaluate("'BarcodeDetector' in window")
    expect(viewer).to_have_attribute("data-decoder", "BarcodeDetector" if has_detector else "jsQR")
    assert phone.evaluate("location.hash") == "#/scan"
    assert phone.evaluate(DECODED) == []
    assert phone.evaluate(CAMERAS)[0]["live"] == 1  # still looking
    # said once, not again for every frame of the same code
    phone.wait_for_timeout(600)
    expect(alert.locator("p")).to_have_count(1)

    phone.get_by_role("link", name="Stoppen").click()
    expect(phone.locator("h1")).to_have_text("Mijn gegevens")
    assert phone.evaluate(CAMERAS)[0]["live"] == 0
    assert errors == []


def test_leaving_the_screen_turns_the_camera_off(
    camera: Callable[[str | Matrix], Page], wallet_url: str
) -> None:
    phone = _phone(camera, "geen link")
    open_wallet(phone, f"{wallet_url}/#/scan")
    expect(phone.locator(".wallet-scan")).to_have_attribute("data-scan-state", "scanning")
    phone.get_by_role("navigation").get_by_role("link", name="Geschiedenis").click()
    phone.wait_for_function("() => window.__cameras[0].stream.active === false")
    assert phone.evaluate(CAMERAS)[0]["live"] == 0


# A stand-in for the BarcodeDetector of Android, macOS and ChromeOS (Shape Detection API), which
# Chromium on Linux lacks: it answers every frame with the code the fake camera shows.
FAKE_DETECTOR = """
window.__detected = [];
window.BarcodeDetector = class {
  static async getSupportedFormats() { return FORMATS; }
  constructor(options) { window.__detectorFormats = options.formats; }
  async detect(source) {
    window.__detected.push(source instanceof HTMLVideoElement);
    return [{ format: 'qr_code', rawValue: 'https://example.nl/van-de-detector' }];
  }
};
"""


@pytest.mark.parametrize(
    ("formats", "decoder"), [("['qr_code', 'ean_13']", "BarcodeDetector"), ("['ean_13']", "jsQR")]
)
def test_the_browsers_detector_is_used_where_it_reads_qr_codes(
    camera: Callable[[str | Matrix], Page], wallet_url: str, formats: str, decoder: str
) -> None:
    phone = _phone(camera, "https://example.nl/van-de-camera")
    phone.add_init_script(FAKE_DETECTOR.replace("FORMATS", formats))
    open_wallet(phone, f"{wallet_url}/#/scan")
    expect(phone.locator(".wallet-scan")).to_have_attribute("data-decoder", decoder)
    expect(phone.locator("#scan-fout")).to_contain_text("niet voor de wallet", timeout=15_000)
    if decoder == "BarcodeDetector":
        assert phone.evaluate("window.__detectorFormats") == ["qr_code"]
        assert phone.evaluate("window.__detected.every(Boolean) && window.__detected.length > 0")
    else:
        assert phone.evaluate("window.__detected") == []


@pytest.fixture
def camera_not_allowed(playwright: Playwright, chromium: Path) -> Iterator[Browser]:
    """A Chromium with a camera that asks for permission (no automatic yes): Playwright's
    contexts refuse it until a test grants ``camera``."""
    launched = playwright.chromium.launch(
        executable_path=chromium,
        args=[*FLAGS, "--use-fake-device-for-media-stream"],
        headless=True,
    )
    yield launched
    launched.close()


def test_camera_refused_says_how_to_allow_it_and_offers_paste(
    camera_not_allowed: Browser, wallet_url: str
) -> None:
    context = camera_not_allowed.new_context(locale="nl-NL")
    phone = context.new_page()
    open_wallet(phone, f"{wallet_url}/#/scan")
    problem = phone.locator("[data-scan-problem]")
    expect(problem).to_have_attribute("data-scan-problem", "scan_camera_denied")
    assert problem.get_attribute("role") == "alert"
    expect(problem).to_contain_text("De wallet mag de camera niet gebruiken.")
    expect(problem).to_contain_text("Kies bij Camera: Toestaan.")
    paste = phone.get_by_role("link", name="Liever een link plakken")
    expect(paste).to_be_visible()
    box = paste.bounding_box()
    assert box is not None
    assert box["height"] >= 48

    # the resident allows the camera and tries again: the camera starts
    context.grant_permissions(["camera"], origin=wallet_url)
    phone.get_by_role("button", name="Opnieuw proberen").click()
    expect(phone.locator(".wallet-scan")).to_have_attribute("data-scan-state", "scanning")

    phone.get_by_role("link", name="Liever een link plakken").click()
    expect(phone.locator("h1")).to_have_text("Gegevens toevoegen")
    expect(phone.get_by_label("Link")).to_be_visible()
    context.close()


def test_no_camera_offers_paste(browser: Browser, wallet_url: str) -> None:
    context = browser.new_context(locale="nl-NL")
    phone = context.new_page()
    open_wallet(phone, f"{wallet_url}/#/scan")
    problem = phone.locator("[data-scan-problem]")
    expect(problem).to_have_attribute("data-scan-problem", "scan_camera_missing")
    expect(problem).to_contain_text("geen camera")
    phone.get_by_role("link", name="Liever een link plakken").click()
    expect(phone.locator("h1")).to_have_text("Gegevens toevoegen")
    context.close()
