"""Steps every wallet browser test shares, so each test reads as the resident's story:

- ``open_wallet(page, url)``: go to a wallet URL (``{wallet_url}/#/...``), set up the wallet
  with the test ``PIN`` (first start in a context) or unlock it with it (after a reload), and
  wait until the screen asked for is shown. Every test opens the wallet through this;
  ``reload_wallet(page)`` reloads (which locks the wallet) and unlocks the same way.
- ``offer_on_the_issuer(page, issuer_url)``: log in with the test login, choose every
  credential on offer; returns the same-device link and the transaction code.
- ``receive_all(page, issuer_url, wallet_url)``: a wallet holding every credential the
  issuer offers (by the same-device button), back on "Mijn gegevens".
- ``accept_offer(page, code)``: on the offer screen, accept (untrusted issuer ticked if asked)
  with the transaction code; back on "Mijn gegevens", returns the names of the cards offered.
- ``qr_on_page(page)``: the QR code an issuer's or verifier's page shows, module by module.
- ``phone_with_camera(camera, code)``: a phone's screen in Dutch in a Chromium whose camera
  shows ``code`` (the resident's phone, pointed at that code); ``scan_with_camera(phone,
  wallet_url)`` then opens "QR-code scannen" and waits until the wallet has read the code and
  moved on to the offer (``#/offer?``) or request (``#/present?``) screen. The
  ``camera_phone`` fixture is one phone for several codes (``CameraPhone.point_at``);
  ``scan_code_on(screen, phone, wallet_url)`` points it at the code a page shows and scans.
- ``open_intake``/``finish_intake`` (``submit_intake`` both): the relying party's intake after
  "Delen"; ``back_office_login``/``back_office_form``: an officer in the back office's own
  pages (``officer_client``/``officer_form``: the same over HTTP); ``admin_login``: anyone
  with a back-office account (the issuer's staff too).
- ``screenshot(page, name)``: a PNG for the README when ``$REGIE_SCREENSHOTS`` is set.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from tests.browser.camera import Matrix, matrix_from_svg, write_qr_video
from tests.browser.world import World
from verifier.relying_parties.seeded import USE_CASES

READY = "html[data-wallet-ready='true']"
WORKER_READY = "navigator.serviceWorker.ready.then((registration) => registration.active.scriptURL)"
"""Wait (``page.evaluate``) until the service worker is active: from then on the app opens
offline."""
VALIDATED = "input.utrecht-textbox--read-only"
"""A value on a relying party's intake form that came from the wallet, checked."""
SCANNED = re.compile(r"#/(offer|present)\?")
"""Where the wallet goes once it has read a code for it."""


PIN = "246810"
"""The test resident's PIN: ``open_wallet`` sets it up on first start and unlocks with it."""
VAULT = "html[data-wallet-vault='{}']"


def open_wallet(page: Page, url: str) -> None:
    """Go to ``url`` and wait until the wallet shows it: on the first start in this browser
    context the wallet is set up with :data:`PIN` (the passkey offered afterwards declined),
    after a reload it is unlocked with it, and then the screen asked for is drawn."""
    page.goto(url)
    enter_pin(page)


def reload_wallet(page: Page) -> None:
    """Reload the wallet (which locks it) and unlock it with :data:`PIN`, as ``open_wallet``."""
    page.reload()
    enter_pin(page)


def enter_pin(page: Page) -> None:
    """On the wallet's first screen: set it up with :data:`PIN` or unlock it with it."""
    page.locator(READY).wait_for(state="attached")
    state = page.locator("html").get_attribute("data-wallet-vault")
    if state == "new":
        page.locator("#pin").fill(PIN)
        page.locator("#pin-again").fill(PIN)
        page.locator("[data-vault-setup] button[type='submit']").click()
        skip = page.locator("[data-vault-passkey-skip]")
        page.locator(f"{VAULT.format('open')}, [data-vault-passkey-skip]").first.wait_for(
            state="attached"
        )
        if skip.count():
            skip.click()
    elif state == "locked":
        page.locator("#pin").fill(PIN)
        page.locator("[data-vault-unlock] button[type='submit']").click()
    page.locator(VAULT.format("open")).wait_for(state="attached")


