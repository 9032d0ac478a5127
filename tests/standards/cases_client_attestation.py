"""Battery rows for ``standards.oid4vci.client_attestation``: wallet attestations and their
proofs of possession that break a rule of OAuth 2.0 Attestation-Based Client Authentication
(draft -07, "ABCA"), OpenID4VCI 1.0 Appendix E or HAIP 1.0 §4.4.1.

Names follow the section each row guards: ABCA §5.1 (Client Attestation JWT), §5.2 (PoP JWT),
§6.1/§6.2 (header fields), §6.3 (``client_id``), §9 (verification steps), HAIP §4.4.1
(``x5c``), ABCA §10.1 (metadata). Every other part of each input is valid
(``tests.standards.attestation_world``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from standards.errors import (
    AuthorizationServerMetadataInvalid,
    ClientAttestationAlgorithmNotAllowed,
    ClientAttestationClaimsInvalid,
    ClientAttestationClientIdMismatch,
    ClientAttestationExpired,
    ClientAttestationHeaderInvalid,
    ClientAttestationKeyInvalid,
    ClientAttestationMalformed,
    ClientAttestationNotYetValid,
    ClientAttestationPopAudienceMismatch,
    ClientAttestationPopChallengeMismatch,
    ClientAttestationPopIssuerMismatch,
    ClientAttestationPopJtiInvalid,
    ClientAttestationPopSignatureInvalid,
    ClientAttestationPopTimeInvalid,
    ClientAttestationPopTypMismatch,
    ClientAttestationSignatureInvalid,
    ClientAttestationTypMismatch,
    ClientAttestationUntrusted,
)
from standards.jose import PrivateKey, b64url_encode, json_dumps
from standards.oid4vci import AuthorizationServerMetadata
from standards.oid4vci.client_attestation import (
    ATTESTATION_TYP,
    POP_TYP,
    AttestationPolicy,
    client_attestation_headers,
    verify_client_attestation,
)
from tests.standards.attestation_world import (
    AUDIENCE,
    DROP,
    INSTANCE,
    NOW,
    OTHER_X5C,
    PROVIDER,
    ROOT,
    X5C,
    attestation,
    pop,
)
from tests.standards.battery import Case
from tests.standards.pki import der_b64

__all__ = ["CASES"]

POLICY: Final = AttestationPolicy(audience=AUDIENCE, trust_anchors=[ROOT])
STRANGER: Final = PrivateKey.generate()
P384: Final = PrivateKey.generate(crv="P-384")


def _verify(
    att: str | None = None,
    proof: str | None = None,
    *,
    policy: AttestationPolicy = POLICY,
    client_id: str | None = None,
    now: int = NOW,
) -> Callable[[], object]:
    return lambda: verify_client_attestation(
        attestation() if att is None else att,
        pop() if proof is None else proof,
        policy,
        client_id=client_id,
        now=lambda: float(now),
    )


def _headers(*pairs: tuple[str, str]) -> Callable[[], object]:
    return lambda: client_attestation_headers(pairs)


def _unsigned(token: str, typ: str) -> str:
    """RFC 7519 §6: the same claims with ``alg`` ``none`` and no signature."""
    payload = token.split(".")[1]
    return f"{b64url_encode(json_dumps({'alg': 'none', 'typ': typ}))}.{payload}."


def _bit_flip(token: str) -> str:
    head, signature = token.rsplit(".", 1)
    flipped = ("B" if signature[5] == "A" else "A").join((signature[:5], signature[6:]))
    return f"{head}.{flipped}"


def _metadata_without_algorithms() -> object:
    return AuthorizationServerMetadata.parse(
        {
            "issuer": AUDIENCE,
            "token_endpoint": f"{AUDIENCE}/token",
            "token_endpoint_auth_methods_supported": ["attest_jwt_client_auth"],
        }
    )


A, P = attestation(), pop()
CASES: list[Case] = [
    # --- §6.1/§6.2: the header fields --------------------------------------------------------
    Case(
        "abca_6_2_step2_attestation_without_pop",
        _headers(("OAuth-Client-Attestation", A)),
        ClientAttestationHeaderInvalid,
    ),
    Case(
        "abca_6_2_step1_pop_without_attestation",
        _headers(("oauth-client-attestation-pop", P)),
        ClientAttestationHeaderInvalid,
    ),
    Case(
        "abca_6_2_step1_attestation_header_twice",
        _headers(
            ("OAuth-Client-Attestation", A),
            ("OAuth-Client-Attestation", A),
            ("OAuth-Client-Attestation-PoP", P),
        ),
        ClientAttestationHeaderInvalid,
    ),
    Case(
        "abca_6_1_header_value_not_token68",
        _headers(("OAuth-Client-Attestation", f"{A}, {A}"), ("OAuth-Client-Attestation-PoP", P)),
        ClientAttestationHeaderInvalid,
    ),
    Case("abca_9_step1_attestation_not_a_jwt", _verify("not-a-jwt"), ClientAttestationMalformed),
    Case("abca_9_step1_pop_not_a_jwt", _verify(proof="a.b.c"), ClientAttestationMalformed),
    # --- §5.1: the Client Attestation JWT ----------------------------------------------------
    Case(
        "abca_5_1_typ_missing",
        _verify(attestation(header={"typ": DROP})),
        ClientAttestationTypMismatch,
    ),
    Case(
        "abca_5_1_typ_of_a_pop",
        _verify(attestation(header={"typ": "oauth-client-attestation-pop+jwt"})),
        ClientAttestationTypMismatch,
    ),
    Case(
        "abca_9_step4_alg_none",
        _verify(_unsigned(A, ATTESTATION_TYP)),
        ClientAttestationAlgorithmNotAllowed,
    ),
    Case(
        "abca_9_step4_alg_es384",
        _verify(attestation(header={"alg": "ES384"}, key=P384)),
        ClientAttestationAlgorithmNotAllowed,
    ),
    Case(
        "haip_4_4_1_x5c_missing",
        _verify(attestation(header={"x5c": DROP})),
        ClientAttestationUntrusted,
    ),
    Case(
        "haip_4_4_1_x5c_includes_the_trust_anchor",
        _verify(attestation(header={"x5c": [*X5C, der_b64(ROOT)]})),
        ClientAttestationUntrusted,
    ),
    Case(
        "abca_9_step5_chain_to_an_untrusted_ca",
        _verify(attestation(header={"x5c": OTHER_X5C})),
        ClientAttestationUntrusted,
    ),
    Case(
        "abca_9_step5_key_from_the_header_refused",
        _verify(attestation(header={"jwk": STRANGER.public.jwk})),
        ClientAttestationUntrusted,
    ),
    Case(
        "abca_9_step5_certificate_does_not_name_iss",
        _verify(attestation(iss="https://other-provider.example.nl")),
        ClientAttestationUntrusted,
    ),
    Case(
        "abca_9_step5_signed_by_another_key_than_the_certificates",
        _verify(attestation(key=STRANGER)),
        ClientAttestationSignatureInvalid,
    ),
    Case(
        "abca_9_step5_signature_altered", _verify(_bit_flip(A)), ClientAttestationSignatureInvalid
    ),
    Case("abca_5_1_iss_missing", _verify(attestation(iss=DROP)), ClientAttestationClaimsInvalid),
    Case("abca_5_1_sub_missing", _verify(attestation(sub=DROP)), ClientAttestationClaimsInvalid),
    Case("abca_5_1_exp_missing", _verify(attestation(exp=DROP)), ClientAttestationClaimsInvalid),
    Case(
        "abca_5_1_exp_not_a_number",
        _verify(attestation(exp="soon")),
        ClientAttestationClaimsInvalid,
    ),
    Case("abca_5_1_cnf_missing", _verify(attestation(cnf=DROP)), ClientAttestationClaimsInvalid),
    Case(
        "abca_5_1_cnf_without_jwk",
        _verify(attestation(cnf={"jkt": "abc"})),
        ClientAttestationClaimsInvalid,
    ),
    Case("abca_5_1_exp_passed", _verify(attestation(exp=NOW - 61)), ClientAttestationExpired),
    Case(
        "abca_5_1_nbf_in_the_future",
        _verify(attestation(nbf=NOW + 61)),
        ClientAttestationNotYetValid,
    ),
    Case(
        "abca_5_1_iat_in_the_future",
        _verify(attestation(iat=NOW + 61)),
        ClientAttestationNotYetValid,
    ),
    Case(
        "abca_9_step6_cnf_is_a_private_key",
        _verify(attestation(cnf={"jwk": INSTANCE.to_private_jwk()})),
        ClientAttestationKeyInvalid,
    ),
    Case(
        "abca_9_step4_cnf_key_for_es384",
        _verify(attestation(cnf={"jwk": P384.public.jwk})),
        ClientAttestationKeyInvalid,
    ),
    # --- §5.2: the Client Attestation PoP JWT ------------------------------------------------
    Case(
        "abca_5_2_pop_typ_missing",
        _verify(proof=pop(header={"typ": DROP})),
        ClientAttestationPopTypMismatch,
    ),
    Case(
        "abca_5_2_pop_typ_of_an_attestation",
        _verify(proof=pop(header={"typ": "oauth-client-attestation+jwt"})),
        ClientAttestationPopTypMismatch,
    ),
    Case(
        "abca_9_step4_pop_alg_none",
        _verify(proof=_unsigned(P, POP_TYP)),
        ClientAttestationAlgorithmNotAllowed,
    ),
    Case(
        "abca_9_step7_pop_by_another_key",
        _verify(proof=pop(key=STRANGER)),
        ClientAttestationPopSignatureInvalid,
    ),
    Case(
        "abca_9_step7_pop_altered",
        _verify(proof=_bit_flip(P)),
        ClientAttestationPopSignatureInvalid,
    ),
    Case(
        "abca_5_2_rule4_pop_iss_not_sub",
        _verify(proof=pop(iss="https://x.example")),
        ClientAttestationPopIssuerMismatch,
    ),
    Case(
        "abca_5_2_pop_iss_missing", _verify(proof=pop(iss=DROP)), ClientAttestationPopIssuerMismatch
    ),
    Case(
        "abca_9_step10_pop_for_another_server",
        _verify(proof=pop(aud="https://andere-gemeente.example.nl")),
        ClientAttestationPopAudienceMismatch,
    ),
    Case(
        "abca_9_step10_pop_aud_missing",
        _verify(proof=pop(aud=DROP)),
        ClientAttestationPopAudienceMismatch,
    ),
    Case("abca_5_2_pop_jti_missing", _verify(proof=pop(jti=DROP)), ClientAttestationPopJtiInvalid),
    Case(
        "abca_5_2_pop_jti_not_a_string", _verify(proof=pop(jti=7)), ClientAttestationPopJtiInvalid
    ),
    Case("abca_5_2_pop_iat_missing", _verify(proof=pop(iat=DROP)), ClientAttestationPopTimeInvalid),
    Case(
        "abca_9_step9_pop_too_old",
        _verify(proof=pop(iat=NOW - 301)),
        ClientAttestationPopTimeInvalid,
    ),
    Case(
        "abca_9_step9_pop_from_the_future",
        _verify(proof=pop(iat=NOW + 61)),
        ClientAttestationPopTimeInvalid,
    ),
    Case(
        "abca_5_2_pop_nbf_in_the_future",
        _verify(proof=pop(nbf=NOW + 61)),
        ClientAttestationPopTimeInvalid,
    ),
    Case(
        "abca_5_2_pop_exp_passed", _verify(proof=pop(exp=NOW - 61)), ClientAttestationPopTimeInvalid
    ),
    Case(
        "abca_9_step8_pop_without_the_servers_challenge",
        _verify(policy=AttestationPolicy(audience=AUDIENCE, trust_anchors=[ROOT], challenge="c-1")),
        ClientAttestationPopChallengeMismatch,
    ),
    # --- §6.3: client_id; §10.1: metadata ----------------------------------------------------
    Case(
        "abca_6_3_client_id_is_not_the_attestations_sub",
        _verify(client_id=f"{PROVIDER}/other"),
        ClientAttestationClientIdMismatch,
    ),
    Case(
        "abca_10_1_attest_jwt_client_auth_without_algorithm_lists",
        _metadata_without_algorithms,
        AuthorizationServerMetadataInvalid,
    ),
]
