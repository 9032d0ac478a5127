"""The back office: staff login, the register (no claim values), revoke with an audit row."""

from __future__ import annotations

from litestar import Litestar
from litestar.testing import TestClient

from issuer.db.tables import AuditEntry, IssuedCredential, Staff
from tests.issuer.conftest import Offers
from tests.issuer.holder import TestHolder

PASSWORD = "een-lang-wachtwoord-42"


def _login(client: TestClient[Litestar]) -> dict[str, str]:
    with client.portal() as portal:
        portal.call(
            lambda: Staff.create_user(username="anne", password=PASSWORD, admin=True, active=True)
        )
    client.get("/admin/")
    csrf = client.cookies.get("csrftoken") or ""
    response = client.post(
        "/admin/public/login/",
        json={"username": "anne", "password": PASSWORD},
        headers={"X-CSRFToken": csrf},
    )
    assert response.status_code == 200, response.text
    return {"X-CSRFToken": csrf}


def test_admin_redirects_to_trailing_slash(issuer_client: TestClient[Litestar]) -> None:
    response = issuer_client.get("/admin", follow_redirects=False)
    assert response.status_code == 308
    assert response.headers["location"] == "/admin/"


def test_admin_needs_login(issuer_client: TestClient[Litestar]) -> None:
    assert issuer_client.get("/admin/api/tables/").status_code == 401


def test_wrong_password_is_refused(issuer_client: TestClient[Litestar]) -> None:
    issuer_client.get("/admin/")
    csrf = issuer_client.cookies.get("csrftoken") or ""
    response = issuer_client.post(
        "/admin/public/login/",
        json={"username": "nobody", "password": "wrong"},
        headers={"X-CSRFToken": csrf},
    )
    assert response.status_code == 401


def test_register_holds_no_claim_values_and_revoke_is_audited(
    holder: TestHolder, offers: Offers, issuer_client: TestClient[Litestar]
) -> None:
    offer = offers.create(["persoonsgegevens"])
    [held] = holder.receive(offers.uri(offer), offer.tx_code)
    headers = _login(issuer_client)
    rows = issuer_client.get("/admin/api/tables/issued_credential/?__readable=true").json()["rows"]
    assert len(rows) == 1
    text = str(rows)
    for value in (held.verified.claims["given_name"], held.verified.claims["bsn"]):
        assert str(value) not in text
    # The register is read-only; status changes go through the audited forms.
    edit = issuer_client.patch(
        f"/admin/api/tables/issued_credential/{rows[0]['id']}/",
        json={"status": "revoked"},
        headers=headers,
    )
    assert edit.status_code == 405
    forms = issuer_client.get("/admin/api/forms/").json()
    revoke = next(f for f in forms if f["name"].startswith("Intrekken"))
    response = issuer_client.post(
        f"/admin/api/forms/{revoke['slug']}/",
        json={"credential_id": rows[0]["credential_id"], "reason": "verhuisd / moved"},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    with issuer_client.portal() as portal:
        status = portal.call(IssuedCredential.select(IssuedCredential.status).run)
        audit = portal.call(
            AuditEntry.select().where(AuditEntry.action == "credential.revoked").run
        )
    assert status == [{"status": "revoked"}]
    assert audit[0]["actor"] == "anne"
    assert audit[0]["subject"] == rows[0]["credential_id"]
    # Revocation is final.
    reinstate = next(f for f in forms if f["name"].startswith("Schorsing opheffen"))
    refused = issuer_client.post(
        f"/admin/api/forms/{reinstate['slug']}/",
        json={"credential_id": rows[0]["credential_id"], "reason": "oeps"},
        headers=headers,
    )
    assert refused.status_code == 422  # piccolo-admin's answer to a refused form
    assert "ingetrokken gegeven blijft ingetrokken" in refused.text
