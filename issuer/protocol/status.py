"""Token Status List §8.1: the Status List Token endpoint (``application/statuslist+jwt``)."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath

from issuer.state import Issuer

__all__ = ["status_list"]

MEDIA_TYPE = "application/statuslist+jwt"


@get("/status-lists/{list_id:str}")
async def status_list(
    list_id: FromPath[str], request: Request[Any, Any, Any], issuer: Issuer
) -> Response[str]:
    """§8.1: anyone may fetch it (CORS, in the app), clients cache it for ``ttl`` and revalidate
    by ETag."""
    key, x5c = issuer.keys.active()
    signed = await issuer.status_lists.signed(list_id, key, issuer.clock(), x5c)
    if signed is None:
        raise NotFoundException("no such status list")
    headers = {
        "ETag": signed.etag,
        "Cache-Control": f"public, max-age={issuer.settings.status_list_ttl_seconds}",
    }
    if request.headers.get("if-none-match") == signed.etag:
        return Response("", status_code=304, headers=headers, media_type=MEDIA_TYPE)
    return Response(signed.token, headers=headers, media_type=MEDIA_TYPE)
