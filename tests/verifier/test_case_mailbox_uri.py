"""The case mailbox the wallet gives inside its encrypted response (the extension response
parameter ``mailbox_uri``, OpenID4VP 1.0 §8.1 and §8.3): kept on the transaction when it is
at a configured wallet provider, dropped (the presentation still stands) otherwise."""

from __future__ import annotations

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from standards.oid4vp import DIRECT_POST_JWT, direct_post_jwt_form
from tests.issuer.conftest import Offers
from tests.issuer.holder import TestHolder
from tests.verifier.test_presentation_flow import row_of, start
from tests.verifier.wallet import TestWallet, wallet_with_credentials
from verifier.state import VerifierState

PROVIDER = "http://127.0.0.1:8003"
"""The verifier's default ``wallet_url`` (and wallet origin)."""
TOKEN = "Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5d2FsZG8"


@pytest.fixture
def wallet(
    holder: TestHolder,
    offers: Offers,
    verifier_client: TestClient[Litestar],
    verifier_state: VerifierState,
) -> TestWallet:
    return wallet_with_credentials(holder, offers, verifier_client, verifier_state)


def _present_with_mailbox(
    client: TestClient[Litestar], wallet: TestWallet, mailbox_uri: str | None
) -> dict[str, object]:
    transaction_id, _, link = start(client, "inschrijven-woningzoekende")
    verified = wallet.fetch_request(link)
    request = verified.request
    assert request.response_mode == DIRECT_POST_JWT
    assert request.client_metadata is not None
    form = direct_post_jwt_form(
        wallet.vp_token(verified),
        request.state,
        metadata=request.client_metadata,
        mailbox_uri=mailbox_uri,
    )
    response = wallet.post(verified, form)
    assert response.status_code == 200, response.text
    return row_of(client, transaction_id)


def test_a_mailbox_at_the_wallet_provider_is_kept(
    verifier_client: TestClient[Litestar], wallet: TestWallet
) -> None:
    url = f"{PROVIDER}/api/mailboxes/{TOKEN}"
    row = _present_with_mailbox(verifier_client, wallet, url)
    assert row["status"] == "responded"
    assert row["mailbox_url"] == url


def test_no_mailbox_is_none(verifier_client: TestClient[Litestar], wallet: TestWallet) -> None:
    row = _present_with_mailbox(verifier_client, wallet, None)
    assert row["status"] == "responded"
    assert row["mailbox_url"] is None


@pytest.mark.parametrize(
    "mailbox_uri",
    [
        f"https://elders.example/api/mailboxes/{TOKEN}",  # not the configured provider
        f"http://wallet.example/api/mailboxes/{TOKEN}",  # http off loopback
        "javascript:alert(1)",
        f"{PROVIDER}/" + "x" * 5000,  # far too long
        f"http://127.0.0.1:99999/api/mailboxes/{TOKEN}",  # no such port (was a 500)
        f"http://127.0.0.1:abc/api/mailboxes/{TOKEN}",
    ],
)
def test_a_mailbox_elsewhere_is_dropped_and_the_presentation_stands(
    verifier_client: TestClient[Litestar],
    wallet: TestWallet,
    mailbox_uri: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level("WARNING", logger="verifier.transactions"):
        row = _present_with_mailbox(verifier_client, wallet, mailbox_uri)
    assert row["status"] == "responded"
    assert row["mailbox_url"] is None
    assert "mailbox_uri ignored" in caplog.text
