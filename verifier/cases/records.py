"""The rows every status change writes: the status in the history and the resident's queued
message. Callers run them inside one write transaction, with the audit row."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from piccolo.query.methods.insert import Insert

from verifier.cases.status import CaseStatusCode
from verifier.db.tables import CaseStatus, ResidentMessage

__all__ = ["status_rows"]

STATUS_MESSAGE = "status"
RESULT_MESSAGE = "result"
_IMPORTANT = (CaseStatusCode.MORE_INFORMATION_NEEDED, CaseStatusCode.DECIDED)
"""The resident must act or learn the outcome: their wallet marks these important."""


def status_rows(
    case_id: int,
    identification: str,
    status: CaseStatusCode,
    *,
    result: str | None,
    explanation: str | None,
    actor: str,
    now: datetime,
) -> list[Insert[Any]]:
    """The status history row and the message that tells the resident about it: the status,
    the result once decided, and the officer's explanation for the resident (in the language
    the officer wrote it in), which is what a resident asked for more information needs."""
    text_nl = status.message_nl.format(identification=identification)
    text_en = status.message_en.format(identification=identification)
    if result:
        text_nl += f" Uitkomst: {result}."
        text_en += f" Outcome: {result}."
    explanation = (explanation or "").strip() or None
    if explanation:
        text_nl += f" Toelichting: {explanation}"
        text_en += f" Explanation: {explanation}"
    return [
        CaseStatus.insert(
            CaseStatus(
                case=case_id,
                status=status.value,
                result=result,
                explanation=explanation,
                set_at=now,
                set_by=actor,
            )
        ),
        ResidentMessage.insert(
            ResidentMessage(
                case=case_id,
                kind=RESULT_MESSAGE if status.final else STATUS_MESSAGE,
                text_nl=text_nl,
                text_en=text_en,
                created_at=now,
                importance="high" if status in _IMPORTANT else "normal",
            )
        ),
    ]
