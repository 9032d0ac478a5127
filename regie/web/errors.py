"""One web-layer mapping from failed checks to responses.

- Protocol endpoints (OAuth 2.0 / OpenID4VCI / OpenID4VP) answer ``{"error",
  "error_description"}`` (RFC 6749 §5.2, OpenID4VCI §8.3.1, OpenID4VP §8.5) with the status
  code the spec gives the error; every description goes through
  :func:`~standards.oid4vci.error_description`, so it holds only the characters RFC 6749 §5.2
  allows, whatever text (or echoed input) made it.
- Everything else answers RFC 9457 problem details, in English and Dutch.

A :class:`~standards.errors.StandardsError` carries its own ``error`` code; the services raise
:class:`ProtocolError` for errors that are not a failed standards check (an unknown offer,
a locked transaction code).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any, Final

import asyncpg
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from standards.errors import StandardsError
from standards.oid4vci import error_description

__all__ = [
    "OAUTH_STATUS",
    "RETRY_AFTER_SECONDS",
    "ProtocolError",
    "TemporarilyUnavailable",
    "oauth_error_handlers",
    "problem_handlers",
]

log = logging.getLogger(__name__)

OAUTH_STATUS: Final[Mapping[str, int]] = {
    "invalid_token": 401,
    "invalid_client": 401,
    "insufficient_scope": 403,
    "access_denied": 403,
    "not_found": 404,
    "request_too_large": 413,
    "temporarily_unavailable": 503,
    "server_error": 500,
}
"""RFC 6749 §5.2 and RFC 6750 §3.1: 400 unless the error is one of these. Every Credential
Request error (OpenID4VCI §8.3.1.2), ``credential_request_denied`` among them, is 400."""


class ProtocolError(Exception):
    """A protocol error the service itself decides on, with the spec's error code."""

    def __init__(
        self,
        error: str,
        description_en: str,
        description_nl: str | None = None,
        *,
        status_code: int | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(description_en)
        self.error = error
        self.description_en = description_en
        self.description_nl = description_nl or description_en
        self.status_code = status_code or OAUTH_STATUS.get(error, 400)
        self.headers = dict(headers or {})


RETRY_AFTER_SECONDS: Final = 60
"""The ``Retry-After`` (RFC 9110 §10.2.3) of a :class:`TemporarilyUnavailable` answer: a
minute, long enough for a brief outage of a service we depend on (the population register) to
pass, short enough for a wallet that waits on it."""


class TemporarilyUnavailable(ProtocolError):
    """A service this one depends on did not answer; nothing was done, try again later.

    HTTP 503 with ``Retry-After`` and the error code ``temporarily_unavailable`` (RFC 6749
    §4.1.2.1's name for it); the description in English and Dutch. Logged as a warning (the
    cause, if raised ``from`` one), not as an unexpected error.
    """

    def __init__(
        self, description_en: str, description_nl: str, *, retry_after: int = RETRY_AFTER_SECONDS
    ) -> None:
        super().__init__(
            "temporarily_unavailable",
            f"{description_en} / {description_nl}",
            description_nl,
            status_code=503,
            headers={"Retry-After": str(retry_after)},
        )


def _oauth_response(
    error: str, description: str, status_code: int, headers: Mapping[str, str] | None = None
) -> Response[dict[str, str]]:
    return Response(
        {"error": error, "error_description": error_description(description)},
        status_code=status_code,
        headers={"Cache-Control": "no-store", **(headers or {})},
    )


def _protocol_error(_: Request[Any, Any, Any], exc: ProtocolError) -> Response[dict[str, str]]:
    if isinstance(exc, TemporarilyUnavailable):
        log.warning("temporarily unavailable: %s", exc.__cause__ or exc)
    return _oauth_response(exc.error, exc.description_en, exc.status_code, exc.headers)


def _standards_error(_: Request[Any, Any, Any], exc: StandardsError) -> Response[dict[str, str]]:
    return _oauth_response(exc.error, exc.detail, OAUTH_STATUS.get(exc.error, 400))


def _validation_error(
    _: Request[Any, Any, Any], exc: ValidationException
) -> Response[dict[str, str]]:
    """Names the parameters that failed, never their values (Litestar's own ``detail`` quotes
    the request's path and query)."""
    extra = exc.extra if isinstance(exc.extra, list) else []
    names = sorted({str(e["key"]) for e in extra if isinstance(e, dict) and e.get("key")})
    which = f" ({', '.join(names)})" if names else ""
    return _oauth_response("invalid_request", f"the request is not valid{which}", 400)


def _http_error(_: Request[Any, Any, Any], exc: HTTPException) -> Response[dict[str, str]]:
    error = {
        401: "invalid_token",
        404: "not_found",
        405: "invalid_request",
        413: "request_too_large",
    }
    return _oauth_response(
        error.get(exc.status_code, "invalid_request"), str(exc.detail), exc.status_code, exc.headers
    )


def _unexpected(_: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, str]]:
    log.exception("unexpected error on a protocol endpoint", exc_info=exc)
    return _oauth_response("server_error", "something went wrong on our side", 500)


