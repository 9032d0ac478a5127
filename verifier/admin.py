"""The officers' back office: piccolo-admin at ``/admin/``, forms only.

An officer works for one or more relying parties (:class:`~verifier.db.tables.
OfficerRelyingParty`, set with ``regie verifier officer add``) and sees only their cases and
their use cases. No case or use-case table is exposed as a piccolo-admin table (its CRUD
cannot filter rows per user); every read and write goes through the forms here, which ask
:mod:`verifier.cases.handling` and :mod:`verifier.relying_parties.use_cases` with the
officer's relying parties, so the scope holds in the queries. Every officer of a relying
party may edit its use cases (titles, purposes, the registered purpose served, DCQL query,
form fields, case type, active); an edit that is not valid, asks beyond the party's
registration or names a purpose it is not registered for is refused, with nothing written.
Every action is audited, logins and logouts too (:mod:`regie.web.back_office_log`), and so
is an officer's attempt to reach a case or use case that is not their relying parties'
(``case.access_refused``, ``use_case.access_refused``) and every refused use-case edit or
status change (``use_case.edit_refused``, ``case.status_refused``); each status change queues a
message to the resident. The officers' session cookie is :data:`SESSION_COOKIE` (see
:mod:`regie.web.back_office`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any, Final
from urllib.parse import urlsplit

from piccolo_admin.endpoints import FormConfig, create_admin
from pydantic import BaseModel, Field
from starlette.requests import Request

from regie.db.audit import audit_insert
from regie.web.back_office import own_session_cookie
from regie.web.back_office_log import StaffLog, audited_sessions
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
from verifier.cases.mailbox import case_messages, message_lines
from verifier.cases.reverify import reverify
from verifier.cases.status import CaseStatusCode
from verifier.db.tables import AuditEntry, CaseStatus, Officer, OfficerSession
from verifier.relying_parties.seeded import registered_purpose
from verifier.relying_parties.use_cases import (
    UseCaseChanges,
    UseCaseNotFound,
    UseCaseRefused,
    edit_use_case,
    use_case_for_officer,
    use_cases_for_officer,
)
from verifier.state import VerifierState

__all__ = ["SESSION_COOKIE", "case_summary", "create_back_office"]

SESSION_COOKIE: Final = "regie_verifier_admin_session"
"""The officers' session cookie (at ``/admin/``), apart from the issuer back office's on the
same host and from the resident pages' cookies (:mod:`regie.web.back_office`)."""

IDENTIFICATION = r"^ZAAK-\d{4}-\d{6}$"
USE_CASE_SLUG = r"^[a-z0-9][a-z0-9-]{0,63}$"
KEEP = "leeg: niet wijzigen / empty: keep"


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


class NoInput(BaseModel):
    pass


class UseCaseReference(BaseModel):
    slug: str = Field(pattern=USE_CASE_SLUG, description="Gebruiksdoel / use case (slug)")


class UseCaseForm(BaseModel):
    """An edit: every empty field keeps what is stored."""

    slug: str = Field(pattern=USE_CASE_SLUG, description="Gebruiksdoel / use case (slug)")
    title_nl: str | None = Field(default=None, max_length=200, description=f"Titel NL ({KEEP})")
    title_en: str | None = Field(default=None, max_length=200, description=f"Title EN ({KEEP})")
    purpose_nl: str | None = Field(
        default=None, max_length=2000, description=f"Doel NL / purpose ({KEEP})"
    )
    purpose_en: str | None = Field(
        default=None, max_length=2000, description=f"Doel EN / purpose ({KEEP})"
    )
    purpose_id: str | None = Field(
        default=None,
        max_length=64,
        description=f"Geregistreerd doel / registered purpose (id uit de registratie) ({KEEP})",
    )
    dcql_query: str | None = Field(
        default=None, max_length=20000, description=f"DCQL-query (JSON) ({KEEP})"
    )
    form_fields: str | None = Field(
        default=None,
        max_length=20000,
        description=(
            "Formuliervelden / form fields (JSON: [{name, label_nl, label_en, "
            f"kind: text|select|date, options?, required}}]) ({KEEP})"
        ),
    )
    case_type: str | None = Field(
        default=None, max_length=300, description=f"Zaaktype / case type (URL) ({KEEP})"
    )
    active: bool | None = Field(default=None, description=f"Actief / active ({KEEP})")

    def changes(self) -> UseCaseChanges:
        values = self.model_dump(exclude={"slug"})
        return UseCaseChanges(**{k: (None if v == "" else v) for k, v in values.items()})


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
        f"  {v.name}: {v.shown} (uitgever/issuer {v.issuer}, {v.vct}, "
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


