"""Case intake: one case per transaction, only the disclosed claims, a first status and a
queued message, written all together or not at all."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from piccolo.engine.base import Engine

from tests.verifier.cases.world import (
    DCQL_QUERY,
    ISSUER,
    NOW,
    VERIFIED_CLAIMS,
    add_relying_party,
    add_transaction,
)
from verifier.cases.applicant import load_applicant
from verifier.cases.intake import FormInvalid, IntakeRefused, OpenedCase, open_case
from verifier.db.tables import AuditEntry, Case, CaseStatus, ResidentMessage

RETENTION = timedelta(days=90)
FORM = {"income_bracket": "low", "preferred_area": "Centrum"}


def _open(transaction_id: str, form: dict[str, str] = FORM) -> OpenedCase:
    return asyncio.run(open_case(transaction_id, form, now=NOW, retention=RETENTION))


def _transaction(**kwargs: Any) -> str:
    async def make() -> str:
        _, use_case = await add_relying_party()
        return await add_transaction(use_case, **kwargs)

    return asyncio.run(make())


def _count(table: Any) -> int:
    return int(asyncio.run(table.count().run()))


def test_case_opened_with_first_status_message_and_audit(verifier_db: Engine) -> None:  # type: ignore[type-arg]
    opened = _open(_transaction())
    assert opened.created
    assert opened.identification == "ZAAK-2026-000001"
    case = asyncio.run(Case.select().output(load_json=True).first().run())
    assert case is not None
    assert case["status"] == "ontvangen"
    assert case["properties"] == FORM
    assert case["evidence"] == "eyJ...~disclosure~kb"
    assert case["evidence_purge_at"] == NOW + RETENTION
    statuses = asyncio.run(CaseStatus.select().run())
    assert [(s["status"], s["set_by"]) for s in statuses] == [("ontvangen", "resident")]
    messages = asyncio.run(ResidentMessage.select().run())
    assert len(messages) == 1
    assert messages[0]["delivered_at"] is None
    assert "ZAAK-2026-000001" in messages[0]["text_nl"]
    assert "received" in messages[0]["text_en"]
    audit = asyncio.run(AuditEntry.select().run())
    assert [(a["action"], a["subject"]) for a in audit] == [("case.opened", opened.identification)]


def test_only_disclosed_claims_stored_with_provenance(verifier_db: Engine) -> None:  # type: ignore[type-arg]
    transaction_id = _transaction()
    _open(transaction_id, {**FORM, "bsn": "999999990", "given_name": "Piet"})
    case = asyncio.run(Case.select().output(load_json=True).first().run())
    assert case is not None
    values = load_applicant(case["applicant"])
    assert {v.name: v.value for v in values} == {
        "given_name": "Jan",
        "family_name": "Jansen",
        "birthdate": "1980-02-01",
        "street": "Markt",
        "house_number": 1,
        "postal_code": "5281AB",
        "city": "Boxtel",
    }
    assert {(v.issuer, v.transaction_id) for v in values} == {(ISSUER, transaction_id)}
    assert {v.credential_query_id for v in values} == {"persoon", "adres"}
    assert case["properties"] == FORM  # fields outside the form are dropped


def _reversed(claims: dict[str, Any]) -> dict[str, Any]:
    """The same claims, every object's keys in the opposite order."""
    return {
        key: _reversed(value) if isinstance(value, dict) else value
        for key, value in reversed(claims.items())
    }


def test_values_in_the_order_the_query_asks(verifier_db: Engine) -> None:  # type: ignore[type-arg]
    """OpenID4VP 1.0 §6.1, §6.3: credentials in the order of the query's ``credentials``, claims
    in the order of their ``claims``, whatever the order of the stored (jsonb) object."""
    transaction_id = _transaction(verified_claims=_reversed(VERIFIED_CLAIMS))
    _open(transaction_id)
    case = asyncio.run(Case.select().output(load_json=True).first().run())
    assert case is not None
    asked = [
        (credential["id"], claim["path"][0])
        for credential in DCQL_QUERY["credentials"]
        for claim in credential["claims"]
    ]
    shown = [(v.credential_query_id, v.name) for v in load_applicant(case["applicant"])]
    assert shown == asked
    assert shown[0] == ("persoon", "given_name")


def test_double_submit_returns_the_same_case(verifier_db: Engine) -> None:  # type: ignore[type-arg]
    transaction_id = _transaction()
    first = _open(transaction_id)
    again = _open(transaction_id, {"income_bracket": "high"})
    assert again.created is False
    assert (again.id, again.identification) == (first.id, first.identification)
    assert _count(Case) == 1
    assert _count(CaseStatus) == 1
    assert _count(ResidentMessage) == 1


def test_concurrent_submits_make_one_case(verifier_db: Engine) -> None:  # type: ignore[type-arg]
    transaction_id = _transaction()

    async def submit_many() -> list[OpenedCase]:
        return list(
            await asyncio.gather(
                *(open_case(transaction_id, FORM, now=NOW, retention=RETENTION) for _ in range(8))
            )
        )

    opened = asyncio.run(submit_many())
    assert len({case.identification for case in opened}) == 1
    assert sum(case.created for case in opened) == 1
    assert _count(Case) == 1
    assert _count(ResidentMessage) == 1


def test_concurrent_cases_get_consecutive_numbers(verifier_db: Engine) -> None:  # type: ignore[type-arg]
    async def run() -> list[OpenedCase]:
        _, use_case = await add_relying_party()
        ids = [await add_transaction(use_case) for _ in range(6)]
        return list(
            await asyncio.gather(*(open_case(t, FORM, now=NOW, retention=RETENTION) for t in ids))
        )

    opened = asyncio.run(run())
    assert sorted(case.identification for case in opened) == [
        f"ZAAK-2026-{n:06d}" for n in range(1, 7)
    ]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"status": "fetched", "verified_claims": None},
        {"status": "failed", "verified_claims": None},
        {"status": "expired"},
        {"released": False},
    ],
    ids=["not_responded", "failed", "expired", "result_not_released"],
)
def test_unverified_transaction_opens_no_case(verifier_db: Engine, kwargs: dict[str, Any]) -> None:  # type: ignore[type-arg]
    transaction_id = _transaction(**kwargs)
    with pytest.raises(IntakeRefused):
        _open(transaction_id)
    assert _count(Case) == 0


def test_unknown_transaction_opens_no_case(verifier_db: Engine) -> None:  # type: ignore[type-arg]
    with pytest.raises(IntakeRefused):
        _open("no-such-transaction")
    assert _count(Case) == 0


def test_invalid_form_writes_nothing(verifier_db: Engine) -> None:  # type: ignore[type-arg]
    transaction_id = _transaction()
    with pytest.raises(FormInvalid) as refused:
        _open(transaction_id, {"income_bracket": "millions"})
    assert set(refused.value.errors) == {"income_bracket"}
    assert refused.value.errors["income_bracket"].en == "Choose one of the options."
    assert _count(Case) == 0
    assert _count(ResidentMessage) == 0
    assert _count(AuditEntry) == 0
