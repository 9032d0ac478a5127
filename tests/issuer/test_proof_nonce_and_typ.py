"""Key proofs over HTTP (OpenID4VCI 1.0 Appendix F.1, F.4, §8.3.1.2): one without a ``nonce``
(the issuer has a Nonce Endpoint, so it MUST be there) and one whose ``typ`` is not
``openid4vci-proof+jwt`` are ``invalid_proof``; nothing is issued, and the access token can
be used again."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from standards.jose import PrivateKey, sign_jws
from standards.oid4vci import create_proof_jwt
from tests.issuer.conftest import PUBLIC_URL, Offers
from tests.issuer.holder import TestHolder
from tests.issuer.test_credential_endpoint import Session, assert_refused_consuming_nothing


def _without_nonce(_session: Session) -> str:
    return create_proof_jwt(
        PrivateKey.generate(), audience=PUBLIC_URL, nonce=None, issued_at=int(time.time())
    )


def _typed(typ: str) -> Callable[[Session], str]:
    """A proof right in all but its ``typ`` (RFC 8725 §3.11: explicit typing)."""

    def proof(session: Session) -> str:
        key = PrivateKey.generate()
        jwk = {name: key.public.jwk[name] for name in ("kty", "crv", "x", "y")}
        payload = {"aud": PUBLIC_URL, "iat": int(time.time()), "nonce": session.holder.nonce()}
        return sign_jws(payload, key, typ=typ, headers={"jwk": jwk}, include_kid=False)

    return proof


PROOFS: dict[str, Callable[[Session], str]] = {
    "oid4vci_8_3_1_2_proof_without_nonce": _without_nonce,
    "oid4vci_f_1_typ_jwt": _typed("JWT"),
    "oid4vci_f_1_typ_kb_jwt": _typed("kb+jwt"),
}


@pytest.fixture
def session(holder: TestHolder, offers: Offers, issuer_client: TestClient[Litestar]) -> Session:
    offer = offers.create(["persoonsgegevens"])
    redeemed = holder.redeem(holder.fetch_offer(offers.uri(offer)), offer.tx_code)
    return Session(issuer_client, holder, redeemed.json()["access_token"])


@pytest.mark.parametrize("name", PROOFS)
def test_proof_is_refused_as_invalid_proof(session: Session, name: str) -> None:
    proofs = {"jwt": [PROOFS[name](session)]}
    body = {"credential_configuration_id": "persoonsgegevens", "proofs": proofs}
    assert_refused_consuming_nothing(session, body, "invalid_proof", name)