def use_case_text(use_case: dict[str, Any]) -> str:
    """The use case as text, its JSON parts as they are edited, with the registered purpose it
    serves and the party's registration (its purposes and claims)."""
    active = "actief / active" if use_case["active"] else "niet actief / inactive"
    purpose = registered_purpose(use_case["purposes"], use_case["purpose_id"])
    served = (
        f"{purpose['id']}: {purpose['nl']} / {purpose['en']}"
        if purpose
        else f"{use_case['purpose_id']!r} — niet geregistreerd / not registered"
    )
    return "\n".join(
        [
            f"{use_case['slug']} ({use_case['party_slug']}) — {active}",
            f"title_nl: {use_case['title_nl']}",
            f"title_en: {use_case['title_en']}",
            f"purpose_id (geregistreerd doel / registered purpose): {served}",
            f"purpose_nl: {use_case['purpose_nl']}",
            f"purpose_en: {use_case['purpose_en']}",
            f"case_type: {use_case['case_type']}",
            "dcql_query:",
            json.dumps(use_case["dcql_query"], ensure_ascii=False),
            "form_fields:",
            json.dumps(use_case["form_fields"], ensure_ascii=False),
            "Registratie / registration (purposes):",
            json.dumps(use_case["purposes"], ensure_ascii=False),
            "Registratie / registration (allowed_claims):",
            json.dumps(use_case["allowed_claims"], ensure_ascii=False),
        ]
    )


def _refused(
    exc: CaseNotFound | StatusChangeRefused | UseCaseNotFound | UseCaseRefused,
) -> ValueError:
    return ValueError(f"{exc.nl} / {exc.en}")


async def _audit(
    now: Callable[[], datetime], actor: str, action: str, subject: str | None = None, **detail: Any
) -> None:
    """One row of the officers' audit log; ``detail`` holds identifiers and reasons, no
    personal data."""
    await audit_insert(
        AuditEntry, at=now(), actor=actor, action=action, subject=subject, detail=detail
    )


def _forms(state: VerifierState) -> list[FormConfig]:
    def now() -> datetime:
        return state.clock()

    async def my_cases(request: Request, data: CaseList) -> str:
        parties, username = await _scope(request)
        rows = await cases_for_officer(parties)
        rows = [r for r in rows if data.status is None or r["status"] == data.status.value]
        await _audit(now, username, "case.listed")
        if not rows:
            return "Geen zaken / no cases"
        return "\n".join(
            f"{r['identification']} {r['use_case']} {r['status']} {r['registered_at']:%Y-%m-%d}"
            for r in rows
        )

    async def not_theirs(username: str, identification: str, form: str) -> None:
        """An officer asked for a case that is not among their relying parties' (or none):
        audited, with the same answer either way, so the officer learns nothing of it."""
        await _audit(now, username, "case.access_refused", identification, form=form)

    async def own_case(
        request: Request, identification: str, form: str
    ) -> tuple[dict[str, Any], str]:
        parties, username = await _scope(request)
        try:
            return await case_for_officer(identification, parties), username
        except CaseNotFound as exc:
            await not_theirs(username, identification, form)
            raise _refused(exc) from exc

    async def view(request: Request, data: CaseReference) -> str:
        case, username = await own_case(request, data.identification, "view")
        statuses = (
            await CaseStatus.select().where(CaseStatus.case == case["id"]).order_by(CaseStatus.id)
        )
        await _audit(now, username, "case.viewed", data.identification)
        messages = message_lines(await case_messages(case["id"]))
        return "\n".join([case_summary(case, statuses), *messages])

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
        except CaseNotFound as exc:
            await not_theirs(username, data.identification, "status")
            raise _refused(exc) from exc
        except StatusChangeRefused as exc:
            reason = {"status": data.status.value, "reason": exc.en}
            await _audit(now, username, "case.status_refused", data.identification, **reason)
            raise _refused(exc) from exc
        return f"{data.status.label_nl} / {data.status.label_en}: {data.identification}"

    async def check_again(request: Request, data: CaseReference) -> str:
        parties, username = await _scope(request)
        try:
            outcome = await reverify(
                state, data.identification, relying_parties=parties, actor=username, now=now()
            )
        except CaseNotFound as exc:
            await not_theirs(username, data.identification, "reverify")
            raise _refused(exc) from exc
        if outcome.ok:
            return "Het bewijs klopt nog / the evidence is still valid"
        return f"Het bewijs klopt niet (meer) / the evidence is not valid: {outcome.reason}"

    async def zgw(request: Request, data: CaseReference) -> str:
        case, username = await own_case(request, data.identification, "zgw_export")
        document = await export_case(
            case["id"],
            api_root=f"{state.settings.public_url}/zgw/api/v1",
            bronorganisatie=state.settings.zgw_rsin,
        )
        await _audit(now, username, "case.exported", data.identification)
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
        *_use_case_forms(now),
    ]


