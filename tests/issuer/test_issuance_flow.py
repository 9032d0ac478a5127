"""Full issuance over HTTP with the Python test holder: single and batch, then status."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from litestar import Litestar
from litestar.testing import TestClient

from issuer.credential_status import CredentialStatus, change_status
from issuer.db.tables import IssuedCredential
from issuer.state import IssuerState
from regie.pki import DemoCA
from standards.jose import PublicKey
from standards.sd_jwt_vc import TrustedIssuers, verify_credential
from standards.status_list import Status, check_status, verify_status_list_token
from tests.issuer.conftest import PUBLIC_URL, Offers
from tests.issuer.holder import HeldCredential, TestHolder


def _status(
    client: TestClient[Litestar], held: HeldCredential, issuer_jwks: list[PublicKey]
) -> Status | int:
    reference = held.verified.status
    assert reference is not None
    response = client.get(reference.uri.removeprefix(PUBLIC_URL))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/statuslist+jwt")
    token = response.text
    key = next(k for k in issuer_jwks)
    verified = verify_status_list_token(
        token, uri=reference.uri, key=key, now=held.verified.claims["iat"]
    )
    return check_status(reference, verified)


def _keys(client: TestClient[Litestar]) -> list[PublicKey]:
    return [
        PublicKey.from_jwk({k: v for k, v in jwk.items() if k in ("kty", "crv", "x", "y", "kid")})
        for jwk in client.get("/.well-known/jwt-vc-issuer").json()["jwks"]["keys"]
    ]


def test_single_credential_is_issued_verified_and_valid(
    holder: TestHolder, offers: Offers, issuer_client: TestClient[Litestar]
) -> None:
    offer = offers.create(["persoonsgegevens"])
    [held] = holder.receive(offers.uri(offer), offer.tx_code)
    claims = held.verified.claims
    assert held.verified.vct == "urn:nl:gemeente:regie:persoonsgegevens:1"
    assert held.verified.issuer == PUBLIC_URL
    assert {"given_name", "family_name", "birthdate", "bsn", "age_over_18"} <= set(claims)
    # Every subject claim is selectively disclosable; the registered ones are not.
    disclosed = {d.path[0] for d in held.verified.sd_jwt.disclosures}
    assert {"given_name", "family_name", "birthdate", "bsn"} <= disclosed
    assert not disclosed & {"iss", "exp", "vct", "cnf", "status"}
    assert _status(issuer_client, held, _keys(issuer_client)) == Status.VALID


def test_batch_gives_unlinkable_copies(holder: TestHolder, offers: Offers) -> None:
    offer = offers.create(["persoonsgegevens", "woonadres", "huishouden"])
    held = holder.receive(offers.uri(offer), offer.tx_code, copies=3)
    assert len(held) == 9
    by_type: dict[str, list[HeldCredential]] = {}
    for credential in held:
        by_type.setdefault(credential.verified.vct, []).append(credential)
    for copies in by_type.values():
        assert len(copies) == 3
        # Each copy: its own holder key, its own status index, its own signature and salts.
        assert (
            len({c.verified.holder_key.thumbprint() for c in copies if c.verified.holder_key}) == 3
        )
        assert len({c.verified.status.idx for c in copies if c.verified.status}) == 3
        assert len({c.compact.split("~")[0].rsplit(".", 1)[1] for c in copies}) == 3
        assert len({c.compact.split("~")[1] for c in copies}) == 3
        # RFC 9901 §10.1: nor by time: iat rounded down to the start of the UTC day, exp the
        # default lifetime (ISSUER_CREDENTIAL_LIFETIME_DAYS, 365) after it, the same in all
        times = {(c.verified.claims["iat"], c.verified.claims["exp"]) for c in copies}
        [(iat, exp)] = times
        assert iat % 86_400 == 0
        assert 0 <= time.time() - iat < 86_400 + 60
        assert exp - iat == 365 * 86_400


def test_revocation_shows_in_the_status_list(
    holder: TestHolder, offers: Offers, issuer_client: TestClient[Litestar], issuer_state: object
) -> None:
    offer = offers.create(["woonadres"])
    first, second = holder.receive(offers.uri(offer), offer.tx_code, copies=2)
    with issuer_client.portal() as portal:
        rows = portal.call(
            lambda: IssuedCredential.select(
                IssuedCredential.credential_id, IssuedCredential.status_index
            ).run()
        )
        target = next(r for r in rows if r["status_index"] == first.verified.status.idx)  # type: ignore[union-attr]
        portal.call(
            lambda: change_status(
                target["credential_id"],
                CredentialStatus.REVOKED,
                actor="test",
                reason="moved",
                now=datetime.now(UTC),
            )
        )
    keys = _keys(issuer_client)
    assert _status(issuer_client, first, keys) == Status.INVALID
    assert _status(issuer_client, second, keys) == Status.VALID


def test_sd_jwt_vc_2_5_credentials_verify_by_x5c_to_the_demo_ca(
    holder: TestHolder, offers: Offers, issuer_state: IssuerState
) -> None:
    """The issuer signs with an x5c chain to the demo CA, naming its own identifier."""
    offer = offers.create(["huishouden"])
    [held] = holder.receive(offers.uri(offer), offer.tx_code)
    ca = DemoCA.load_or_create(issuer_state.settings.resolved_ca_dir(), now=issuer_state.clock())
    by_certificate = TrustedIssuers(trust_anchors=[ca.certificate])
    verified = verify_credential(held.compact, issuer_key=by_certificate.resolve)
    assert verified.claims["number_of_residents"] >= 1
    assert "x5c" in verified.sd_jwt.header
