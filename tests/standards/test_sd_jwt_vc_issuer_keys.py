"""SD-JWT VC §2.5 (Issuer Verification Key Discovery) and §4 (JWT VC Issuer Metadata):
the well-known URL, validating a metadata document, and resolving the issuer's key by
metadata (``kid``) or by ``x5c`` up to a trust anchor."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from standards.errors import (
    CertificateChainInvalid,
    IssuerKeyUnresolved,
    IssuerMetadataInvalid,
    IssuerMismatch,
    StandardsError,
)
from standards.jose import PrivateKey, PublicKey
from standards.sd_jwt_vc import (
    JwtVcIssuerMetadata,
    TrustedIssuers,
    issue_credential,
    jwt_vc_issuer_metadata_url,
    verify_credential,
)
from tests.standards.pki_vc import IssuerChain, make_issuer_chain

ISS = "https://example.com"
NOW = 1_700_000_000
NOW_DT = datetime.fromtimestamp(NOW, UTC)
VCT = "https://example.com/credentials/example"

SPEC_METADATA: dict[str, Any] = json.loads(
    """
{
   "issuer":"https://example.com",
   "jwks":{
      "keys":[
         {
            "kid":"doc-signer-05-25-2022",
            "kty": "EC", "crv": "P-256",
            "x": "b28d4MwZMjw8-00CG4xfnn9SLMVMM19SlqZpVb_uNtQ",
            "y": "Xv5zWwuoaTgdS6hV43yI6gBwTnjukmFQQnJ_kCxzqk8"
         },
         {
            "kid":"doc-signer-06-05-2025",
            "kty": "EC", "crv": "P-256",
            "x":"DfjUx4WHBds61vGbqUQhsy3FGX13fAS13QWh2EHIkX8",
            "y":"NfqJt9Kp0EA93xq9ysO80DRZ_hCGlISz-pYLgv4RFvg"
         }
      ]
   }
}
"""
)
"""§4.2, Figure "Example HTTP Response with Metadata including a JSON Web Key Set"."""

SPEC_METADATA_JWKS_URI: dict[str, Any] = {
    "issuer": "https://example.com",
    "jwks_uri": "https://jwt-vc-issuer.example.com/my_public_keys.jwks",
}
"""§4.2, Figure "Example Metadata with a JSON Web Key Set URI"."""

KEY_A = PrivateKey.generate(kid="a")
KEY_B = PrivateKey.generate(kid="b")
RSA_JWK = {"kty": "RSA", "kid": "rsa", "n": "sXch", "e": "AQAB"}


def _metadata(*keys: PrivateKey, issuer: str = ISS) -> JwtVcIssuerMetadata:
    jwks = {"keys": [k.public.to_jwk() for k in keys]}
    return JwtVcIssuerMetadata.parse({"issuer": issuer, "jwks": jwks}, expected_issuer=issuer)


def _header(kid: str | None = None, **extra: Any) -> dict[str, Any]:
    header: dict[str, Any] = {"alg": "ES256", "typ": "dc+sd-jwt", **extra}
    if kid is not None:
        header["kid"] = kid
    return header


# --- §4.1: where the metadata lives --------------------------------------------------------


@pytest.mark.parametrize(
    ("iss", "url"),
    [
        ("https://example.com", "https://example.com/.well-known/jwt-vc-issuer"),
        ("https://example.com/", "https://example.com/.well-known/jwt-vc-issuer"),
        (
            "https://example.com/tenant/1234",
            "https://example.com/.well-known/jwt-vc-issuer/tenant/1234",
        ),
        (
            "https://example.com/tenant/1234/",
            "https://example.com/.well-known/jwt-vc-issuer/tenant/1234",
        ),
        ("https://example.com:8443/t", "https://example.com:8443/.well-known/jwt-vc-issuer/t"),
    ],
)
def test_metadata_url_inserts_the_well_known_segment(iss: str, url: str) -> None:
    assert jwt_vc_issuer_metadata_url(iss) == url


@pytest.mark.parametrize(
    "iss",
    [
        "http://example.com",
        "https://example.com/tenant?x=1",
        "https://example.com#top",
        "example.com",
        "https:///path-only",
        "",
        "https://[::1",  # urlsplit raises ValueError on a broken IPv6 literal
    ],
)
def test_metadata_url_refuses_what_is_not_an_https_identifier(iss: str) -> None:
    with pytest.raises(IssuerMetadataInvalid):
        jwt_vc_issuer_metadata_url(iss)


# --- §4.2, §4.3: the metadata document -------------------------------------------------------


def test_spec_example_with_two_keys_parses() -> None:
    metadata = JwtVcIssuerMetadata.parse(SPEC_METADATA, expected_issuer=ISS)
    assert metadata.issuer == ISS
    assert [k.kid for k in metadata.keys] == ["doc-signer-05-25-2022", "doc-signer-06-05-2025"]
    assert all("d" not in k.to_jwk() for k in metadata.keys)


def test_jwks_uri_with_the_fetched_key_set() -> None:
    jwks = SPEC_METADATA["jwks"]
    metadata = JwtVcIssuerMetadata.parse(SPEC_METADATA_JWKS_URI, expected_issuer=ISS, jwks=jwks)
    assert len(metadata.keys) == 2


def test_jwks_uri_without_the_fetched_key_set_is_refused() -> None:
    with pytest.raises(IssuerMetadataInvalid):
        JwtVcIssuerMetadata.parse(SPEC_METADATA_JWKS_URI, expected_issuer=ISS)


def test_keys_of_unsupported_kinds_are_ignored() -> None:
    """RFC 7517 §5: a JWK Set member not understood is ignored, not fatal."""
    jwks = {"keys": [RSA_JWK, KEY_A.public.to_jwk()]}
    metadata = JwtVcIssuerMetadata.parse({"issuer": ISS, "jwks": jwks}, expected_issuer=ISS)
    assert [k.kid for k in metadata.keys] == ["a"]


INVALID_METADATA: dict[str, Any] = {
    "another_issuer": {**SPEC_METADATA, "issuer": "https://other.example.com"},
    "issuer_with_trailing_slash": {**SPEC_METADATA, "issuer": "https://example.com/"},
    "issuer_in_other_case": {**SPEC_METADATA, "issuer": "https://EXAMPLE.com"},
    "issuer_missing": {"jwks": SPEC_METADATA["jwks"]},
    "both_jwks_and_jwks_uri": {**SPEC_METADATA, "jwks_uri": SPEC_METADATA_JWKS_URI["jwks_uri"]},
    "neither_jwks_nor_jwks_uri": {"issuer": ISS},
    "jwks_not_an_object": {"issuer": ISS, "jwks": [KEY_A.public.to_jwk()]},
    "jwks_keys_not_an_array": {"issuer": ISS, "jwks": {"keys": KEY_A.public.to_jwk()}},
    "jwks_empty": {"issuer": ISS, "jwks": {"keys": []}},
    "jwks_only_unsupported_keys": {"issuer": ISS, "jwks": {"keys": [RSA_JWK]}},
    "jwks_only_a_private_key": {"issuer": ISS, "jwks": {"keys": [KEY_A.to_private_jwk()]}},
    "not_an_object": [SPEC_METADATA],
}


@pytest.mark.parametrize("document", INVALID_METADATA.values(), ids=INVALID_METADATA.keys())
def test_invalid_metadata_is_refused(document: Any) -> None:
    with pytest.raises(IssuerMetadataInvalid):
        JwtVcIssuerMetadata.parse(document, expected_issuer=ISS)


@pytest.mark.parametrize(
    "expected", ["http://example.com", "https://example.com?x", "https://[::1"]
)
def test_expected_issuer_must_be_an_https_identifier(expected: str) -> None:
    with pytest.raises(IssuerMetadataInvalid):
        JwtVcIssuerMetadata.parse({**SPEC_METADATA, "issuer": expected}, expected_issuer=expected)


# --- §2.5: resolving by metadata ------------------------------------------------------------


def test_resolver_picks_the_key_by_kid() -> None:
    trusted = TrustedIssuers(metadata={ISS: _metadata(KEY_A, KEY_B)})
    assert trusted.resolve(_header("b"), {"iss": ISS}).kid == "b"
    assert trusted.resolve(_header("a"), {"iss": ISS}).kid == "a"


def test_resolver_takes_the_only_key_without_kid() -> None:
    trusted = TrustedIssuers(metadata={ISS: _metadata(KEY_A)})
    assert trusted.resolve(_header(), {"iss": ISS}).kid == "a"


def test_resolver_picks_by_kid_in_the_spec_example() -> None:
    metadata = JwtVcIssuerMetadata.parse(SPEC_METADATA, expected_issuer=ISS)
    trusted = TrustedIssuers(metadata={ISS: metadata})
    key = trusted.resolve(_header("doc-signer-06-05-2025"), {"iss": ISS})
    assert key.jwk["x"] == "DfjUx4WHBds61vGbqUQhsy3FGX13fAS13QWh2EHIkX8"


@pytest.mark.parametrize(
    ("header", "payload"),
    [
        (_header("a"), {"iss": "https://other.example.com"}),
        (_header("a"), {"iss": ISS + "/"}),
        (_header("a"), {}),
        (_header("a"), {"iss": ["https://example.com"]}),
        (_header("c"), {"iss": ISS}),
        (_header(), {"iss": ISS}),  # two keys, no kid: ambiguous
    ],
    ids=[
        "unknown_iss",
        "iss_with_trailing_slash",
        "no_iss",
        "iss_not_a_string",
        "unknown_kid",
        "no_kid_two_keys",
    ],
)
def test_resolver_refuses(header: dict[str, Any], payload: dict[str, Any]) -> None:
    trusted = TrustedIssuers(metadata={ISS: _metadata(KEY_A, KEY_B)})
    with pytest.raises(IssuerKeyUnresolved):
        trusted.resolve(header, payload)


def test_resolver_refuses_an_ambiguous_kid() -> None:
    twin = PrivateKey.generate(kid="a")
    trusted = TrustedIssuers(metadata={ISS: _metadata(KEY_A, twin)})
    with pytest.raises(IssuerKeyUnresolved):
        trusted.resolve(_header("a"), {"iss": ISS})


def test_resolver_refuses_metadata_filed_under_another_issuer() -> None:
    """§4.3: metadata whose ``issuer`` is not the ``iss`` must not be used, even if the
    caller's table files it under that ``iss``."""
    trusted = TrustedIssuers(metadata={"https://other.example.com": _metadata(KEY_A)})
    with pytest.raises(IssuerMetadataInvalid):
        trusted.resolve(_header("a"), {"iss": "https://other.example.com"})


