"""Mounting a service's back office (piccolo-admin) at ``/admin/``."""

from __future__ import annotations

from typing import Any

from litestar.handlers import asgi
from litestar.response import Redirect
from litestar.types import Receive, Scope, Send

__all__ = ["mount_back_office"]


def mount_back_office(admin_app: Any) -> Any:
    """piccolo-admin at ``/admin/``, mounted once; ``/admin`` redirects there."""

    @asgi("/admin", is_mount=True, copy_scope=True)
    async def back_office(scope: Scope, receive: Receive, send: Send) -> None:
        if scope.get("raw_path", b"").split(b"?")[0] == b"/admin":
            redirect = Redirect("/admin/", status_code=308)
            await redirect.to_asgi_response(app=None, request=None)(scope, receive, send)  # type: ignore[arg-type]
            return
        await admin_app(scope, receive, send)

    return back_office
