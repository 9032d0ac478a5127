"""The issuer's back office audits who comes and goes: logins, failed logins (naming the
account only when one has that username) and logouts."""

from __future__ import annotations

from typing import Any

from litestar import Litestar
from litestar.testing import TestClient

from issuer.db.tables import AuditEntry
from tests.issuer.test_admin_status_list import PASSWORD, staff_login
from tests.verifier.admin.test_audit_log import audit_rows, staff_row

SESSION_ACTIONS = ("staff.login", "staff.login_failed", "staff.logout")


def _attempt(client: TestClient[Litestar], username: str, password: str) -> int:
    client.get("/admin/")
    response = client.post(
        "/admin/public/login/",
        json={"username": username, "password": password},
        headers={"X-CSRFToken": client.cookies.get("csrftoken") or ""},
    )
    return response.status_code


def _audit(client: TestClient[Litestar]) -> list[dict[str, Any]]:
    return audit_rows(client, AuditEntry, *SESSION_ACTIONS)


def test_logins_failed_logins_and_logouts_are_audited(
    issuer_client: TestClient[Litestar],
) -> None:
    headers = staff_login(issuer_client, "sam")
    assert issuer_client.post("/admin/public/logout/", headers=headers).status_code == 200
    # Logged out already: no session, nothing done, nothing audited.
    assert issuer_client.post("/admin/public/logout/", headers=headers).status_code == 401
    assert _attempt(issuer_client, "sam", "niet-het-wachtwoord") == 401
    assert _attempt(issuer_client, "Geheim-wachtwoord-123", PASSWORD) == 401
    assert _attempt(issuer_client, "sam", PASSWORD) == 200
    assert _audit(issuer_client) == [
        staff_row("sam", "staff.login"),
        staff_row("sam", "staff.logout"),
        staff_row("sam", "staff.login_failed", status=401, known_username=True),
        staff_row("-", "staff.login_failed", status=401, known_username=False),
        staff_row("sam", "staff.login"),
    ]
    assert "Geheim" not in str(_audit(issuer_client))
