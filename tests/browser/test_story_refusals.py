"""Issue 7, story 3: refusals a resident must understand, end to end in Chromium. The resident's
phone (``camera_phone``) reads each relying party's QR code from the computer's screen
(``desktop``) through the fake camera.

- Declining ("Niet delen") sends nothing but ``access_denied`` with the request's ``state``
  (OpenID4VP 1.0 §8.5), and the relying party's page says in plain Dutch that it got nothing;
  "Opnieuw beginnen" shows a new code.
- A revoked card: municipal staff revoke the resident's Woonadres in the issuer's back office
  (the "Intrekken (Revoke)" form, per copy as the register lists them); presented anyway, the
  verifier reads the Token Status List (§7.1: INVALID) and refuses, and the relying party's
  page says why: cross-device the page on the computer, same-device the page the wallet is
  sent to (OpenID4VP 1.0 §8.2: the refused response is answered 200 with a ``redirect_uri``).
  The wallet logs the presentation as failed ("Niet gelukt"), opens no case, has used up
  only the copies it sent (HAIP 1.0 §7), and deletes the mailbox it made for the case at the
  wallet provider (nobody else has its URL). Shared after the request ran out, the verifier does
  not take the post (a 400 with an OAuth error), and the wallet says to ask for a new code.
- An expired QR code (OpenID4VP 1.0 §5.10: the request can only be fetched while the
  transaction is open): the page shows a fresh code by itself; the old one, scanned, gives a
  clear error in the wallet; the new one works. On the issuer's page an offer's code that has
  run out (``ISSUER_OFFER_TTL_SECONDS``, its countdown on the page's clock) gives way to a
  "Nieuwe code" button, whose fresh code works.
"""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing, contextmanager
from typing import Any
from urllib.parse import parse_qs

import pytest
from playwright.sync_api import Page, Request, Response, expect

from standards.jose import b64url_decode
from tests.browser.wallet import (
    HOUSING,
    CameraPhone,
    accept_offer,
    admin_login,
    back_office_form,
    consent_for,
    offer_on_the_issuer,
    open_wallet,
    qr_on_page,
    receive_all,
    scan_code_on,
    scan_with_camera,
    stored,
)
from tests.browser.world import World

REFUSED = "Het delen is niet gelukt. Probeer het opnieuw."
"""The relying party's page after a refused response (verifier/web/messages/nl.json)."""
WHY_REVOKED = "Waarom niet: De uitgever heeft deze gegevens ingetrokken."
"""Its reason for a revoked card (``verifier.credential_revoked``)."""
STAFF = ("medewerker-burgerzaken", "intrekken-mag-alleen-met-reden")
"""The issuer's back-office account this story makes, as a municipality would: ``regie staff
add`` (README: "create an account first with regie staff add")."""


def test_declining_sends_nothing_and_the_relying_party_says_so(
    camera_phone: CameraPhone, desktop: Page, issuer_url: str, verifier_url: str, wallet_url: str
) -> None:
    phone = camera_phone.page
    receive_all(phone, issuer_url, wallet_url)
    posted: list[Request] = []
    phone.on("request", lambda r: posted.append(r) if "/oid4vp/response/" in r.url else None)
    desktop.goto(f"{verifier_url}/verify/{HOUSING}")
    scan_code_on(desktop, camera_phone, wallet_url)
    expect(phone.locator("[data-party]")).to_have_text("Woonstichting De Kempen")
    phone.get_by_role("button", name="Niet delen").click()

    expect(phone.locator("h1")).to_have_text("Niets gedeeld")
    expect(desktop.locator("h1")).to_have_text("U heeft niets gedeeld", timeout=15_000)
    expect(desktop.locator("[data-declined]")).to_have_text(
        "U koos in uw wallet om niets te delen. Wij hebben geen gegevens van u gekregen."
    )
    (answer,) = posted  # the one answer: no data, only the refusal (§8.5)
    form = parse_qs(answer.post_data or "")
    assert sorted(form) == ["error", "state"]
    assert form["error"] == ["access_denied"]
    assert not any(copy["used"] for copy in stored(phone, "allCopies"))
    desktop.get_by_role("link", name="Opnieuw beginnen").click()  # a new request, a fresh code
    expect(desktop.locator("svg.regie-qr")).to_be_visible()


