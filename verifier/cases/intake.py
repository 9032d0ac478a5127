"""Open a case from a completed presentation transaction: once, whatever happens.

The verified claims live on the transaction from the moment the response was verified, so a
crash or a closed browser between verification and submission loses nothing but the form.
Submitting opens the case, its first status (``ontvangen``), the queued message to the
resident and the audit row in one write transaction. The case's unique transaction key makes a
double submit, a retried request or two concurrent submits end in the one case; the
identification ``ZAAK-YYYY-NNNNNN`` is the next free number of the year, taken again if
another submit took it first.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from regie.bilingual import BilingualError
from regie.db.audit import audit_insert
from regie.db.engine import is_unique_violation, write_transaction
from verifier.cases.applicant import dump_applicant, validated_values
from verifier.cases.form import FieldError, load_form_fields, validate_properties
from verifier.cases.records import status_rows
from verifier.cases.status import CaseStatusCode
from verifier.db.tables import AuditEntry, Case, PresentationTransaction

__all__ = [
    "FormInvalid",
    "IntakeRefused",
    "OpenedCase",
    "completed_transaction",
    "find_case",
    "open_case",
]

DUTCH_TIME = ZoneInfo("Europe/Amsterdam")
_MAX_ATTEMPTS = 20
RESPONDED = "responded"


class IntakeRefused(BilingualError):
    """No case can be opened from this transaction (unknown, not verified, or failed)."""


class FormInvalid(Exception):
    """The resident's fields do not validate; the errors are per field, nl and en."""

    def __init__(self, errors: Mapping[str, FieldError]) -> None:
        super().__init__(", ".join(sorted(errors)))
        self.errors = dict(errors)


@dataclass(frozen=True, slots=True)
class OpenedCase:
    id: int
    identification: str
    uuid: str
    created: bool
    """False when the case already existed (a repeated submit)."""


async def find_case(transaction_id: str) -> OpenedCase | None:
    """The case opened from this transaction, if any."""
    row = (
        await Case.select(Case.id, Case.identification, Case.uuid)
        .where(Case.transaction.transaction_id == transaction_id)
        .first()
    )
    if row is None:
        return None
    return OpenedCase(int(row["id"]), str(row["identification"]), str(row["uuid"]), created=False)


async def completed_transaction(transaction_id: str) -> dict[str, Any]:
    """The transaction with its use case, if its response was verified and its result released
    to the browser (by the same-device response code or the cross-device poll secret, see
    :func:`verifier.transactions.release_result`); else refused."""
    row = (
        await PresentationTransaction.select(
            *PresentationTransaction.all_columns(),
            *PresentationTransaction.use_case.all_columns(),
        )
        .where(PresentationTransaction.transaction_id == transaction_id)
        .output(nested=True, load_json=True)
        .first()
    )
    if (
        row is None
        or row["status"] != RESPONDED
        or row["verified_claims"] is None
        or row["result_released_at"] is None
    ):
        raise IntakeRefused(
            "Deze aanvraag is niet (meer) te gebruiken. Begin opnieuw.",
            "This request cannot be used (any more). Please start again.",
        )
    return row


async def _next_identification(year: int) -> str:
    prefix = f"ZAAK-{year}-"
    last = (
        await Case.select(Case.identification)
        .where(Case.identification.like(f"{prefix}%"))
        .order_by(Case.identification, ascending=False)
        .first()
    )
    number = int(str(last["identification"]).removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{number:06d}"


async def open_case(
    transaction_id: str,
    submitted: Mapping[str, str],
    *,
    now: datetime,
    retention: timedelta,
) -> OpenedCase:
    """Open the case of ``transaction_id`` with the resident's ``submitted`` fields.

    Returns the existing case when there is one (``created`` false). Raises
    :class:`IntakeRefused` for a transaction that was not verified, :class:`FormInvalid` when
    the fields do not validate (nothing is written then).
    """
    if (existing := await find_case(transaction_id)) is not None:
        return existing
    transaction = await completed_transaction(transaction_id)
    use_case: dict[str, Any] = transaction["use_case"]
    properties, errors = validate_properties(load_form_fields(use_case["form_fields"]), submitted)
    if errors:
        raise FormInvalid(errors)
    applicant = dump_applicant(
        validated_values(
            transaction["verified_claims"],
            transaction_id=transaction_id,
            dcql_query=use_case["dcql_query"],
        )
    )
    year = now.astimezone(DUTCH_TIME).year
    for _ in range(_MAX_ATTEMPTS):
        identification = await _next_identification(year)
        case = Case(
            identification=identification,
            uuid=str(uuid.uuid4()),
            transaction=transaction["id"],
            relying_party=use_case["relying_party"],
            use_case=use_case["id"],
            case_type=use_case["case_type"],
            registered_at=now,
            status=CaseStatusCode.RECEIVED.value,
            applicant=applicant,
            properties=properties,
            evidence=transaction["evidence"],
            evidence_purge_at=now + retention,
            mailbox_url=transaction.get("mailbox_url"),
        )
        try:
            async with write_transaction(Case):
                rows = await Case.insert(case).returning(Case.id)
                case_id = int(rows[0]["id"])
                for query in status_rows(
                    case_id,
                    identification,
                    CaseStatusCode.RECEIVED,
                    result=None,
                    explanation=None,
                    actor="resident",
                    now=now,
                ):
                    await query
                await audit_insert(
                    AuditEntry,
                    at=now,
                    actor="resident",
                    action="case.opened",
                    subject=identification,
                    detail={"transaction_id": transaction_id, "use_case": use_case["slug"]},
                )
        except Exception as exc:
            if not is_unique_violation(exc):
                raise
            if (existing := await find_case(transaction_id)) is not None:
                return existing
            continue  # the number was taken meanwhile: take the next one
        return OpenedCase(case_id, identification, str(case.uuid), created=True)
    raise IntakeRefused(
        "Het lukt nu niet om uw aanvraag op te slaan. Probeer het zo nog eens.",
        "Your application could not be saved just now. Please try again shortly.",
    )
