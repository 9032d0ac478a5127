"""The relying party's page: a QR code (cross-device, the ``openid4vp://`` link any wallet
reads) that refreshes when it expires, a same-device button (the same request, opened in the
wallet app at ``{wallet_url}/#/present?...``), polling, and the result page."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

from litestar import Request, get, post
from litestar.datastructures import Cookie
from litestar.params import FromPath
from litestar.response import Redirect, Response, Template
from markupsafe import Markup

from regie.web.cors import origin_of
from regie.web.i18n import SHARED_MESSAGES, Catalogue
from regie.web.qr import qr_svg
from standards.errors import StandardsError
from standards.oid4vp import (
    authorization_request_link,
    new_nonce,
    parse_authorization_request_link,
)
from verifier import transactions
from verifier.db.tables import PresentationTransaction, UseCase
from verifier.settings import VerifierSettings
from verifier.state import Verifier
from verifier.web.render import HEADERS, render_page, translator

__all__ = [
    "CATALOGUE",
    "SESSION_COOKIE",
    "TEMPLATES",
    "WALLET_PRESENT_PATH",
    "same_device_link",
    "session_cookies",
    "web_handlers",
]

TEMPLATES: Final = Path(__file__).with_name("templates")
STATIC: Final = Path(__file__).with_name("static")
CATALOGUE: Final = Catalogue.load(SHARED_MESSAGES, Path(__file__).with_name("messages"))
WALLET_PRESENT_PATH: Final = "/#/present"
"""The wallet app's consent screen: ``{wallet_url}/#/present?client_id=...&request_uri=...``.

