"""The fake camera: Chromium's ``getUserMedia`` plays a Y4M video of a QR code, and the page sees
exactly that code. ``BarcodeDetector`` is not in Chromium on Linux (it ships on Android, macOS
and ChromeOS), so the wallet needs its vendored decoder there; the test says which it found."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page

from tests.browser.camera import BLACK, WHITE, Matrix, matrix_from_svg, qr_matrix
from tests.browser.world import READY

OFFER = (
    "openid-credential-offer://?credential_offer_uri="
    "http%3A%2F%2F127.0.0.1%3A8001%2Fcredential-offer%2Fabc123"
)

GRAB_FRAME = """
async () => {
  const stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: false });
  const video = document.createElement("video");
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  await video.play();
  while (video.videoWidth === 0 || video.readyState < 2) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await new Promise((resolve) => video.requestVideoFrameCallback(resolve));
  const canvas = document.createElement("canvas");
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  const context = canvas.getContext("2d", { willReadFrequently: true });
  context.drawImage(video, 0, 0);
  const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
  const grey = new Uint8Array(canvas.width * canvas.height);
  for (let i = 0; i < grey.length; i += 1) grey[i] = pixels[i * 4];
  let binary = "";
  for (let i = 0; i < grey.length; i += 1) binary += String.fromCharCode(grey[i]);
  const label = stream.getVideoTracks()[0].label;
  let detected = null;
  const hasDetector = "BarcodeDetector" in window;
  if (hasDetector) {
    const formats = await BarcodeDetector.getSupportedFormats();
    if (formats.includes("qr_code")) {
      const codes = await new BarcodeDetector({ formats: ["qr_code"] }).detect(video);
      detected = codes.map((code) => code.rawValue);
    }
  }
  stream.getTracks().forEach((track) => track.stop());
  const [width, height] = [canvas.width, canvas.height];
  return { width, height, grey: btoa(binary), label, hasDetector, detected };
}
"""


def _seen_modules(frame: dict[str, Any], modules: int) -> list[list[bool]]:
    """The code as the page saw it: dark or light at each module's centre (same layout as
    :func:`tests.browser.camera.write_qr_video`)."""
    width, height = frame["width"], frame["height"]
    grey = base64.b64decode(frame["grey"])
    scale = min(width, height) // modules
    left, top = (width - modules * scale) // 2, (height - modules * scale) // 2
    middle = (BLACK + WHITE) // 2
    return [
        [
            grey[(top + y * scale + scale // 2) * width + left + x * scale + scale // 2] < middle
            for x in range(modules)
        ]
        for y in range(modules)
    ]


def test_page_sees_the_qr_code_on_the_fake_camera(
    camera: Callable[[str | Matrix], Page], wallet_url: str
) -> None:
    page = camera(OFFER)
    page.goto(wallet_url)  # a secure context (loopback) whose CSP the wallet really has
    frame = page.evaluate(GRAB_FRAME)
    assert (frame["width"], frame["height"]) == (640, 480)
    expected = qr_matrix(OFFER)
    assert _seen_modules(frame, len(expected)) == expected
    if frame["hasDetector"]:
        assert frame["detected"] == [OFFER]
    else:
        # Chromium on Linux: no BarcodeDetector; the wallet scans with its vendored decoder.
        assert frame["detected"] is None


def test_two_cameras_two_codes(camera: Callable[[str | Matrix], Page], wallet_url: str) -> None:
    """Each ``camera(text)`` is its own Chromium: one test can scan an offer, then a request."""
    first, second = camera("eerste"), camera("tweede")
    for page, text in ((first, "eerste"), (second, "tweede")):
        page.goto(wallet_url)
        frame = page.evaluate(GRAB_FRAME)
        expected = qr_matrix(text)
        assert _seen_modules(frame, len(expected)) == expected


def test_camera_shows_the_real_code_of_a_verifier_page(
    camera: Callable[[str | Matrix], Page], page: Page, verifier_url: str
) -> None:
    """What later tests do: copy the QR code off the relying party's page into the camera."""
    page.goto(f"{verifier_url}{READY['verifier']}")
    shown = matrix_from_svg(page.locator("svg.regie-qr").evaluate("svg => svg.outerHTML"))
    scanner = camera(shown)
    scanner.goto(verifier_url + "/static/regie.css")  # any page of a secure (loopback) origin
    frame = scanner.evaluate(GRAB_FRAME)
    assert _seen_modules(frame, len(shown)) == shown
