"""Lighthouse over Regie's pages (issue 7: accessibility 100 and best practices at least 95 on
the wallet's main screens and the relying parties' pages), for ``make lighthouse`` and
``tests/browser/test_lighthouse.py``.

Playwright drives Debian's Chromium (``/usr/bin/chromium``, opened with
``--remote-debugging-port``) through the story as the other browser tests do
(:mod:`tests.browser.wallet`): set up the wallet, receive the municipality's credentials,
share them with the housing corporation, fill in its intake, get a message. At each screen
Lighthouse (``tools/lighthouse``, pinned in its ``package-lock.json``, run by Node.js as
``audit.mjs``) takes a *snapshot*: the unlocked wallet keeps its key in memory only, so a
reload would show the lock screen again. Pages that can load cold (the wallet's first
start, the relying parties' start pages, the municipality's start page) are audited in
*navigation* mode instead, in a tab of their own with storage cleared, which adds the checks
only a page load has (console errors, for one). Everything runs on 127.0.0.1; nothing is
loaded from the internet.

``python -m tests.browser.lighthouse [--report docs/accessibility.md]`` starts a world of
its own (:class:`tests.browser.world.World`), audits, writes the report and exits 1 when a
page scores below :data:`THRESHOLDS`. The HTML flow reports go to ``build/lighthouse/``."""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final, Literal

from playwright.sync_api import Browser, Page, Playwright, expect, sync_playwright

from regie.processes import LOCALHOST, free_port
from tests.browser.chromium import FLAGS, MISSING, chromium_path
from tests.browser.wallet import (
    HOUSING,
    VAULT,
    accept_offer,
    consent_for,
    desktop_context,
    finish_intake,
    inbox_message,
    offer_after_login,
    officer_client,
    officer_form,
    open_intake,
    open_wallet,
    phone_context,
)
from tests.browser.world import World

__all__ = ["THRESHOLDS", "Audit", "Lighthouse", "audit_regie", "main", "write_report"]

ROOT: Final = Path(__file__).resolve().parents[2]
TOOL: Final = ROOT / "tools" / "lighthouse"
REPORT: Final = ROOT / "docs" / "accessibility.md"
HTML_REPORTS: Final = ROOT / "build" / "lighthouse"
THRESHOLDS: Final = {"accessibility": 100, "best-practices": 95}
"""Issue 7: the lowest score each category may have on every page."""
PERMIT = "parkeervergunning-bewoners"
"""The permit desk's use case (verifier/relying_parties/seeded.py)."""
HOUSING_PARTY: Final = "woonstichting-de-kempen"
"""The housing corporation (its demo officer changes the case's status)."""
STATUS: Final = {"status": "meer_informatie_nodig", "explanation": "Stuur ons uw loonstrook."}
"""The officer's status change that sends the resident a message of high importance."""
CAMERA: Final = ("--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream")
"""The scan screen shows Chromium's own test picture as the camera (no QR code in it)."""
NOT_INSTALLED: Final = (
    "Lighthouse is niet geïnstalleerd: make test en make lighthouse doen `npm ci` in "
    "tools/lighthouse. / Lighthouse is not installed: make test and make lighthouse run "
    "`npm ci` in tools/lighthouse."
)

FormFactor = Literal["mobile", "desktop"]


@dataclass(frozen=True)
class Step:
    """One audited page: its Lighthouse scores (0-100) and what cost points."""

    name: str
    mode: str
    url: str
    report: str | None
    """The HTML flow report's file name, when asked for."""
    warnings: list[str]
    """Lighthouse's run warnings (a page that loaded too slowly, for one)."""
    scores: dict[str, int]
    checked: dict[str, int]
    """Per category, how many of its scored audits applied to the page."""
    failing: list[dict[str, Any]]

    def passes(self) -> bool:
        return all(self.scores[category] >= floor for category, floor in THRESHOLDS.items())

    def problems(self) -> str:
        return "; ".join(
            f"{audit['id']} ({audit['category']}): {', '.join(audit['items'][:5])}"
            for audit in self.failing
        )


@dataclass(frozen=True)
class Audit:
    lighthouse: str
    steps: list[Step]

    def failures(self) -> list[Step]:
        return [step for step in self.steps if not step.passes()]


