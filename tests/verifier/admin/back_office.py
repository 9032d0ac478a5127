"""Officers of the back office (piccolo-admin) over HTTP: made, logged in, filling in forms."""

from __future__ import annotations

from typing import Any

from litestar import Litestar
from litestar.testing import TestClient

from verifier.db.tables import Officer, OfficerRelyingParty, RelyingParty

__all__ = ["PASSWORD", "add_officer", "logged_in", "login", "submit_form"]

PASSWORD = "een-lang-wachtwoord-42"


def login(client: TestClient[Litestar], username: str, password: str) -> tuple[Any, dict[str, str]]:
    """The login answer, and the CSRF header the forms need afterwards."""
    client.get("/admin/")
    csrf = client.cookies.get("csrftoken") or ""
    headers = {"X-CSRFToken": csrf}
    answer = client.post(
        "/admin/public/login/", json={"username": username, "password": password}, headers=headers
    )
    return answer, headers


def add_officer(client: TestClient[Litestar], username: str, party: str) -> None:
    """An officer (password :data:`PASSWORD`) working for the relying party ``party``."""

    async def run() -> None:
        officer = await Officer.create_user(
            username=username,
            password=PASSWORD,
            email=f"{username}@officer.invalid",
            admin=True,
            active=True,
        )
        row = await RelyingParty.select(RelyingParty.id).where(RelyingParty.slug == party).first()
        assert row is not None
        await OfficerRelyingParty(officer=officer.id, relying_party=row["id"]).save()

    with client.portal() as portal:
        portal.call(run)


def logged_in(client: TestClient[Litestar], username: str) -> dict[str, str]:
    """Log the officer in; the headers the forms need."""
    response, headers = login(client, username, PASSWORD)
    assert response.status_code == 200, response.text
    return headers


def submit_form(client: TestClient[Litestar], headers: dict[str, str], name: str, data: Any) -> Any:
    """Post the back-office form whose name starts with ``name``."""
    forms = client.get("/admin/api/forms/").json()
    slug = next(f["slug"] for f in forms if f["name"].startswith(name))
    return client.post(f"/admin/api/forms/{slug}/", json=data, headers=headers)
