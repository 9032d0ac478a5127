"""OpenID4VCI §7, §8 and §11: nonce, credential and notification endpoints, and their errors.

Each failure asserts the error code and that nothing was consumed: the access token and the
c_nonce still work afterwards where the spec says a retry is possible.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from issuer.db.tables import AuditEntry, IssuedCredential
from issuer.register.errors import RegisterUnavailable
from issuer.state import IssuerState
from regie.web.errors import RETRY_AFTER_SECONDS
from standards.jose import PrivateKey
from standards.oid4vci import create_proof_jwt
from tests.issuer.conftest import PUBLIC_URL, Offers
from tests.issuer.holder import TestHolder


@dataclass
class Session:
    """A redeemed offer: an access token, and a way to ask for a credential with it."""

    client: TestClient[Litestar]
    holder: TestHolder
    access_token: str

    def ask(self, body: Any, *, token: str | None = None, **kwargs: Any) -> Any:
        headers = {"Authorization": f"Bearer {token or self.access_token}"}
        return self.client.post("/credential", json=body, headers=headers, **kwargs)

    def proofs(
        self, count: int = 1, *, nonce: str | None = None, iss: str | None = None, **claims: Any
    ) -> list[str]:
        nonce = nonce or self.holder.nonce()
        audience = claims.pop("audience", PUBLIC_URL)
        issued_at = claims.pop("issued_at", int(time.time()))
        return [
            create_proof_jwt(
                PrivateKey.generate(),
                audience=audience,
                nonce=nonce,
                issued_at=issued_at,
                client_id=iss,
            )
            for _ in range(count)
        ]


@pytest.fixture
def session(holder: TestHolder, offers: Offers, issuer_client: TestClient[Litestar]) -> Session:
    offer = offers.create(["persoonsgegevens", "woonadres"])
    token = holder.redeem(holder.fetch_offer(offers.uri(offer)), offer.tx_code).json()
    return Session(issuer_client, holder, token["access_token"])


def _body(proofs: list[str], configuration_id: str = "persoonsgegevens") -> dict[str, Any]:
    return {"credential_configuration_id": configuration_id, "proofs": {"jwt": proofs}}


def _count(client: TestClient[Litestar], table: Any) -> int:
    with client.portal() as portal:
        return int(portal.call(table.count().run))


def test_nonce_is_fresh_and_not_cached(issuer_client: TestClient[Litestar]) -> None:
    first, second = issuer_client.post("/nonce"), issuer_client.post("/nonce")
    assert first.status_code == 200
    assert first.headers["cache-control"] == "no-store"
    assert first.json()["c_nonce"] != second.json()["c_nonce"]


def test_oid4vci_8_no_access_token_is_401(session: Session) -> None:
    response = session.client.post("/credential", json=_body(session.proofs()))
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_token"
    # RFC 6750 §3.1: a request without any token gets the challenge without an error code
    assert response.headers["www-authenticate"] == "Bearer"


def test_oid4vci_8_wrong_access_token_is_401(session: Session) -> None:
    response = session.ask(_body(session.proofs()), token="not-the-token")
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_token"
    assert response.headers["www-authenticate"] == 'Bearer error="invalid_token"'


def test_rfc6750_2_3_token_in_query_string_refused(session: Session) -> None:
    response = session.client.post(
        f"/credential?access_token={session.access_token}", json=_body(session.proofs())
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"


Mutation = Callable[[Session], tuple[Any, str]]

FAILURES: list[tuple[str, Mutation]] = [
    ("oid4vci_8_2_body_not_json", lambda _s: ("not json", "invalid_credential_request")),
    (
        "oid4vci_8_2_unknown_configuration",
        lambda s: (_body(s.proofs(), "rijbewijs"), "unknown_credential_configuration"),
    ),
    (
        "oid4vci_8_2_credential_identifier_without_authorization_details",
        lambda s: (
            {"credential_identifier": "persoonsgegevens", "proofs": {"jwt": s.proofs()}},
            "invalid_credential_request",
        ),
    ),
    (
        "oid4vci_8_2_configuration_not_offered",
        lambda s: (_body(s.proofs(), "huishouden"), "invalid_credential_request"),
    ),
    (
        "oid4vci_8_2_proofs_missing",
        lambda _s: ({"credential_configuration_id": "persoonsgegevens"}, "invalid_proof"),
    ),
    ("oid4vci_8_2_batch_over_size", lambda s: (_body(s.proofs(4)), "invalid_credential_request")),
    (
        "oid4vci_f_1_wrong_audience",
        lambda s: (_body(s.proofs(audience="https://other.example")), "invalid_proof"),
    ),
    (
        "oid4vci_f_1_iat_too_old",
        lambda s: (_body(s.proofs(issued_at=int(time.time()) - 3600)), "invalid_proof"),
    ),
    (
        "oid4vci_f_1_iss_after_anonymous_access",
        lambda s: (_body(s.proofs(iss="http://127.0.0.1:8003")), "invalid_proof"),
    ),
    (
        "oid4vci_f_4_unknown_nonce",
        lambda s: (_body(s.proofs(nonce="never-issued")), "invalid_nonce"),
    ),
]


@pytest.mark.parametrize(("name", "mutation"), FAILURES, ids=[f[0] for f in FAILURES])
def test_credential_request_failure_consumes_nothing(
    session: Session, name: str, mutation: Mutation
) -> None:
    body, error = mutation(session)
    assert_refused_consuming_nothing(session, body, error, name)


def assert_refused_consuming_nothing(session: Session, body: Any, error: str, name: str) -> None:
    """``body`` is refused with ``error`` (400), issues nothing, and the token still works."""
    issued_before = _count(session.client, IssuedCredential)
    response = (
        session.client.post(
            "/credential",
            content=body,
            headers={"Authorization": f"Bearer {session.access_token}"},
        )
        if isinstance(body, str)
        else session.ask(body)
    )
    assert response.status_code == 400, name
    assert response.json()["error"] == error
    assert _count(session.client, IssuedCredential) == issued_before
    # The access token still works: the wallet can correct the request and try again.
    assert session.ask(_body(session.proofs())).status_code == 200


def test_oid4vci_8_3_1_2_nonce_is_single_use(session: Session) -> None:
    nonce = session.holder.nonce()
    assert session.ask(_body(session.proofs(nonce=nonce))).status_code == 200
    again = session.ask(_body(session.proofs(nonce=nonce), "woonadres"))
    assert again.status_code == 400
    assert again.json()["error"] == "invalid_nonce"


def test_invalid_proof_leaves_the_nonce_unused(session: Session) -> None:
    nonce = session.holder.nonce()
    bad = session.ask(_body(session.proofs(nonce=nonce, audience="https://other.example")))
    assert bad.json()["error"] == "invalid_proof"
    assert session.ask(_body(session.proofs(nonce=nonce))).status_code == 200


def test_each_configuration_is_issued_once_per_token(session: Session) -> None:
    assert session.ask(_body(session.proofs())).status_code == 200
    again = session.ask(_body(session.proofs()))
    assert again.status_code == 400
    assert again.json()["error"] == "invalid_credential_request"


def test_refused_person_gets_credential_request_denied(
    holder: TestHolder, offers: Offers, issuer_client: TestClient[Litestar]
) -> None:
    offer = offers.create(["persoonsgegevens"], bsn=offers.bsn(eligible=False))
    token = holder.redeem(holder.fetch_offer(offers.uri(offer)), offer.tx_code).json()
    session = Session(issuer_client, holder, token["access_token"])
    response = session.ask(_body(session.proofs()))
    assert response.status_code == 400  # §8.3.1.2: every Credential Request error is 400
    assert response.json()["error"] == "credential_request_denied"
    assert _count(issuer_client, IssuedCredential) == 0


def test_register_unavailable_is_503_retry_after_and_consumes_nothing(
    session: Session,
    issuer_state: IssuerState,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The population register does not answer: 503 ``temporarily_unavailable`` with
    ``Retry-After``, a warning in the log (not a crash), and the same c_nonce and access token
    work once the register is back."""

    async def down(*_args: object, **_kwargs: object) -> None:
        raise RegisterUnavailable("the register did not answer", reason="network")

    monkeypatch.setattr(issuer_state.issuance.register, "get_person", down)
    nonce = session.holder.nonce()
    with caplog.at_level(logging.WARNING):
        response = session.ask(_body(session.proofs(nonce=nonce)))
    assert response.status_code == 503
    assert response.headers["retry-after"] == str(RETRY_AFTER_SECONDS)
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert body["error"] == "temporarily_unavailable"
    assert "try again" in body["error_description"]  # English
    assert "Probeer het" in body["error_description"]  # Dutch
    logged = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [r.levelname for r in logged] == ["WARNING"], logged
    assert "the register did not answer" in logged[0].getMessage()
    assert _count(session.client, IssuedCredential) == 0
    monkeypatch.undo()
    assert session.ask(_body(session.proofs(nonce=nonce))).status_code == 200


