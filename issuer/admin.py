"""The issuer's back office: piccolo-admin for municipal staff, mounted once at ``/admin/``.

Staff see the issued-credential register (no claim values), the audit log and the queued
re-issue prompts with their state (queued, delivered, in the wallet, "Gelezen / read": the
read receipt, :mod:`issuer.mailbox`), all read-only; they change a credential's status only
through the forms here, which check the transition and write the audit log. Their logins,
failed logins and logouts are audited too (:mod:`regie.web.back_office_log`). The staff's
session cookie is :data:`SESSION_COOKIE` (piccolo-admin's ``id``, renamed by
:func:`regie.web.back_office.own_session_cookie`) and its CSRF cookie ``csrftoken``: neither
clashes with the resident pages' (``regie_issuer_*``) nor with the verifier's back office.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Final

from piccolo_admin.endpoints import FormConfig, TableConfig, create_admin
from piccolo_api.crud.endpoints import PiccoloCRUD
from piccolo_api.crud.validators import Validators
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException
from starlette.requests import Request

from issuer.credential_status import (
    CredentialNotFound,
    CredentialStatus,
    StatusChangeRefused,
    change_status,
)
from issuer.db.tables import AuditEntry, IssuedCredential, ReissuePrompt, Staff, StaffSession
from regie.web.back_office import own_session_cookie
from regie.web.back_office_log import StaffLog, audited_sessions

__all__ = ["SESSION_COOKIE", "create_back_office"]

SESSION_COOKIE: Final = "regie_issuer_admin_session"
"""The staff's session cookie (at ``/admin/``), apart from the verifier back office's on the
same host and from the resident pages' cookies (:mod:`regie.web.back_office`)."""


async def _read_only(piccolo_crud: PiccoloCRUD, request: Request) -> None:  # noqa: ARG001
    """The register changes through the forms only, so every change is checked and audited."""
    raise HTTPException(status_code=405, detail="Alleen-lezen / read-only")


_READ_ONLY = Validators(
    post_single=[_read_only],
    put_single=[_read_only],
    patch_single=[_read_only],
    delete_single=[_read_only],
    delete_all=[_read_only],
)


class StatusChange(BaseModel):
    """Form fields: which credential copy, and why (kept in the audit log)."""

    credential_id: str = Field(min_length=36, max_length=36, description="Credential id")
    reason: str = Field(min_length=3, max_length=300, description="Reden / reason")


def _actor(request: Request) -> str:
    user: Any = request.user
    return str(user.user.username)


def _form(new: CredentialStatus, done_nl: str, done_en: str):  # type: ignore[no-untyped-def]
    async def endpoint(request: Request, data: StatusChange) -> str:
        try:
            await change_status(
                data.credential_id,
                new,
                actor=_actor(request),
                reason=data.reason,
                now=datetime.now(UTC),
            )
        except (CredentialNotFound, StatusChangeRefused) as exc:
            raise ValueError(f"{exc.message_nl} / {exc.message_en}") from exc
        return f"{done_nl} / {done_en}"

    return endpoint


def create_back_office(*, site_name: str, allowed_hosts: list[str], production: bool) -> Any:
    """The piccolo-admin ASGI app for the issuer's staff."""
    admin = create_admin(
        tables=[
            TableConfig(
                IssuedCredential,
                validators=_READ_ONLY,
                visible_columns=[
                    IssuedCredential.credential_id,
                    IssuedCredential.credential_configuration_id,
                    IssuedCredential.status,
                    IssuedCredential.status_index,
                    IssuedCredential.issued_at,
                    IssuedCredential.expires_at,
                ],
                menu_group="Register",
            ),
            TableConfig(AuditEntry, validators=_READ_ONLY, menu_group="Register"),
            TableConfig(
                ReissuePrompt,
                validators=_READ_ONLY,
                visible_columns=[
                    ReissuePrompt.id,
                    ReissuePrompt.credential_configuration_id,
                    ReissuePrompt.reason,
                    ReissuePrompt.created_at,
                    ReissuePrompt.state,
                    ReissuePrompt.delivered_at,
                    ReissuePrompt.fetched_at,
                    ReissuePrompt.read_at,
                    ReissuePrompt.last_error,
                ],
                visible_filters=[ReissuePrompt.state, ReissuePrompt.credential_configuration_id],
                menu_group="Register",
            ),
        ],
        forms=[
            FormConfig(
                name="Intrekken (Revoke)",
                pydantic_model=StatusChange,
                endpoint=_form(CredentialStatus.REVOKED, "Ingetrokken", "Revoked"),
                description="Trek een gegeven definitief in. / Revoke a credential for good.",
            ),
            FormConfig(
                name="Schorsen (Suspend)",
                pydantic_model=StatusChange,
                endpoint=_form(CredentialStatus.SUSPENDED, "Geschorst", "Suspended"),
                description="Zet een gegeven tijdelijk op ongeldig. / Suspend a credential.",
            ),
            FormConfig(
                name="Schorsing opheffen (Unsuspend)",
                pydantic_model=StatusChange,
                endpoint=_form(CredentialStatus.VALID, "Weer geldig", "Valid again"),
                description="Maak een geschorst gegeven weer geldig. / Lift a suspension.",
            ),
        ],
        auth_table=Staff,
        session_table=StaffSession,
        # Only the tables above: piccolo-admin would add the status lists they point at, with
        # full write access (and deleting a list would have taken the register with it).
        auto_include_related=False,
        site_name=site_name,
        allowed_hosts=allowed_hosts,
        production=production,
    )
    log = StaffLog(Staff, StaffSession, AuditEntry, clock=lambda: datetime.now(UTC))
    return own_session_cookie(audited_sessions(admin, log), SESSION_COOKIE)