def test_resolver_ignores_x5c_without_trust_anchors() -> None:
    trusted = TrustedIssuers(metadata={ISS: _metadata(KEY_A)})
    assert trusted.resolve(_header("a", x5c=["garbage"]), {"iss": ISS}).kid == "a"


# --- §2.5: resolving by x5c -----------------------------------------------------------------


@pytest.fixture(scope="module")
def by_uri() -> IssuerChain:
    return make_issuer_chain(NOW_DT, uris=[ISS])


def _x5c_resolver(*roots: IssuerChain) -> TrustedIssuers:
    return TrustedIssuers(trust_anchors=[c.root for c in roots], now=lambda: NOW_DT)


def _x5c_credential(chain: IssuerChain, iss: str = ISS) -> str:
    return issue_credential(
        vct=VCT,
        issuer=iss,
        claims={"given_name": "Jan"},
        disclosable=[("given_name",)],
        key=chain.leaf_key,
        holder_key=None,
        issued_at=NOW,
        expires_at=NOW + 3600,
        headers={"x5c": chain.x5c},
    ).compact


def _verify(compact: str, trusted: TrustedIssuers) -> Any:
    return verify_credential(
        compact, issuer_key=trusted.resolve, require_holder_key=False, now=lambda: float(NOW)
    )


