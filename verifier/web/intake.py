"""The intake form: validated values prefilled and read-only, the use case's extra fields, submit.

Which browser may open a transaction's form: the one that holds the proof the presentation
flow gave it, the same-device ``response_code`` (with the session cookie of the browser that
started, HAIP 1.0 §5.1) or the cross-device poll secret. It posts that proof to
``POST /intake/{transaction_id}``; the proof is checked
(:func:`verifier.transactions.release_result`) and the browser gets a cookie bound to that
transaction (an HMAC under the verifier secret; HttpOnly, SameSite=Strict, path of the form).
The form carries the same value as its CSRF token. The transaction id alone opens nothing.

The validated values are shown without a ``name``: the browser never sends them back, the
case takes them from the transaction. Submitting twice (or reloading) ends in the one case.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta
from pathlib import Path
from typing import Any, Final

from litestar import Request, get, post
from litestar.datastructures import Cookie
from litestar.params import FromPath
from litestar.response import Redirect, Template

from issuer.credentials import CATALOGUE as CREDENTIALS
from regie.web.i18n import SHARED_MESSAGES, Catalogue, Translator
from standards.errors import StandardsError
from verifier import transactions
from verifier.cases.applicant import ValidatedValue, validated_values
from verifier.cases.form import FormField, load_form_fields
from verifier.cases.intake import (
    FormInvalid,
    IntakeRefused,
    completed_transaction,
    find_case,
    open_case,
)
from verifier.db.tables import PresentationTransaction
from verifier.state import Verifier, VerifierState
from verifier.web.render import render_page, translator
from verifier.web.start import SESSION_COOKIE

__all__ = ["CATALOGUE", "intake_handlers"]

CATALOGUE: Final = Catalogue.load(
    SHARED_MESSAGES,
    Path(__file__).with_name("messages"),
    Path(__file__).with_name("intake_messages"),
)
COOKIE: Final = "regie_verifier_intake"
_LABELS = {t.vct: t.metadata for t in CREDENTIALS.values()}


def _token(state: VerifierState, transaction_id: str) -> str:
    return hmac.new(state.secret, f"intake|{transaction_id}".encode(), hashlib.sha256).hexdigest()


def _holds(request: Request[Any, Any, Any], state: VerifierState, transaction_id: str) -> bool:
    given = request.cookies.get(COOKIE) or ""
    return hmac.compare_digest(given, _token(state, transaction_id))


def _translator(request: Request[Any, Any, Any]) -> Translator:
    return translator(request, CATALOGUE)


def _render(
    request: Request[Any, Any, Any],
    template: str,
    party: str,
    *,
    status: int = 200,
    **context: Any,
) -> Template:
    return render_page(request, CATALOGUE, template, party, status=status, **context)


async def _party(transaction_id: str) -> str:
    """Who the resident shares with, for the pages' header ("Gegevens delen met ..."), as the
    start page names it: the use case's relying party."""
    row = (
        await PresentationTransaction.select(
            PresentationTransaction.use_case._.relying_party._.legal_name.as_alias("party")
        )
        .where(PresentationTransaction.transaction_id == transaction_id)
        .first()
    )
    return str(row["party"]) if row and row["party"] else "Regie"


def _closed(request: Request[Any, Any, Any]) -> Template:
    return _render(request, "verifier/intake_done.html", "Regie", status=404, identification=None)


def _label(value: ValidatedValue, lang: str) -> str:
    metadata = _LABELS.get(value.vct)
    return metadata.claim_label(value.path, lang) if metadata is not None else value.name


