"""Officers handle only their own relying party's cases; each status change is audited and
tells the resident (a queued message)."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from piccolo.engine.base import Engine

from tests.verifier.cases.world import NOW, add_relying_party, add_transaction
from verifier.cases.handling import (
    CaseNotFound,
    StatusChangeRefused,
    case_for_officer,
    cases_for_officer,
    change_status,
    officer_relying_parties,
)
from verifier.cases.intake import open_case
from verifier.cases.status import CaseStatusCode
from verifier.db.tables import (
    AuditEntry,
    Case,
    CaseStatus,
    Officer,
    OfficerRelyingParty,
    ResidentMessage,
)

LATER = NOW + timedelta(hours=1)


def _world() -> dict[str, Any]:
    """Two parties, a case each, and an officer of each (bound in the database)."""

    async def make() -> dict[str, Any]:
        world: dict[str, Any] = {}
        for slug in ("woonstichting", "parkeren"):
            party, use_case = await add_relying_party(slug)
            transaction = await add_transaction(use_case)
            opened = await open_case(
                transaction, {"income_bracket": "low"}, now=NOW, retention=timedelta(days=9)
            )
            officer = await Officer.create_user(
                username=f"officer-{slug}",
                password="a-long-test-password",
                email=f"{slug}@officer.invalid",
                active=True,
                admin=True,
            )
            await OfficerRelyingParty(officer=officer.id, relying_party=party).save()
            world[slug] = {
                "case": opened.identification,
                "parties": await officer_relying_parties(int(officer.id)),
            }
        return world

    return asyncio.run(make())


def test_officer_reads_own_case_with_provenance(verifier_db: Engine) -> None:  # type: ignore[type-arg]
    world = _world()
    own = world["woonstichting"]
    case = asyncio.run(case_for_officer(own["case"], own["parties"]))
    assert case["identification"] == own["case"]
    assert {v["issuer"] for v in case["applicant"]} == {"http://127.0.0.1:8001"}
    listed = asyncio.run(cases_for_officer(own["parties"]))
    assert [row["identification"] for row in listed] == [own["case"]]


def test_officer_of_one_party_cannot_read_anothers_case(verifier_db: Engine) -> None:  # type: ignore[type-arg]
    world = _world()
    other_case = world["parkeren"]["case"]
    with pytest.raises(CaseNotFound):
        asyncio.run(case_for_officer(other_case, world["woonstichting"]["parties"]))
    with pytest.raises(CaseNotFound):  # the same answer as for a case that does not exist
        asyncio.run(case_for_officer("ZAAK-2026-999999", world["woonstichting"]["parties"]))
    with pytest.raises(CaseNotFound):
        asyncio.run(
            change_status(
                other_case,
                CaseStatusCode.IN_TREATMENT,
                result=None,
                explanation=None,
                actor="officer-woonstichting",
                relying_parties=world["woonstichting"]["parties"],
                now=LATER,
            )
        )
    assert asyncio.run(CaseStatus.count().run()) == 2  # only the two first statuses


def test_officer_without_party_sees_nothing(verifier_db: Engine) -> None:  # type: ignore[type-arg]
    world = _world()
    assert asyncio.run(cases_for_officer([])) == []
    with pytest.raises(CaseNotFound):
        asyncio.run(case_for_officer(world["parkeren"]["case"], []))


def test_status_change_is_audited_and_queues_a_message(verifier_db: Engine) -> None:  # type: ignore[type-arg]
    world = _world()
    own = world["parkeren"]

    def change(status: CaseStatusCode, result: str | None = None) -> None:
        asyncio.run(
            change_status(
                own["case"],
                status,
                result=result,
                explanation="toelichting",
                actor="officer-parkeren",
                relying_parties=own["parties"],
                now=LATER,
            )
        )

    change(CaseStatusCode.IN_TREATMENT)
    with pytest.raises(StatusChangeRefused):
        change(CaseStatusCode.DECIDED)  # a decision needs its outcome
    change(CaseStatusCode.DECIDED, "toegekend")
    with pytest.raises(StatusChangeRefused):
        change(CaseStatusCode.IN_TREATMENT)  # decided is final

    case = asyncio.run(Case.select().where(Case.identification == own["case"]).first().run())
    assert case is not None
    assert (case["status"], case["result"], case["pushed_at"]) == ("besloten", "toegekend", None)
    history = asyncio.run(
        CaseStatus.select(CaseStatus.status, CaseStatus.set_by)
        .where(CaseStatus.case == case["id"])
        .order_by(CaseStatus.id)
        .run()
    )
    assert [row["status"] for row in history] == ["ontvangen", "in_behandeling", "besloten"]
    audit = asyncio.run(
        AuditEntry.select()
        .where(AuditEntry.action == "case.status_changed")
        .output(load_json=True)
        .run()
    )
    assert [(a["actor"], a["detail"]["to"]) for a in audit] == [
        ("officer-parkeren", "in_behandeling"),
        ("officer-parkeren", "besloten"),
    ]
    messages = asyncio.run(
        ResidentMessage.select()
        .where(ResidentMessage.case == case["id"])
        .order_by(ResidentMessage.id)
        .run()
    )
    assert len(messages) == 3
    assert all(m["delivered_at"] is None for m in messages)
    assert "toegekend" in messages[-1]["text_nl"]
