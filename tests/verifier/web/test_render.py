"""The verifier's pages remember the resident's language: a flow that leaves for the wallet
and comes back without ``?lang`` (the result page, the intake form) stays in English."""

from __future__ import annotations

from litestar import Litestar
from litestar.testing import TestClient

from tests.verifier.cases.world import verified_transaction
from verifier.web.render import LANG_COOKIE

START = "/verify/parkeervergunning-bewoners"


def test_english_chosen_on_the_start_page_holds_after_the_wallet(
    standalone_verifier: TestClient[Litestar],
) -> None:
    client = standalone_verifier
    page = client.get(f"{START}?lang=en")
    assert '<html lang="en"' in page.text
    assert f"{LANG_COOKIE}=en" in page.headers["set-cookie"]
    assert "HttpOnly" in page.headers["set-cookie"]

    again = client.get(START)  # no ?lang: the cookie decides, and is not set again
    assert '<html lang="en"' in again.text
    assert "set-cookie" not in again.headers

    with client.portal() as portal:
        transaction_id, secret = portal.call(
            verified_transaction, client.app.state["verifier"], "parkeervergunning-bewoners"
        )
    result = client.post(f"/verify/{transaction_id}/result", data={"poll_secret": secret})
    assert '<html lang="en"' in result.text
    intake = client.post(f"/intake/{transaction_id}", data={"poll_secret": secret})
    assert intake.status_code == 200
    assert '<html lang="en"' in intake.text


def test_dutch_stays_the_default_and_the_switch_back_is_remembered(
    standalone_verifier: TestClient[Litestar],
) -> None:
    client = standalone_verifier
    assert '<html lang="nl"' in client.get(START).text
    client.get(f"{START}?lang=en")
    back = client.get(f"{START}?lang=nl")
    assert f"{LANG_COOKIE}=nl" in back.headers["set-cookie"]
    assert '<html lang="nl"' in client.get("/verify/unknown/result").text
