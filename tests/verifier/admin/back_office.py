"""Logging in to the officers' back office (piccolo-admin) over HTTP."""

from __future__ import annotations

from typing import Any

from litestar import Litestar
from litestar.testing import TestClient

__all__ = ["login"]


def login(client: TestClient[Litestar], username: str, password: str) -> tuple[Any, dict[str, str]]:
    """The login answer, and the CSRF header the forms need afterwards."""
    client.get("/admin/")
    csrf = client.cookies.get("csrftoken") or ""
    headers = {"X-CSRFToken": csrf}
    answer = client.post(
        "/admin/public/login/", json={"username": username, "password": password}, headers=headers
    )
    return answer, headers
