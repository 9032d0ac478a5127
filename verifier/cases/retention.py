"""Purge the evidence of cases whose retention period is over.

The case stays, and so do the applicant's validated values with their provenance: the
evidence (the presentation as received, which only a re-verification needs) goes, on the case
and on its transaction, and the audit log says when. Run it periodically; it is idempotent.
"""

from __future__ import annotations

from datetime import datetime

from regie.db.audit import audit_insert
from regie.db.engine import write_transaction
from verifier.db.tables import AuditEntry, Case, PresentationTransaction

__all__ = ["purge_evidence"]


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
