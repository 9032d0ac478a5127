"""OpenID4VCI 1.0 Appendix F.1 at the credential endpoint: a key proof's ``iss`` is OPTIONAL,
"MUST be the client_id of the Client making the Credential request" and "MUST be omitted if
the access token ... was obtained from a Pre-Authorized Code Flow through anonymous access to
the token endpoint".

The access token remembers its client (``access_token.client_id``): the ``sub`` of the wallet
attestation that authenticated the Token Request (Appendix E), or a public client's
``client_id`` parameter; none after anonymous access (§12.3: a Token Request without
``client_id``). The wallet attestations are the wallet provider's own
(:mod:`tests.issuer.test_client_attestation`). Refusals are ``invalid_proof`` (§8.3.1.2) and
use up nothing (:func:`tests.issuer.test_credential_endpoint.assert_refused_consuming_nothing`).
"""

from __future__ import annotations

import importlib
import json
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from issuer.app import create_app
from issuer.db.tables import AccessToken, AuditEntry
from issuer.settings import IssuerSettings
from issuer.state import IssuerState
from regie.db.engine import piccolo_conf
from standards.oid4vci.client import pre_authorized_code_grant, token_request_form
from tests.issuer import test_client_attestation
from tests.issuer.conftest import PUBLIC_URL, Offers
from tests.issuer.holder import TestHolder
from tests.issuer.test_client_attestation import PROVIDER, Wallet
from tests.issuer.test_credential_endpoint import (
    Session,
    _body,
    assert_refused_consuming_nothing,
)

MIGRATION = "issuer.db.migrations.issuer_2026_11_24t13_30_00_000000"
PUBLIC_CLIENT = "https://public-wallet.example.org"

wallet = test_client_attestation.wallet


def _session(
    client: TestClient[Litestar], offers: Offers, *, headers: Any = None, client_id: str = ""
) -> Session:
    """A redeemed offer of two credentials; with attestation ``headers``, a ``client_id``
    parameter, or neither (anonymous access)."""
    holder = TestHolder(client, PUBLIC_URL)
    offer = offers.create(["persoonsgegevens", "woonadres"])
    grant = pre_authorized_code_grant(holder.fetch_offer(offers.uri(offer)))
    form = token_request_form(grant, tx_code=offer.tx_code, client_id=client_id or None)
    response = client.post("/token", data=form, headers=headers)
    assert response.status_code == 200, response.text
    return Session(client, holder, response.json()["access_token"])


@pytest.fixture
def attested(wallet: Wallet, offers: Offers, issuer_client: TestClient[Litestar]) -> Session:
    """A token for the wallet of :data:`PROVIDER` (whose attestation's ``sub`` it is)."""
    return _session(issuer_client, offers, headers=wallet.headers())


def _issued_details(client: TestClient[Litestar]) -> list[dict[str, Any]]:
    with client.portal() as portal:
        rows = portal.call(
            AuditEntry.select(AuditEntry.detail)
            .where(AuditEntry.action == "credential.issued")
            .order_by(AuditEntry.id)
            .run
        )
    return [r["detail"] if isinstance(r["detail"], dict) else json.loads(r["detail"]) for r in rows]


def _token_clients(client: TestClient[Litestar]) -> list[str | None]:
    with client.portal() as portal:
        rows = portal.call(AccessToken.select(AccessToken.client_id).order_by(AccessToken.id).run)
    return [row["client_id"] for row in rows]


ACCEPTED: dict[str, str | None] = {
    "oid4vci_f_1_iss_is_the_attested_client_id": PROVIDER,
    "oid4vci_f_1_iss_omitted_by_the_attested_client": None,
}
"""Name → the ``iss`` of key proofs under an attested token that are accepted."""

REFUSED: dict[str, str] = {
    "oid4vci_f_1_iss_other_client": "https://other-wallet.example.org",
    "oid4vci_f_1_iss_the_client_id_with_a_trailing_slash": PROVIDER + "/",
    "oid4vci_f_1_iss_the_credential_issuer": PUBLIC_URL,
}
"""Name → an ``iss`` under an attested token that is not its ``client_id``."""


