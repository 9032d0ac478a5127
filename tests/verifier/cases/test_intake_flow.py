"""From a real presentation (issuer app, test wallet, verifier app) to a case, same-device
(the response code) and cross-device (the poll secret): the browser opens the prefilled form,
submits, gets the case number; the officer's re-verification of the stored evidence passes."""

from __future__ import annotations

import re
from typing import Any

from litestar import Litestar
from litestar.testing import TestClient

from tests.verifier.conftest import VERIFIER_URL
from tests.verifier.test_presentation_flow import start, wallet
from tests.verifier.wallet import TestWallet
from verifier.cases.handling import case_for_officer
from verifier.cases.reverify import reverify
from verifier.db.tables import Case
from verifier.state import VerifierState

__all__ = ["wallet"]  # the fixture

USE_CASE = "parkeervergunning-bewoners"
PERMIT_DESK = "Gegevens delen met Gemeente Boxtel, balie vergunningen"


def _continue(client: TestClient[Litestar], result_page: str) -> Any:
    """Press "Ga verder met uw aanvraag" on the result page: its form posts the proof."""
    action = re.search(r'<form method="post" action="(/intake/[^"]+)"', result_page)
    assert action is not None, result_page
    hidden = dict(re.findall(r'type="hidden" name="([a-z_]+)" value="([^"]+)"', result_page))
    page = client.post(action.group(1).replace("&amp;", "&"), data=hidden)
    assert page.status_code == 200, page.text
    return page


def _submit(client: TestClient[Litestar], transaction_id: str, form_page: str) -> str:
    """Fill in the resident's own fields and submit; the case number shown."""
    token = re.search(r'name="intake_token" value="([0-9a-f]+)"', form_page)
    assert token is not None
    done = client.post(
        f"/intake/{transaction_id}/submit",
        data={"intake_token": token.group(1), "kenteken": "AB-123-C", "ingangsdatum": "2026-12-01"},
    )
    assert done.status_code == 200, done.text
    number = re.search(r"ZAAK-\d{4}-\d{6}", done.text)
    assert number is not None
    return number.group(0)


def test_same_device_presentation_opens_the_form_with_the_response_code(
    verifier_client: TestClient[Litestar], wallet: TestWallet
) -> None:
    started = verifier_client.post(f"/verify/{USE_CASE}/same-device", follow_redirects=False)
    response = wallet.present(started.headers["location"])
    redirect = response.json()["redirect_uri"].removeprefix(VERIFIER_URL)
    transaction_id = redirect.split("/verify/")[1].split("/")[0]
    page = _continue(verifier_client, verifier_client.get(redirect).text)
    assert 'value="AB-123-C"' not in page.text
    assert "gevalideerd door Gemeente Boxtel" in page.text
    # the header names who the resident shares with, as the start page does
    assert f'<p class="regie-brand">{PERMIT_DESK}</p>' in page.text
    number = _submit(verifier_client, transaction_id, page.text)
    done = verifier_client.get(f"/intake/{transaction_id}/done")
    assert f'<p class="regie-brand">{PERMIT_DESK}</p>' in done.text

    async def stored() -> list[str]:
        return [row["identification"] for row in await Case.select(Case.identification)]

    with verifier_client.portal() as portal:
        assert portal.call(stored) == [number]
    # Another browser with the transaction id alone gets nothing.
    verifier_client.cookies.clear()
    assert verifier_client.get(f"/intake/{transaction_id}").status_code == 404


def test_presentation_to_case_and_reverified_evidence(
    verifier_client: TestClient[Litestar], verifier_state: VerifierState, wallet: TestWallet
) -> None:
    transaction_id, secret, link = start(verifier_client, USE_CASE)
    assert wallet.present(link).status_code == 200
    result = verifier_client.post(f"/verify/{transaction_id}/result", data={"poll_secret": secret})
    page = _continue(verifier_client, result.text)
    assert "gevalideerd door Gemeente Boxtel" in page.text
    assert "Achternaam" in page.text  # the label from the credential's type metadata
    number = _submit(verifier_client, transaction_id, page.text)

    async def check() -> tuple[bool, str]:
        case = await Case.select(Case.relying_party).first()
        assert case is not None
        parties = [case["relying_party"]]
        stored = await case_for_officer(number, parties)
        assert stored["evidence"]
        outcome = await reverify(
            verifier_state,
            number,
            relying_parties=parties,
            actor="test-officer",
            now=verifier_state.clock(),
        )
        return outcome.ok, outcome.reason

    with verifier_client.portal() as portal:
        assert portal.call(check) == (True, "valid")