@pytest.fixture(scope="module")
def staff(world: World) -> None:
    """``regie staff add`` against the world's issuer (its database under ``world.root``),
    once: the account is there for every test of this module."""
    username, password = STAFF
    command = ["staff", "add", username, "--password-stdin", "--data-dir", str(world.root)]
    subprocess.run(  # noqa: S603 - our own command, no shell
        [sys.executable, "-m", "regie", *command],
        input=f"{password}\n",
        text=True,
        check=True,
        capture_output=True,
        env=world.env("issuer"),
        timeout=60,
    )


def _status_index(compact: str) -> int:
    """Where a credential copy's status is on its Status List (Token Status List §6.1:
    ``status.status_list.idx`` in the issuer-signed JWT)."""
    payload = compact.split("~", 1)[0].split(".")[1]
    claims: dict[str, Any] = json.loads(b64url_decode(payload))
    index: int = claims["status"]["status_list"]["idx"]
    return index


def _revoke(staff: Page, issuer_url: str, indices: list[int]) -> None:
    """Municipal staff in the issuer's back office: log in, find each copy in the register
    (``issued_credential``, by its status index) and revoke it with the form, giving a reason."""
    admin_login(staff, issuer_url, *STAFF)
    for index in indices:
        listed = staff.request.get(
            f"{issuer_url}/admin/api/tables/issued_credential/?status_index={index}"
        )
        (row,) = listed.json()["rows"]
        said = back_office_form(
            staff,
            issuer_url,
            "Intrekken (Revoke)",
            {"credential_id": row["credential_id"], "reason": "Verhuisd naar een andere gemeente"},
        )
        assert "Ingetrokken" in said


def _holding_a_revoked_woonadres(phone: Page, staff_page: Page, world: World) -> str:
    """The resident receives all cards in the wallet on ``phone``; staff revoke each copy of
    the Woonadres. Returns the wallet's URL."""
    issuer_url, wallet_url = world.url("issuer"), world.start("wallet")
    receive_all(phone, issuer_url, wallet_url)
    copies = [c for c in stored(phone, "allCopies") if c["name"]["nl"] == "Woonadres"]
    assert copies
    _revoke(staff_page, issuer_url, [_status_index(copy["compact"]) for copy in copies])
    return wallet_url


def _logged_as_failed(phone: Page) -> None:
    """The wallet's history says "Niet gelukt", no case was opened, and the one copy of each
    card that was sent is used up (it was seen, HAIP 1.0 §7), no other."""
    (entry,) = [h for h in stored(phone, "history") if h["kind"] == "presentation"]
    assert entry["outcome"] == "failed"
    assert entry["caseId"] is None
    assert stored(phone, "cases") == []
    used = [copy["card"] for copy in stored(phone, "allCopies") if copy["used"]]
    assert sorted(used) == sorted(entry["cards"])  # one copy of each card asked for


def _makes_a_case_mailbox(request: Request) -> bool:
    """The wallet's ``POST .../mailboxes`` for a presentation: its sender is the relying
    party's ``x509_hash:`` (an issuance's is the issuer's identifier)."""
    if request.method != "POST" or not request.url.endswith("/mailboxes"):
        return False
    return str(json.loads(request.post_data or "{}").get("sender", "")).startswith("x509_hash:")


@contextmanager
def _case_mailbox_deleted(phone: Page, world: World) -> Iterator[None]:
    """Around the refused presentation: the wallet made a case mailbox, and then deleted it at
    the provider (204; no row left in the provider's database) and forgot its key."""
    made: list[Request] = []
    phone.on("request", lambda r: made.append(r) if _makes_a_case_mailbox(r) else None)
    with phone.expect_response(
        lambda r: r.request.method == "DELETE" and "/mailboxes/" in r.url, timeout=15_000
    ) as deleting:
        yield
    assert made, "the wallet made no mailbox for the case"
    deleted = deleting.value
    assert deleted.status == 204
    mailbox_id = deleted.url.rsplit("/", 1)[1]
    with closing(sqlite3.connect(world.root / "wallet" / "wallet.sqlite")) as database:
        left = database.execute("SELECT id FROM mailboxes WHERE id = ?", (mailbox_id,))
        assert left.fetchall() == []