def test_issuance_is_audited_without_personal_data(session: Session) -> None:
    assert session.ask(_body(session.proofs(2))).status_code == 200
    with session.client.portal() as portal:
        rows = portal.call(AuditEntry.select().where(AuditEntry.action == "credential.issued").run)
    assert len(rows) == 1
    detail = str(rows[0]["detail"])
    assert '"copies": 2' in detail or "'copies': 2" in detail
    for claim in ("given_name", "family_name", "bsn", "birthdate"):
        assert claim not in detail


def test_notification_accepted_and_unknown_id(session: Session) -> None:
    issued = session.ask(_body(session.proofs()))
    notification_id = issued.json()["notification_id"]
    headers = {"Authorization": f"Bearer {session.access_token}"}
    ok = session.client.post(
        "/notification",
        json={"notification_id": notification_id, "event": "credential_accepted"},
        headers=headers,
    )
    assert ok.status_code == 204
    with session.client.portal() as portal:
        events = portal.call(IssuedCredential.select(IssuedCredential.notification_event).run)
    assert {e["notification_event"] for e in events} == {"credential_accepted"}
    unknown = session.client.post(
        "/notification",
        json={"notification_id": "not-ours", "event": "credential_deleted"},
        headers=headers,
    )
    assert unknown.status_code == 400
    assert unknown.json()["error"] == "invalid_notification_id"
    bad_event = session.client.post(
        "/notification", json={"notification_id": notification_id, "event": "x"}, headers=headers
    )
    assert bad_event.json()["error"] == "invalid_notification_request"


@pytest.mark.parametrize(
    "event_description", ['é "quoted" \\ back', "line\nbreak", "\x00", 'x"'], ids=repr
)
def test_oid4vci_11_3_bad_event_description_answered_in_allowed_characters(
    session: Session, event_description: str
) -> None:
    """§11.1: ``event_description`` is ASCII without ``"`` and ``\\``; refusing one, the
    issuer's own ``error_description`` keeps to that set too (§11.3, RFC 6749 §5.2)."""
    notification_id = session.ask(_body(session.proofs())).json()["notification_id"]
    response = session.client.post(
        "/notification",
        json={
            "notification_id": notification_id,
            "event": "credential_failure",
            "event_description": event_description,
        },
        headers={"Authorization": f"Bearer {session.access_token}"},
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_notification_request"
    description = response.json()["error_description"]
    assert re.fullmatch(r"[\x20-\x21\x23-\x5B\x5D-\x7E]*", description), description
    assert "event_description" in description