def test_x5c_leaf_naming_the_issuer_as_san_uri(by_uri: IssuerChain) -> None:
    key = _x5c_resolver(by_uri).resolve(_header(x5c=by_uri.x5c), {"iss": ISS})
    assert isinstance(key, PublicKey)
    assert key.thumbprint() == by_uri.leaf_key.public.thumbprint()
    verified = _verify(_x5c_credential(by_uri), _x5c_resolver(by_uri))
    assert verified.issuer == ISS
    assert verified.claims["given_name"] == "Jan"


def test_x5c_leaf_naming_the_issuer_host_as_san_dns() -> None:
    chain = make_issuer_chain(NOW_DT, dns_names=["example.com"])
    iss = "https://example.com/tenant/1234"
    verified = _verify(_x5c_credential(chain, iss), _x5c_resolver(chain))
    assert verified.issuer == iss


def test_x5c_is_preferred_over_metadata_when_anchors_are_configured(by_uri: IssuerChain) -> None:
    trusted = TrustedIssuers(
        metadata={ISS: _metadata(KEY_A)}, trust_anchors=[by_uri.root], now=lambda: NOW_DT
    )
    assert _verify(_x5c_credential(by_uri), trusted).vct == VCT


@pytest.mark.parametrize(
    ("uris", "dns_names", "iss"),
    [
        ((), (), ISS),
        (("https://other.example.com",), (), ISS),
        (("https://example.com/tenant/1",), (), ISS),
        ((), ("other.example.com",), ISS),
        ((), ("example.com",), "urn:example:issuer"),
        ((), ("example.com",), "https://[::1"),  # urlsplit would raise ValueError
    ],
    ids=["no_san", "other_uri", "uri_with_path", "other_dns", "iss_not_a_url", "iss_broken_url"],
)
def test_x5c_leaf_not_naming_the_issuer(
    uris: tuple[str, ...], dns_names: tuple[str, ...], iss: str
) -> None:
    chain = make_issuer_chain(NOW_DT, uris=uris, dns_names=dns_names)
    with pytest.raises(IssuerMismatch):
        _x5c_resolver(chain).resolve(_header(x5c=chain.x5c), {"iss": iss})


