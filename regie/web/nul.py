"""Refuse a request whose address holds a NUL character, before any route sees it.

No identifier, slug or query value of Regie's holds a NUL (U+0000), and PostgreSQL cannot hold
one in a text value: asyncpg refuses a query that carries one, which would reach the resident
as a 500. So a path (after percent-decoding) or query string with a NUL is answered 400
``invalid_request`` here, in Dutch and English, on every service.
"""

from __future__ import annotations

from litestar.enums import ScopeType
from litestar.response.base import ASGIResponse
from litestar.types import ASGIApp, Receive, Scope, Send

from standards.jose import json_dumps

__all__ = ["refuse_nul"]

_DETAIL = "the address holds a NUL character, which no value here can hold"
_ANSWER = json_dumps(
    {  # both an OAuth error (RFC 6749 §5.2) and a problem (RFC 9457 §3.1), as either is asked
        "error": "invalid_request",
        "error_description": _DETAIL,
        "type": "about:blank",
        "title": "This web address is not valid.",
        "title_nl": "Dit webadres klopt niet.",
        "status": 400,
        "detail": _DETAIL,
    }
)


def _has_nul(scope: Scope) -> bool:
    query = scope.get("query_string", b"")
    return "\x00" in scope["path"] or b"\x00" in query or b"%00" in query


def refuse_nul(app: ASGIApp) -> ASGIApp:
    """Litestar middleware (``middleware=[refuse_nul]``): 400 for a NUL in path or query."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == ScopeType.HTTP and _has_nul(scope):
            answer = ASGIResponse(
                body=_ANSWER,
                status_code=400,
                media_type="application/json",
                headers={"Cache-Control": "no-store"},
            )
            await answer(scope, receive, send)
            return
        await app(scope, receive, send)

    return middleware
