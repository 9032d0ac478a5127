"""A whole presentation over HTTP: credentials from the real issuer app, the test wallet,
the verifier app; both use cases, cross-device and same-device."""

from __future__ import annotations

import re
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from tests.issuer.conftest import Offers
from tests.issuer.holder import TestHolder
from tests.verifier.conftest import VERIFIER_URL
from tests.verifier.wallet import TestWallet, wallet_with_credentials
from verifier import transactions
from verifier.db.tables import PresentationTransaction, UseCase
from verifier.protocol.routes import POLL_SECRET_HEADER
from verifier.state import VerifierState

ALL = ["persoonsgegevens", "woonadres", "huishouden"]


@pytest.fixture
def wallet(
    holder: TestHolder,
    offers: Offers,
    verifier_client: TestClient[Litestar],
    verifier_state: VerifierState,
) -> TestWallet:
    return wallet_with_credentials(holder, offers, verifier_client, verifier_state)


def start(client: TestClient[Litestar], use_case: str) -> tuple[str, str, str]:
    """The RP page: (transaction id, poll secret, link), read from the page."""
    page = client.get(f"/verify/{use_case}")
    assert page.status_code == 200, page.text
    transaction_id = re.search(r'data-status-url="/verify/([^/]+)/status"', page.text)
    secret = re.search(r'data-poll-secret="([^"]+)"', page.text)
    assert transaction_id
    assert secret
    row = row_of(client, transaction_id.group(1))
    link = (
        "openid4vp://?client_id=x&request_uri="
        f"{VERIFIER_URL}/oid4vp/request/{row['request_uri_id']}&request_uri_method=post"
    )
    state: VerifierState = client.app.state["verifier"]
    client_id = client_id_of(client, state, row)
    link = link.replace("client_id=x", f"client_id={client_id}")
    return transaction_id.group(1), secret.group(1), link


def client_id_of(client: TestClient[Litestar], state: VerifierState, row: dict[str, Any]) -> str:
    with client.portal() as portal:
        use_case = portal.call(
            UseCase.select(UseCase.relying_party._.slug.as_alias("slug"))
            .where(UseCase.id == row["use_case"])
            .first
        )
    assert use_case is not None
    return state.signers[use_case["slug"]].client_id


def row_of(client: TestClient[Litestar], transaction_id: str) -> dict[str, Any]:
    table = PresentationTransaction
    with client.portal() as portal:
        row = portal.call(table.select().where(table.transaction_id == transaction_id).first)
    assert row is not None
    return dict(row)


@pytest.mark.parametrize("use_case", ["inschrijven-woningzoekende", "parkeervergunning-bewoners"])
def test_cross_device_presentation(
    verifier_client: TestClient[Litestar], wallet: TestWallet, use_case: str
) -> None:
    transaction_id, secret, link = start(verifier_client, use_case)
    poll = verifier_client.get(
        f"/verify/{transaction_id}/status", headers={POLL_SECRET_HEADER: secret}
    )
    assert poll.json() == {"status": "created"}
    response = wallet.present(link)
    assert response.status_code == 200, response.text
    assert response.json() == {}
    poll = verifier_client.get(
        f"/verify/{transaction_id}/status", headers={POLL_SECRET_HEADER: secret}
    )
    assert poll.json() == {"status": "responded"}
    with verifier_client.portal() as portal:
        assert portal.call(transactions.completed, transaction_id) is None  # not released yet
    result = verifier_client.post(f"/verify/{transaction_id}/result", data={"poll_secret": secret})
    assert result.status_code == 200
    assert f"/intake/{transaction_id}" in result.text
    with verifier_client.portal() as portal:
        done = portal.call(transactions.completed, transaction_id)
    assert done is not None
    assert done.use_case_slug == use_case
    persoon = done.verified_claims["persoon"]
    assert persoon["issuer"] == "http://127.0.0.1:8001"
    assert set(persoon["claims"]) <= {
        "given_name",
        "family_name",
        "birthdate",
        "age_over_18",
        "bsn",
    }
    assert "nationalities" not in persoon["claims"]


def test_same_device_presentation_releases_result_only_with_the_code(
    verifier_client: TestClient[Litestar], wallet: TestWallet
) -> None:
    started = verifier_client.post(
        "/verify/inschrijven-woningzoekende/same-device", follow_redirects=False
    )
    assert started.status_code == 303
    link = started.headers["location"]
    assert link.startswith("http://127.0.0.1:8003/#/present?client_id=x509_san_dns%3A127.0.0.1&")
    response = wallet.present(link)
    assert response.status_code == 200, response.text
    redirect = response.json()["redirect_uri"]
    transaction_id = redirect.split("/verify/")[1].split("/")[0]
    assert verifier_client.get(f"/verify/{transaction_id}/result").status_code == 404
    wrong = verifier_client.get(f"/verify/{transaction_id}/result?response_code=wrong")
    assert wrong.status_code == 404
    with verifier_client.portal() as portal:
        assert portal.call(transactions.completed, transaction_id) is None
    ok = verifier_client.get(redirect.removeprefix(VERIFIER_URL))
    assert ok.status_code == 200, ok.text
    with verifier_client.portal() as portal:
        assert portal.call(transactions.completed, transaction_id) is not None


