"""A use case asks only for a purpose its relying party is registered for (OpenID4VP 1.0
§15.3, purpose legitimacy; issue 4: "A request can never ask beyond the registration").

The back office refuses an edit to an unregistered purpose (tests/verifier/admin/
test_use_cases.py); a use case that reached the database without one (SQL by hand, a party
whose registration dropped the purpose) still starts nothing: the resident's page says why in
Dutch and English, and a Request Object is not built for a transaction started before."""

from __future__ import annotations

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from tests.verifier.test_presentation_flow import row_of, start
from verifier.db.tables import PresentationTransaction, RelyingParty, UseCase

HOUSING = "inschrijven-woningzoekende"
HOUSING_PARTY = "woonstichting-de-kempen"
REFUSED = {
    "nl": "voor een doel waarvoor zij niet geregistreerd is",
    "en": "for a purpose it is not registered for",
}


def _count(client: TestClient[Litestar]) -> int:
    with client.portal() as portal:
        return int(portal.call(PresentationTransaction.count().run))


def _drop_purposes(client: TestClient[Litestar]) -> None:
    """The party's registration no longer holds the purpose its use case serves."""
    with client.portal() as portal:
        portal.call(
            RelyingParty.update({RelyingParty.purposes: [{"id": "huurcontract", "nl": "-"}]})
            .where(RelyingParty.slug == HOUSING_PARTY)
            .run
        )


@pytest.mark.parametrize("purpose_id", [None, "reclame", "parkeervergunning"])
def test_oid4vp_15_3_unregistered_purpose_starts_no_transaction(
    verifier_client: TestClient[Litestar], purpose_id: str | None
) -> None:
    """Missing, nobody's, another party's."""
    with verifier_client.portal() as portal:
        portal.call(
            UseCase.update({UseCase.purpose_id: purpose_id}).where(UseCase.slug == HOUSING).run
        )
    before = _count(verifier_client)
    for language, text in REFUSED.items():
        page = verifier_client.get(f"/verify/{HOUSING}", headers={"Accept-Language": language})
        assert page.status_code == 400, page.text
        assert text in page.text
    same_device = verifier_client.post(f"/verify/{HOUSING}/same-device", follow_redirects=False)
    assert same_device.status_code == 400, same_device.text
    assert _count(verifier_client) == before


def test_oid4vp_15_3_a_purpose_dropped_from_the_registration_starts_no_transaction(
    verifier_client: TestClient[Litestar],
) -> None:
    _drop_purposes(verifier_client)
    page = verifier_client.get(f"/verify/{HOUSING}", headers={"Accept-Language": "en"})
    assert page.status_code == 400, page.text
    assert REFUSED["en"] in page.text
    assert _count(verifier_client) == 0


def test_oid4vp_15_3_purpose_dropped_before_the_request_was_fetched(
    verifier_client: TestClient[Litestar],
) -> None:
    """Started while the purpose was registered; the Request Object is refused once it is not,
    and the transaction fails with the reason."""
    transaction_id, _, _ = start(verifier_client, HOUSING)
    _drop_purposes(verifier_client)
    request_uri_id = row_of(verifier_client, transaction_id)["request_uri_id"]
    answer = verifier_client.post(f"/oid4vp/request/{request_uri_id}", data={})
    assert (answer.status_code, answer.json()["error"]) == (400, "invalid_request")
    row = row_of(verifier_client, transaction_id)
    assert (row["status"], row["error"]) == ("failed", "verifier.purpose_not_registered")
