"""OpenID4VCI §4.1.3: the Credential Offer behind a ``credential_offer_uri``."""

from __future__ import annotations

from typing import Any

from litestar import Response, get
from litestar.params import FromPath

from issuer.state import Issuer
from regie.web.errors import ProtocolError

__all__ = ["credential_offer"]


@get("/credential-offer/{offer_id:str}")
async def credential_offer(offer_id: FromPath[str], issuer: Issuer) -> Response[dict[str, Any]]:
    """The offer object as ``application/json`` (§4.1.3), never cached (§4.1.3 note)."""
    offer = await issuer.issuance.offer_document(offer_id)
    if offer is None:
        raise ProtocolError(
            "not_found",
            "this credential offer does not exist, was used, or has expired",
            "dit aanbod bestaat niet, is al gebruikt of is verlopen",
            status_code=404,
        )
    return Response(offer.to_json(), headers={"Cache-Control": "no-store"})
