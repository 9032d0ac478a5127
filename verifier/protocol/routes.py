"""Thin handlers over :mod:`verifier.transactions`.

- ``GET|POST /oid4vp/request/{id}``: the signed Request Object (§5.10.1), ``no-store``.
- ``POST /oid4vp/response/{id}``: the wallet's response (§8.2), read up to the size limit.
- ``GET /verify/{transaction_id}/status``: the RP page's poll, with its secret in a header.

The pages that start a transaction are :mod:`verifier.web.start` (``GET /verify/{use_case}``;
an expired request refreshes by reloading it).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

from litestar import Request, Response, get, post
from litestar.params import FromPath

from standards.oid4vp import REQUEST_OBJECT_MEDIA_TYPE, parse_request_uri_post
from verifier import transactions
from verifier.state import Verifier

__all__ = [
    "POLL_SECRET_HEADER",
    "page_handlers",
    "protocol_handlers",
    "request_object_handlers",
    "response_handlers",
]

POLL_SECRET_HEADER = "X-Poll-Secret"  # noqa: S105 - a header name
NO_STORE = {"Cache-Control": "no-store"}


async def _body(request: Request[Any, Any, Any], limit: int) -> tuple[bytes, int]:
    """The body up to ``limit`` bytes, and how many bytes there were (reading stops there)."""
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            return b"", len(body)
    return bytes(body), len(body)


def _form(body: bytes) -> dict[str, list[str]]:
    return parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)


@get("/oid4vp/request/{request_uri_id:str}")
async def request_object_get(request_uri_id: FromPath[str], verifier: Verifier) -> Response[str]:
    token = await transactions.request_object(verifier, request_uri_id)
    return Response(token, media_type=REQUEST_OBJECT_MEDIA_TYPE, headers=NO_STORE)


@post("/oid4vp/request/{request_uri_id:str}", status_code=200, request_max_body_size=64 * 1024)
async def request_object_post(
    request_uri_id: FromPath[str], request: Request[Any, Any, Any], verifier: Verifier
) -> Response[str]:
    """§5.10: ``request_uri_method=post``, with an optional ``wallet_nonce`` to echo."""
    posted = parse_request_uri_post(_form(await request.body()))
    token = await transactions.request_object(
        verifier, request_uri_id, wallet_nonce=posted.wallet_nonce
    )
    return Response(token, media_type=REQUEST_OBJECT_MEDIA_TYPE, headers=NO_STORE)


@post("/oid4vp/response/{request_uri_id:str}", status_code=200)
async def response_endpoint(
    request_uri_id: FromPath[str], request: Request[Any, Any, Any], verifier: Verifier
) -> Response[dict[str, str]]:
    limit = verifier.settings.max_response_bytes
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        body, size = b"", int(declared)
    else:
        body, size = await _body(request, limit)
    answer = await transactions.respond(verifier, request_uri_id, _form(body), body_size=size)
    return Response(answer, headers=NO_STORE)


@get("/verify/{transaction_id:str}/status")
async def status(
    transaction_id: FromPath[str], request: Request[Any, Any, Any], verifier: Verifier
) -> Response[dict[str, str]]:
    secret = request.headers.get(POLL_SECRET_HEADER, "")
    value = await transactions.poll(verifier, transaction_id, secret)
    return Response({"status": value}, headers=NO_STORE)


request_object_handlers = [request_object_get, request_object_post]
"""Any wallet may fetch a request object (``Access-Control-Allow-Origin: *``)."""
response_handlers = [response_endpoint]
"""Only the configured wallet origins may read the answer to a response (CORS)."""
page_handlers = [status]
"""The relying party's own page, same origin: no CORS."""
protocol_handlers = [*request_object_handlers, *response_handlers, *page_handlers]
