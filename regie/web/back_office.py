"""A service's back office (piccolo-admin): mounted once at ``/admin/``, with a session
cookie of its own.

piccolo-admin names its session cookie ``id`` at ``Path=/``, and ``create_admin`` has no
way to change that (``session_login``, ``session_logout`` and ``SessionsAuthBackend`` take a
``cookie_name``, but it passes none). A browser sends a host's cookies to every port of it
(RFC 6265 §8.5), so the issuer's and the verifier's back offices on one host (``make demo``)
overwrote each other's session: logging into one logged staff out of the other.
:func:`own_session_cookie` renames the cookie at the edge of the back-office app: the browser
holds ``regie_<service>_admin_session`` at ``Path=/admin/``, piccolo-admin sees ``id``, and
a cookie ``id`` the browser sends (another app's on the host) never reaches it.

The CSRF cookie keeps piccolo-admin's name ``csrftoken``: its bundled script reads that name
to send the ``X-CSRFToken`` header. Sharing it is harmless: the check is a double submit
(header equals cookie) that holds no session, so either back office's token serves both.
Neither name is one of the resident pages' cookies (``regie_issuer_*``, ``regie_verifier_*``
without ``_admin``).
"""

from __future__ import annotations

from typing import Any, Final

from litestar.handlers import asgi
from litestar.response import Redirect
from litestar.types import Message, Receive, Scope, Send

__all__ = ["ADMIN_PATH", "PICCOLO_SESSION_COOKIE", "mount_back_office", "own_session_cookie"]

ADMIN_PATH: Final = "/admin/"
"""Where the back office is mounted; its session cookie's ``Path``."""

PICCOLO_SESSION_COOKIE: Final = b"id"
"""piccolo_api's default session cookie name, which ``create_admin`` always uses."""


def mount_back_office(admin_app: Any) -> Any:
    """piccolo-admin at ``/admin/``, mounted once; ``/admin`` redirects there."""

    @asgi(ADMIN_PATH.rstrip("/"), is_mount=True, copy_scope=True)
    async def back_office(scope: Scope, receive: Receive, send: Send) -> None:
        if scope.get("raw_path", b"").split(b"?")[0] == ADMIN_PATH.rstrip("/").encode():
            redirect = Redirect(ADMIN_PATH, status_code=308)
            await redirect.to_asgi_response(app=None, request=None)(scope, receive, send)  # type: ignore[arg-type]
            return
        await admin_app(scope, receive, send)

    return back_office


def own_session_cookie(admin_app: Any, name: str) -> Any:
    """``admin_app`` (piccolo-admin) with its session cookie called ``name`` in the browser,
    at ``Path=/admin/``; see the module documentation."""
    cookie = name.encode()

    async def app(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await admin_app(scope, receive, send)
            return
        headers = [
            (key, _request_cookies(value, cookie) if key == b"cookie" else value)
            for key, value in scope["headers"]
        ]

        async def send_renamed(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    (key, _set_cookie(value, cookie) if key.lower() == b"set-cookie" else value)
                    for key, value in message.get("headers", [])
                ]
            await send(message)

        await admin_app({**scope, "headers": headers}, receive, send_renamed)

    return app


def _request_cookies(header: bytes, cookie: bytes) -> bytes:
    """The ``Cookie`` header as piccolo-admin must see it: ``cookie`` as ``id``, and no other
    ``id``."""
    kept = []
    for pair in header.split(b";"):
        key, equals, value = pair.strip().partition(b"=")
        if key == PICCOLO_SESSION_COOKIE:
            continue
        kept.append((PICCOLO_SESSION_COOKIE if key == cookie else key) + equals + value)
    return b"; ".join(kept)


def _set_cookie(header: bytes, cookie: bytes) -> bytes:
    """piccolo-admin's ``Set-Cookie: id=...; Path=/`` as ``cookie=...; Path=/admin/``."""
    key, equals, rest = header.partition(b"=")
    if key.strip() != PICCOLO_SESSION_COOKIE or not equals:
        return header
    value, *attributes = rest.split(b";")
    attributes = [a for a in (a.strip() for a in attributes) if not a.lower().startswith(b"path=")]
    return b"; ".join([cookie + b"=" + value, *attributes, b"Path=" + ADMIN_PATH.encode()])