In the fragment, so the request's address never reaches the wallet's server or its logs."""
SESSION_COOKIE: Final = "regie_verifier_session"
"""Same-device: the browser session a transaction was started in (:func:`session_cookies`)."""


def _start_headers(wallet_url: str) -> dict[str, str]:
    """The RP page's headers: its same-device form is answered with a redirect to the wallet
    app, which CSP ``form-action`` also governs (CSP Level 3 §6.4.1), so that one origin is
    allowed next to ``'self'``."""
    policy = HEADERS["Content-Security-Policy"].replace(
        "form-action 'self'", f"form-action 'self' {origin_of(wallet_url)}"
    )
    return {**HEADERS, "Content-Security-Policy": policy}


def _render(
    request: Request[Any, Any, Any],
    template: str,
    party: str,
    *,
    headers: dict[str, str] = HEADERS,
    **context: Any,
) -> Template:
    return render_page(request, CATALOGUE, template, party, headers=headers, **context)


async def _use_case(slug: str) -> dict[str, Any] | None:
    """The active use case with this slug (an inactive one starts no transaction)."""
    row: dict[str, Any] | None = (
        await UseCase.select(
            *UseCase.all_columns(),
            UseCase.relying_party._.legal_name.as_alias("party"),
            UseCase.relying_party._.logo.as_alias("logo"),
        )
        .where((UseCase.slug == slug) & UseCase.active.eq(True))  # noqa: FBT003 - SQL
        .first()
    )
    return row


def _unknown(request: Request[Any, Any, Any]) -> Template:
    """The page for a use case that does not exist or is no longer active: 404, nl/en."""
    response = _render(request, "verifier/unknown.html", "Regie")
    response.status_code = 404
    return response


@get("/verify/{use_case:str}")
async def start_page(
    use_case: FromPath[str], request: Request[Any, Any, Any], verifier: Verifier
) -> Template:
    row = await _use_case(use_case)
    if row is None:
        return _unknown(request)
    started = await transactions.start(verifier, use_case, same_device=False)
    t = translator(request, CATALOGUE)
    lang = t.lang
    label = t("start.qr_label")
    return _render(
        request,
        "verifier/start.html",
        row["party"],
        headers=_start_headers(verifier.settings.wallet_url),
        party_name=row["party"],
        logo=row["logo"],
        title=row[f"title_{lang}"],
        purpose=row[f"purpose_{lang}"],
        use_case=use_case,
        transaction_id=started.transaction_id,
        poll_secret=started.poll_secret,
        expires_in=verifier.settings.transaction_ttl_seconds,
        qr=Markup(qr_svg(started.link, label=label)),  # noqa: S704 - escaped SVG
    )


@post("/verify/{use_case:str}/same-device", status_code=303)
async def same_device(
    use_case: FromPath[str], request: Request[Any, Any, Any], verifier: Verifier
) -> Response[Any]:
    if await _use_case(use_case) is None:
        return _unknown(request)
    session = new_nonce()
    started = await transactions.start(
        verifier, use_case, same_device=True, browser_session=session
    )
    return Redirect(
        same_device_link(started.link, verifier.settings.wallet_url),
        status_code=303,
        cookies=session_cookies(verifier.settings, started.transaction_id, session),
    )


def session_cookies(settings: VerifierSettings, transaction_id: str, session: str) -> list[Cookie]:
    """The browser session a same-device transaction is started in, which its result page
    asks for with the ``response_code``, and so does the intake entry its button posts that
    code to (HAIP 1.0 §5.1: a redirect back "in a different user session to the one the
    request was initiated in" is rejected; OpenID4VP 1.0 §13.3, §14.2): a code read from the
    address bar, history or a shared link opens nothing in another browser.

    A fresh random secret per transaction (the transaction keeps its keyed hash), in two
    cookies of one name and value: one sent only to that transaction's result page
    (``Path=/verify/{id}/``), one only to its intake entry (``Path=/intake/{id}``), so two
    transactions started in two tabs do not overwrite each other's. HttpOnly,
    ``SameSite=Lax`` (the wallet's redirect back is a cross-site top-level GET, which Lax lets
    it go with), ``Secure`` on an https public URL; they last as long as the result can be
    fetched: the transaction's lifetime and the intake window after it."""
    lifetime = settings.transaction_ttl_seconds + settings.intake_window.total_seconds()
    return [
        Cookie(
            key=SESSION_COOKIE,
            value=session,
            path=path,
            max_age=int(lifetime),
            httponly=True,
            samesite="lax",
            secure=settings.https,
        )
        for path in (f"/verify/{transaction_id}/", f"/intake/{transaction_id}")
    ]


def same_device_link(link: str, wallet_url: str) -> str:
    """The request of ``link`` (OpenID4VP 1.0 §5 with RFC 9101 §5.2: ``client_id``,
    ``request_uri``, ``request_uri_method``) addressed to the wallet app on this device, as the
    issuer's button addresses its offer (OpenID4VCI 1.0 §4.1)."""
    parsed = parse_authorization_request_link(link)
    return authorization_request_link(
        client_id=parsed.client_id,
        request_uri=parsed.request_uri,
        request_uri_method=parsed.request_uri_method,
        endpoint=wallet_url.rstrip("/") + WALLET_PRESENT_PATH,
    )


@get("/verify/{transaction_id:str}/result")
async def result_same_device(
    transaction_id: FromPath[str], request: Request[Any, Any, Any], verifier: Verifier
) -> Template:
    code = request.query_params.get("response_code")
    session = request.cookies.get(SESSION_COOKIE) or ""  # "": none, never the intake's None
    return await _result(request, verifier, transaction_id, response_code=code, session=session)


@post("/verify/{transaction_id:str}/result", status_code=200)
async def result_cross_device(
    transaction_id: FromPath[str],
    request: Request[Any, Any, Any],
    verifier: Verifier,
) -> Template:
    form = await request.form()
    secret = form.get("poll_secret")
    return await _result(
        request, verifier, transaction_id, poll_secret=secret if isinstance(secret, str) else None
    )


async def _outcome(verifier: Verifier, transaction_id: str, **secret: Any) -> tuple[bool, str]:
    """Whether the result was released, else why not: the stored error of a failed
    transaction, :class:`~verifier.transactions.OtherBrowser`'s code for the right response
    code in another browser, ``""`` without proof."""
    try:
        await transactions.release_result(verifier, transaction_id, **secret)
    except transactions.OtherBrowser as exc:
        return False, exc.code
    except StandardsError:
        try:
            return False, await transactions.failure(verifier, transaction_id, **secret) or ""
        except transactions.OtherBrowser as exc:
            return False, exc.code
    return True, ""


async def _result(
    request: Request[Any, Any, Any], verifier: Verifier, transaction_id: str, **secret: Any
) -> Template:
    ok, failure = await _outcome(verifier, transaction_id, **secret)
    other_browser = failure == transactions.OtherBrowser.code
    declined = failure == transactions.DECLINED
    refusal = None if declined or other_browser else _refusals().get(failure)
    response = _render(
        request,
        "verifier/result.html",
        "Regie",
        ok=ok,
        declined=declined,
        other_browser=other_browser,
        refusal=refusal,
        again=await _start_again(transaction_id),
        transaction_id=transaction_id,
        # what the intake's form posts: the flow's proof, never the session cookie's secret
        proof={k: secret[k] for k in ("response_code", "poll_secret") if secret.get(k)},
    )
    if other_browser:
        response.status_code = 403
    elif not ok and not declined and refusal is None:
        response.status_code = 404
    return response


async def _start_again(transaction_id: str) -> str | None:
    """The page that starts the transaction's use case again (a new request, a fresh QR code),
    for "Opnieuw beginnen"; ``None`` for a transaction that is not known."""
    table = PresentationTransaction
    row = (
        await table.select(table.use_case._.slug.as_alias("slug"))
        .where(table.transaction_id == transaction_id)
        .first()
    )
    return None if row is None else f"/verify/{row['slug']}"


def _refusals() -> dict[str, type[StandardsError]]:
    """Every check's error class by its ``code`` (a code a subclass inherits keeps its first
    class), so the result page can say in plain words why a response was refused."""
    found: dict[str, type[StandardsError]] = {}
    todo: list[type[StandardsError]] = [StandardsError]
    while todo:
        error = todo.pop(0)
        found.setdefault(error.code, error)
        todo.extend(error.__subclasses__())
    return found


web_handlers = [start_page, same_device, result_same_device, result_cross_device]