def test_x5c_leaf_that_named_an_issuer_before_names_no_other(by_uri: IssuerChain) -> None:
    """§2.5: the certificate's names are checked for each ``iss``, and the chain's trust at
    each time, however often the same certificate was accepted before."""
    trusted = _x5c_resolver(by_uri)
    header = _header(x5c=by_uri.x5c)
    for _ in range(2):
        assert isinstance(trusted.resolve(header, {"iss": ISS}), PublicKey)
        with pytest.raises(IssuerMismatch):
            trusted.resolve(header, {"iss": "https://other.example.com"})
    later = TrustedIssuers(
        trust_anchors=[by_uri.root], now=lambda: datetime(2030, 1, 1, tzinfo=UTC)
    )
    with pytest.raises(CertificateChainInvalid):
        later.resolve(header, {"iss": ISS})


def test_x5c_chain_to_an_untrusted_root(by_uri: IssuerChain) -> None:
    stranger = make_issuer_chain(NOW_DT, uris=[ISS])
    with pytest.raises(CertificateChainInvalid):
        _verify(_x5c_credential(by_uri), _x5c_resolver(stranger))


def test_x5c_chain_outside_its_validity(by_uri: IssuerChain) -> None:
    later = TrustedIssuers(
        trust_anchors=[by_uri.root], now=lambda: datetime(2030, 1, 1, tzinfo=UTC)
    )
    with pytest.raises(CertificateChainInvalid):
        later.resolve(_header(x5c=by_uri.x5c), {"iss": ISS})


def test_x5c_leaf_key_must_have_signed(by_uri: IssuerChain) -> None:
    """The chain is public: anyone can copy it into a header, but not sign with its key."""
    forged = issue_credential(
        vct=VCT,
        issuer=ISS,
        claims={},
        disclosable=[],
        key=KEY_A,
        holder_key=None,
        issued_at=NOW,
        expires_at=None,
        headers={"x5c": by_uri.x5c},
    ).compact
    with pytest.raises(StandardsError) as info:
        _verify(forged, _x5c_resolver(by_uri))
    assert info.value.code == "jose.signature_invalid"