async def _form_page(
    request: Request[Any, Any, Any],
    state: VerifierState,
    transaction_id: str,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
) -> Template:
    transaction = await completed_transaction(transaction_id)
    use_case = transaction["use_case"]
    lang = _translator(request).lang
    names = state.settings.issuer_names
    validated = [
        {
            "label": _label(value, lang),
            "value": value.shown,
            "issuer": names.get(value.issuer, value.issuer),
        }
        for value in validated_values(
            transaction["verified_claims"],
            transaction_id=transaction_id,
            dcql_query=use_case["dcql_query"],
        )
    ]
    fields: list[FormField] = load_form_fields(use_case["form_fields"])
    return _render(
        request,
        "verifier/intake.html",
        await _party(transaction_id),
        status=400 if errors else 200,
        title=use_case[f"title_{lang}"],
        transaction_id=transaction_id,
        intake_token=_token(state, transaction_id),
        validated=validated,
        fields=fields,
        values=values or {},
        errors=errors or {},
    )


@post("/intake/{transaction_id:str}", status_code=303)
async def intake_entry(
    transaction_id: FromPath[str], request: Request[Any, Any, Any], verifier: Verifier
) -> Redirect | Template:
    """The browser shows its proof (``response_code`` or ``poll_secret``) once; with a
    response code, the same-device session cookie of the browser that started too
    (:func:`verifier.web.start.session_cookies`)."""
    form = await request.form()
    proof = {
        key: value
        for key in ("response_code", "poll_secret")
        if isinstance(value := form.get(key), str) and value
    }
    if "response_code" in proof:
        proof["session"] = request.cookies.get(SESSION_COOKIE) or ""
    try:
        await transactions.release_result(verifier, transaction_id, **proof)
    except StandardsError:
        return _closed(request)
    lifetime = verifier.settings.intake_window
    return Redirect(
        f"/intake/{transaction_id}?lang={_translator(request).lang}",
        status_code=303,
        cookies=[
            Cookie(
                key=COOKIE,
                value=_token(verifier, transaction_id),
                path=f"/intake/{transaction_id}",
                max_age=int(lifetime.total_seconds()),
                httponly=True,
                samesite="strict",
                secure=verifier.settings.https,
            )
        ],
    )


@get("/intake/{transaction_id:str}")
async def intake_form(
    transaction_id: FromPath[str], request: Request[Any, Any, Any], verifier: Verifier
) -> Template | Redirect:
    if not _holds(request, verifier, transaction_id):
        return _closed(request)
    if await find_case(transaction_id) is not None:
        return Redirect(f"/intake/{transaction_id}/done", status_code=303)
    try:
        return await _form_page(request, verifier, transaction_id)
    except IntakeRefused:
        return _closed(request)


@post("/intake/{transaction_id:str}/submit", status_code=303)
async def intake_submit(
    transaction_id: FromPath[str], request: Request[Any, Any, Any], verifier: Verifier
) -> Template | Redirect:
    form = await request.form()
    token = form.get("intake_token")
    if not _holds(request, verifier, transaction_id) or not (
        isinstance(token, str) and hmac.compare_digest(token, _token(verifier, transaction_id))
    ):
        return _closed(request)
    submitted = {key: value for key, value in form.items() if isinstance(value, str)}
    try:
        await open_case(
            transaction_id,
            submitted,
            now=verifier.clock(),
            retention=timedelta(days=verifier.settings.evidence_retention_days),
        )
    except FormInvalid as invalid:
        lang = _translator(request).lang
        errors = {name: error.text(lang) for name, error in invalid.errors.items()}
        return await _form_page(request, verifier, transaction_id, values=submitted, errors=errors)
    except IntakeRefused:
        return _closed(request)
    lang = _translator(request).lang
    return Redirect(f"/intake/{transaction_id}/done?lang={lang}", status_code=303)


@get("/intake/{transaction_id:str}/done")
async def intake_done(
    transaction_id: FromPath[str], request: Request[Any, Any, Any], verifier: Verifier
) -> Template:
    case = await find_case(transaction_id) if _holds(request, verifier, transaction_id) else None
    if case is None:
        return _closed(request)
    return _render(
        request,
        "verifier/intake_done.html",
        await _party(transaction_id),
        identification=case.identification,
    )


intake_handlers = [intake_entry, intake_form, intake_submit, intake_done]
