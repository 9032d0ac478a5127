"""Evidence goes after its retention period; the case and its validated values stay."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from piccolo.engine.base import Engine

from tests.verifier.cases.world import NOW, add_relying_party, add_transaction
from verifier.cases.intake import open_case
from verifier.cases.retention import purge_abandoned, purge_evidence
from verifier.db.tables import AuditEntry, Case, PresentationTransaction
from verifier.settings import VerifierSettings


def test_purge_after_retention_keeps_case_and_values(verifier_db: Engine) -> None:  # type: ignore[type-arg]
    async def run() -> None:
        _, use_case = await add_relying_party()
        short = await add_transaction(use_case)
        long = await add_transaction(use_case)
        await open_case(short, {"income_bracket": "low"}, now=NOW, retention=timedelta(days=1))
        await open_case(long, {"income_bracket": "low"}, now=NOW, retention=timedelta(days=30))

        assert await purge_evidence(NOW + timedelta(hours=23)) == []
        purged_at = NOW + timedelta(days=2)
        assert await purge_evidence(purged_at) == ["ZAAK-2026-000001"]
        assert await purge_evidence(purged_at) == []  # idempotent

        cases = await Case.select().order_by(Case.id).output(load_json=True)
        assert cases[0]["evidence"] is None
        assert cases[0]["evidence_purged_at"] == purged_at
        assert cases[0]["applicant"]  # validated values with provenance stay
        assert cases[1]["evidence"] is not None
        transactions = await PresentationTransaction.select(
            PresentationTransaction.transaction_id, PresentationTransaction.evidence
        )
        evidence = {row["transaction_id"]: row["evidence"] for row in transactions}
        assert evidence[short] is None
        assert evidence[long] is not None
        audit = await AuditEntry.select().where(AuditEntry.action == "case.evidence_purged")
        assert len(audit) == 1

    asyncio.run(run())


def test_claims_of_abandoned_transactions_are_forgotten(verifier_db: Engine) -> None:  # type: ignore[type-arg]
    async def run() -> None:
        _, use_case = await add_relying_party()
        submitted = await add_transaction(use_case)
        abandoned = await add_transaction(use_case)
        await open_case(submitted, {"income_bracket": "low"}, now=NOW, retention=timedelta(days=9))
        after = VerifierSettings(abandoned_claims_hours=3).abandoned_claims_after
        # too early: the resident may still submit
        assert await purge_abandoned(NOW + timedelta(hours=2), after) == 0
        assert await purge_abandoned(NOW + timedelta(hours=3), after) == 1
        rows = await PresentationTransaction.select(
            PresentationTransaction.transaction_id,
            PresentationTransaction.verified_claims,
            PresentationTransaction.evidence,
        )
        by_id = {row["transaction_id"]: row for row in rows}
        assert by_id[abandoned]["verified_claims"] is None
        assert by_id[abandoned]["evidence"] is None
        assert by_id[submitted]["evidence"] is not None  # the case's evidence has its own time

    asyncio.run(run())