def offer_on_the_issuer(page: Page, issuer_url: str) -> tuple[str, str]:
    page.goto(f"{issuer_url}/login")
    return offer_after_login(page, issuer_url)


def offer_after_login(page: Page, issuer_url: str) -> tuple[str, str]:
    """On the issuer's test login ("Kies een testpersoon"): the first person, every credential;
    the offer's same-device link and transaction code, its QR code on ``page``."""
    page.locator("button.regie-person").first.click()
    page.wait_for_url(f"{issuer_url}/credentials")
    boxes = page.locator("input[name='credential']")
    assert boxes.count() >= 1
    for i in range(boxes.count()):
        boxes.nth(i).check()
    page.locator("form[action='/offers'] button[type='submit']").click()
    page.wait_for_url(f"{issuer_url}/offers/*")
    code = "".join(page.locator(".regie-tx-code__group").all_inner_texts())
    link = page.locator("#zelfde-kop ~ .regie-actions a").get_attribute("href")
    assert link is not None
    return link, code


def receive_all(page: Page, issuer_url: str, wallet_url: str) -> None:
    """Dutch texts expected: make ``page`` with ``locale="nl-NL"``."""
    link, code = offer_on_the_issuer(page, issuer_url)
    open_wallet(page, link)
    accept_offer(page, code)


def accept_offer(page: Page, code: str) -> list[str]:
    """On the offer screen ("Gegevens ontvangen"): tick the untrusted-issuer box if it is
    shown, type ``code`` and get the data, back on "Mijn gegevens"; the names of the cards
    that were offered."""
    expect(page.locator("h1")).to_have_text("Gegevens ontvangen")
    offered = page.locator("[data-offered] li")
    expect(offered.first).to_be_visible()
    names = offered.all_inner_texts()
    untrusted = page.locator("[data-untrusted] input[type='checkbox']")
    expect(page.locator("#code")).to_be_visible()
    if untrusted.count():
        untrusted.check()
    page.locator("#code").fill(code)
    page.locator("form button[type='submit']").click()
    expect(page.locator("h1")).to_have_text("Mijn gegevens", timeout=30_000)
    return names


def qr_on_page(page: Page) -> Matrix:
    """The QR code ``page`` shows (``svg.regie-qr``, drawn by ``regie.web.qr``), for ``camera``."""
    return matrix_from_svg(page.locator("svg.regie-qr").evaluate("svg => svg.outerHTML"))


def phone_with_camera(camera: Callable[[str | Matrix], Page], code: str | Matrix) -> Page:
    """A phone's screen (:func:`phone_context`) in a Chromium (from the ``camera`` fixture) whose
    camera shows ``code``. Receive credentials in it first (``receive_all``) to present them
    later."""
    browser = camera(code).context.browser
    assert browser is not None
    return phone_context(browser).new_page()


@dataclass(frozen=True)
class CameraPhone:
    """The resident's phone (``camera_phone`` fixture): a phone's screen in a Chromium whose fake
    camera plays ``video``. Chromium opens the video anew for every capture, so
    :meth:`point_at` before a scan is pointing the phone at another code."""

    page: Page
    video: Path

    def point_at(self, code: str | Matrix) -> None:
        """The camera's next capture shows ``code`` (a text, or :func:`qr_on_page`)."""
        part = self.video.with_suffix(".part")
        write_qr_video(code, part)
        part.replace(self.video)  # whole: never a capture of a half-written video


def scan_code_on(screen: Page, phone: CameraPhone, wallet_url: str) -> None:
    """The resident points ``phone`` at the QR code ``screen`` shows and scans it with the wallet
    (:func:`scan_with_camera`)."""
    phone.point_at(qr_on_page(screen))
    scan_with_camera(phone.page, wallet_url)


def scan_with_camera(phone: Page, wallet_url: str, timeout: float = 15_000) -> None:
    """Open "QR-code scannen" on ``phone`` (:func:`phone_with_camera`); the wallet reads the code
    its camera shows and opens the offer or request screen, which this waits for."""
    open_wallet(phone, f"{wallet_url}/#/scan")
    phone.wait_for_url(SCANNED, timeout=timeout)


