"""OpenID4VCI 1.0 §11: the Notification Endpoint takes the access token of the issuance (a
missing or wrong one is 401 ``invalid_token`` with ``WWW-Authenticate``, RFC 6750 §3.1, and
records nothing), and stores every event, not only ``credential_accepted``."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from issuer.db.tables import AuditEntry, IssuedCredential
from standards.jose import PrivateKey
from tests.issuer.conftest import Offers
from tests.issuer.holder import TestHolder


@dataclass(frozen=True)
class Issued:
    """A batch of two copies, the access token it was issued under, and its notification_id."""

    client: TestClient[Litestar]
    access_token: str
    notification_id: str

    def notify(self, event: str, headers: dict[str, str]) -> httpx.Response:
        body = {"notification_id": self.notification_id, "event": event}
        return self.client.post("/notification", json=body, headers=headers)

    def recorded(self) -> tuple[set[str | None], list[dict[str, object]]]:
        """The events stored on the copies, and the audit rows of notifications."""
        with self.client.portal() as portal:
            events = portal.call(IssuedCredential.select(IssuedCredential.notification_event).run)
            audit = portal.call(
                AuditEntry.select(AuditEntry.actor, AuditEntry.action, AuditEntry.subject)
                .where(AuditEntry.action.like("notification.%"))
                .run
            )
        return {row["notification_event"] for row in events}, audit


@pytest.fixture
def issued(holder: TestHolder, offers: Offers, issuer_client: TestClient[Litestar]) -> Issued:
    offer = offers.create(["persoonsgegevens"])
    token = holder.redeem(holder.fetch_offer(offers.uri(offer)), offer.tx_code).json()
    keys = [PrivateKey.generate(), PrivateKey.generate()]
    response = holder.request_credential(
        token["access_token"], "persoonsgegevens", keys, nonce=holder.nonce()
    )
    assert response.status_code == 200, response.text
    return Issued(issuer_client, token["access_token"], response.json()["notification_id"])


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer not-the-token", "Basic bm90OnRoZS10b2tlbg=="],
    ids=["missing", "wrong", "not_bearer"],
)
def test_notification_without_the_access_token_is_401(
    issued: Issued, authorization: str | None
) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}
    response = issued.notify("credential_deleted", headers)
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_token"
    # RFC 6750 §3.1: an error code only for a bearer token that is wrong, none without one
    sent_bearer = authorization is not None and authorization.startswith("Bearer ")
    challenge = 'Bearer error="invalid_token"' if sent_bearer else "Bearer"
    assert response.headers["www-authenticate"] == challenge
    assert issued.recorded() == ({None}, [])


@pytest.mark.parametrize("event", ["credential_deleted", "credential_failure"])
def test_every_event_is_stored_like_credential_accepted(issued: Issued, event: str) -> None:
    response = issued.notify(event, {"Authorization": f"Bearer {issued.access_token}"})
    assert response.status_code == 204
    assert issued.recorded() == (
        {event},  # on both copies
        [{"actor": "wallet", "action": f"notification.{event}", "subject": issued.notification_id}],
    )
