"""OpenID4VCI §6: the Token Endpoint, pre-authorized code grant."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, post

from issuer.state import Issuer
from standards.oid4vci import TokenRequest, TokenResponse

__all__ = ["token"]

MAX_FORM_BYTES = 8 * 1024


@post("/token", status_code=200, request_max_body_size=MAX_FORM_BYTES)
async def token(request: Request[Any, Any, Any], issuer: Issuer) -> Response[dict[str, Any]]:
    """§6.1 (form-encoded request) to §6.2 (JSON response, ``Cache-Control: no-store``)."""
    parsed = TokenRequest.from_body(await request.body())
    access_token, expires_in = await issuer.issuance.redeem(parsed)
    response = TokenResponse(
        access_token=access_token,
        token_type="Bearer",  # noqa: S106 - RFC 6750 token type, not a password
        expires_in=expires_in,
    )
    return Response(response.to_json(), headers={"Cache-Control": "no-store"})