@dataclass
class Lighthouse:
    """``node tools/lighthouse/audit.mjs`` connected to the browser on ``port``: each call
    gathers one step and returns once Lighthouse has it; :meth:`finish` audits them all."""

    port: int
    out: Path | None
    process: subprocess.Popen[str] = field(init=False)

    def __post_init__(self) -> None:
        node = shutil.which("node")
        if node is None or not (TOOL / "node_modules" / "lighthouse").is_dir():
            raise RuntimeError(NOT_INSTALLED)
        self.process = subprocess.Popen(  # noqa: S603 - our own script
            [
                node,
                str(TOOL / "audit.mjs"),
                "--browser-url",
                f"http://{LOCALHOST}:{self.port}",
                *(("--out", str(self.out)) if self.out else ()),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def _step(self, step: dict[str, str]) -> None:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.write(json.dumps(step) + "\n")
        self.process.stdin.flush()
        answer = json.loads(self.process.stdout.readline() or '{"error": "node stopped"}')
        if "error" in answer:
            raise RuntimeError(f"Lighthouse, {step['name']}: {answer['error']}")

    def snapshot(self, page: Page, name: str, form_factor: FormFactor = "mobile") -> None:
        """Audit ``page`` as it shows now (Lighthouse snapshot mode)."""
        page.wait_for_load_state("load")
        flow = "Phone" if form_factor == "mobile" else "Desktop"  # a flow per driven page
        self._step(
            {
                "mode": "snapshot",
                "name": name,
                "url": page.url,
                "flow": flow,
                "formFactor": form_factor,
            }
        )

    def navigation(self, url: str, name: str, form_factor: FormFactor = "desktop") -> None:
        """Load ``url`` cold in a tab of its own and audit it (Lighthouse navigation mode)."""
        self._step({"mode": "navigation", "name": name, "url": url, "formFactor": form_factor})

    def finish(self) -> Audit:
        out, _ = self.process.communicate(timeout=300)
        if self.process.returncode != 0:
            raise RuntimeError(f"Lighthouse stopped with exit code {self.process.returncode}")
        result = json.loads(out.strip().splitlines()[-1])
        return Audit(result["lighthouse"], [Step(**step) for step in result["steps"]])

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@contextmanager
def audited_browser(playwright: Playwright, chromium: Path) -> Iterator[tuple[Browser, int]]:
    """Debian's Chromium with our flags, its fake camera, and a DevTools port for Lighthouse."""
    port = free_port()
    browser = playwright.chromium.launch(
        executable_path=chromium,
        args=[*FLAGS, *CAMERA, f"--remote-debugging-port={port}"],
        headless=True,
    )
    try:
        yield browser, port
    finally:
        browser.close()


def audit_regie(world: World, playwright: Playwright, chromium: Path, out: Path | None) -> Audit:
    """Drive the story through every audited page; Lighthouse's results (and, with ``out``,
    its HTML flow reports there)."""
    parts = Parts(*(world.start(name) for name in ("issuer", "verifier", "wallet")))
    with audited_browser(playwright, chromium) as (browser, port):
        lighthouse = Lighthouse(port, out)
        try:
            _cold_pages(lighthouse, parts)
            desktop = desktop_context(browser)
            phone = phone_context(browser).new_page()
            _set_up_and_receive(lighthouse, parts, desktop.new_page(), phone)
            case = _share_and_register(lighthouse, parts, phone)
            with officer_client(world, parts.verifier, HOUSING_PARTY) as officer:
                officer_form(officer, "Status wijzigen", STATUS | {"identification": case})
            _wallet_lists(lighthouse, parts, phone)
            return lighthouse.finish()
        finally:
            lighthouse.close()


@dataclass(frozen=True)
class Parts:
    """The base URLs of the world's issuer, verifier and wallet."""

    issuer: str
    verifier: str
    wallet: str


def _cold_pages(lighthouse: Lighthouse, parts: Parts) -> None:
    lighthouse.navigation(f"{parts.wallet}/", "Wallet: eerste start, pincode kiezen", "mobile")
    lighthouse.navigation(f"{parts.issuer}/", "Gemeente: startpagina")
    lighthouse.navigation(f"{parts.verifier}/verify/{HOUSING}", "Woningcorporatie: QR-code")
    lighthouse.navigation(f"{parts.verifier}/verify/{PERMIT}", "Vergunningloket: QR-code")


def _set_up_and_receive(lighthouse: Lighthouse, parts: Parts, desktop: Page, phone: Page) -> None:
    """The wallet locked, the municipality's offer (on the desktop), receiving it, the cards,
    one card, the scan screen (Chromium's test picture as the camera)."""
    open_wallet(phone, f"{parts.wallet}/#/")  # the PIN is set
    phone.reload()
    phone.locator(VAULT.format("locked")).wait_for(state="attached")
    expect(phone.locator("#pin")).to_be_visible()
    lighthouse.snapshot(phone, "Wallet: ontgrendelen")

    desktop.goto(f"{parts.issuer}/login")  # to the test login, with the flow's state
    expect(desktop.locator("button.regie-person").first).to_be_visible()
    lighthouse.snapshot(desktop, "Gemeente: inloggen (testlogin)", "desktop")
    link, code = offer_after_login(desktop, parts.issuer)
    lighthouse.snapshot(desktop, "Gemeente: aanbod met QR-code en code", "desktop")
    desktop.goto(f"{parts.issuer}/credentials")
    lighthouse.snapshot(desktop, "Gemeente: gegevens kiezen", "desktop")

    open_wallet(phone, link)
    expect(phone.locator("#code")).to_be_visible()
    lighthouse.snapshot(phone, "Wallet: gegevens ontvangen")
    accept_offer(phone, code)
    expect(phone.locator("[data-wallet-cards] li").first).to_be_visible()
    lighthouse.snapshot(phone, "Wallet: mijn gegevens (kaarten)")
    phone.locator("[data-wallet-cards] a").first.click()
    expect(phone.locator("[data-card-claims]")).to_be_visible()
    lighthouse.snapshot(phone, "Wallet: een kaart")
    phone.goto(f"{parts.wallet}/#/scan")
    expect(phone.locator("[data-scan-state='scanning']")).to_be_visible()
    lighthouse.snapshot(phone, "Wallet: QR-code scannen")


def _share_and_register(lighthouse: Lighthouse, parts: Parts, phone: Page) -> str:
    """The consent screen, the housing corporation's result page, its prefilled intake form
    and its confirmation; the case number."""
    consent_for(phone, parts.verifier)
    lighthouse.snapshot(phone, "Wallet: toestemming (delen)")
    phone.get_by_role("button", name="Delen", exact=True).click()
    phone.wait_for_url(re.compile(rf"^{re.escape(parts.verifier)}/verify/.+/result\?"))
    lighthouse.snapshot(phone, "Woningcorporatie: gegevens ontvangen")
    open_intake(phone, parts.verifier)
    lighthouse.snapshot(phone, "Woningcorporatie: inschrijfformulier (vooringevuld)")
    case = finish_intake(phone)
    lighthouse.snapshot(phone, "Woningcorporatie: inschrijving verstuurd")
    return case


def _wallet_lists(lighthouse: Lighthouse, parts: Parts, phone: Page) -> None:
    """Mijn zaken, history and settings while the officer's message is on its way (the wallet
    fetches every 20 s), then the inbox and the message."""
    for fragment, name, marker in (
        ("#/cases", "Wallet: mijn zaken", "[data-case]"),
        ("#/history", "Wallet: geschiedenis", "[data-history]"),
        ("#/settings", "Wallet: instellingen", "[data-delete-wallet]"),
    ):
        open_wallet(phone, f"{parts.wallet}/{fragment}")
        expect(phone.locator(marker).first).to_be_attached()
        expect(phone.locator("h1")).to_be_focused()
        lighthouse.snapshot(phone, name)
    open_wallet(phone, f"{parts.wallet}/#/inbox")
    message = inbox_message(phone, importance="high")
    lighthouse.snapshot(phone, "Wallet: berichten")
    message.get_by_role("link").click()
    expect(phone.locator("[data-message-detail]")).to_be_visible()
    lighthouse.snapshot(phone, "Wallet: een bericht")


def write_report(audit: Audit, path: Path, when: datetime) -> None:
    """The table of ``docs/accessibility.md``: page, scores, mode, date, Lighthouse version."""
    date = when.strftime("%Y-%m-%d")
    rows = "\n".join(
        f"| {step.name} | {step.mode} | {step.scores['accessibility']} "
        f"({step.checked['accessibility']}) | {step.scores['best-practices']} "
        f"({step.checked['best-practices']}) | {date} | {audit.lighthouse} |"
        for step in audit.steps
    )
    floors = ", best practices ".join(str(value) for value in THRESHOLDS.values())
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    table = (
        "<!-- lighthouse:start (make lighthouse writes this table) -->\n"
        "| page | mode | accessibility (audits) | best practices (audits) | date | Lighthouse |\n"
        "| --- | --- | --- | --- | --- | --- |\n"
        f"{rows}\n"
        "<!-- lighthouse:end -->"
    )
    pattern = re.compile(r"<!-- lighthouse:start.*?<!-- lighthouse:end -->", re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: table, text)
    else:
        text = f"# Accessibility\n\nAt least: accessibility {floors}.\n\n{table}\n"
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.browser.lighthouse")
    parser.add_argument("--report", type=Path, default=REPORT)
    parser.add_argument("--html", type=Path, default=HTML_REPORTS)
    arguments = parser.parse_args(argv)
    chromium = chromium_path()
    if chromium is None:
        sys.stderr.write(MISSING + "\n")
        return 1
    with tempfile.TemporaryDirectory(prefix="regie-lighthouse-") as root, sync_playwright() as pw:
        world = World(Path(root))
        try:
            audit = audit_regie(world, pw, chromium, arguments.html)
        finally:
            world.close()
    write_report(audit, arguments.report, datetime.now(UTC))
    for step in audit.steps:
        mark = "ok  " if step.passes() else "FAIL"
        scores = " ".join(f"{name} {value}" for name, value in step.scores.items())
        problems = "" if step.passes() else f"  {step.problems()}"
        sys.stdout.write(f"{mark} {step.name}: {scores}{problems}\n")
        for warning in step.warnings:
            sys.stdout.write(f"     warning: {warning}\n")
    sys.stdout.write(f"Lighthouse {audit.lighthouse}: {arguments.report}, HTML {arguments.html}\n")
    return 1 if audit.failures() else 0


if __name__ == "__main__":
    raise SystemExit(main())
