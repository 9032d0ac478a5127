"""A transaction is checked against what it asked, not against its use case as edited since.

At the start the verifier keeps the DCQL query it asks (within the registration), the relying
party's registration and its client id with the transaction. The Request Object sends that
query, the response is verified against it, and so is a case's evidence when an officer
re-verifies it later, whatever an officer changed in the use case meanwhile (OpenID4VP 1.0
§8.6: the VP Token is checked against the DCQL query of the request the wallet answered).
A transaction made before these were kept falls back to the use case as it is now."""

from __future__ import annotations

import copy
from datetime import timedelta
from typing import Any

from litestar import Litestar
from litestar.testing import TestClient

from standards.dcql import DCQLQuery
from tests.verifier.test_presentation_flow import row_of, start, wallet
from tests.verifier.wallet import TestWallet
from verifier.cases.intake import open_case
from verifier.cases.reverify import Reverified, reverify
from verifier.db.tables import Case, PresentationTransaction, RelyingParty, UseCase
from verifier.protocol.routes import POLL_SECRET_HEADER
from verifier.state import VerifierState

__all__ = ["wallet"]  # the fixture

HOUSING = "inschrijven-woningzoekende"
HOUSING_PARTY = "woonstichting-de-kempen"
PERSOON_VCT = "urn:nl:gemeente:regie:persoonsgegevens:1"
FORM = {"inkomensgroep": "tot € 30.000", "voorkeursgebied": "Boxtel"}


def _stored(
    client: TestClient[Litestar], table: type[UseCase | RelyingParty], column: str, slug: str
) -> Any:
    """A JSON column of the use case or relying party ``slug``, decoded."""
    with client.portal() as portal:
        row = portal.call(
            table.select(getattr(table, column))
            .where(table.slug == slug)
            .output(load_json=True)
            .first
        )
    assert row is not None
    return row[column]


def _query(client: TestClient[Litestar]) -> dict[str, Any]:
    query: dict[str, Any] = _stored(client, UseCase, "dcql_query", HOUSING)
    return query


def edit_query(client: TestClient[Litestar]) -> dict[str, Any]:
    """An officer's edit within the registration: the household card is now also asked for
    the number of adults (which the wallet's earlier presentation does not disclose)."""
    query = copy.deepcopy(_query(client))
    household = next(c for c in query["credentials"] if c["id"] == "huishouden")
    household["claims"].append({"path": ["adults"]})
    with client.portal() as portal:
        portal.call(UseCase.update({UseCase.dcql_query: query}).where(UseCase.slug == HOUSING).run)
    assert _query(client) == query
    return query


def status(client: TestClient[Litestar], transaction_id: str, secret: str) -> str:
    answer = client.get(f"/verify/{transaction_id}/status", headers={POLL_SECRET_HEADER: secret})
    return str(answer.json()["status"])


def test_oid4vp_8_6_query_edited_after_the_request_was_fetched(
    verifier_client: TestClient[Litestar], wallet: TestWallet
) -> None:
    """The wallet answers the request it fetched; the officer's edit meanwhile does not make
    the verifier check the response against a query the wallet never saw."""
    transaction_id, secret, link = start(verifier_client, HOUSING)
    verified = wallet.fetch_request(link)
    edit_query(verifier_client)
    answer = wallet.post(verified, wallet.form(verified, wallet.vp_token(verified)))
    assert (answer.status_code, answer.json()) == (200, {})
    assert status(verifier_client, transaction_id, secret) == "responded"
    assert row_of(verifier_client, transaction_id)["error"] is None


def test_oid4vp_8_6_query_edited_before_the_request_was_fetched(
    verifier_client: TestClient[Litestar], wallet: TestWallet
) -> None:
    """The Request Object sends the query the transaction started with."""
    asked = _query(verifier_client)
    transaction_id, secret, link = start(verifier_client, HOUSING)
    edited = edit_query(verifier_client)
    verified = wallet.fetch_request(link)
    sent = verified.request.dcql_query
    assert sent == DCQLQuery.parse(asked)
    assert sent != DCQLQuery.parse(edited)
    assert wallet.present(link).status_code == 200
    assert status(verifier_client, transaction_id, secret) == "responded"