@pytest.mark.parametrize("name", ACCEPTED)
def test_an_attested_wallet_may_name_itself_in_iss(attested: Session, name: str) -> None:
    response = attested.ask(_body(attested.proofs(2, iss=ACCEPTED[name])))
    assert response.status_code == 200, response.text
    assert len(response.json()["credentials"]) == 2
    [detail] = _issued_details(attested.client)
    assert detail["client_id"] == PROVIDER  # the issuance names the wallet's client


@pytest.mark.parametrize("name", REFUSED)
def test_an_attested_wallet_naming_another_client_is_invalid_proof(
    attested: Session, name: str
) -> None:
    body = _body(attested.proofs(iss=REFUSED[name]))
    assert_refused_consuming_nothing(attested, body, "invalid_proof", name)


def test_a_batch_with_one_foreign_iss_is_refused_whole(attested: Session) -> None:
    nonce = attested.holder.nonce()
    good = attested.proofs(2, nonce=nonce, iss=PROVIDER)
    foreign = attested.proofs(nonce=nonce, iss="https://other-wallet.example.org")
    body = _body([*good, *foreign])
    assert_refused_consuming_nothing(attested, body, "invalid_proof", "one foreign iss")


def test_the_token_remembers_its_client(
    wallet: Wallet, attested: Session, offers: Offers, issuer_client: TestClient[Litestar]
) -> None:
    """Attested, public and anonymous tokens; only the anonymous one's proofs may not carry
    ``iss``, and only its issuance names no client."""
    public = _session(issuer_client, offers, client_id=PUBLIC_CLIENT)
    anonymous = _session(issuer_client, offers)
    assert _token_clients(issuer_client) == [PROVIDER, PUBLIC_CLIENT, None]

    named = anonymous.ask(_body(anonymous.proofs(iss=PROVIDER)))
    assert named.status_code == 400
    assert named.json()["error"] == "invalid_proof"
    assert "anonymous" in named.json()["error_description"]
    assert public.ask(_body(public.proofs(iss=PROVIDER))).json()["error"] == "invalid_proof"
    assert public.ask(_body(public.proofs(iss=PUBLIC_CLIENT))).status_code == 200
    assert anonymous.ask(_body(anonymous.proofs())).status_code == 200
    assert attested.ask(_body(attested.proofs(iss=PROVIDER))).status_code == 200
    clients = [detail.get("client_id") for detail in _issued_details(issuer_client)]
    assert clients == [PUBLIC_CLIENT, None, PROVIDER]


def test_a_token_from_before_the_migration_is_anonymous(
    attested: Session, issuer_state: IssuerState
) -> None:
    """The migration adds the column to a database holding tokens: they read as anonymous
    access (until then no proof with ``iss`` was accepted), and still issue."""
    migration = importlib.import_module(MIGRATION)

    async def as_before_the_migration() -> None:
        with piccolo_conf("issuer.piccolo_conf", issuer_state.engine, "issuer"):
            await (await migration.forwards()).run(backwards=True)
            await (await migration.forwards()).run()

    with attested.client.portal() as portal:
        portal.call(as_before_the_migration)
    assert _token_clients(attested.client) == [None]
    named = attested.ask(_body(attested.proofs(iss=PROVIDER)))
    assert named.json()["error"] == "invalid_proof"
    assert attested.ask(_body(attested.proofs())).status_code == 200


def test_attestations_off_leave_the_token_anonymous(
    wallet: Wallet, issuer_settings: IssuerSettings, offers: Offers
) -> None:
    """``ISSUER_WALLET_ATTESTATION=off`` ignores the headers: the wallet is not authenticated,
    so its proofs may not name it."""
    off = issuer_settings.model_copy(update={"wallet_attestation": "off"})
    with TestClient(create_app(off), base_url=PUBLIC_URL) as client:
        session = _session(client, offers, headers=wallet.headers())
        named = session.ask(_body(session.proofs(iss=PROVIDER)))
        assert named.json()["error"] == "invalid_proof"
        assert session.ask(_body(session.proofs())).status_code == 200
