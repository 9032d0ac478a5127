"""A re-issue prompt end to end (issue 6): the resident holds the municipality's credentials in
the wallet; the register records a move; the issuer, asked by its own command, revokes the old
Woonadres and queues a prompt, delivers it to the mailbox the wallet gave it; the prompt shows
in "Berichten" with its button, which leads through the municipality's login to its choice with
only Woonadres ticked, where the resident gets the new Woonadres: it replaces the old card, in
its place on "Mijn gegevens"; the issuer learns from the read receipt that the prompt was read,
and its back office says "Gelezen / read".

The issuer here is one of its own (not the world's): it reads the register over Haal Centraal
BRP Personen (``ISSUER_REGISTER_SOURCE=haal_centraal``) from the test server
(:mod:`issuer.register.testserver`) over a register this test holds, so the move reaches the
issuer only the way a real one does: through the register's API, when ``regie issuer
check-register`` asks (README, "The regie command"). Nothing writes the issuer's database but
the issuer and its commands.
"""

from __future__ import annotations

import re
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from issuer.register.seeded import SeededRegister
from issuer.register.testserver import create_app, serve_in_thread
from issuer.web.session import SESSION_COOKIE
from regie.processes import LOCALHOST, free_port, running
from tests.browser.test_cards import _disclosed
from tests.browser.wallet import accept_offer, open_wallet, reload_wallet, stored
from tests.browser.world import READY, World
from tests.issuer.test_register_watch import JAN_WILLEM
from tests.issuer.test_reissue_delivery import move_in_with_eline

STAFF = "medewerker-verhuizing"