# --- issue 6: the case, the back office, the inbox, the backup ----------------------------------


def submit_intake(page: Page, verifier_url: str) -> str:
    """After "Delen" on the housing corporation's request (same device): through the result
    page to its intake, answer its questions, submit; the case number ("ZAAK-...")."""
    open_intake(page, verifier_url)
    return finish_intake(page)


def open_intake(page: Page, verifier_url: str) -> None:
    """After "Delen": on the relying party's result page (same device: the wallet sent the
    resident back; cross-device: the page moved on by itself), "Ga verder met uw aanvraag";
    the intake form shows the validated data."""
    page.wait_for_url(re.compile(rf"^{re.escape(verifier_url)}/verify/.+/result(\?|$)"))
    page.get_by_role("button", name="Ga verder met uw aanvraag").click()
    expect(page.locator(VALIDATED).first).to_be_visible()


def finish_intake(page: Page, answers: Mapping[str, str] | None = None) -> str:
    """On the intake form: answer its questions (``answers`` by field name, a choice by its
    label; a choice not answered gets its first option), submit; the case number."""
    answers = answers or {}
    for select in page.locator("form select").all():
        if select.get_attribute("name") not in answers:
            select.select_option(index=1)
    for name, value in answers.items():
        field = page.locator(f"form [name='{name}']")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(label=value)
        else:
            field.fill(value)
    page.locator("form button[type='submit']").click()
    number = page.get_by_text(re.compile(r"zaaknummer is ZAAK-"))
    expect(number).to_be_visible()
    found = re.search(r"ZAAK-[0-9A-Za-z-]+", number.inner_text())
    assert found is not None
    return found.group(0).rstrip(".")


@contextmanager
def officer_client(world: World, verifier_url: str, party: str) -> Iterator[httpx.Client]:
    """The back office (piccolo-admin) logged in as the world's demo officer of ``party``
    (``VERIFIER_DEMO_OFFICERS``: ``demo-{slug}``, password in the verifier's data folder)."""
    username, password = demo_officer(world, party)
    with httpx.Client(base_url=verifier_url, timeout=30) as client:
        client.get("/admin/")
        client.headers["X-CSRFToken"] = client.cookies.get("csrftoken") or ""
        answer = client.post(
            "/admin/public/login/", json={"username": username, "password": password}
        )
        assert answer.status_code == 200, answer.text
        yield client


def demo_officer(world: World, party: str) -> tuple[str, str]:
    """The username and password of ``party``'s demo officer, as ``regie demo`` prints them
    (``VERIFIER_DEMO_OFFICERS``: the verifier's ``demo-officers.txt``)."""
    path = world.root / "verifier" / "demo-officers.txt"
    accounts: dict[str, str] = json.loads(path.read_text(encoding="utf-8").split("\n", 1)[1])
    username = f"demo-{party}"
    return username, accounts[username]


def back_office_login(page: Page, world: World, verifier_url: str, party: str) -> None:
    """The officer of ``party`` logs in to the verifier's back office (:func:`admin_login`)."""
    admin_login(page, verifier_url, *demo_officer(world, party))


def admin_login(page: Page, url: str, username: str, password: str) -> None:
    """Log in to the back office at ``{url}/admin/`` (piccolo-admin: the issuer's staff, the
    verifier's officers) with its login form; the forms are listed once in."""
    page.goto(f"{url}/admin/")
    page.locator("input[name='username']").fill(username)
    page.locator("input[name='password']").fill(password)
    page.get_by_role("button", name="Login").click()
    expect(page.locator("#user")).to_have_attribute("title", username)


def back_office_form(page: Page, verifier_url: str, name: str, fields: Mapping[str, str]) -> str:
    """In the back office (logged in, :func:`back_office_login`): open the form ``name`` from
    the menu, fill in ``fields`` by name (a choice by its value), submit; the answer's text."""
    page.goto(f"{verifier_url}/admin/#/")
    page.get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", name=name)).to_be_visible()
    for field, value in fields.items():
        box = page.locator(f"form [name='{field}']")
        if box.evaluate("e => e.tagName") == "SELECT":
            box.select_option(value)
        else:
            box.fill(value)
    page.get_by_role("button", name="Submit").click()
    answer = page.locator("#success_message")
    expect(answer).to_be_visible()
    return answer.inner_text()


