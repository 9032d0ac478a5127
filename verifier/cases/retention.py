"""Purge the evidence of cases whose retention period is over, and the claims of
transactions that never became a case.

The case stays, and so do the applicant's validated values with their provenance: the
evidence (the presentation as received, which only a re-verification needs) goes, on the case
and on its transaction, and the audit log says when. Run it periodically; it is idempotent.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from regie.db.audit import audit_insert
from regie.db.engine import write_transaction
from verifier.db.tables import AuditEntry, Case, PresentationTransaction

__all__ = ["purge_abandoned", "purge_evidence"]


async def purge_evidence(now: datetime) -> list[str]:
    """Drop the evidence of every case due at ``now``; the identifications purged."""
    async with write_transaction(Case):
        purged = (
            await Case.update({Case.evidence: None, Case.evidence_purged_at: now})
            .where((Case.evidence_purge_at <= now) & Case.evidence_purged_at.is_null())
            .returning(Case.identification, Case.transaction)
        )
        if not purged:
            return []
        transactions = [row["transaction"] for row in purged]
        await PresentationTransaction.update({PresentationTransaction.evidence: None}).where(
            PresentationTransaction.id.is_in(transactions)
        )
        identifications = sorted(str(row["identification"]) for row in purged)
        await audit_insert(
            AuditEntry,
            at=now,
            actor="system",
            action="case.evidence_purged",
            detail={"cases": identifications},
        )
    return identifications


async def purge_abandoned(now: datetime, after: timedelta) -> int:
    """Forget the verified claims and evidence of transactions that never became a case
    within ``after`` (``VERIFIER_ABANDONED_CLAIMS_HOURS``): the resident did not submit, so
    nothing of them is kept. Returns how many transactions were cleared."""
    T = PresentationTransaction  # noqa: N806 - the table, short
    with_case = Case.select(Case.transaction)
    async with write_transaction(T):
        cleared = (
            await T.update({T.verified_claims: None, T.evidence: None})
            .where(
                (T.created_at <= now - after)
                & (T.verified_claims.is_not_null() | T.evidence.is_not_null())
                & T.id.not_in(with_case)
            )
            .returning(T.transaction_id)
        )
        if cleared:
            await audit_insert(
                AuditEntry,
                at=now,
                actor="system",
                action="transaction.claims_purged",
                detail={"transactions": len(cleared)},
            )
    return len(cleared)
