"""OpenID4VCI §6: the Token Endpoint, pre-authorized code grant, with the wallet attestation
as client authentication (Appendix E; :mod:`issuer.client_attestation`)."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, post

from issuer.state import Issuer
from standards.oid4vci import TokenRequest, TokenResponse

__all__ = ["token"]

MAX_FORM_BYTES = 8 * 1024


@post("/token", status_code=200, request_max_body_size=MAX_FORM_BYTES)
async def token(request: Request[Any, Any, Any], issuer: Issuer) -> Response[dict[str, Any]]:
    """§6.1 (form-encoded request) to §6.2 (JSON response, ``Cache-Control: no-store``).

    The wallet attestation is checked before the code is redeemed, so a refused client
    (``invalid_client``, RFC 6749 §5.2) uses up nothing.

    The token remembers the client it was issued to, the one ``iss`` its key proofs may name
    (Appendix F.1): the attestation's ``sub`` (which a ``client_id`` parameter must equal,
    ABCA §6.3), or without an attestation the ``client_id`` parameter of a public client
    (``none``, RFC 6749 §3.2.1). A request without either is anonymous access (§12.3), and
    its proofs carry no ``iss``.
    """
    parsed = TokenRequest.from_body(await request.body())
    headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in request.scope["headers"]]
    attested = await issuer.attestations.authenticate(headers, client_id=parsed.client_id)
    client_id = attested.client_id if attested is not None else parsed.client_id
    access_token, expires_in = await issuer.issuance.redeem(parsed, client_id=client_id)
    if attested is not None:
        await issuer.attestations.record(attested)
    response = TokenResponse(
        access_token=access_token,
        token_type="Bearer",  # noqa: S106 - RFC 6750 token type, not a password
        expires_in=expires_in,
    )
    return Response(response.to_json(), headers={"Cache-Control": "no-store"})