def _no_case_mailbox_kept(phone: Page) -> None:
    """The wallet's store holds no mailbox of a relying party (only the issuer's)."""
    senders = [box["sender"] for box in stored(phone, "mailboxes")]
    assert not [sender for sender in senders if str(sender).startswith("x509_hash:")], senders


@pytest.mark.usefixtures("staff")
def test_a_revoked_card_is_refused_with_the_reason_on_the_relying_partys_page(
    camera_phone: CameraPhone, desktop: Page, page: Page, world: World, verifier_url: str
) -> None:
    phone = camera_phone.page
    wallet_url = _holding_a_revoked_woonadres(phone, page, world)

    desktop.goto(f"{verifier_url}/verify/{HOUSING}")
    scan_code_on(desktop, camera_phone, wallet_url)
    expect(phone.locator("[data-party]")).to_have_text("Woonstichting De Kempen")
    with _case_mailbox_deleted(phone, world):
        phone.get_by_role("button", name="Delen", exact=True).click()

        expect(desktop.locator("h1")).to_have_text(REFUSED, timeout=15_000)
        expect(desktop.locator("[data-refusal='verifier.credential_revoked']")).to_have_text(
            WHY_REVOKED
        )
        expect(phone.get_by_role("alert")).to_have_text(  # the answer's ``refused``, in its words
            "Woonstichting De Kempen heeft uw gegevens niet aangenomen, omdat de uitgever ze "
            "heeft ingetrokken. Kijk op de website van Woonstichting De Kempen wat u nu kunt doen."
        )
    _logged_as_failed(phone)
    _no_case_mailbox_kept(phone)


@pytest.mark.usefixtures("staff")
def test_same_device_a_revoked_card_ends_on_the_relying_partys_page_with_the_reason(
    phone: Page, page: Page, world: World, verifier_url: str
) -> None:
    """The permit-desk way, on the phone alone: the relying party's same-device button; the
    consent screen warns that the card is revoked, without blocking; the wallet's "Delen"; the
    verifier refuses the revoked card and answers 200 with a ``redirect_uri`` (OpenID4VP 1.0
    §8.2), so the phone ends on the relying party's result page, which says why."""
    wallet_url = _holding_a_revoked_woonadres(phone, page, world)
    answers: list[Response] = []
    phone.on("response", lambda r: answers.append(r) if "/oid4vp/response/" in r.url else None)
    consent_for(phone, verifier_url)
    expect(phone.locator("[data-party]")).to_have_text("Woonstichting De Kempen")
    # warned before agreeing, under the revoked card only; "Delen" still works
    warning = phone.locator("[data-consent-card-status='revoked']")
    expect(warning).to_have_text(
        "Deze kaart is ingetrokken door de uitgever. De organisatie zal hem niet aannemen.",
        timeout=15_000,
    )
    expect(phone.locator("[data-query='adres'] [data-consent-card-status]")).to_have_count(1)
    with _case_mailbox_deleted(phone, world):  # before the redirect, which would cancel it
        phone.get_by_role("button", name="Delen", exact=True).click()
        phone.wait_for_url(
            re.compile(rf"^{re.escape(verifier_url)}/verify/.+/result\?response_code=")
        )
    expect(phone.locator("h1")).to_have_text(REFUSED)
    expect(phone.locator("[data-refusal='verifier.credential_revoked']")).to_have_text(WHY_REVOKED)
    expect(phone.get_by_role("link", name="Opnieuw beginnen")).to_be_visible()
    assert [answer.status for answer in answers] == [200]  # processed, and refused (§8.2)
    open_wallet(phone, wallet_url)
    _logged_as_failed(phone)
    _no_case_mailbox_kept(phone)


