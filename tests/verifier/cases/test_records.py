"""A status change's message tells the resident the status, the result and the officer's
explanation (:func:`verifier.cases.records.status_rows`)."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from piccolo.engine.base import Engine

from tests.verifier.cases.world import NOW, add_relying_party, add_transaction
from verifier.cases.handling import change_status, officer_relying_parties
from verifier.cases.intake import open_case
from verifier.cases.status import CaseStatusCode
from verifier.db.tables import Officer, OfficerRelyingParty, ResidentMessage


def _case_and_officer() -> tuple[str, Any]:
    async def make() -> tuple[str, Any]:
        party, use_case = await add_relying_party("parkeren")
        transaction = await add_transaction(use_case)
        opened = await open_case(
            transaction, {"income_bracket": "low"}, now=NOW, retention=timedelta(days=9)
        )
        officer = await Officer.create_user(
            username="officer-parkeren",
            password="a-long-test-password",
            email="parkeren@officer.invalid",
            active=True,
            admin=True,
        )
        await OfficerRelyingParty(officer=officer.id, relying_party=party).save()
        return opened.identification, await officer_relying_parties(int(officer.id))

    return asyncio.run(make())


def _last_message(explanation: str | None) -> dict[str, Any]:
    case, parties = _case_and_officer()
    asyncio.run(
        change_status(
            case,
            CaseStatusCode.MORE_INFORMATION_NEEDED,
            result=None,
            explanation=explanation,
            actor="officer-parkeren",
            relying_parties=parties,
            now=NOW + timedelta(hours=1),
        )
    )
    rows = asyncio.run(ResidentMessage.select().order_by(ResidentMessage.id).run())
    return rows[-1]


def test_the_officers_explanation_reaches_the_resident(verifier_db: Engine) -> None:  # type: ignore[type-arg]
    message = _last_message("  Stuur een kopie van uw kentekenbewijs.  ")
    assert message["text_nl"].endswith(" Toelichting: Stuur een kopie van uw kentekenbewijs.")
    assert message["text_en"].endswith(" Explanation: Stuur een kopie van uw kentekenbewijs.")
    assert "meer informatie" in message["text_nl"]


@pytest.mark.parametrize("explanation", [None, "", "   "])
def test_no_explanation_adds_no_line(verifier_db: Engine, explanation: str | None) -> None:  # type: ignore[type-arg]
    message = _last_message(explanation)
    assert "Toelichting" not in message["text_nl"]
    assert "Explanation" not in message["text_en"]
