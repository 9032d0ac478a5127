"""Export stored cases as ZGW JSON, and push the ones the Zaken API has not seen yet.

A case is queued for pushing while ``pushed_at`` is empty: when it is opened and again after
each status change. A failed push leaves it queued with the error on the case
(``push_error``), to be tried again by the next run; the case itself is never touched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import httpx
from piccolo.querystring import QueryString

from regie.db.engine import write_transaction
from verifier.cases.push import PushFailed, ZgwEndpoint, push_case
from verifier.cases.zgw import ZgwCase, render_case
from verifier.db.tables import Case, CaseStatus

__all__ = ["PushReport", "export_case", "push_pending"]

_MAX_ERROR = 500
_FAILED_BEFORE = QueryString('"push_error" IS NOT NULL')
"""Orders the cases whose last push failed after those not tried yet."""


async def export_case(case_id: int, *, api_root: str, bronorganisatie: str) -> ZgwCase | None:
    """The case with its status history as ZGW resources (``None``: no such case)."""
    case = (
        await Case.select(*Case.all_columns(), Case.use_case.title_nl.as_alias("title"))
        .where(Case.id == case_id)
        .output(load_json=True)
        .first()
    )
    if case is None:
        return None
    statuses = await CaseStatus.select().where(CaseStatus.case == case_id)
    return render_case(
        case,
        statuses,
        api_root=api_root,
        bronorganisatie=bronorganisatie,
        omschrijving=str(case["title"]),
    )


@dataclass
class PushReport:
    pushed: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)


async def push_pending(
    http: httpx.AsyncClient,
    endpoint: ZgwEndpoint,
    *,
    api_root: str,
    bronorganisatie: str,
    now: datetime,
    limit: int = 50,
) -> PushReport:
    """Push up to ``limit`` queued cases, record success or the error on each. Cases not
    tried yet go first (oldest first), then those whose last push failed: a case the Zaken
    API keeps refusing must not hold back every case after it."""
    report = PushReport()
    queued = (
        await Case.select(Case.id, Case.identification)
        .where(Case.pushed_at.is_null())
        .order_by(_FAILED_BEFORE, Case.id)
        .limit(limit)
    )
    for row in queued:
        identification = str(row["identification"])
        document = await export_case(row["id"], api_root=api_root, bronorganisatie=bronorganisatie)
        if document is None:
            continue
        try:
            await push_case(http, endpoint, document)
        except PushFailed as exc:
            error = str(exc)[:_MAX_ERROR]
            report.failed[identification] = error
            await Case.update({Case.push_error: error}).where(Case.id == row["id"])
            continue
        report.pushed.append(identification)
        async with write_transaction(Case):
            # A status set while pushing queued the case again: leave it queued.
            if await CaseStatus.count().where(CaseStatus.case == row["id"]) == len(
                document.statussen
            ):
                await Case.update({Case.pushed_at: now, Case.push_error: None}).where(
                    Case.id == row["id"]
                )
    return report