def _decline(wallet: TestWallet, link: str) -> Any:
    """§8.5: the resident says no in the wallet, which posts ``access_denied`` with the state."""
    verified = wallet.fetch_request(link)
    state = verified.request.state
    assert state is not None
    return wallet.post(verified, {"error": "access_denied", "state": state})


def test_same_device_decline_leads_back_to_a_page_saying_nothing_was_shared(
    verifier_client: TestClient[Litestar], wallet: TestWallet
) -> None:
    """§8.2: "The Response URI MAY return the redirect_uri parameter ... for Error Responses"."""
    started = verifier_client.post(
        "/verify/inschrijven-woningzoekende/same-device", follow_redirects=False
    )
    response = _decline(wallet, started.headers["location"])
    assert response.status_code == 200, response.text
    redirect = response.json()["redirect_uri"].removeprefix(VERIFIER_URL)
    transaction_id = redirect.split("/verify/")[1].split("/")[0]
    assert row_of(verifier_client, transaction_id)["error"] == "wallet.access_denied"
    assert verifier_client.get(f"/verify/{transaction_id}/result").status_code == 404
    wrong = verifier_client.get(f"/verify/{transaction_id}/result?response_code=wrong")
    assert wrong.status_code == 404
    assert "niets gedeeld" not in wrong.text
    page = verifier_client.get(redirect)
    assert page.status_code == 200
    assert "U heeft niets gedeeld" in page.text
    assert "/intake/" not in page.text
    english = verifier_client.get(f"{redirect}&lang=en")
    assert "You shared nothing" in english.text
    with verifier_client.portal() as portal:
        assert portal.call(transactions.completed, transaction_id) is None


def test_cross_device_decline_is_told_to_the_page(
    verifier_client: TestClient[Litestar], wallet: TestWallet
) -> None:
    transaction_id, secret, link = start(verifier_client, "parkeervergunning-bewoners")
    response = _decline(wallet, link)
    assert (response.status_code, response.json()) == (200, {})
    poll = verifier_client.get(
        f"/verify/{transaction_id}/status", headers={POLL_SECRET_HEADER: secret}
    )
    assert poll.json() == {"status": "declined"}
    wrong = verifier_client.post(f"/verify/{transaction_id}/result", data={"poll_secret": "x"})
    assert wrong.status_code == 404
    page = verifier_client.post(f"/verify/{transaction_id}/result", data={"poll_secret": secret})
    assert page.status_code == 200
    assert "U heeft niets gedeeld" in page.text


def test_the_request_says_which_use_case_asks_and_why(
    verifier_client: TestClient[Litestar], wallet: TestWallet
) -> None:
    """OpenID4VP 1.0 §5.1 ``verifier_info``, signed with the Request Object, for the wallet's
    consent screen."""
    _, _, link = start(verifier_client, "inschrijven-woningzoekende")
    verified = wallet.fetch_request(link)
    assert verified.request.to_json()["verifier_info"] == [
        {
            "format": transactions.USE_CASE_INFO,
            "data": {
                "title": {
                    "nl": "Inschrijven als woningzoekende",
                    "en": "Register as a home seeker",
                },
                "purpose": {
                    "nl": "Wij hebben uw naam, geboortedatum, adres en de grootte van uw "
                    "huishouden nodig om u in te schrijven. U moet 18 jaar of ouder zijn.",
                    "en": "We need your name, date of birth, address and the size of your "
                    "household to register you. You must be 18 or older.",
                },
            },
        }
    ]


def test_each_transaction_encrypts_to_a_key_of_its_own(
    verifier_client: TestClient[Litestar], wallet: TestWallet
) -> None:
    """OpenID4VP 1.0 §8.3 and HAIP 1.0 §5: the response is encrypted to the key in the
    request's ``client_metadata.jwks``, a fresh ECDH-ES key per transaction, so that a
    response cannot be decrypted by, or replayed into, another transaction: not the same key
    under another ``kid``, nor the same ``kid``."""
    keys = []
    for _ in range(3):
        _, _, link = start(verifier_client, "inschrijven-woningzoekende")
        metadata = wallet.fetch_request(link).request.client_metadata
        assert metadata is not None
        assert metadata.jwks is not None
        [jwk] = metadata.jwks["keys"]
        keys.append(jwk)
    assert len({(k["x"], k["y"]) for k in keys}) == 3
    assert len({k["kid"] for k in keys}) == 3
    assert all(k["crv"] == "P-256" and "d" not in k for k in keys)
