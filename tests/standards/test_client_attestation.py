"""OAuth 2.0 Attestation-Based Client Authentication (OpenID4VCI 1.0 Appendix E): what passes.
The failures are battery rows (``cases_client_attestation.py``)."""

from __future__ import annotations

from standards.jose import parse_jws
from standards.oid4vci import AuthorizationServerMetadata
from standards.oid4vci.client_attestation import (
    POP_TYP,
    AttestationPolicy,
    client_attestation_headers,
    create_client_attestation_pop,
    verify_client_attestation,
)
from tests.standards.attestation_world import (
    AUDIENCE,
    CLIENT_ID,
    INSTANCE,
    NOW,
    PROVIDER,
    ROOT,
    attestation,
    pop,
)

POLICY = AttestationPolicy(audience=AUDIENCE, trust_anchors=[ROOT])


def test_abca_9_a_valid_attestation_and_pop_authenticate_the_wallet() -> None:
    verified = verify_client_attestation(
        attestation(), pop(), POLICY, client_id=CLIENT_ID, now=lambda: float(NOW)
    )
    assert verified.client_id == CLIENT_ID
    assert verified.attester == PROVIDER
    assert verified.instance_key.thumbprint() == INSTANCE.public.thumbprint()
    assert verified.wallet_name == "Regie wallet"
    assert verified.wallet_link == PROVIDER
    assert verified.jti == "pop-1"
    assert verified.remember_until == NOW + POLICY.pop_max_age + POLICY.clock_skew
    assert verified.expires_at == NOW + 300


def test_abca_5_2_aud_may_be_a_list_holding_the_server() -> None:
    proof = pop(aud=["https://elders.example.nl", AUDIENCE])
    verified = verify_client_attestation(attestation(), proof, POLICY, now=lambda: float(NOW))
    assert verified.client_id == CLIENT_ID


def test_abca_9_step8_the_servers_challenge_is_accepted() -> None:
    policy = AttestationPolicy(audience=AUDIENCE, trust_anchors=[ROOT], challenge="c-1")
    verified = verify_client_attestation(
        attestation(), pop(challenge="c-1"), policy, now=lambda: float(NOW)
    )
    assert verified.jti == "pop-1"


def test_abca_5_2_the_pop_the_wallet_builds_verifies() -> None:
    proof = create_client_attestation_pop(
        INSTANCE, client_id=CLIENT_ID, audience=AUDIENCE, issued_at=NOW
    )
    parsed = parse_jws(proof)
    assert parsed.header == {"alg": "ES256", "typ": POP_TYP}
    assert set(parsed.payload) == {"iss", "aud", "jti", "iat"}
    other = create_client_attestation_pop(
        INSTANCE, client_id=CLIENT_ID, audience=AUDIENCE, issued_at=NOW
    )
    assert parse_jws(other).payload["jti"] != parsed.payload["jti"]  # §5.2: unique
    verified = verify_client_attestation(attestation(), proof, POLICY, now=lambda: float(NOW))
    assert verified.jti == parsed.payload["jti"]


def test_abca_6_2_headers_are_found_whatever_their_case() -> None:
    pairs = [
        ("content-type", "x"),
        ("OAUTH-CLIENT-ATTESTATION", "a.b.c"),
        ("oauth-client-attestation-pop", "d.e.f"),
    ]
    assert client_attestation_headers(pairs) == ("a.b.c", "d.e.f")
    assert client_attestation_headers([("content-type", "x")]) is None


def test_abca_10_1_metadata_says_whether_attestation_is_required() -> None:
    base = {
        "issuer": AUDIENCE,
        "token_endpoint": f"{AUDIENCE}/token",
        "client_attestation_signing_alg_values_supported": ["ES256"],
        "client_attestation_pop_signing_alg_values_supported": ["ES256"],
    }
    required = AuthorizationServerMetadata.parse(
        {**base, "token_endpoint_auth_methods_supported": ["attest_jwt_client_auth"]}
    )
    optional = AuthorizationServerMetadata.parse(
        {**base, "token_endpoint_auth_methods_supported": ["attest_jwt_client_auth", "none"]}
    )
    silent = AuthorizationServerMetadata.parse(
        {"issuer": AUDIENCE, "token_endpoint": f"{AUDIENCE}/t"}
    )
    assert required.attestation_required
    assert not optional.attestation_required
    assert not silent.attestation_required