def officer_form(client: httpx.Client, name: str, data: dict[str, Any]) -> str:
    """Submit the back-office form whose name starts with ``name``; its answer text."""
    forms = client.get("/admin/api/forms/").json()
    slug = next(f["slug"] for f in forms if f["name"].startswith(name))
    answer = client.post(f"/admin/api/forms/{slug}/", json=data)
    assert answer.status_code == 200, answer.text
    text: str = answer.json()["custom_form_success"]
    return text


def inbox_message(
    page: Page, *, importance: str, text: str | None = None, timeout: float = 60_000
) -> Locator:
    """On "Berichten": wait until a message of ``importance`` (saying ``text``) is listed (the
    wallet fetches every few seconds, the verifier delivers every few seconds); its list item."""
    listed = page.locator(f"[data-inbox] [data-message][data-importance='{importance}']")
    message = (listed.filter(has_text=text) if text else listed).first
    expect(message).to_be_visible(timeout=timeout)
    return message


HOUSING = "inschrijven-woningzoekende"
"""The housing corporation's use case (verifier/relying_parties/seeded.py)."""
READ_STORE = """(name) => import('/js/store.js').then((store) => store[name]())
  .then((rows) => rows.map(({ keyPair, ...row }) => row))"""
"""What the unlocked wallet reads from its store (``allCopies``, ``history``, ``cases``)."""


def asked(use_case: str) -> list[list[str]]:
    """The claim paths ``use_case`` asks for, as seeded (its DCQL query), sorted."""
    (seed,) = (u for u in USE_CASES if u.slug == use_case)
    credentials = seed.dcql_query["credentials"]
    return sorted(claim["path"] for credential in credentials for claim in credential["claims"])


def desktop_context(browser: Browser) -> BrowserContext:
    """A computer's screen (1280 x 800), in Dutch."""
    return browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 800})


def phone_context(browser: Browser) -> BrowserContext:
    """A phone's screen (390 x 844, touch), in Dutch."""
    return browser.new_context(
        locale="nl-NL", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )


def stored(page: Page, name: str) -> list[dict[str, Any]]:
    """The records of the wallet's store ``name`` as the unlocked app reads them, no keys."""
    rows: list[dict[str, Any]] = page.evaluate(READ_STORE, name)
    return rows


def consent_for(page: Page, verifier_url: str, use_case: str = HOUSING) -> None:
    """On the relying party's page, press the same-device button; the wallet's consent shows."""
    page.goto(f"{verifier_url}/verify/{use_case}")
    page.get_by_role("button", name="Open mijn wallet op dit apparaat").click()
    page.wait_for_url(re.compile(r"/#/present\?client_id="))
    open_wallet(page, page.url)  # the wallet asks for the PIN first, then shows the request
    expect(page.locator("[data-consent='agree']")).to_be_visible(timeout=15_000)


BROKEN_WORDS = """(element) => {
  const broken = [];
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const word of node.data.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(node, word.index);
      range.setEnd(node, word.index + word[0].length);
      if (range.getClientRects().length > 1) broken.push(word[0]);
    }
  }
  return broken;
}"""


def broken_words(element: Locator) -> list[str]:
    """The words in ``element`` the browser broke across lines ("Berichte" / "n")."""
    words: list[str] = element.evaluate(BROKEN_WORDS)
    return words


SCREENSHOTS_SETTING = "REGIE_SCREENSHOTS"
"""The folder :func:`screenshot` saves into (``make screenshots``: docs/screenshots)."""


def screenshot(page: Page, name: str, *, full_page: bool = False) -> None:
    """Save what ``page`` shows (its viewport, or the whole page) as the PNG ``name`` in the
    folder ``$REGIE_SCREENSHOTS``; without that setting nothing is saved (the test does the
    same)."""
    folder = os.environ.get(SCREENSHOTS_SETTING)
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(
            path=Path(folder) / name, full_page=full_page, animations="disabled", caret="hide"
        )