@dataclass
class MovingIssuer:
    """The issuer that reads :attr:`register` over Haal Centraal, its settings and a staff
    account for its back office."""

    url: str
    env: dict[str, str]
    register: SeededRegister
    password: str

    def regie(self, *args: str, stdin: str = "") -> str:
        """Run ``regie ARGS`` with this issuer's settings; its output (exit code 0)."""
        done = subprocess.run(  # noqa: S603 - our own interpreter and command
            [sys.executable, "-m", "regie", *args],
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout


@pytest.fixture(scope="module")
def moving_issuer(world: World, wallet_url: str) -> Iterator[MovingIssuer]:
    register = SeededRegister.load()
    api_key = secrets.token_urlsafe(16)
    with serve_in_thread(create_app(register, api_key=api_key)) as brp:
        port = free_port()
        url = f"http://{LOCALHOST}:{port}"
        env = {
            **world.env("issuer"),
            "ISSUER_PUBLIC_URL": url,
            "ISSUER_DATA_DIR": str(world.root / "moving_issuer"),
            "ISSUER_REGISTER_SOURCE": "haal_centraal",
            "ISSUER_HAAL_CENTRAAL_URL": brp,
            "ISSUER_HAAL_CENTRAAL_API_KEY": api_key,
            "ISSUER_REGISTER_CHECK_SECONDS": "0",  # the command below asks, once
            "ISSUER_MAILBOX_DELIVERY_SECONDS": "1",
            "ISSUER_MAILBOX_STATE_CHECK_SECONDS": "2",  # not a minute: the receipt comes soon
        }
        with running("issuer", env, port=port, ready_path=READY["issuer"]):
            issuer = MovingIssuer(url, env, register, secrets.token_urlsafe(18))
            issuer.regie("staff", "add", STAFF, "--password-stdin", stdin=f"{issuer.password}\n")
            yield issuer


def get_credentials(page: Page, issuer_url: str, configuration_ids: set[str] | None) -> None:
    """From the municipality's start page: log in as Jan Willem with the test login (unless
    still logged in), choose ``configuration_ids`` (``None``: all) and receive them
    (:func:`choose_and_receive`)."""
    page.locator(".regie-actions a.utrecht-button-link--primary-action").click()
    page.wait_for_url(re.compile(r"/(credentials|test-idp/.*)(\?.*)?$"))
    if "/credentials" not in page.url:
        page.locator("button.regie-person", has_text=JAN_WILLEM).click()
        page.wait_for_url(f"{issuer_url}/credentials")
    for box in page.locator("input[name='credential']").all():
        box.set_checked(
            configuration_ids is None or box.get_attribute("value") in configuration_ids
        )
    choose_and_receive(page, issuer_url)


def choose_and_receive(page: Page, issuer_url: str) -> None:
    """On the issuer's choice: press the same-device button with what is ticked, and receive
    it in the wallet."""
    page.locator("form[action='/offers'] button[type='submit']").click()
    page.wait_for_url(f"{issuer_url}/offers/*")
    code = "".join(page.locator(".regie-tx-code__group").all_inner_texts())
    link = page.locator("#zelfde-kop ~ .regie-actions a").get_attribute("href")
    assert link is not None
    open_wallet(page, link)
    accept_offer(page, code)


def card_names(page: Page, wallet_url: str) -> list[str]:
    """The cards on "Mijn gegevens", in the order shown."""
    open_wallet(page, f"{wallet_url}/#/")
    cards = page.locator("[data-wallet-cards] .wallet-card__link")
    expect(cards.first).to_be_visible()
    return cards.all_inner_texts()


def addresses(page: Page) -> list[str]:
    """The streets of the Woonadres copies the wallet holds (read through its own store)."""
    copies = stored(page, "allCopies")
    return [
        str(_disclosed(copy["compact"])["street"])
        for copy in copies
        if copy["name"]["nl"] == "Woonadres"
    ]


def shown_streets(page: Page, wallet_url: str) -> list[str]:
    """The street each Woonadres card shows on "Mijn gegevens" (opened one by one), sorted."""
    open_wallet(page, f"{wallet_url}/#/")
    cards = page.locator("[data-wallet-cards] .wallet-card__link", has_text="Woonadres")
    streets = []
    for i in range(cards.count()):
        cards.nth(i).click()
        expect(page.locator("h1")).to_have_text("Woonadres")
        streets.append(page.locator("[data-claim='street'] dd").inner_text().strip())
        page.go_back()
        expect(cards.first).to_be_visible()
    return sorted(streets)


@contextmanager
def back_office(issuer: MovingIssuer) -> Iterator[httpx.Client]:
    """piccolo-admin's API, logged in once as staff (it limits logins: 20 in 5 minutes)."""
    with httpx.Client(base_url=issuer.url, timeout=30) as client:
        client.get("/admin/")
        client.headers["X-CSRFToken"] = client.cookies.get("csrftoken") or ""
        login = {"username": STAFF, "password": issuer.password}
        assert client.post("/admin/public/login/", json=login).status_code == 200
        yield client


def listed(office: httpx.Client, table: str) -> list[dict[str, Any]]:
    """The rows of ``table`` as the back office lists them."""
    answer = office.get(f"/admin/api/tables/{table}/", params={"__page_size": 100})
    assert answer.status_code == 200, answer.text
    rows: list[dict[str, Any]] = answer.json()["rows"]
    return rows


def test_a_move_reaches_the_wallet_as_a_prompt_whose_button_gets_the_new_address(
    phone: Page, browser: Browser, moving_issuer: MovingIssuer, wallet_url: str
) -> None:
    page, issuer = phone, moving_issuer
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{issuer.url}/")
    get_credentials(page, issuer.url, None)
    assert set(addresses(page)) == {"Rechterstraat"}
    before = card_names(page, wallet_url)
    assert len(before) == len(set(before)) >= 3

    move_in_with_eline(issuer.register)  # the register records the move, as the BRP would
    said = issuer.regie("issuer", "check-register")
    assert "herinneringen / re-issue prompts: 2" in said, said  # woonadres and huishouden
    with back_office(issuer) as office:
        register = listed(office, "issued_credential")
    revoked = {r["credential_configuration_id"] for r in register if r["status"] == "revoked"}
    assert revoked == {"woonadres", "huishouden"}
    # online, the wallet reads the issuer's status list and marks both cards, in plain words
    reload_wallet(page)  # "Mijn gegevens" drawn afresh, as when the resident opens the app
    assert card_names(page, wallet_url) == before
    marked = page.locator("[data-wallet-cards] li[data-status='revoked']")
    expect(marked).to_have_count(2, timeout=15_000)
    expect(marked.filter(has_text="Woonadres")).to_contain_text("Ingetrokken")
    expect(marked.filter(has_text="Woonadres")).to_contain_text("heeft deze kaart ingetrokken")

    open_wallet(page, f"{wallet_url}/#/inbox")
    # the issuer delivers each prompt as soon as it is queued, the wallet fetches every 20 s
    important = page.locator("[data-inbox] [data-message][data-importance='high']")
    expect(important).to_have_count(2, timeout=60_000)
    address_prompt = page.locator("[data-inbox] [data-message]", has_text="Woonadres")
    expect(address_prompt).to_have_attribute("data-read", "false")
    address_prompt.get_by_role("link").click()
    page.wait_for_url(re.compile(r"#/message\?id="))
    expect(page.locator("h1")).to_contain_text("Haal een nieuwe 'Woonadres' op")
    button = page.locator("[data-reissue]").get_by_role("link", name="Nieuwe Woonadres ophalen")
    renew = f"{issuer.url}/credentials?credential=woonadres"
    expect(button).to_have_attribute("href", renew)
    page.context.clear_cookies(name=SESSION_COOKIE)  # the prompt comes days later: logged out
    button.click()
    # the button leads through the login straight to the choice, with only Woonadres ticked
    page.locator("button.regie-person", has_text=JAN_WILLEM).click()
    page.wait_for_url(renew)
    expect(page.locator("[data-renew='woonadres']")).to_contain_text("nieuwe Woonadres")
    ticked = page.locator("input[name='credential']:checked")
    expect(ticked).to_have_count(1)
    expect(ticked).to_have_attribute("value", "woonadres")
    choose_and_receive(page, issuer.url)
    expect(page.locator(".utrecht-alert--ok")).to_contain_text(
        "De oude Woonadres is vervangen en verwijderd"
    )
    # the new card replaces the old one, in its place; the old copies are gone with it
    assert addresses(page) == ["Clarissenstraat"] * 5
    assert shown_streets(page, wallet_url) == ["Clarissenstraat"]
    assert card_names(page, wallet_url) == before
    huishouden = page.locator("[data-wallet-cards] li", has_text="Huishouden")
    expect(huishouden).to_have_attribute("data-status", "revoked", timeout=15_000)
    expect(page.locator("[data-wallet-cards] li[data-status]")).to_have_count(1)  # not the new one
    huishouden.locator(".wallet-card__link").click()
    expect(page.locator("[data-card-status='revoked']")).to_contain_text("Ingetrokken")
    # the history keeps the first issuance; the new one says it replaced a card
    history = stored(page, "history")
    issued = [e for e in history if e["kind"] == "issuance"]
    replaced = [e["replaced"] for e in issued if e["name"]["nl"] == "Woonadres"]
    assert sorted(replaced) == [0, 1], history
    open_wallet(page, f"{wallet_url}/#/history")
    says_replaced = page.locator("[data-history-entry='issuance'] [data-history-replaced]")
    expect(says_replaced).to_have_count(1)
    expect(says_replaced).to_have_text("Deze kaart vervangt de oude kaart.")
    expect(says_replaced.locator("xpath=ancestor::li")).to_contain_text("Woonadres")

    # The issuer asks the provider about an unread prompt at most once every
    # ISSUER_MAILBOX_STATE_CHECK_SECONDS (2 here), at its next delivery round (every second).
    deadline = time.monotonic() + 60
    with back_office(issuer) as office:
        rows = listed(office, "reissue_prompt")
        while time.monotonic() < deadline and not any(r["state"] == "read" for r in rows):
            time.sleep(1)
            rows = listed(office, "reissue_prompt")
    states = {r["credential_configuration_id"]: r["state"] for r in rows}
    assert states == {"woonadres": "read", "huishouden": "fetched"}, rows

    # What the municipal officer sees in the back office's table of re-issue prompts.
    desk = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 800})
    admin = desk.new_page()
    admin.goto(f"{issuer.url}/admin/")
    admin.locator("input[name='username']").fill(STAFF)
    admin.locator("input[name='password']").fill(issuer.password)
    admin.locator("input[name='password']").press("Enter")
    expect(admin.locator("input[name='password']")).to_have_count(0)  # logged in
    admin.goto(f"{issuer.url}/admin/#/reissue_prompt/")
    shown = admin.locator("table tbody tr")
    read_row = shown.filter(has_text="woonadres")
    expect(read_row).to_contain_text("Gelezen / read", timeout=30_000)
    expect(shown.filter(has_text="huishouden")).to_contain_text("In de wallet / in the wallet")
    desk.close()
    assert errors == []
