"""A NUL character where the issuer expects an identifier or a nonce is a clear refusal, never
a 500: PostgreSQL cannot hold one in a text value, and asyncpg refuses the query that carries
it (``test_nul_characters_postgres.py`` runs these there; SQLite would only find no row)."""

from __future__ import annotations

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from standards.jose import PrivateKey
from tests.issuer.conftest import Offers
from tests.issuer.holder import TestHolder

NUL = "%00"


@pytest.mark.parametrize(
    "path",
    [f"/credential-offer/a{NUL}b", f"/status-lists/a{NUL}b", f"/credential-offer/x?y=a{NUL}"],
)
def test_a_nul_in_the_address_is_refused_as_bad_input(
    issuer_client: TestClient[Litestar], path: str
) -> None:
    answer = issuer_client.get(path)
    assert answer.status_code == 400, answer.text
    assert "NUL" in answer.text


def test_a_nonce_with_a_nul_is_invalid_nonce_and_uses_up_nothing(
    holder: TestHolder, offers: Offers
) -> None:
    """OpenID4VCI §8.3.1.2 ``invalid_nonce``: no nonce this issuer gave holds a NUL; the access
    token stays usable for a good request afterwards."""
    offer = offers.create(["woonadres"])
    token = holder.redeem(holder.fetch_offer(offers.uri(offer)), offer.tx_code)
    access_token = token.json()["access_token"]
    key = PrivateKey.generate()
    refused = holder.request_credential(access_token, "woonadres", [key], nonce="a\x00b")
    assert refused.status_code == 400, refused.text
    assert refused.json()["error"] == "invalid_nonce"
    issued = holder.request_credential(access_token, "woonadres", [key], nonce=holder.nonce())
    assert issued.status_code == 200, issued.text
