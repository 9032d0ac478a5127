"""What officers do with cases, scoped to their own relying parties in the data layer.

Every read and write here takes the relying parties the officer works for
(:func:`officer_relying_parties`) and filters on them in the query itself: a case of another
party is as absent as a case that does not exist (:class:`CaseNotFound`, nothing leaked).
A status change writes the case, the status history, the resident's queued message and the
audit row in one write transaction, and queues the case for the next ZGW push.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from regie.bilingual import BilingualError
from regie.db.audit import audit_insert
from regie.db.engine import write_transaction
from verifier.cases.records import status_rows
from verifier.cases.status import CaseStatusCode
from verifier.db.tables import AuditEntry, Case, OfficerRelyingParty

__all__ = [
    "CaseNotFound",
    "StatusChangeRefused",
    "case_for_officer",
    "cases_for_officer",
    "change_status",
    "officer_relying_parties",
]

_RESULT_MAX = 200


class CaseNotFound(Exception):
    """No such case among this officer's relying parties."""

    nl = "Deze zaak bestaat niet, of u mag hem niet zien."
    en = "This case does not exist, or you may not see it."


class StatusChangeRefused(BilingualError):
    """The status change is refused; ``nl`` and ``en`` say why."""


async def officer_relying_parties(officer_id: int) -> list[int]:
    """The ids of the relying parties this officer works for (none: sees no case)."""
    rows = await OfficerRelyingParty.select(OfficerRelyingParty.relying_party).where(
        OfficerRelyingParty.officer == officer_id
    )
    return [int(row["relying_party"]) for row in rows]


async def cases_for_officer(relying_parties: Collection[int]) -> list[dict[str, Any]]:
    """The officer's cases, newest first (no evidence)."""
    if not relying_parties:
        return []
    rows: list[dict[str, Any]] = (
        await Case.select(
            Case.id,
            Case.identification,
            Case.status,
            Case.result,
            Case.registered_at,
            Case.use_case.slug.as_alias("use_case"),
        )
        .where(Case.relying_party.is_in(list(relying_parties)))
        .order_by(Case.id, ascending=False)
    )
    return rows


async def case_for_officer(identification: str, relying_parties: Collection[int]) -> dict[str, Any]:
    """One case of the officer's relying parties, with its validated values and provenance."""
    if relying_parties:
        row = (
            await Case.select()
            .where(
                (Case.identification == identification)
                & Case.relying_party.is_in(list(relying_parties))
            )
            .output(load_json=True)
            .first()
        )
        if row is not None:
            return row
    raise CaseNotFound(identification)


async def change_status(
    identification: str,
    status: CaseStatusCode,
    *,
    result: str | None,
    explanation: str | None,
    actor: str,
    relying_parties: Collection[int],
    now: datetime,
) -> None:
    """Set the status (and with ``besloten`` the result); the resident's message is queued."""
    case = await case_for_officer(identification, relying_parties)
    if CaseStatusCode(case["status"]).final:
        raise StatusChangeRefused(
            "Over deze zaak is al besloten.", "This case has already been decided."
        )
    result = (result or "").strip() or None
    if status.final and result is None:
        raise StatusChangeRefused("Vul de uitkomst in.", "Please enter the outcome.")
    if result is not None and len(result) > _RESULT_MAX:
        raise StatusChangeRefused(
            f"Gebruik voor de uitkomst hoogstens {_RESULT_MAX} tekens.",
            f"Use at most {_RESULT_MAX} characters for the outcome.",
        )
    async with write_transaction(Case):
        await Case.update(
            {Case.status: status.value, Case.result: result, Case.pushed_at: None}
        ).where(Case.id == case["id"])
        for query in status_rows(
            case["id"],
            identification,
            status,
            result=result,
            explanation=explanation,
            actor=actor,
            now=now,
        ):
            await query
        await audit_insert(
            AuditEntry,
            at=now,
            actor=actor,
            action="case.status_changed",
            subject=identification,
            detail={"from": case["status"], "to": status.value, "result": result},
        )
