"""Suspending a credential and lifting the suspension through the back office's forms: the
register and the Status List Token follow (Token Status List §7.1: SUSPENDED, then VALID
again), and each change leaves an audit row naming the staff member and the reason."""

from __future__ import annotations

import time
from typing import Any

from litestar import Litestar
from litestar.testing import TestClient

from issuer.db.tables import AuditEntry, IssuedCredential
from standards.status_list import Status, check_status, verify_status_list_token
from tests.issuer.conftest import PUBLIC_URL, Offers
from tests.issuer.holder import HeldCredential, TestHolder
from tests.issuer.test_admin_status_list import staff_login
from tests.verifier.admin.test_audit_log import audit_rows

ACTIONS = ("credential.suspended", "credential.reinstated", "credential.revoked")


def _submit(
    client: TestClient[Litestar], headers: dict[str, str], name: str, credential_id: str
) -> Any:
    forms = client.get("/admin/api/forms/").json()
    form = next(f for f in forms if f["name"] == name)
    return client.post(
        f"/admin/api/forms/{form['slug']}/",
        json={"credential_id": credential_id, "reason": f"{name}: test"},
        headers=headers,
    )


def _status(client: TestClient[Litestar], holder: TestHolder, held: HeldCredential) -> Any:
    """What the register says, and what the Status List Token says, of ``held``."""
    with client.portal() as portal:
        [row] = portal.call(IssuedCredential.select(IssuedCredential.status).run)
    reference = held.verified.status
    assert reference is not None
    [key] = holder.trusted_issuers().metadata[PUBLIC_URL].keys
    token = client.get(reference.uri.removeprefix(PUBLIC_URL)).text
    listed = verify_status_list_token(token, uri=reference.uri, key=key, now=time.time())
    return row["status"], check_status(reference, listed)


def test_suspend_and_unsuspend_through_the_forms(
    holder: TestHolder, offers: Offers, issuer_client: TestClient[Litestar]
) -> None:
    offer = offers.create(["persoonsgegevens"])
    [held] = holder.receive(offers.uri(offer), offer.tx_code)
    headers = staff_login(issuer_client, "sam")
    [row] = issuer_client.get("/admin/api/tables/issued_credential/").json()["rows"]
    credential_id = row["credential_id"]
    assert _status(issuer_client, holder, held) == ("valid", Status.VALID)

    suspended = _submit(issuer_client, headers, "Schorsen (Suspend)", credential_id)
    assert suspended.status_code == 200, suspended.text
    assert "Geschorst / Suspended" in suspended.text
    assert _status(issuer_client, holder, held) == ("suspended", Status.SUSPENDED)

    lifted = _submit(issuer_client, headers, "Schorsing opheffen (Unsuspend)", credential_id)
    assert lifted.status_code == 200, lifted.text
    assert "Weer geldig / Valid again" in lifted.text
    assert _status(issuer_client, holder, held) == ("valid", Status.VALID)

    assert audit_rows(issuer_client, AuditEntry, *ACTIONS) == [
        {
            "actor": "sam",
            "action": "credential.suspended",
            "subject": credential_id,
            "detail": {"from": "valid", "reason": "Schorsen (Suspend): test"},
        },
        {
            "actor": "sam",
            "action": "credential.reinstated",
            "subject": credential_id,
            "detail": {"from": "suspended", "reason": "Schorsing opheffen (Unsuspend): test"},
        },
    ]
