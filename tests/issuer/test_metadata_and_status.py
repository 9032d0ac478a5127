"""Discovery documents and the Status List Token endpoint."""

from __future__ import annotations

from litestar import Litestar
from litestar.testing import TestClient

from standards.jose import parse_jws
from standards.oid4vci import AuthorizationServerMetadata, CredentialIssuerMetadata
from standards.sd_jwt_vc import JwtVcIssuerMetadata, TypeMetadata
from tests.issuer.conftest import PUBLIC_URL, Offers
from tests.issuer.holder import TestHolder


def test_oid4vci_12_2_credential_issuer_metadata(issuer_client: TestClient[Litestar]) -> None:
    response = issuer_client.get("/.well-known/openid-credential-issuer")
    metadata = CredentialIssuerMetadata.parse(response.json(), expected_issuer=PUBLIC_URL)
    assert set(metadata.credential_configurations_supported) == {
        "persoonsgegevens",
        "woonadres",
        "huishouden",
    }
    assert metadata.batch_size == 3
    assert metadata.nonce_endpoint == f"{PUBLIC_URL}/nonce"
    configuration = metadata.configuration("woonadres")
    assert configuration.vct == "urn:nl:gemeente:regie:woonadres:1"
    assert configuration.requires_proofs


def test_rfc8414_authorization_server_metadata(issuer_client: TestClient[Litestar]) -> None:
    response = issuer_client.get("/.well-known/oauth-authorization-server")
    metadata = AuthorizationServerMetadata.parse(response.json(), expected_issuer=PUBLIC_URL)
    assert metadata.token_endpoint == f"{PUBLIC_URL}/token"


def test_sd_jwt_vc_4_jwt_vc_issuer_metadata(issuer_client: TestClient[Litestar]) -> None:
    document = issuer_client.get("/.well-known/jwt-vc-issuer").json()
    metadata = JwtVcIssuerMetadata.parse(document, expected_issuer=PUBLIC_URL)
    assert len(metadata.keys) == 1
    assert all("d" not in key for key in document["jwks"]["keys"])
    assert document["jwks"]["keys"][0]["x5c"]


def test_sd_jwt_vc_5_type_metadata_in_dutch_and_english(
    issuer_client: TestClient[Litestar],
) -> None:
    for configuration_id in ("persoonsgegevens", "woonadres", "huishouden"):
        document = issuer_client.get(f"/type-metadata/{configuration_id}").json()
        metadata = TypeMetadata.parse(document, require_locales=("nl", "en"))
        assert metadata.display_name("nl") != metadata.display_name("en")
    assert issuer_client.get("/type-metadata/rijbewijs").status_code == 404


def test_token_status_list_8_1_endpoint_caching(
    holder: TestHolder, offers: Offers, issuer_client: TestClient[Litestar]
) -> None:
    offer = offers.create(["persoonsgegevens"])
    [held] = holder.receive(offers.uri(offer), offer.tx_code)
    assert held.verified.status is not None
    path = held.verified.status.uri.removeprefix(PUBLIC_URL)
    first = issuer_client.get(path)
    assert first.status_code == 200
    assert first.headers["access-control-allow-origin"] == "*"
    assert "max-age=" in first.headers["cache-control"]
    etag = first.headers["etag"]
    again = issuer_client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert issuer_client.get("/status-lists/unknown").status_code == 404
    # Signed with the key the JWKS publishes, with its x5c chain (Token Status List §11.3).
    header = parse_jws(first.text).header
    [jwk] = issuer_client.get("/.well-known/jwt-vc-issuer").json()["jwks"]["keys"]
    assert (header["kid"], header["x5c"]) == (jwk["kid"], jwk["x5c"])
