"""OpenID4VCI §7 (Nonce), §8 (Credential) and §11 (Notification) endpoints.

The access token is a Bearer token in the ``Authorization`` header (RFC 6750 §2.1); one in
the query string (§2.3) is refused, as OAuth 2.0 Security BCP §4.3.2 advises.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, post
from litestar.status_codes import HTTP_204_NO_CONTENT

from issuer.issuance import AccessDenied, NoFreeStatusIndex
from issuer.mailbox import remember_mailbox
from issuer.register.errors import RegisterUnavailable
from issuer.state import Issuer
from regie.web.errors import ProtocolError, TemporarilyUnavailable
from standards.errors import (
    InvalidCredentialRequest,
    InvalidNotificationRequest,
    StandardsError,
)
from standards.jose import json_loads
from standards.oid4vci import CredentialRequest, NonceResponse, NotificationRequest

__all__ = ["credential", "nonce", "notification"]

MAX_CREDENTIAL_REQUEST_BYTES = 64 * 1024
NO_STORE = {"Cache-Control": "no-store"}


def _bearer(request: Request[Any, Any, Any]) -> str | None:
    if "access_token" in request.query_params:
        raise ProtocolError(
            "invalid_request",
            "send the access token in the Authorization header, not in the URL",
            "stuur het toegangsbewijs in de Authorization-header, niet in de URL",
        )
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


async def _authorized(request: Request[Any, Any, Any], issuer: Issuer) -> Any:
    """RFC 6750 §3.1: 401 with ``WWW-Authenticate: Bearer``; with ``error="invalid_token"`` for
    a token that is unknown or expired, without an error code when the request sent none
    ("If the request lacks any authentication information ..., the resource server SHOULD NOT
    include an error code")."""
    bearer = _bearer(request)
    try:
        return await issuer.issuance.authorize(bearer)
    except AccessDenied as exc:
        challenge = "Bearer" if bearer is None else 'Bearer error="invalid_token"'
        raise ProtocolError(
            "invalid_token",
            str(exc),
            "het toegangsbewijs ontbreekt, is onbekend of is verlopen",
            status_code=401,
            headers={"WWW-Authenticate": challenge},
        ) from exc


async def _json_body(request: Request[Any, Any, Any], error: type[StandardsError]) -> Any:
    """A strict JSON body (§8.2: ``application/json``); anything else is the endpoint's error."""
    try:
        return json_loads(await request.body(), what="the request body")
    except StandardsError as exc:
        raise error(exc.detail) from exc


@post("/nonce", status_code=200)
async def nonce(issuer: Issuer) -> Response[dict[str, Any]]:
    """§7.1-§7.2: a fresh ``c_nonce``; never cached (§7.2)."""
    return Response(
        NonceResponse(c_nonce=await issuer.issuance.new_nonce()).to_json(), headers=NO_STORE
    )


@post("/credential", status_code=200, request_max_body_size=MAX_CREDENTIAL_REQUEST_BYTES)
async def credential(request: Request[Any, Any, Any], issuer: Issuer) -> Response[dict[str, Any]]:
    """§8.1-§8.3: one credential configuration, one copy per key proof (batch).

    A population register that does not answer, or no free status list index just now, is
    503 ``temporarily_unavailable`` with ``Retry-After``
    (:class:`~regie.web.errors.TemporarilyUnavailable`), and uses up nothing.
    """
    token = await _authorized(request, issuer)
    parsed = CredentialRequest.from_body(
        await _json_body(request, InvalidCredentialRequest), batch_size=issuer.settings.batch_size
    )
    try:
        response = await issuer.issuance.issue(token, parsed)
    except (RegisterUnavailable, NoFreeStatusIndex) as exc:
        # Before anything is written: the nonce and the token are still unused.
        raise TemporarilyUnavailable(exc.title_en, exc.title_nl) from exc
    return Response(response.to_json(), headers=NO_STORE)


@post("/notification", status_code=HTTP_204_NO_CONTENT, request_max_body_size=8 * 1024)
async def notification(request: Request[Any, Any, Any], issuer: Issuer) -> None:
    """§11.1-§11.2: the wallet reports ``credential_accepted``, ``_failure`` or ``_deleted``."""
    token = await _authorized(request, issuer)
    body = await _json_body(request, InvalidNotificationRequest)
    parsed = NotificationRequest.parse(body)
    await issuer.issuance.notify(token, parsed)
    if parsed.event == "credential_accepted" and isinstance(body, dict):
        # where re-issue prompts reach the wallet: extension parameter, docs/wallet-provider.md
        await remember_mailbox(parsed.notification_id, body.get("mailbox_uri"), now=issuer.clock())
