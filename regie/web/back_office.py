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

from collections.abc import Iterator
from typing import Any, Final

from litestar.handlers import asgi
from litestar.response import Redirect
from litestar.types import Message, Receive, Scope, Send

__all__ = [
    "ADMIN_PATH",
    "PICCOLO_SESSION_COOKIE",
    "cookie_pairs",
    "mount_back_office",
    "own_session_cookie",
    "set_cookie_parts",
]

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


def cookie_pairs(header: bytes) -> Iterator[tuple[bytes, bytes, bytes]]:
    """Each cookie a ``Cookie`` request header sends (RFC 6265 §5.4): name, ``=``, value."""
    for pair in header.split(b";"):
        yield pair.strip().partition(b"=")


def set_cookie_parts(header: bytes) -> tuple[bytes, bytes, list[bytes]]:
    """A ``Set-Cookie`` header's name, value and attributes (RFC 6265 §4.1.1); an empty name
    for a header that sets no ``name=value``."""
    name, equals, rest = header.partition(b"=")
    if not equals:
        return b"", b"", []
    value, *attributes = rest.split(b";")
    return name.strip(), value, [attribute.strip() for attribute in attributes]


def _request_cookies(header: bytes, cookie: bytes) -> bytes:
    """The ``Cookie`` header as piccolo-admin must see it: ``cookie`` as ``id``, and no other
    ``id``."""
    kept = []
    for key, equals, value in cookie_pairs(header):
        if key == PICCOLO_SESSION_COOKIE:
            continue
        kept.append((PICCOLO_SESSION_COOKIE if key == cookie else key) + equals + value)
    return b"; ".join(kept)


def _set_cookie(header: bytes, cookie: bytes) -> bytes:
    """piccolo-admin's ``Set-Cookie: id=...; Path=/`` as ``cookie=...; Path=/admin/``."""
    name, value, attributes = set_cookie_parts(header)
    if name != PICCOLO_SESSION_COOKIE:
        return header
    kept = [a for a in attributes if not a.lower().startswith(b"path=")]
    return b"; ".join([cookie + b"=" + value, *kept, b"Path=" + ADMIN_PATH.encode()])