def test_s5_1_registration_narrowed_before_the_request_was_fetched(
    verifier_client: TestClient[Litestar], wallet: TestWallet
) -> None:
    """A request never asks beyond the registration as it is when the request is built: the
    party's registration no longer covers the birthdate the transaction asks, so the Request
    Object is refused and the transaction fails."""
    transaction_id, secret, _ = start(verifier_client, HOUSING)
    party = RelyingParty
    allowed = _stored(verifier_client, party, "allowed_claims", HOUSING_PARTY)
    allowed[PERSOON_VCT].remove(["birthdate"])
    with verifier_client.portal() as portal:
        portal.call(
            party.update({party.allowed_claims: allowed}).where(party.slug == HOUSING_PARTY).run
        )
    request_uri_id = row_of(verifier_client, transaction_id)["request_uri_id"]
    answer = verifier_client.post(f"/oid4vp/request/{request_uri_id}", data={})
    assert (answer.status_code, answer.json()["error"]) == (400, "invalid_request")
    assert status(verifier_client, transaction_id, secret) == "failed"
    assert row_of(verifier_client, transaction_id)["error"] == "dcql.beyond_registration"


def test_a_transaction_made_before_the_snapshot_uses_the_use_case_as_it_is_now(
    verifier_client: TestClient[Litestar], wallet: TestWallet
) -> None:
    """What the migration left ``NULL``: the Request Object and the response take the use
    case's query, the party's registration and client id as they are."""
    transaction_id, secret, link = start(verifier_client, HOUSING)
    table = PresentationTransaction
    with verifier_client.portal() as portal:
        portal.call(
            table.update(
                {table.dcql_query: None, table.allowed_claims: None, table.client_id: None}
            )
            .where(table.transaction_id == transaction_id)
            .run
        )
    assert row_of(verifier_client, transaction_id)["dcql_query"] is None
    verified = wallet.fetch_request(link)
    assert verified.request.dcql_query == DCQLQuery.parse(_query(verifier_client))
    assert wallet.present(link).status_code == 200
    assert status(verifier_client, transaction_id, secret) == "responded"


def test_reverify_a_case_after_its_use_case_was_edited(
    verifier_client: TestClient[Litestar], verifier_state: VerifierState, wallet: TestWallet
) -> None:
    """A good case stays ``valid`` when the officer re-verifies it after editing the query."""
    transaction_id, secret, link = start(verifier_client, HOUSING)
    assert wallet.present(link).status_code == 200
    result = verifier_client.post(f"/verify/{transaction_id}/result", data={"poll_secret": secret})
    assert result.status_code == 200

    async def open_and_reverify() -> Reverified:
        now = verifier_state.clock()
        opened = await open_case(transaction_id, FORM, now=now, retention=timedelta(days=30))
        case = await Case.select(Case.relying_party).where(Case.id == opened.id).first()
        assert case is not None
        return await reverify(
            verifier_state,
            opened.identification,
            relying_parties=[case["relying_party"]],
            actor="test-officer",
            now=now,
        )

    edit_query(verifier_client)
    with verifier_client.portal() as portal:
        assert portal.call(open_and_reverify) == Reverified(ok=True, reason="valid")


def test_haip_6_1_1_1_a_stored_query_without_holder_binding_starts_no_transaction(
    verifier_client: TestClient[Litestar],
) -> None:
    """The back office refuses such an edit; one that reached the database another way (a
    migration, SQL by hand) still starts nothing: the resident's page says the organisation
    asks wrongly, in Dutch and English, and no transaction is made."""
    query = copy.deepcopy(_query(verifier_client))
    query["credentials"][0]["require_cryptographic_holder_binding"] = False
    with verifier_client.portal() as portal:
        portal.call(UseCase.update({UseCase.dcql_query: query}).where(UseCase.slug == HOUSING).run)
        before = portal.call(PresentationTransaction.count)
    for language, text in (
        ("nl", "zonder bewijs dat ze van uw apparaat komen"),
        ("en", "without proof that it comes from your device"),
    ):
        answer = verifier_client.get(f"/verify/{HOUSING}", headers={"Accept-Language": language})
        assert answer.status_code == 400, answer.text
        assert text in answer.text
    with verifier_client.portal() as portal:
        assert portal.call(PresentationTransaction.count) == before
