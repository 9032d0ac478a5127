"""The wallet API's errors: RFC 9457 problem details with a stable ``code`` and texts in nl/en.

The wallet app shows its own text for each ``code`` (from its message catalogue); ``title``
and ``detail`` in English and Dutch are for people reading the API's answers.
"""

from __future__ import annotations

import logging
from typing import Any, Final

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from standards.errors import StandardsError

__all__ = ["WalletError", "problem", "wallet_error_handlers"]

log = logging.getLogger(__name__)

PROBLEM_TYPE: Final = "urn:regie:wallet:error:"


class WalletError(Exception):
    """A request the wallet provider refuses, with its code, status and texts in nl/en."""

    def __init__(
        self,
        code: str,
        status: int,
        *,
        title_en: str,
        title_nl: str,
        detail_en: str | None = None,
        detail_nl: str | None = None,
        reason: str | None = None,
    ) -> None:
        super().__init__(detail_en or title_en)
        self.code = code
        self.status = status
        self.title_en = title_en
        self.title_nl = title_nl
        self.detail_en = detail_en or title_en
        self.detail_nl = detail_nl or title_nl
        self.reason = reason
        """The failed check behind a refused proof (a :class:`StandardsError` code)."""


def problem(error: WalletError, headers: dict[str, str] | None = None) -> Response[dict[str, Any]]:
    """RFC 9457 §3.1 (type, title, status, detail) plus ``code`` and the Dutch texts."""
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE + error.code,
        "code": error.code,
        "status": error.status,
        "title": error.title_en,
        "title_nl": error.title_nl,
        "detail": error.detail_en,
        "detail_nl": error.detail_nl,
    }
    if error.reason is not None:
        body["reason"] = error.reason
    return Response(
        body,
        status_code=error.status,
        media_type="application/problem+json",
        headers={"Cache-Control": "no-store", **(headers or {})},
    )


_HTTP: Final[dict[int, tuple[str, str, str]]] = {
    400: ("invalid_request", "The request is not valid.", "Het verzoek klopt niet."),
    404: ("not_found", "Not found.", "Niet gevonden."),
    405: ("method_not_allowed", "Method not allowed.", "Deze methode kan hier niet."),
    413: ("request_too_large", "The request is too large.", "Het verzoek is te groot."),
    429: (
        "rate_limited",
        "Too many requests; please wait a minute and try again.",
        "Te veel verzoeken. Wacht een minuut en probeer het opnieuw.",
    ),
}


def _wallet_error(_: Request[Any, Any, Any], exc: WalletError) -> Response[dict[str, Any]]:
    return problem(exc)


def _validation(_: Request[Any, Any, Any], exc: ValidationException) -> Response[dict[str, Any]]:
    fields = [str(item.get("key", "")) for item in exc.extra or [] if isinstance(item, dict)]
    where = ", ".join(name for name in fields if name) or "the body"
    return problem(
        WalletError(
            "invalid_request",
            400,
            title_en="The request is not valid.",
            title_nl="Het verzoek klopt niet.",
            detail_en=f"check {where}",
            detail_nl=f"controleer {where}",
        )
    )


def _http(_: Request[Any, Any, Any], exc: HTTPException) -> Response[dict[str, Any]]:
    code, title_en, title_nl = _HTTP.get(exc.status_code, ("error", "Error.", "Fout."))
    error = WalletError(code, exc.status_code, title_en=title_en, title_nl=title_nl)
    return problem(error, dict(exc.headers or {}))


def _standards(_: Request[Any, Any, Any], exc: StandardsError) -> Response[dict[str, Any]]:
    return problem(
        WalletError(
            "invalid_request",
            400,
            title_en=exc.title_en,
            title_nl=exc.title_nl,
            detail_en=exc.detail,
            reason=exc.code,
        )
    )


def _unexpected(_: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    log.exception("unexpected error in the wallet API", exc_info=exc)
    return problem(
        WalletError(
            "server_error",
            500,
            title_en="Something went wrong on our side; please try again later.",
            title_nl="Er ging bij ons iets mis. Probeer het later opnieuw.",
        )
    )


def wallet_error_handlers() -> dict[type[Exception] | int, Any]:
    """Exception handlers for the wallet API."""
    return {
        WalletError: _wallet_error,
        ValidationException: _validation,
        HTTPException: _http,
        StandardsError: _standards,
        HTTP_500_INTERNAL_SERVER_ERROR: _unexpected,
    }
