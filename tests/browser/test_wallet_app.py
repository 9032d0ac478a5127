"""The wallet app in Chromium, served by ``regie serve wallet``: it loads under its strict CSP,
its manifest and service worker are served and registered, it is installable, and its shell
opens offline."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import ConsoleMessage, Page

from tests.browser.wallet import READY, WORKER_READY
from tests.browser.world import READY as READY_PATHS
from tests.browser.world import World


def _errors(page: Page) -> list[str]:
    """Console errors (CSP violations among them) seen on ``page`` from now on."""
    seen: list[str] = []

    def keep(message: ConsoleMessage) -> None:
        if message.type == "error":
            seen.append(message.text)

    page.on("console", keep)
    page.on("pageerror", lambda error: seen.append(str(error)))
    return seen


def test_wallet_app_loads(page: Page, wallet_url: str) -> None:
    errors = _errors(page)
    response = page.goto(wallet_url)
    assert response is not None
    assert response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.locator(READY).wait_for(state="attached")
    assert page.title().endswith("Regie wallet")
    assert page.locator("[data-wallet-loading]").is_hidden()
    styled = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert styled  # the vendored NL Design System CSS applied
    assert errors == []


def test_manifest_and_service_worker(page: Page, wallet_url: str) -> None:
    page.goto(wallet_url)
    manifest = page.request.get(f"{wallet_url}/manifest.webmanifest")
    assert manifest.headers["content-type"] == "application/manifest+json"
    worker = page.request.get(f"{wallet_url}/sw.js")
    assert worker.headers["service-worker-allowed"] == "/"
    assert worker.headers["content-type"].startswith("text/javascript")
    assert page.evaluate(WORKER_READY) == f"{wallet_url}/sw.js"
    page.reload()
    assert page.evaluate("navigator.serviceWorker.controller !== null")


def test_installable(installable_page: Page, wallet_url: str) -> None:
    """Chrome's own install criteria (``Page.getInstallabilityErrors``): none unmet."""
    page = installable_page
    page.goto(wallet_url)
    page.evaluate(WORKER_READY)
    page.reload()  # controlled by the worker now
    page.locator(READY).wait_for(state="attached")
    cdp = page.context.new_cdp_session(page)
    manifest: dict[str, Any] = cdp.send("Page.getAppManifest")
    assert manifest["errors"] == []
    assert manifest["url"] == f"{wallet_url}/manifest.webmanifest"
    assert cdp.send("Page.getInstallabilityErrors") == {"installabilityErrors": []}


def test_shell_opens_offline(page: Page, wallet_url: str) -> None:
    page.goto(wallet_url)
    page.evaluate(WORKER_READY)
    page.context.set_offline(True)
    page.reload()
    page.locator(READY).wait_for(state="attached")
    assert page.title().endswith("Regie wallet")


def test_offer_link_opens_the_wallet(page: Page, wallet_url: str) -> None:
    """The issuer's same-device button: ``{ISSUER_WALLET_URL}/#/offer?credential_offer_uri=``."""
    response = page.goto(f"{wallet_url}/#/offer?credential_offer_uri=https%3A%2F%2Fx.example")
    assert response is not None
    assert response.status == 200
    page.locator(READY).wait_for(state="attached")
    assert page.evaluate("location.hash").startswith("#/offer?")


def test_world_serves_issuer_and_verifier(page: Page, world: World, verifier_url: str) -> None:
    """The fixtures later wallet tests use: the verifier (and with it the issuer) on their own
    ports, each knowing the others' URLs."""
    metadata = page.request.get(f"{world.url('issuer')}/.well-known/openid-credential-issuer")
    assert metadata.json()["credential_issuer"] == world.url("issuer")
    assert world.env("issuer")["ISSUER_WALLET_URL"] == world.url("wallet")
    response = page.goto(f"{verifier_url}{READY_PATHS['verifier']}")
    assert response is not None
    assert response.status == 200
    assert page.locator("svg.regie-qr").count() == 1  # its QR code, for camera()
