"""The back office's case view tells the officer what became of the resident's messages:
queued (no mailbox yet), delivered, read."""

from __future__ import annotations

from datetime import timedelta

from litestar import Litestar
from litestar.testing import TestClient

from tests.verifier.admin.back_office import add_officer, logged_in, submit_form
from tests.verifier.admin.test_back_office import PARKING, _case
from tests.verifier.cases.world import NOW
from verifier.db.tables import ResidentMessage


def test_the_case_view_shows_delivered_and_read(
    standalone_verifier: TestClient[Litestar],
) -> None:
    client = standalone_verifier
    identification = _case(client, PARKING[1], PARKING[2])
    add_officer(client, "piet-parkeren", PARKING[0])
    headers = logged_in(client, "piet-parkeren")

    def view() -> str:
        answer = submit_form(client, headers, "Zaak bekijken", {"identification": identification})
        assert answer.status_code == 200, answer.text
        text: str = answer.json()["custom_form_success"]
        return text

    assert "status (normal): wacht: geen brievenbus" in view()
    with client.portal() as portal:
        portal.call(
            ResidentMessage.update(
                {
                    ResidentMessage.delivered_at: NOW,
                    ResidentMessage.fetched_at: NOW + timedelta(minutes=1),
                }
            )
            .where(ResidentMessage.id > 0)
            .run
        )
    assert "bezorgd in de wallet / delivered to the wallet 2026-11-24 09:31" in view()
    with client.portal() as portal:
        portal.call(
            ResidentMessage.update({ResidentMessage.read_at: NOW + timedelta(minutes=5)})
            .where(ResidentMessage.id > 0)
            .run
        )
    assert "gelezen / read 2026-11-24 09:35" in view()
