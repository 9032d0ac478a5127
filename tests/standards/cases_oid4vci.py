"""Battery rows for ``standards.oid4vci``: OpenID4VCI 1.0 messages and key proofs that break a
rule of ``../shared/specs/openid4vci-1_0.md``.

Names follow the section each row guards: §4.1 (Credential Offer and its link), §6 (Token
Endpoint), §7.2 (Nonce Response), §8.2/§8.3 (Credential Request and Response, errors of
§8.3.1.2), §11.1 (Notification), §12.2/§12.3 (metadata), Appendix A.3.2 (SD-JWT VC profile),
B.3 (claims descriptions), F.1/F.4 (``jwt`` key proofs).

Each key proof is built by hand so that exactly one thing is wrong with it; the rest is a
valid proof by ``HOLDER`` for ``AUDIENCE`` at ``NOW`` with nonce ``NONCE``.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Mapping
from typing import Any, Final

from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from standards.errors import (
    AuthorizationServerMetadataInvalid,
    BatchSizeExceeded,
    CredentialIssuerMetadataInvalid,
    CredentialOfferInvalid,
    CredentialOfferLinkInvalid,
    InvalidClient,
    InvalidCredentialRequest,
    InvalidEncryptionParameters,
    InvalidNonce,
    InvalidNotificationRequest,
    IssuerResponseInvalid,
    ProofAlgorithmNotAllowed,
    ProofAudienceMismatch,
    ProofIatInvalid,
    ProofIssuerMismatch,
    ProofKeyInvalid,
    ProofKeyReferenceInvalid,
    ProofKeyReused,
    ProofMalformed,
    ProofNonceMissing,
    ProofSignatureInvalid,
    ProofsMalformed,
    ProofsMissing,
    ProofTypeUnsupported,
    ProofTypMismatch,
    TokenRequestInvalid,
    TxCodeMissing,
    TxCodeUnexpected,
    UnknownCredentialConfiguration,
    UnsupportedGrantType,
)
from standards.jose import PrivateKey, b64url_decode, b64url_encode, json_dumps
from standards.oid4vci import (
    PRE_AUTHORIZED_CODE_GRANT,
    PROOF_TYP,
    AuthorizationServerMetadata,
    CredentialIssuerMetadata,
    CredentialOffer,
    CredentialRequest,
    CredentialResponse,
    NonceResponse,
    NotificationRequest,
    ProofPolicy,
    TokenRequest,
    TokenResponse,
    create_proof_jwt,
    parse_credential_offer_link,
    verify_proof_jwt,
    verify_proofs,
)
from standards.oid4vci.client import pre_authorized_code_grant
from tests.standards.battery import Case

__all__ = ["CASES"]

AUDIENCE: Final = "https://gemeente.example.nl"
NOW: Final = 1_700_000_000
NONCE: Final = "wKI4LT17ac15ES9bw8ac4"
HOLDER: Final = PrivateKey.generate()
ATTACKER: Final = PrivateKey.generate()
P384: Final = PrivateKey.generate(crv="P-384")
POLICY: Final = ProofPolicy(audience=AUDIENCE, expected_nonce=NONCE)
CLIENT_ID: Final = "https://wallet-provider.example.org"
"""The client an attested access token was issued to (Appendix E: the attestation's ``sub``)."""
CLIENT_POLICY: Final = ProofPolicy(audience=AUDIENCE, expected_nonce=NONCE, client_id=CLIENT_ID)
_DROP: Final = object()

HOLDER_JWK: Final = {k: HOLDER.public.jwk[k] for k in ("kty", "crv", "x", "y")}
HEADER: Final[Mapping[str, Any]] = {"alg": "ES256", "typ": PROOF_TYP, "jwk": HOLDER_JWK}
PAYLOAD: Final[Mapping[str, Any]] = {"aud": AUDIENCE, "iat": NOW, "nonce": NONCE}


def _merge(base: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    merged = {**base, **changes}
    return {name: value for name, value in merged.items() if value is not _DROP}


def _proof(
    *,
    header: Mapping[str, Any] | None = None,
    key: PrivateKey = HOLDER,
    signature: bytes | None = None,
    **claims: Any,
) -> str:
    """A compact JWS of exactly this header and ``PAYLOAD`` with ``claims`` changed."""
    signing_input = (
        f"{b64url_encode(json_dumps(dict(HEADER if header is None else header)))}."
        f"{b64url_encode(json_dumps(_merge(PAYLOAD, claims)))}"
    )
    if signature is None:
        signature = key.sign_raw(signing_input.encode("ascii"))
    return f"{signing_input}.{b64url_encode(signature)}"


def _header(**changes: Any) -> dict[str, Any]:
    return _merge(HEADER, changes)


def _verify(proof: str, policy: ProofPolicy = POLICY, *, now: int = NOW) -> Callable[[], object]:
    return lambda: verify_proof_jwt(proof, policy, now=lambda: float(now))


def _hs256() -> str:
    """RFC 8725 §2.1: a MAC keyed with the public JWK the header carries."""
    header = _header(alg="HS256")
    signing_input = f"{b64url_encode(json_dumps(header))}.{b64url_encode(json_dumps(PAYLOAD))}"
    mac = hmac.new(json_dumps(HOLDER_JWK), signing_input.encode("ascii"), hashlib.sha256)
    return f"{signing_input}.{b64url_encode(mac.digest())}"


def _der_signature() -> str:
    """The same ES256 signature as ASN.1 DER, not R || S (RFC 7518 §3.4)."""
    good = _proof()
    raw = b64url_decode(good.rsplit(".", 1)[1])
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    return f"{good.rsplit('.', 1)[0]}.{b64url_encode(der)}"


def _bit_flip() -> str:
    good = _proof()
    raw = bytearray(b64url_decode(good.rsplit(".", 1)[1]))
    raw[7] ^= 0x01
    return f"{good.rsplit('.', 1)[0]}.{b64url_encode(bytes(raw))}"


def _off_curve_jwk() -> dict[str, Any]:
    y = bytearray(b64url_decode(HOLDER_JWK["y"]))
    y[-1] ^= 0x01
    return {**HOLDER_JWK, "y": b64url_encode(bytes(y))}


def _reused_key_batch() -> object:
    proof = create_proof_jwt(HOLDER, audience=AUDIENCE, nonce=NONCE, issued_at=NOW)
    return verify_proofs([proof, proof], POLICY, now=lambda: float(NOW))


# --- §8.2 Credential Request ----------------------------------------------------------------

GOOD_PROOF: Final = _proof()
REQUEST: Final[Mapping[str, Any]] = {
    "credential_configuration_id": "persoonsgegevens",
    "proofs": {"jwt": [GOOD_PROOF]},
}


def _request(
    *, batch_size: int = 5, proofs_required: bool = True, **changes: Any
) -> Callable[[], object]:
    body = _merge(REQUEST, changes)
    return lambda: CredentialRequest.from_body(
        body, batch_size=batch_size, proofs_required=proofs_required
    )


def _raw_request(body: object) -> Callable[[], object]:
    return lambda: CredentialRequest.from_body(body)


# --- §6.1 Token Request ---------------------------------------------------------------------

FORM: Final[Mapping[str, str]] = {
    "grant_type": PRE_AUTHORIZED_CODE_GRANT,
    "pre-authorized_code": "SplxlOBeZQQYbYS6WxSbIA",
    "tx_code": "493536",
}


def _token(*, anonymous_access: bool = True, **changes: Any) -> Callable[[], object]:
    form = _merge(FORM, changes)
    return lambda: TokenRequest.from_form(form, anonymous_access=anonymous_access)


def _token_without(name: str) -> Callable[[], object]:
    form = {k: v for k, v in FORM.items() if k != name}
    return lambda: TokenRequest.from_form(form)


def _tx_code(form: Mapping[str, str], *, expected: bool) -> Callable[[], object]:
    return lambda: TokenRequest.from_form(form).check_tx_code_presence(expected=expected)


# --- §4.1 Credential Offer ------------------------------------------------------------------

OFFER: Final[Mapping[str, Any]] = {
    "credential_issuer": AUDIENCE,
    "credential_configuration_ids": ["persoonsgegevens"],
    "grants": {
        PRE_AUTHORIZED_CODE_GRANT: {
            "pre-authorized_code": "oaKazRN8I0IbtZ0C7JuMn5",
            "tx_code": {"input_mode": "numeric", "length": 6},
        }
    },
}


def _offer(**changes: Any) -> Callable[[], object]:
    document = _merge(OFFER, changes)
    return lambda: CredentialOffer.parse(document)


def _grant(**changes: Any) -> Callable[[], object]:
    grant = _merge(OFFER["grants"][PRE_AUTHORIZED_CODE_GRANT], changes)
    return _offer(grants={PRE_AUTHORIZED_CODE_GRANT: grant})


def _tx(**changes: Any) -> Callable[[], object]:
    return _grant(tx_code=_merge({"input_mode": "numeric", "length": 6}, changes))


def _link(link: str) -> Callable[[], object]:
    return lambda: parse_credential_offer_link(link)


# --- §12.2 metadata ---------------------------------------------------------------------------

CONFIGURATION: Final[Mapping[str, Any]] = {
    "format": "dc+sd-jwt",
    "scope": "persoonsgegevens",
    "vct": "https://gemeente.example.nl/credentials/persoonsgegevens/v1",
    "cryptographic_binding_methods_supported": ["jwk"],
    "credential_signing_alg_values_supported": ["ES256"],
    "proof_types_supported": {"jwt": {"proof_signing_alg_values_supported": ["ES256"]}},
    "credential_metadata": {
        "display": [{"name": "Persoonsgegevens", "locale": "nl"}],
        "claims": [{"path": ["given_name"], "display": [{"name": "Voornaam", "locale": "nl"}]}],
    },
}
METADATA: Final[Mapping[str, Any]] = {
    "credential_issuer": AUDIENCE,
    "credential_endpoint": f"{AUDIENCE}/credential",
    "nonce_endpoint": f"{AUDIENCE}/nonce",
    "batch_credential_issuance": {"batch_size": 5},
    "credential_configurations_supported": {"persoonsgegevens": CONFIGURATION},
}


def _metadata(**changes: Any) -> Callable[[], object]:
    document = _merge(METADATA, changes)
    return lambda: CredentialIssuerMetadata.parse(document, expected_issuer=AUDIENCE)


def _configuration(**changes: Any) -> Callable[[], object]:
    return _metadata(
        credential_configurations_supported={"persoonsgegevens": _merge(CONFIGURATION, changes)}
    )


def _claims(*paths: list[Any]) -> Callable[[], object]:
    claims = [{"path": path} for path in paths]
    return _configuration(credential_metadata={"claims": claims})


def _unknown_configuration() -> object:
    metadata = CredentialIssuerMetadata.parse(METADATA)
    return metadata.configuration("rijbewijs")


def _as_metadata(document: Mapping[str, Any], expected: str = AUDIENCE) -> Callable[[], object]:
    return lambda: AuthorizationServerMetadata.parse(document, expected_issuer=expected)


# --- wallet side: §6.2, §7.2, §8.3, §11.1 -------------------------------------------------------


def _parse(model: Any, document: object) -> Callable[[], object]:
    return lambda: model.parse(document)


NOTIFICATION: Final[Mapping[str, Any]] = {
    "notification_id": "3fwe98js",
    "event": "credential_accepted",
}


def _notification(**changes: Any) -> Callable[[], object]:
    return _parse(NotificationRequest, _merge(NOTIFICATION, changes))


CASES: list[Case] = [
    # --- Appendix F.1 / F.4: jwt key proofs -------------------------------------------------
    Case("oid4vci_f1_empty", _verify(""), ProofMalformed),
    Case("oid4vci_f1_two_segments", _verify(GOOD_PROOF.rsplit(".", 1)[0]), ProofMalformed),
    Case("oid4vci_f1_too_large", _verify("a" * (17 * 1024)), ProofMalformed),
    Case("oid4vci_f1_crit_unknown", _verify(_proof(header=_header(crit=["x"]))), ProofMalformed),
    Case("oid4vci_f1_typ_missing", _verify(_proof(header=_header(typ=_DROP))), ProofTypMismatch),
    Case("oid4vci_f1_typ_jwt", _verify(_proof(header=_header(typ="JWT"))), ProofTypMismatch),
    Case("oid4vci_f1_typ_kb_jwt", _verify(_proof(header=_header(typ="kb+jwt"))), ProofTypMismatch),
    Case(
        "oid4vci_f1_typ_key_attestation",
        _verify(_proof(header=_header(typ="key-attestation+jwt"))),
        ProofTypMismatch,
    ),
    Case(
        "oid4vci_f4_alg_none",
        _verify(_proof(header=_header(alg="none"), signature=b"")),
        ProofAlgorithmNotAllowed,
    ),
    Case(
        "oid4vci_f4_alg_none_capitalised",
        _verify(_proof(header=_header(alg="None"), signature=b"")),
        ProofAlgorithmNotAllowed,
    ),
    Case("oid4vci_f4_alg_hs256", _verify(_hs256()), ProofAlgorithmNotAllowed),
    Case(
        "oid4vci_f4_alg_missing",
        _verify(_proof(header=_header(alg=_DROP))),
        ProofAlgorithmNotAllowed,
    ),
    Case(
        "oid4vci_f4_alg_es384_not_in_policy",
        _verify(_proof(header=_header(alg="ES384", jwk=P384.public.to_jwk()), key=P384)),
        ProofAlgorithmNotAllowed,
    ),
    Case(
        "oid4vci_f4_alg_es256_with_p384_jwk",
        _verify(_proof(header=_header(jwk=P384.public.to_jwk()), key=P384)),
        ProofKeyInvalid,
    ),
    Case(
        "oid4vci_f1_jwk_missing",
        _verify(_proof(header=_header(jwk=_DROP))),
        ProofKeyReferenceInvalid,
    ),
    Case(
        "oid4vci_f1_kid_instead_of_jwk",
        _verify(_proof(header=_header(jwk=_DROP, kid="did:example:123#key-1"))),
        ProofKeyReferenceInvalid,
    ),
    Case(
        "oid4vci_f1_jwk_and_kid",
        _verify(_proof(header=_header(kid="key-1"))),
        ProofKeyReferenceInvalid,
    ),
    Case(
        "oid4vci_f1_x5c_instead_of_jwk",
        _verify(_proof(header=_header(jwk=_DROP, x5c=["MIIB"]))),
        ProofKeyReferenceInvalid,
    ),
    Case(
        "oid4vci_f1_jwk_and_x5c",
        _verify(_proof(header=_header(x5c=["MIIB"]))),
        ProofKeyReferenceInvalid,
    ),
    Case(
        "oid4vci_f1_jku",
        _verify(_proof(header=_header(jku="https://attacker.example/jwks"))),
        ProofKeyReferenceInvalid,
    ),
    Case(
        "oid4vci_f4_jwk_private_d",
        _verify(_proof(header=_header(jwk=HOLDER.to_private_jwk()))),
        ProofKeyInvalid,
    ),
    Case(
        "oid4vci_f4_jwk_rsa",
        _verify(_proof(header=_header(jwk={"kty": "RSA", "n": "AQAB", "e": "AQAB"}))),
        ProofKeyInvalid,
    ),
    Case("oid4vci_f4_jwk_not_an_object", _verify(_proof(header=_header(jwk="x"))), ProofKeyInvalid),
    Case(
        "oid4vci_f4_jwk_point_not_on_curve",
        _verify(_proof(header=_header(jwk=_off_curve_jwk()))),
        ProofKeyInvalid,
    ),
    Case(
        "oid4vci_f4_jwk_for_encryption",
        _verify(_proof(header=_header(jwk={**HOLDER_JWK, "use": "enc"}))),
        ProofKeyInvalid,
    ),
    Case(
        "oid4vci_f4_signed_by_another_key",
        _verify(_proof(key=ATTACKER)),
        ProofSignatureInvalid,
    ),
    Case("oid4vci_f4_signature_bit_flip", _verify(_bit_flip()), ProofSignatureInvalid),
    Case("oid4vci_f4_signature_der", _verify(_der_signature()), ProofSignatureInvalid),
    Case(
        "oid4vci_f1_aud_other_issuer",
        _verify(_proof(aud="https://other.example.nl")),
        ProofAudienceMismatch,
    ),
    Case("oid4vci_f1_aud_array", _verify(_proof(aud=[AUDIENCE])), ProofAudienceMismatch),
    Case("oid4vci_f1_aud_missing", _verify(_proof(aud=_DROP)), ProofAudienceMismatch),
    Case(
        "oid4vci_f1_aud_trailing_slash", _verify(_proof(aud=AUDIENCE + "/")), ProofAudienceMismatch
    ),
    Case("oid4vci_f1_iat_missing", _verify(_proof(iat=_DROP)), ProofIatInvalid),
    Case("oid4vci_f1_iat_string", _verify(_proof(iat=str(NOW))), ProofIatInvalid),
    Case("oid4vci_f1_iat_boolean", _verify(_proof(iat=True)), ProofIatInvalid),
    Case("oid4vci_f4_iat_too_old", _verify(_proof(iat=NOW - 301)), ProofIatInvalid),
    Case("oid4vci_f4_iat_in_the_future", _verify(_proof(iat=NOW + 61)), ProofIatInvalid),
    Case(
        "oid4vci_f1_iss_after_anonymous_access",
        _verify(_proof(iss="wallet.example")),
        ProofIssuerMismatch,
    ),
    Case(
        "oid4vci_f1_iss_null_after_anonymous_access", _verify(_proof(iss=None)), ProofIssuerMismatch
    ),
    Case(
        "oid4vci_f1_iss_empty_after_anonymous_access", _verify(_proof(iss="")), ProofIssuerMismatch
    ),
    Case(
        "oid4vci_f1_iss_other_client",
        _verify(_proof(iss="attacker"), CLIENT_POLICY),
        ProofIssuerMismatch,
    ),
    Case(
        "oid4vci_f1_iss_client_id_in_other_case",
        _verify(_proof(iss=CLIENT_ID.upper()), CLIENT_POLICY),
        ProofIssuerMismatch,
    ),
    Case(
        "oid4vci_f1_iss_client_id_with_trailing_slash",
        _verify(_proof(iss=CLIENT_ID + "/"), CLIENT_POLICY),
        ProofIssuerMismatch,
    ),
    Case(
        "oid4vci_f1_iss_array_of_the_client_id",
        _verify(_proof(iss=[CLIENT_ID]), CLIENT_POLICY),
        ProofIssuerMismatch,
    ),
    Case(
        "oid4vci_f1_iss_null_for_a_client",
        _verify(_proof(iss=None), CLIENT_POLICY),
        ProofIssuerMismatch,
    ),
    Case("oid4vci_8_3_1_2_nonce_missing", _verify(_proof(nonce=_DROP)), ProofNonceMissing),
    Case("oid4vci_8_3_1_2_nonce_not_a_string", _verify(_proof(nonce=12345)), ProofNonceMissing),
    Case("oid4vci_8_3_1_2_nonce_empty", _verify(_proof(nonce="")), ProofNonceMissing),
    Case("oid4vci_8_3_1_2_nonce_mismatch", _verify(_proof(nonce="stale")), InvalidNonce),
    Case("oid4vci_8_3_batch_key_reused", _reused_key_batch, ProofKeyReused),
    # --- §8.2: Credential Request -------------------------------------------------------------
    Case("oid4vci_8_2_body_not_an_object", _raw_request([REQUEST]), InvalidCredentialRequest),
    Case(
        "oid4vci_8_2_both_identifiers",
        _request(credential_identifier="CivilEngineeringDegree-2023"),
        InvalidCredentialRequest,
    ),
    Case(
        "oid4vci_8_2_neither_identifier",
        _request(credential_configuration_id=_DROP),
        InvalidCredentialRequest,
    ),
    Case(
        "oid4vci_8_2_identifier_not_a_string",
        _request(credential_configuration_id=["persoonsgegevens"]),
        InvalidCredentialRequest,
    ),
    Case(
        "oid4vci_8_2_identifier_empty",
        _request(credential_configuration_id=""),
        InvalidCredentialRequest,
    ),
    Case("oid4vci_8_2_proofs_missing", _request(proofs=_DROP), ProofsMissing),
    Case(
        "oid4vci_8_2_proof_singular_of_drafts",
        _request(proofs=_DROP, proof={"proof_type": "jwt", "jwt": GOOD_PROOF}),
        ProofsMissing,
    ),
    Case(
        "oid4vci_8_2_proof_singular_even_if_optional",
        _request(
            proofs=_DROP, proof={"proof_type": "jwt", "jwt": GOOD_PROOF}, proofs_required=False
        ),
        ProofsMissing,
    ),
    Case("oid4vci_8_2_proofs_not_an_object", _request(proofs=[GOOD_PROOF]), ProofsMalformed),
    Case("oid4vci_8_2_proofs_empty_object", _request(proofs={}), ProofsMalformed),
    Case(
        "oid4vci_8_2_proofs_two_types",
        _request(proofs={"jwt": [GOOD_PROOF], "attestation": ["x"]}),
        ProofsMalformed,
    ),
    Case("oid4vci_8_2_proofs_jwt_empty", _request(proofs={"jwt": []}), ProofsMalformed),
    Case(
        "oid4vci_8_2_proofs_jwt_not_a_list", _request(proofs={"jwt": GOOD_PROOF}), ProofsMalformed
    ),
    Case(
        "oid4vci_8_2_proofs_jwt_entry_not_a_string", _request(proofs={"jwt": [{}]}), ProofsMalformed
    ),
    Case("oid4vci_8_2_proofs_di_vp", _request(proofs={"di_vp": [{}]}), ProofTypeUnsupported),
    Case(
        "oid4vci_12_2_4_batch_size_exceeded",
        _request(proofs={"jwt": [GOOD_PROOF] * 6}),
        BatchSizeExceeded,
    ),
    Case(
        "oid4vci_12_2_4_batch_without_batch_issuance",
        _request(proofs={"jwt": [GOOD_PROOF] * 2}, batch_size=1),
        BatchSizeExceeded,
    ),
    Case(
        "oid4vci_8_2_response_encryption_in_plain_request",
        _request(credential_response_encryption={"jwk": HOLDER_JWK, "enc": "A128GCM"}),
        InvalidEncryptionParameters,
    ),
    # --- §6.1 / §6.3: Token Request -------------------------------------------------------------
    Case(
        "oid4vci_6_1_grant_type_authorization_code",
        _token(grant_type="authorization_code"),
        UnsupportedGrantType,
    ),
    Case("oid4vci_6_1_grant_type_missing", _token_without("grant_type"), TokenRequestInvalid),
    Case(
        "oid4vci_6_1_pre_authorized_code_missing",
        _token_without("pre-authorized_code"),
        TokenRequestInvalid,
    ),
    Case(
        "oid4vci_6_1_pre_authorized_code_empty",
        lambda: TokenRequest.from_form({**FORM, "pre-authorized_code": ""}),
        TokenRequestInvalid,
    ),
    Case(
        "oid4vci_6_1_parameter_repeated",
        lambda: TokenRequest.from_form({**FORM, "pre-authorized_code": ["a", "b"]}),
        TokenRequestInvalid,
    ),
    Case(
        "oid4vci_6_1_parameter_repeated_in_raw_body",
        lambda: TokenRequest.from_body(
            f"grant_type={PRE_AUTHORIZED_CODE_GRANT}&pre-authorized_code=a&pre-authorized_code=b"
        ),
        TokenRequestInvalid,
    ),
    Case(
        "oid4vci_6_1_body_not_utf8",
        lambda: TokenRequest.from_body(b"grant_type=\xff"),
        TokenRequestInvalid,
    ),
    Case(
        "oid4vci_6_3_tx_code_missing",
        _tx_code({**FORM, "tx_code": ""}, expected=True),
        TxCodeMissing,
    ),
    Case("oid4vci_6_3_tx_code_unexpected", _tx_code(FORM, expected=False), TxCodeUnexpected),
    Case("oid4vci_6_3_anonymous_access_refused", _token(anonymous_access=False), InvalidClient),
    # --- §4.1: Credential Offer and its link ----------------------------------------------------
    Case(
        "oid4vci_4_1_1_offer_not_an_object",
        _parse(CredentialOffer, [OFFER]),
        CredentialOfferInvalid,
    ),
    Case(
        "oid4vci_4_1_1_configuration_ids_missing",
        _offer(credential_configuration_ids=_DROP),
        CredentialOfferInvalid,
    ),
    Case(
        "oid4vci_4_1_1_configuration_ids_empty",
        _offer(credential_configuration_ids=[]),
        CredentialOfferInvalid,
    ),
    Case(
        "oid4vci_4_1_1_configuration_ids_duplicate",
        _offer(credential_configuration_ids=["woonadres", "woonadres"]),
        CredentialOfferInvalid,
    ),
    Case(
        "oid4vci_4_1_1_configuration_id_not_a_string",
        _offer(credential_configuration_ids=[1]),
        CredentialOfferInvalid,
    ),
    Case(
        "oid4vci_4_1_1_credential_issuer_http",
        _offer(credential_issuer="http://gemeente.example.nl"),
        CredentialOfferInvalid,
    ),
    Case(
        "oid4vci_12_2_1_credential_issuer_with_query",
        _offer(credential_issuer=f"{AUDIENCE}?tenant=1"),
        CredentialOfferInvalid,
    ),
    Case(
        "oid4vci_12_2_1_credential_issuer_with_fragment",
        _offer(credential_issuer=f"{AUDIENCE}#x"),
        CredentialOfferInvalid,
    ),
    Case(
        "oid4vci_4_1_1_pre_authorized_code_missing",
        _grant(**{"pre-authorized_code": _DROP}),
        CredentialOfferInvalid,
    ),
    Case(
        "oid4vci_4_1_1_tx_code_description_301_characters",
        _tx(description="x" * 301),
        CredentialOfferInvalid,
    ),
    Case(
        "oid4vci_4_1_1_tx_code_input_mode_other",
        _tx(input_mode="alphanumeric"),
        CredentialOfferInvalid,
    ),
    Case("oid4vci_4_1_1_tx_code_length_zero", _tx(length=0), CredentialOfferInvalid),
    Case("oid4vci_4_1_1_tx_code_length_string", _tx(length="6"), CredentialOfferInvalid),
    Case(
        "oid4vci_4_1_link_both_parameters",
        _link(
            "openid-credential-offer://?credential_offer=%7B%7D"
            "&credential_offer_uri=https%3A%2F%2Fgemeente.example.nl%2Foffer%2F1"
        ),
        CredentialOfferLinkInvalid,
    ),
    Case(
        "oid4vci_4_1_link_neither_parameter",
        _link("openid-credential-offer://?offer=1"),
        CredentialOfferLinkInvalid,
    ),
    Case(
        "oid4vci_4_1_link_uri_repeated",
        _link(
            "openid-credential-offer://?credential_offer_uri=https%3A%2F%2Fa.example%2F1"
            "&credential_offer_uri=https%3A%2F%2Fb.example%2F2"
        ),
        CredentialOfferLinkInvalid,
    ),
    Case(
        "oid4vci_4_1_3_link_uri_http",
        _link("openid-credential-offer://?credential_offer_uri=http%3A%2F%2Fa.example%2F1"),
        CredentialOfferLinkInvalid,
    ),
    Case(
        "oid4vci_4_1_link_too_long",
        _link("openid-credential-offer://?credential_offer_uri=https://a.example/" + "a" * 65536),
        CredentialOfferLinkInvalid,
    ),
    Case(
        "oid4vci_4_1_link_not_a_url",
        _link("openid-credential-offer://[::1?credential_offer_uri=https%3A%2F%2Fa.example"),
        CredentialOfferLinkInvalid,
    ),
    Case(
        "oid4vci_4_1_3_link_uri_broken_ipv6",
        _link("openid-credential-offer://?credential_offer_uri=https%3A%2F%2F%5B%3A%3A1%2Fo"),
        CredentialOfferLinkInvalid,
    ),
    Case(
        "oid4vci_4_1_1_offer_without_pre_authorized_code_grant",
        lambda: pre_authorized_code_grant(CredentialOffer.parse(_merge(OFFER, {"grants": _DROP}))),
        CredentialOfferInvalid,
    ),
    Case(
        "oid4vci_4_1_2_link_offer_not_json",
        _link("openid-credential-offer://?credential_offer=%7Bnope"),
        CredentialOfferInvalid,
    ),
    Case(
        "oid4vci_4_1_2_link_offer_duplicate_member",
        _link(
            "openid-credential-offer://?credential_offer="
            "%7B%22credential_issuer%22%3A%22https%3A%2F%2Fa.example%22%2C"
            "%22credential_issuer%22%3A%22https%3A%2F%2Fb.example%22%7D"
        ),
        CredentialOfferInvalid,
    ),
    # --- §11.1: Notification Request ------------------------------------------------------------
    Case(
        "oid4vci_11_1_event_unknown",
        _notification(event="credential_stored"),
        InvalidNotificationRequest,
    ),
    Case(
        "oid4vci_11_1_event_case_sensitive",
        _notification(event="Credential_Accepted"),
        InvalidNotificationRequest,
    ),
    Case(
        "oid4vci_11_1_notification_id_missing",
        _notification(notification_id=_DROP),
        InvalidNotificationRequest,
    ),
    Case(
        "oid4vci_11_1_event_description_with_quote",
        _notification(event_description='disk "full"'),
        InvalidNotificationRequest,
    ),
    Case(
        "oid4vci_11_1_event_description_not_ascii",
        _notification(event_description="geheugen vol — opslag mislukt"),
        InvalidNotificationRequest,
    ),
    # --- §12.2 / §12.3: metadata ------------------------------------------------------------------
    Case(
        "oid4vci_12_2_4_credential_issuer_not_the_fetched_one",
        _metadata(credential_issuer="https://other.example.nl"),
        CredentialIssuerMetadataInvalid,
    ),
    Case(
        "oid4vci_12_2_4_credential_endpoint_missing",
        _metadata(credential_endpoint=_DROP),
        CredentialIssuerMetadataInvalid,
    ),
    Case(
        "oid4vci_12_2_4_credential_endpoint_http",
        _metadata(credential_endpoint="http://gemeente.example.nl/credential"),
        CredentialIssuerMetadataInvalid,
    ),
    Case(
        "oid4vci_12_2_4_credential_endpoint_broken_ipv6",
        _metadata(credential_endpoint="https://[::1/credential"),
        CredentialIssuerMetadataInvalid,
    ),
    Case(
        "oid4vci_12_2_4_batch_size_one",
        _metadata(batch_credential_issuance={"batch_size": 1}),
        CredentialIssuerMetadataInvalid,
    ),
    Case(
        "oid4vci_12_2_4_display_locale_twice",
        _metadata(display=[{"name": "Boxtel", "locale": "nl"}, {"name": "B", "locale": "nl"}]),
        CredentialIssuerMetadataInvalid,
    ),
    Case(
        "oid4vci_12_2_4_configurations_missing",
        _metadata(credential_configurations_supported=_DROP),
        CredentialIssuerMetadataInvalid,
    ),
    Case("oid4vci_a_3_2_vct_missing", _configuration(vct=_DROP), CredentialIssuerMetadataInvalid),
    Case(
        "oid4vci_12_2_4_proof_types_without_binding",
        _configuration(cryptographic_binding_methods_supported=_DROP),
        CredentialIssuerMetadataInvalid,
    ),
    Case(
        "oid4vci_12_2_4_proof_signing_algs_empty",
        _configuration(proof_types_supported={"jwt": {"proof_signing_alg_values_supported": []}}),
        CredentialIssuerMetadataInvalid,
    ),
    Case(
        "oid4vci_b_3_claim_described_twice",
        _claims(["address", "street"], ["address", "street"]),
        CredentialIssuerMetadataInvalid,
    ),
    Case(
        "oid4vci_b_3_claim_all_and_one_element",
        _claims(["nationalities", None], ["nationalities", 0]),
        CredentialIssuerMetadataInvalid,
    ),
    Case(
        "oid4vci_b_3_claim_array_and_object",
        _claims(["address", 0], ["address", "street"]),
        CredentialIssuerMetadataInvalid,
    ),
    Case("oid4vci_c_claims_path_negative", _claims(["a", -1]), CredentialIssuerMetadataInvalid),
    Case("oid4vci_c_claims_path_empty", _claims([]), CredentialIssuerMetadataInvalid),
    Case(
        "oid4vci_8_3_1_2_unknown_credential_configuration",
        _unknown_configuration,
        UnknownCredentialConfiguration,
    ),
    Case(
        "oid4vci_12_3_issuer_not_the_fetched_one",
        _as_metadata({"issuer": "https://other.example.nl", "token_endpoint": f"{AUDIENCE}/token"}),
        AuthorizationServerMetadataInvalid,
    ),
    Case(
        "oid4vci_12_3_anonymous_access_not_a_boolean",
        _as_metadata(
            {
                "issuer": AUDIENCE,
                "token_endpoint": f"{AUDIENCE}/token",
                "pre-authorized_grant_anonymous_access_supported": "true",
            }
        ),
        AuthorizationServerMetadataInvalid,
    ),
    # --- wallet side: §6.2, §7.2, §8.3 ------------------------------------------------------------
    Case(
        "oid4vci_6_2_access_token_missing",
        _parse(TokenResponse, {"token_type": "Bearer"}),
        IssuerResponseInvalid,
    ),
    Case(
        "oid4vci_6_2_authorization_details_without_identifiers",
        _parse(
            TokenResponse,
            {
                "access_token": "x",
                "token_type": "Bearer",
                "authorization_details": [{"type": "openid_credential"}],
            },
        ),
        IssuerResponseInvalid,
    ),
    Case("oid4vci_7_2_c_nonce_missing", _parse(NonceResponse, {}), IssuerResponseInvalid),
    Case(
        "oid4vci_8_3_credentials_and_transaction_id",
        _parse(CredentialResponse, {"credentials": [{"credential": "a~"}], "transaction_id": "t"}),
        IssuerResponseInvalid,
    ),
    Case(
        "oid4vci_8_3_credentials_empty",
        _parse(CredentialResponse, {"credentials": []}),
        IssuerResponseInvalid,
    ),
    Case(
        "oid4vci_8_3_credential_entry_not_an_object",
        _parse(CredentialResponse, {"credentials": ["a~"]}),
        IssuerResponseInvalid,
    ),
    Case(
        "oid4vci_8_3_deferred_without_interval",
        _parse(CredentialResponse, {"transaction_id": "8xLOxBtZp8"}),
        IssuerResponseInvalid,
    ),
    Case(
        "oid4vci_8_3_notification_id_with_deferral",
        _parse(
            CredentialResponse,
            {"transaction_id": "8xLOxBtZp8", "interval": 3600, "notification_id": "n"},
        ),
        IssuerResponseInvalid,
    ),
]