NUL_IN_VALUE: Final = (
    asyncpg.exceptions.CharacterNotInRepertoireError,
    asyncpg.exceptions.UntranslatableCharacterError,
)
"""What asyncpg raises for a NUL (U+0000) in a text or JSON value, which PostgreSQL cannot
hold: a value from the request that reached a query unchecked. Bad input, so 400, not 500
(:mod:`regie.web.nul` refuses one in the address before any route sees it)."""
_NUL_DETAIL = "a value holds a NUL character, which no value here can hold"


def _oauth_nul(_: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, str]]:
    log.warning("refused a NUL character in a value: %s", exc)
    return _oauth_response("invalid_request", _NUL_DETAIL, 400)


def oauth_error_handlers() -> dict[type[Exception] | int, Any]:
    """Exception handlers for a router of protocol endpoints."""
    return {
        **dict.fromkeys(NUL_IN_VALUE, _oauth_nul),
        ProtocolError: _protocol_error,
        StandardsError: _standards_error,
        ValidationException: _validation_error,
        HTTPException: _http_error,
        HTTP_500_INTERNAL_SERVER_ERROR: _unexpected,
    }


def _problem(
    status: int, title_en: str, title_nl: str, detail: str, headers: Mapping[str, str] | None = None
) -> Response[dict[str, Any]]:
    """RFC 9457 §3.1: type, title, status, detail (plus the Dutch title)."""
    return Response(
        {
            "type": "about:blank",
            "title": title_en,
            "title_nl": title_nl,
            "status": status,
            "detail": detail,
        },
        status_code=status,
        media_type="application/problem+json",
        headers=dict(headers or {}),
    )


def _problem_http(_: Request[Any, Any, Any], exc: HTTPException) -> Response[dict[str, Any]]:
    titles = {
        400: ("Bad request", "Verzoek niet goed"),
        401: ("Not signed in", "Niet ingelogd"),
        403: ("Not allowed", "Niet toegestaan"),
        404: ("Not found", "Niet gevonden"),
        405: ("Method not allowed", "Methode niet toegestaan"),
        413: ("Too large", "Te groot"),
        429: ("Too many requests", "Te veel verzoeken"),
    }
    title_en, title_nl = titles.get(exc.status_code, ("Error", "Fout"))
    return _problem(exc.status_code, title_en, title_nl, str(exc.detail), exc.headers)


def _problem_standards(_: Request[Any, Any, Any], exc: StandardsError) -> Response[dict[str, Any]]:
    return _problem(400, exc.title_en, exc.title_nl, exc.detail)


def _problem_unexpected(_: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    log.exception("unexpected error", exc_info=exc)
    return _problem(
        500,
        "Something went wrong on our side",
        "Er ging bij ons iets mis",
        "please try again later",
    )


def _problem_nul(_: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    log.warning("refused a NUL character in a value: %s", exc)
    return _problem(400, "Bad request", "Verzoek niet goed", _NUL_DETAIL)


def problem_handlers() -> dict[type[Exception] | int, Any]:
    """Exception handlers for everything that is not a protocol endpoint."""
    return {
        **dict.fromkeys(NUL_IN_VALUE, _problem_nul),
        HTTPException: _problem_http,
        StandardsError: _problem_standards,
        HTTP_500_INTERNAL_SERVER_ERROR: _problem_unexpected,
    }
