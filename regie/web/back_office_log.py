"""Staff logins, failed logins and logouts of a back office (piccolo-admin), in its audit log.

piccolo-admin gives no hook for them (``session_login`` takes ``LoginHooks``, but
``create_admin`` passes none), so :func:`audited_sessions` watches its two public endpoints
from outside, at the HTTP level: ``POST /public/login/`` and ``POST /public/logout/`` below
the mount. A login succeeded when the answer sets a session cookie; the session names the
account. A logout is the session's account, looked up before piccolo-admin removes it. A
failed login names the account only when one has that username: whatever else was typed
(perhaps a password in the wrong field) is not kept. The row is written before the answer
leaves, so a login that cannot be audited is not answered (the client gets an error, no
session cookie).

Rows: ``staff.login``, ``staff.login_failed`` (``actor`` ``-`` for an unknown username;
``detail``: the HTTP status, whether the username is an account's) and ``staff.logout``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final
from urllib.parse import parse_qs

from piccolo.apps.user.tables import BaseUser
from piccolo.table import Table
from piccolo_api.session_auth.tables import SessionsBase

from regie.db.audit import audit_insert
from regie.web.back_office import PICCOLO_SESSION_COOKIE as SESSION_COOKIE
from regie.web.back_office import cookie_pairs, set_cookie_parts

__all__ = ["StaffLog", "audited_sessions"]

LOGIN: Final = "/public/login/"
LOGOUT: Final = "/public/logout/"
UNKNOWN: Final = "-"


@dataclass(frozen=True, slots=True)
class StaffLog:
    """A back office's accounts, sessions and audit table, and the clock of its rows."""

    auth_table: type[BaseUser]
    session_table: type[SessionsBase]
    audit_table: type[Table]
    clock: Callable[[], datetime]

    async def account(self, username: str) -> str | None:
        """``username`` when an account has it."""
        known = await self.auth_table.exists().where(self.auth_table.username == username)
        return username if known else None

    async def session_account(self, token: str | None) -> str | None:
        """The username of the live session ``token``."""
        user_id = await self.session_table.get_user_id(token) if token else None
        if user_id is None:
            return None
        row = (
            await self.auth_table.select(self.auth_table.username)
            .where(self.auth_table.id == user_id)
            .first()
        )
        return str(row["username"]) if row else None

    async def write(self, actor: str, action: str, detail: dict[str, Any] | None = None) -> None:
        await audit_insert(
            self.audit_table, at=self.clock(), actor=actor, action=action, detail=detail
        )


def audited_sessions(admin_app: Any, log: StaffLog) -> Any:
    """``admin_app`` (piccolo-admin, inside its mount) with its logins, failed logins and
    logouts in ``log``; see the module documentation."""

    async def app(scope: Any, receive: Any, send: Any) -> None:
        path = scope.get("path") if scope["type"] == "http" and scope["method"] == "POST" else None
        if path == LOGIN:
            body = await _body(receive)
            await admin_app(scope, _replay(body, receive), _on_start(send, log, _login(body)))
        elif path == LOGOUT:
            who = await log.session_account(_cookie(scope["headers"], SESSION_COOKIE))
            await admin_app(scope, receive, _on_start(send, log, _logout(who)))
        else:
            await admin_app(scope, receive, send)

    return app


_Outcome = Callable[[StaffLog, int, str | None], Any]
"""What to audit once the answer's status and new session token (or ``None``) are known."""


def _login(body: bytes) -> _Outcome:
    async def outcome(log: StaffLog, status: int, token: str | None) -> None:
        who = await log.session_account(token)
        if who is not None:
            await log.write(who, "staff.login")
            return
        account = await log.account(_username(body))
        await log.write(
            account or UNKNOWN,
            "staff.login_failed",
            {"status": status, "known_username": account is not None},
        )

    return outcome


def _logout(who: str | None) -> _Outcome:
    async def outcome(log: StaffLog, status: int, _token: str | None) -> None:
        if who is not None and status < 400:  # noqa: PLR2004 - an HTTP error status
            await log.write(who, "staff.logout")

    return outcome


def _on_start(send: Any, log: StaffLog, outcome: _Outcome) -> Any:
    async def watched(message: Any) -> None:
        if message["type"] == "http.response.start":
            token = _new_session(message.get("headers", []))
            await outcome(log, int(message["status"]), token)
        await send(message)

    return watched


async def _body(receive: Any) -> bytes:
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Any) -> Any:
    """The request body, read once here, for the app to read again."""
    sent = False

    async def replayed() -> Any:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replayed


def _username(body: bytes) -> str:
    """The username a login form sent (JSON, as piccolo-admin's page sends it, or a form)."""
    try:
        data = json.loads(body)
    except ValueError:
        values = parse_qs(body.decode("utf-8", "replace")).get("username", [""])
        return values[0]
    username = data.get("username") if isinstance(data, dict) else None
    return username if isinstance(username, str) else ""


def _cookie(headers: list[tuple[bytes, bytes]], name: bytes) -> str | None:
    for key, value in headers:
        if key == b"cookie":
            for cookie, _, content in cookie_pairs(value):
                if cookie == name:
                    return content.decode("latin-1")
    return None


def _new_session(headers: list[tuple[bytes, bytes]]) -> str | None:
    """The session token an answer sets (``Set-Cookie: id=<token>``), if any."""
    for key, value in headers:
        if key.lower() == b"set-cookie":
            cookie, token, _ = set_cookie_parts(value)
            token = token.strip(b'"')
            if cookie == SESSION_COOKIE and token:
                return token.decode("latin-1")
    return None
