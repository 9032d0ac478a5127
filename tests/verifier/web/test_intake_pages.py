"""The intake pages: only the browser with the flow's proof opens a transaction's form; the
validated values are shown read-only and marked; errors stand next to their field; submit
shows the case number, and submitting again shows the same one."""

from __future__ import annotations

import re
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from tests.verifier.cases.world import verified_transaction
from verifier.db.tables import Case

URL = "http://127.0.0.1:8002"
USE_CASE = "parkeervergunning-bewoners"

PARKING_FORM = {"kenteken": "AB-123-C", "ingangsdatum": "2026-12-01"}


@pytest.fixture
def client(standalone_verifier: TestClient[Litestar]) -> TestClient[Litestar]:
    return standalone_verifier


def _verified(client: TestClient[Litestar]) -> tuple[str, str]:
    state = client.app.state["verifier"]
    with client.portal() as portal:
        made: tuple[str, str] = portal.call(verified_transaction, state, USE_CASE)
    return made


def _cases(client: TestClient[Litestar]) -> list[dict[str, Any]]:
    async def run() -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = await Case.select()
        return rows

    with client.portal() as portal:
        return portal.call(run)


def _enter(client: TestClient[Litestar], transaction_id: str, secret: str) -> Any:
    return client.post(f"/intake/{transaction_id}", data={"poll_secret": secret})


def _token(page: str) -> str:
    found = re.search(r'name="intake_token" value="([0-9a-f]+)"', page)
    assert found is not None
    return found.group(1)


def test_form_shows_validated_values_read_only_and_marked(client: TestClient[Litestar]) -> None:
    transaction_id, secret = _verified(client)
    page = _enter(client, transaction_id, secret)
    assert page.status_code == 200
    html = page.text
    assert "gevalideerd door Gemeente Boxtel" in html
    assert 'value="Jansen" readonly' in html
    # in the order the use case asks: the name before the address (OpenID4VP 1.0 §6.1)
    assert html.index('value="Jan" readonly') < html.index('value="Markt" readonly')
    assert 'name="family_name"' not in html  # never sent back by the browser
    assert 'name="kenteken"' in html
    assert "Kenteken van uw auto" in html
    english = client.get(f"/intake/{transaction_id}?lang=en")
    assert "validated by Gemeente Boxtel" in english.text
    assert "registration number" in english.text


def test_transaction_id_alone_opens_nothing(client: TestClient[Litestar]) -> None:
    transaction_id, _ = _verified(client)
    assert client.get(f"/intake/{transaction_id}").status_code == 404
    wrong = _enter(client, transaction_id, "not-the-secret")
    assert wrong.status_code == 404
    assert "Jansen" not in wrong.text
    posted = client.post(
        f"/intake/{transaction_id}/submit",
        data=PARKING_FORM,
    )
    assert posted.status_code == 404
    assert _cases(client) == []


def test_form_errors_stand_next_to_the_field(client: TestClient[Litestar]) -> None:
    transaction_id, secret = _verified(client)
    token = _token(_enter(client, transaction_id, secret).text)
    answer = client.post(
        f"/intake/{transaction_id}/submit?lang=en", data={"intake_token": token, "kenteken": ""}
    )
    assert answer.status_code == 400
    assert 'id="field-kenteken-error"' in answer.text
    assert "Please fill this in." in answer.text
    assert 'aria-invalid="true"' in answer.text
    assert _cases(client) == []


def test_submit_shows_the_case_number_once(client: TestClient[Litestar]) -> None:
    transaction_id, secret = _verified(client)
    token = _token(_enter(client, transaction_id, secret).text)
    form = {"intake_token": token, **PARKING_FORM, "family_name": "Forged"}
    done = client.post(f"/intake/{transaction_id}/submit", data=form)
    assert done.status_code == 200
    number = re.search(r"ZAAK-\d{4}-\d{6}", done.text)
    assert number is not None
    again = client.post(f"/intake/{transaction_id}/submit", data=form)
    assert number.group(0) in again.text
    [case] = _cases(client)
    assert case["identification"] == number.group(0)
    assert "Forged" not in case["applicant"]
    assert "Jansen" in case["applicant"]


def test_submit_without_the_form_token_is_refused(client: TestClient[Litestar]) -> None:
    transaction_id, secret = _verified(client)
    _enter(client, transaction_id, secret)
    answer = client.post(
        f"/intake/{transaction_id}/submit",
        data=PARKING_FORM,
    )
    assert answer.status_code == 404
    assert _cases(client) == []