def test_an_expired_code_is_replaced_and_only_the_new_one_works(
    camera_phone: CameraPhone, desktop: Page, world: World
) -> None:
    """``short_verifier``: requests expire after 30 s (``VERIFIER_TRANSACTION_TTL_SECONDS``)."""
    issuer_url, wallet_url = world.start("issuer"), world.start("wallet")
    verifier_url = world.start("short_verifier")
    phone = camera_phone.page
    desktop.goto(f"{verifier_url}/verify/{HOUSING}")
    presentation = desktop.locator("#presentation")
    first = presentation.get_attribute("data-status-url")
    old = qr_on_page(desktop)
    expect(desktop.get_by_text("Deze code verloopt na 30 seconden")).to_be_visible()
    receive_all(phone, issuer_url, wallet_url)  # meanwhile the resident gets their cards

    expect(presentation).not_to_have_attribute("data-status-url", first or "", timeout=45_000)
    assert qr_on_page(desktop) != old  # a fresh code, shown by the page itself

    scan_code_on(desktop, camera_phone, wallet_url)  # the new one first: it too lasts 30 s
    expect(phone.locator("[data-party]")).to_have_text("Woonstichting De Kempen")
    phone.get_by_role("button", name="Delen", exact=True).click()
    expect(desktop.locator("h1")).to_have_text(
        "Gelukt: uw gegevens zijn gecontroleerd", timeout=15_000
    )

    camera_phone.point_at(old)
    scan_with_camera(phone, wallet_url)
    expect(phone.get_by_role("alert")).to_contain_text(
        "Het verzoek is niet meer beschikbaar. Vraag om een nieuwe QR-code."
    )
    expect(phone.locator("[data-consent]")).to_have_count(0)


def test_sharing_after_the_request_ran_out_asks_for_a_new_code(
    camera_phone: CameraPhone, desktop: Page, world: World
) -> None:
    """The resident lingers on the consent screen until the request runs out (``short_verifier``,
    30 s): the verifier does not take the post as the answer (a 400 with the OAuth error
    ``invalid_request``, RFC 6749 §5.2, not the 200 of a processed response, OpenID4VP 1.0
    §8.2), and the wallet says to ask for a new code; logged as failed, no case."""
    issuer_url, wallet_url = world.start("issuer"), world.start("wallet")
    verifier_url = world.start("short_verifier")
    phone = camera_phone.page
    receive_all(phone, issuer_url, wallet_url)
    desktop.goto(f"{verifier_url}/verify/{HOUSING}")
    presentation = desktop.locator("#presentation")
    first = presentation.get_attribute("data-status-url")
    scan_code_on(desktop, camera_phone, wallet_url)
    expect(phone.locator("[data-party]")).to_have_text("Woonstichting De Kempen")
    # the request runs out: the relying party's page shows a fresh code by itself
    expect(presentation).not_to_have_attribute("data-status-url", first or "", timeout=45_000)
    answers: list[Response] = []
    phone.on("response", lambda r: answers.append(r) if "/oid4vp/response/" in r.url else None)
    phone.get_by_role("button", name="Delen", exact=True).click()

    expect(phone.get_by_role("alert")).to_have_text(
        "Woonstichting De Kempen kon uw antwoord niet aannemen. Misschien is het verzoek verlopen "
        "of al gebruikt. Vraag Woonstichting De Kempen om een nieuwe QR-code en probeer het "
        "opnieuw."
    )
    assert [answer.status for answer in answers] == [400]
    _logged_as_failed(phone)


def test_an_expired_offer_on_the_issuers_page_gives_way_to_a_fresh_code(
    camera_phone: CameraPhone, desktop: Page, world: World
) -> None:
    """The offer page counts down on the page's clock (``offer.js``), which this test moves on
    past the offer's 5 minutes (``ISSUER_OFFER_TTL_SECONDS``) instead of waiting."""
    issuer_url, wallet_url = world.start("issuer"), world.start("wallet")
    desktop.clock.install()
    offer_on_the_issuer(desktop, issuer_url)
    first_offer, old = desktop.url, qr_on_page(desktop)
    desktop.clock.fast_forward("05:01")
    expired = desktop.locator("#verlopen")
    expect(expired).to_be_visible()
    expect(expired).to_contain_text("Deze code is verlopen")
    expect(desktop.locator("svg.regie-qr")).to_be_hidden()
    expired.get_by_role("button", name="Nieuwe code").click()
    desktop.wait_for_url(lambda url: url.startswith(f"{issuer_url}/offers/") and url != first_offer)
    new = qr_on_page(desktop)
    assert new != old
    code = "".join(desktop.locator(".regie-tx-code__group").all_inner_texts())

    phone = camera_phone.page
    camera_phone.point_at(new)
    scan_with_camera(phone, wallet_url)
    assert accept_offer(phone, code)
