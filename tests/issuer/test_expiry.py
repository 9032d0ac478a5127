"""A ``c_nonce`` and an access token expire (ISSUER_NONCE_TTL_SECONDS and
ISSUER_ACCESS_TOKEN_TTL_SECONDS, 300 s by default): past it the credential endpoint answers
``invalid_nonce`` (OpenID4VCI 1.0 §8.3.1.2) or 401 ``invalid_token`` (RFC 6750 §3.1), and
issues, consumes and writes nothing. On the issuer's clock, moved by hand."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from issuer.db.tables import AuditEntry, IssuedCredential, Nonce
from issuer.settings import IssuerSettings
from issuer.state import IssuerState
from standards.jose import PrivateKey
from tests.issuer.clocked import clocked_app, on_the_clock
from tests.issuer.conftest import Offers
from tests.issuer.holder import TestHolder
from tests.issuer.web.browser import Clock

TTL = 300


@pytest.fixture
def issuer_app(issuer_settings: IssuerSettings) -> Litestar:
    assert issuer_settings.nonce_ttl_seconds == issuer_settings.access_token_ttl_seconds == TTL
    return clocked_app(issuer_settings)


@dataclass(frozen=True)
class Wallet:
    """The test holder on the issuer's clock, asking for ``persoonsgegevens``."""

    holder: TestHolder
    offers: Offers
    client: TestClient[Litestar]
    clock: Clock

    def access_token(self) -> str:
        offer = self.offers.create(["persoonsgegevens"])
        response = self.holder.redeem(
            self.holder.fetch_offer(self.offers.uri(offer)), offer.tx_code
        )
        assert response.status_code == 200, response.text
        return str(response.json()["access_token"])

    def ask(self, token: str, nonce: str) -> Any:
        key = PrivateKey.generate()
        return self.holder.request_credential(token, "persoonsgegevens", [key], nonce=nonce)

    def written(self) -> tuple[int, int, int]:
        """Copies issued, nonces used, audit rows."""
        with self.client.portal() as portal:
            return (
                portal.call(IssuedCredential.count().run),
                portal.call(Nonce.count().where(Nonce.consumed_at.is_not_null()).run),
                portal.call(AuditEntry.count().run),
            )


@pytest.fixture
def wallet(
    holder: TestHolder,
    offers: Offers,
    issuer_client: TestClient[Litestar],
    issuer_state: IssuerState,
) -> Wallet:
    return Wallet(holder, offers, issuer_client, on_the_clock(holder, issuer_state))


EXPIRING = {"c_nonce": (400, "invalid_nonce"), "access_token": (401, "invalid_token")}
"""What expires, and how the credential endpoint answers once it has."""


@pytest.mark.parametrize("age", [TTL - 1, TTL + 1])
@pytest.mark.parametrize("expiring", EXPIRING)
def test_expires_after_its_ttl(wallet: Wallet, expiring: str, age: int) -> None:
    """``expiring`` is ``age`` seconds old; the other half of the request is fresh."""
    if expiring == "c_nonce":
        nonce = wallet.holder.nonce()
        wallet.clock.advance(age)
        token = wallet.access_token()
    else:
        token = wallet.access_token()
        wallet.clock.advance(age)
        nonce = wallet.holder.nonce()
    before = wallet.written()
    response = wallet.ask(token, nonce)
    if age < TTL:
        assert response.status_code == 200, response.text
        return
    status, error = EXPIRING[expiring]
    assert response.status_code == status
    assert response.json()["error"] == error
    if status == 401:
        assert response.headers["www-authenticate"] == 'Bearer error="invalid_token"'
    assert wallet.written() == before
    # The fresh half was not used up: with a fresh other half the request succeeds.
    if expiring == "c_nonce":
        retry = wallet.ask(token, wallet.holder.nonce())
    else:
        retry = wallet.ask(wallet.access_token(), nonce)
    assert retry.status_code == 200, retry.text
