"""The officers' back office: piccolo-admin at ``/admin/``, forms only.

An officer works for one or more relying parties (:class:`~verifier.db.tables.
OfficerRelyingParty`, set with ``regie verifier officer add``) and sees only their cases. No
case table is exposed as a piccolo-admin table (its CRUD cannot filter rows per user); every
read and write goes through the forms here, which ask :mod:`verifier.cases.handling` with the
officer's relying parties, so the scope holds in the queries. Every action is audited; each
status change queues a message to the resident.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from piccolo_admin.endpoints import FormConfig, create_admin
from pydantic import BaseModel, Field
from starlette.requests import Request

from regie.db.audit import audit_insert
from verifier.cases.applicant import load_applicant
from verifier.cases.export import export_case
from verifier.cases.handling import (
    CaseNotFound,
    StatusChangeRefused,
    case_for_officer,
    cases_for_officer,
    change_status,
    officer_relying_parties,
)
from verifier.cases.reverify import reverify
from verifier.cases.status import CaseStatusCode
from verifier.db.tables import AuditEntry, CaseStatus, Officer, OfficerSession
from verifier.state import VerifierState

__all__ = ["case_summary", "create_back_office"]

IDENTIFICATION = r"^ZAAK-\d{4}-\d{6}$"


class CaseReference(BaseModel):
    identification: str = Field(pattern=IDENTIFICATION, description="Zaaknummer / case number")


class CaseList(BaseModel):
    status: CaseStatusCode | None = Field(default=None, description="Alleen deze status / only")


class StatusForm(BaseModel):
    identification: str = Field(pattern=IDENTIFICATION, description="Zaaknummer / case number")
    status: CaseStatusCode = Field(description="Nieuwe status / new status")
    result: str | None = Field(
        default=None, max_length=200, description="Uitkomst (bij besloten) / outcome (if decided)"
    )
    explanation: str | None = Field(
        default=None, max_length=1000, description="Toelichting voor de inwoner / explanation"
    )


def _officer(request: Request) -> tuple[int, str]:
    user: Any = request.user
    return int(user.user.id), str(user.user.username)


async def _scope(request: Request) -> tuple[list[int], str]:
    officer_id, username = _officer(request)
    return await officer_relying_parties(officer_id), username


def case_summary(case: dict[str, Any], statuses: list[dict[str, Any]]) -> str:
    """The case as text: status, the validated values with provenance, the added fields."""
    lines = [
        f"{case['identification']} — {CaseStatusCode(case['status']).label_nl} / "
        f"{CaseStatusCode(case['status']).label_en}"
        + (f" — {case['result']}" if case["result"] else ""),
        "Gevalideerde gegevens / validated data:",
    ]
    lines += [
        f"  {v.name}: {v.value} (uitgever/issuer {v.issuer}, {v.vct}, "
        f"query {v.credential_query_id}, {v.verified_at:%Y-%m-%d %H:%M} UTC, "
        f"transactie {v.transaction_id})"
        for v in load_applicant(case["applicant"])
    ]
    lines.append("Aangevuld door de inwoner / added by the resident:")
    lines += [f"  {name}: {value}" for name, value in sorted(case["properties"].items())]
    lines.append("Statussen / statuses:")
    lines += [
        f"  {row['set_at']:%Y-%m-%d %H:%M} {row['status']} ({row['set_by']})" for row in statuses
    ]
    evidence = "verwijderd / purged" if case["evidence_purged_at"] else "bewaard / kept"
    lines.append(
        f"Bewijs / evidence: {evidence} (tot / until {case['evidence_purge_at']:%Y-%m-%d})"
    )
    return "\n".join(lines)


def _refused(exc: CaseNotFound | StatusChangeRefused) -> ValueError:
    return ValueError(f"{exc.nl} / {exc.en}")


def _forms(state: VerifierState) -> list[FormConfig]:
    def now() -> datetime:
        return state.clock()

    async def my_cases(request: Request, data: CaseList) -> str:
        parties, username = await _scope(request)
        rows = await cases_for_officer(parties)
        rows = [r for r in rows if data.status is None or r["status"] == data.status.value]
        await audit_insert(AuditEntry, at=now(), actor=username, action="case.listed")
        if not rows:
            return "Geen zaken / no cases"
        return "\n".join(
            f"{r['identification']} {r['use_case']} {r['status']} {r['registered_at']:%Y-%m-%d}"
            for r in rows
        )

    async def own_case(request: Request, identification: str) -> tuple[dict[str, Any], str]:
        parties, username = await _scope(request)
        try:
            return await case_for_officer(identification, parties), username
        except CaseNotFound as exc:
            raise _refused(exc) from exc

    async def view(request: Request, data: CaseReference) -> str:
        case, username = await own_case(request, data.identification)
        statuses = (
            await CaseStatus.select().where(CaseStatus.case == case["id"]).order_by(CaseStatus.id)
        )
        await audit_insert(
            AuditEntry, at=now(), actor=username, action="case.viewed", subject=data.identification
        )
        return case_summary(case, statuses)

    async def set_status(request: Request, data: StatusForm) -> str:
        parties, username = await _scope(request)
        try:
            await change_status(
                data.identification,
                data.status,
                result=data.result,
                explanation=data.explanation,
                actor=username,
                relying_parties=parties,
                now=now(),
            )
        except (CaseNotFound, StatusChangeRefused) as exc:
            raise _refused(exc) from exc
        return f"{data.status.label_nl} / {data.status.label_en}: {data.identification}"

    async def check_again(request: Request, data: CaseReference) -> str:
        parties, username = await _scope(request)
        try:
            outcome = await reverify(
                state, data.identification, relying_parties=parties, actor=username, now=now()
            )
        except CaseNotFound as exc:
            raise _refused(exc) from exc
        if outcome.ok:
            return "Het bewijs klopt nog / the evidence is still valid"
        return f"Het bewijs klopt niet (meer) / the evidence is not valid: {outcome.reason}"

    async def zgw(request: Request, data: CaseReference) -> str:
        case, username = await own_case(request, data.identification)
        document = await export_case(
            case["id"],
            api_root=f"{state.settings.public_url}/zgw/api/v1",
            bronorganisatie=state.settings.zgw_rsin,
        )
        await audit_insert(
            AuditEntry,
            at=now(),
            actor=username,
            action="case.exported",
            subject=data.identification,
        )
        return json.dumps(document.wire() if document else None, indent=2, ensure_ascii=False)

    return [
        FormConfig(
            name="Mijn zaken (My cases)",
            pydantic_model=CaseList,
            endpoint=my_cases,
            description="De zaken van uw organisatie. / Your organisation's cases.",
        ),
        FormConfig(
            name="Zaak bekijken (View case)",
            pydantic_model=CaseReference,
            endpoint=view,
            description="Gevalideerde gegevens met herkomst. / Validated data with provenance.",
        ),
        FormConfig(
            name="Status wijzigen (Change status)",
            pydantic_model=StatusForm,
            endpoint=set_status,
            description="De inwoner krijgt hier bericht van. / The resident is told.",
        ),
        FormConfig(
            name="ZGW-export (ZGW export)",
            pydantic_model=CaseReference,
            endpoint=zgw,
            description="De zaak als ZGW Zaken API JSON. / The case as ZGW Zaken API JSON.",
        ),
        FormConfig(
            name="Bewijs opnieuw controleren (Re-verify evidence)",
            pydantic_model=CaseReference,
            endpoint=check_again,
            description="Controleer de gedeelde gegevens opnieuw. / Check the evidence again.",
        ),
    ]


def create_back_office(state: VerifierState, *, site_name: str, production: bool) -> Any:
    """The piccolo-admin ASGI app for the relying parties' officers."""
    return create_admin(
        tables=[],
        forms=_forms(state),
        auth_table=Officer,
        session_table=OfficerSession,
        site_name=site_name,
        allowed_hosts=[],
        production=production,
    )