def _use_case_forms(now: Callable[[], datetime]) -> list[FormConfig]:
    async def my_use_cases(request: Request, _: NoInput) -> str:
        parties, username = await _scope(request)
        rows = await use_cases_for_officer(parties)
        await _audit(now, username, "use_case.listed")
        if not rows:
            return "Geen gebruiksdoelen / no use cases"
        return "\n".join(
            f"{r['slug']} ({r['party_slug']}) {r['title_nl']} / {r['title_en']}"
            + ("" if r["active"] else " — niet actief / inactive")
            for r in rows
        )

    async def view_use_case(request: Request, data: UseCaseReference) -> str:
        parties, username = await _scope(request)
        try:
            found = await use_case_for_officer(data.slug, parties)
        except UseCaseNotFound as exc:
            # another party's use case or none: audited, answered the same either way
            await _audit(now, username, "use_case.access_refused", data.slug, form="view")
            raise _refused(exc) from exc
        await _audit(now, username, "use_case.viewed", data.slug)
        return use_case_text(found)

    async def change_use_case(request: Request, data: UseCaseForm) -> str:
        parties, username = await _scope(request)
        try:
            stored = await edit_use_case(
                data.slug, data.changes(), actor=username, relying_parties=parties, now=now()
            )
        except UseCaseNotFound as exc:
            await _audit(now, username, "use_case.access_refused", data.slug, form="edit")
            raise _refused(exc) from exc
        except UseCaseRefused as exc:  # nothing of the edit is written, only the attempt
            await _audit(now, username, "use_case.edit_refused", data.slug, reason=exc.en)
            raise _refused(exc) from exc
        return "Opgeslagen / saved:\n" + use_case_text(stored)

    return [
        FormConfig(
            name="Gebruiksdoelen (Use cases)",
            pydantic_model=NoInput,
            endpoint=my_use_cases,
            description="Wat uw organisatie vraagt. / What your organisation asks for.",
        ),
        FormConfig(
            name="Gebruiksdoel bekijken (View use case)",
            pydantic_model=UseCaseReference,
            endpoint=view_use_case,
            description="Teksten, DCQL-query en formulier. / Texts, DCQL query and form.",
        ),
        FormConfig(
            name="Gebruiksdoel wijzigen (Edit use case)",
            pydantic_model=UseCaseForm,
            endpoint=change_use_case,
            description=(
                "Alleen binnen de registratie; lege velden blijven zoals ze zijn. / "
                "Only within the registration; empty fields are kept."
            ),
        ),
    ]


def create_back_office(state: VerifierState, *, site_name: str, production: bool) -> Any:
    """The piccolo-admin ASGI app for the relying parties' officers."""
    admin = create_admin(
        tables=[],
        auto_include_related=False,  # no table, and none pulled in through a foreign key
        forms=_forms(state),
        auth_table=Officer,
        session_table=OfficerSession,
        site_name=site_name,
        allowed_hosts=[urlsplit(state.settings.public_url).hostname or ""],  # CSRF check, https
        production=production,
    )
    log = StaffLog(Officer, OfficerSession, AuditEntry, clock=state.clock)
    return own_session_cookie(audited_sessions(admin, log), SESSION_COOKIE)
