"""Battery rows for ``standards.oid4vp`` (OpenID4VP 1.0 §5, §8, Appendix B.3.6; HAIP 1.0 §5):
Request Objects a wallet must refuse, links, responses a verifier must refuse, and
presentations bound to another nonce or audience. Each row changes one thing of a good message
from ``oid4vp_world``; the verifier battery of issue 4 is here where it belongs to the pure
layer (the rest is in ``cases_dcql.py`` and ``cases_jwe.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from functools import cache
from typing import Any

from standards import dcql, jose, oid4vp
from standards.errors import (
    AudienceMismatch,
    AuthorizationRequestInvalid,
    AuthorizationRequestLinkInvalid,
    AuthorizationResponseInvalid,
    CertificateChainInvalid,
    ClientIdCertificateMismatch,
    ClientIdMismatch,
    ClientIdPrefixUnsupported,
    DCQLIdInvalid,
    EncryptionRequired,
    InvalidRequestUriMethod,
    InvalidTransactionData,
    JWEAlgorithmNotAllowed,
    JWEEncryptionNotAllowed,
    JWEKeyUnknown,
    KeyBindingMissing,
    NonceMismatch,
    RequestedClaimMissing,
    RequestObjectInvalid,
    ResponseUriNotAllowed,
    SignatureInvalid,
    StateMismatch,
    TokenExpired,
    TokenNotYetValid,
    TooManyPresentations,
    TypMismatch,
    UnknownCredentialQueryId,
    VctNotAllowed,
    VerifierResponseInvalid,
    VpTokenMalformed,
    WalletNonceMismatch,
)
from tests.standards import oid4vp_world as w
from tests.standards.battery import Case
from tests.standards.pki import der_b64
from tests.standards.pki_vc import make_issuer_chain

__all__ = ["CASES"]

LINK = oid4vp.authorization_request_link(
    client_id=w.CLIENT_ID, request_uri=f"https://{w.RP_HOST}/oid4vp/request/abc"
)


def verify(token: str, *, client_id: str = w.CLIENT_ID, **options: Any) -> object:
    return oid4vp.verify_request_object(
        token, client_id=client_id, trust_anchors=[w.ANCHOR], now=w.NOW, **options
    )


def verify_payload(**changes: Any) -> object:
    payload = w.good_request(**changes)
    return verify(w.request_object(payload), client_id=payload.get("client_id", w.CLIENT_ID))


@cache
def _other_chain() -> Any:
    return make_issuer_chain(datetime.fromtimestamp(w.NOW, UTC), dns_names=[w.RP_HOST])


def _signed_by_other_chain() -> str:
    other = _other_chain()
    return w.request_object(key=other.leaf_key, headers={"x5c": other.x5c})


def _with_anchor_in_x5c() -> str:
    return w.request_object(headers={"x5c": [*w.RP.x5c, der_b64(w.ANCHOR)]})


def _encrypted_metadata(**changes: Any) -> dict[str, Any]:
    return {**w.good_request()["client_metadata"], **changes}


def parse(form: Mapping[str, Any], *, mode: str = oid4vp.DIRECT_POST_JWT, **options: Any) -> object:
    return oid4vp.parse_authorization_response(
        form,
        response_mode=mode,
        decryption_keys=[w.ENCRYPTION],
        expected_state=w.STATE,
        **options,
    )


def _jwe_header(**changes: Any) -> dict[str, str]:
    token = w.response_form()["response"]
    header = {**jose.read_jwe_header(token), **changes}
    parts = token.split(".")
    return {"response": ".".join([jose.b64url_encode(jose.json_dumps(header)), *parts[1:]])}


def _encrypted(payload: Mapping[str, Any]) -> dict[str, str]:
    plaintext = jose.json_dumps(dict(payload))
    return {"response": jose.encrypt_jwe(plaintext, w.ENCRYPTION.public_jwk(), enc="A128GCM")}


def verify_token(vp_token: Mapping[str, tuple[str, ...]], **options: Any) -> object:
    settings: dict[str, Any] = {
        "query": w.QUERY,
        "client_id": w.CLIENT_ID,
        "nonce": w.NONCE,
        "issuer_key": w.ISSUER_KEY.public,
        "now": lambda: w.NOW,
        **options,
    }
    return oid4vp.verify_vp_token(vp_token, **settings)


def _one(**options: Any) -> object:
    presentation = w.presentations(**options)["persoon"][0]
    return oid4vp.verify_presentation(
        presentation,
        client_id=w.CLIENT_ID,
        nonce=w.NONCE,
        issuer_key=w.ISSUER_KEY.public,
        now=lambda: w.NOW,
    )


def _without_key_binding() -> object:
    presentation = w.presentations()["persoon"][0]
    sd_jwt = presentation[: presentation.rindex("~") + 1]
    return verify_token({**w.presentations(), "persoon": (sd_jwt,)})


def _binding_waived(*, key_binding: bool, nonce: str = w.NONCE) -> object:
    """A query that waives holder binding (§6.1) for the person's credential, which has a
    ``cnf``, and its presentation: with a KB-JWT made for ``nonce``, or without one."""
    waived = dcql.DCQLQuery.parse(
        {
            "credentials": [
                {
                    **w.QUERY.to_json()["credentials"][0],
                    "require_cryptographic_holder_binding": False,
                }
            ]
        }
    )
    presentation = w.presentations(nonce=nonce, query=waived)["persoon"][0]
    if not key_binding:
        presentation = presentation[: presentation.rindex("~") + 1]
    return verify_token({"persoon": (presentation,)}, query=waived)


def _person_only_query() -> dcql.DCQLQuery:
    return dcql.DCQLQuery.parse({"credentials": [w.QUERY.to_json()["credentials"][0]]})


CASES: list[Case] = [
    # --- §5 and RFC 9101: the Request Object, as the wallet checks it ---------------------------
    Case("oid4vp_5_typ_jwt", lambda: verify(w.request_object(typ="JWT")), TypMismatch),
    Case(
        "oid4vp_5_9_3_x5c_missing",
        lambda: verify(w.request_object(headers={"x5c": None})),
        CertificateChainInvalid,
    ),
    Case(
        "haip_5_x5c_includes_trust_anchor",
        lambda: verify(_with_anchor_in_x5c()),
        CertificateChainInvalid,
    ),
    Case(
        "oid4vp_5_9_3_chain_to_untrusted_root",
        lambda: verify(_signed_by_other_chain()),
        CertificateChainInvalid,
    ),
    Case(
        "oid4vp_5_9_3_not_signed_by_the_leaf",
        lambda: verify(w.request_object(key=jose.PrivateKey.generate())),
        SignatureInvalid,
    ),
    Case(
        "oid4vp_5_10_1_client_id_differs_from_link",
        lambda: verify(w.request_object(), client_id="x509_san_dns:other.example.nl"),
        ClientIdMismatch,
    ),
    Case(
        "oid4vp_5_9_3_x509_san_dns_not_in_certificate",
        lambda: verify_payload(client_id="x509_san_dns:other.example.nl"),
        ClientIdCertificateMismatch,
    ),
    Case(
        "oid4vp_5_9_3_x509_hash_of_another_certificate",
        lambda: verify_payload(client_id="x509_hash:" + jose.b64url_encode(b"\x00" * 32)),
        ClientIdCertificateMismatch,
    ),
    Case(
        "oid4vp_5_9_1_prefix_redirect_uri",
        lambda: verify_payload(client_id=f"redirect_uri:https://{w.RP_HOST}/cb"),
        ClientIdPrefixUnsupported,
    ),
    Case(
        "oid4vp_5_9_2_pre_registered_client",
        lambda: verify_payload(client_id="woonstichting"),
        ClientIdPrefixUnsupported,
    ),
    Case(
        "oid4vp_5_9_3_response_uri_on_another_host",
        lambda: verify_payload(response_uri="https://attacker.example/collect"),
        ResponseUriNotAllowed,
    ),
    Case(
        "oid4vp_8_2_redirect_uri_with_direct_post",
        lambda: verify_payload(redirect_uri=f"https://{w.RP_HOST}/cb"),
        ResponseUriNotAllowed,
    ),
    Case("oid4vp_5_8_aud_other", lambda: verify_payload(aud=w.CLIENT_ID), RequestObjectInvalid),
    Case(
        "oid4vp_5_6_response_type_code",
        lambda: verify_payload(response_type="code"),
        RequestObjectInvalid,
    ),
    Case(
        "oid4vp_5_2_response_mode_fragment",
        lambda: verify_payload(response_mode="fragment"),
        RequestObjectInvalid,
    ),
    Case("oid4vp_5_2_nonce_missing", lambda: verify_payload(nonce=None), RequestObjectInvalid),
    Case(
        "oid4vp_5_2_nonce_not_url_safe",
        lambda: verify_payload(nonce="n 0S6/WzA2Mj"),
        RequestObjectInvalid,
    ),
    Case(
        "oid4vp_8_2_response_uri_plain_http",
        lambda: verify_payload(response_uri=f"http://{w.RP_HOST}/response"),
        RequestObjectInvalid,
    ),
    Case(
        "oid4vp_8_3_direct_post_jwt_without_jwks",
        lambda: verify_payload(client_metadata={}),
        RequestObjectInvalid,
    ),
    Case(
        "oid4vp_5_1_jwks_key_without_kid",
        lambda: verify_payload(
            client_metadata=_encrypted_metadata(
                jwks={"keys": [{**w.ENCRYPTION.public_jwk(), "kid": None}]}
            )
        ),
        RequestObjectInvalid,
    ),
    Case(
        "oid4vp_5_1_transaction_data_unsupported",
        lambda: verify_payload(transaction_data=["e30"]),
        InvalidTransactionData,
    ),
    Case(
        "oid4vp_5_1_scope_and_dcql_query",
        lambda: verify_payload(scope="com.example.pid"),
        RequestObjectInvalid,
    ),
    Case(
        "oid4vp_6_1_request_with_bad_dcql_id",
        lambda: verify_payload(
            dcql_query={"credentials": [{**w.QUERY.to_json()["credentials"][0], "id": "a b"}]}
        ),
        DCQLIdInvalid,
    ),
    Case("rfc9101_exp_missing", lambda: verify_payload(exp=None), RequestObjectInvalid),
    Case("rfc9101_exp_passed", lambda: verify_payload(exp=w.NOW - 120), TokenExpired),
    Case("rfc9101_iat_in_future", lambda: verify_payload(iat=w.NOW + 600), TokenNotYetValid),
    Case(
        "oid4vp_5_10_1_wallet_nonce_missing",
        lambda: verify(w.request_object(), wallet_nonce="qPmxiNFCR3QTm19POc8u"),
        WalletNonceMismatch,
    ),
    Case(
        "oid4vp_5_2_verifier_nonce_under_128_bits",
        lambda: oid4vp.authorization_request(
            client_id=w.CLIENT_ID,
            response_uri=f"https://{w.RP_HOST}/r",
            dcql_query=w.QUERY,
            nonce="n-0S6_WzA2Mj",
            state=w.STATE,
            issued_at=w.NOW,
            encryption_key=None,
        ),
        RequestObjectInvalid,
    ),
    # --- §5 and §5.10: the link and the POST to the Request URI -------------------------------
    Case(
        "haip_5_1_link_without_request_uri",
        lambda: oid4vp.parse_authorization_request_link(f"openid4vp://?client_id={w.CLIENT_ID}"),
        AuthorizationRequestLinkInvalid,
    ),
    Case(
        "haip_5_1_link_request_by_value",
        lambda: oid4vp.parse_authorization_request_link(
            f"openid4vp://?client_id={w.CLIENT_ID}&request=eyJ"
        ),
        AuthorizationRequestLinkInvalid,
    ),
    Case(
        "oid4vp_5_link_request_uri_not_https",
        lambda: oid4vp.parse_authorization_request_link(LINK.replace("https%3A", "http%3A")),
        AuthorizationRequestLinkInvalid,
    ),
    Case(
        "oid4vp_5_link_client_id_twice",
        lambda: oid4vp.parse_authorization_request_link(LINK + "&client_id=x509_hash%3Aabc"),
        AuthorizationRequestLinkInvalid,
    ),
    Case(
        "oid4vp_8_5_request_uri_method_upper_case",
        lambda: oid4vp.parse_authorization_request_link(LINK + "&request_uri_method=POST"),
        InvalidRequestUriMethod,
    ),
    Case(
        "oid4vp_5_1_request_uri_method_without_request_uri",
        lambda: oid4vp.parse_authorization_request_link(
            f"openid4vp://?client_id={w.CLIENT_ID}&request_uri_method=post"
        ),
        InvalidRequestUriMethod,
    ),
    Case(
        "oid4vp_5_10_wallet_metadata_not_json",
        lambda: oid4vp.parse_request_uri_post({"wallet_metadata": "{vp_formats"}),
        AuthorizationRequestInvalid,
    ),
    Case(
        "oid4vp_5_10_wallet_metadata_not_an_object",
        lambda: oid4vp.parse_request_uri_post({"wallet_metadata": "[]"}),
        AuthorizationRequestInvalid,
    ),
    # --- §8: the response, as the verifier reads it ----------------------------------------------
    Case(
        "oid4vp_8_1_vp_token_not_json",
        lambda: parse({"vp_token": "eyJhbGci...QMA", "state": w.STATE}, mode="direct_post"),
        VpTokenMalformed,
    ),
    Case(
        "oid4vp_8_1_vp_token_an_array",
        lambda: parse({"vp_token": '["eyJ"]', "state": w.STATE}, mode="direct_post"),
        VpTokenMalformed,
    ),
    Case(
        "oid4vp_8_1_vp_token_presentation_not_a_string",
        lambda: parse({"vp_token": '{"persoon":[{}]}', "state": w.STATE}, mode="direct_post"),
        VpTokenMalformed,
    ),
    Case(
        "oid4vp_8_1_vp_token_string_in_encrypted_payload",
        lambda: parse(_encrypted({"vp_token": '{"persoon":["eyJ"]}', "state": w.STATE})),
        VpTokenMalformed,
    ),
    Case(
        "oid4vp_8_3_1_plaintext_when_encryption_required",
        lambda: parse(oid4vp.direct_post_form(w.presentations(), w.STATE)),
        EncryptionRequired,
    ),
    Case(
        "oid4vp_8_3_1_response_is_a_jws",
        lambda: parse({"response": jose.sign_jws({"vp_token": {}}, w.HOLDER, typ="JWT")}),
        EncryptionRequired,
    ),
    Case("oid4vp_8_3_1_response_missing", lambda: parse({}), AuthorizationResponseInvalid),
    Case(
        "oid4vp_8_2_vp_token_twice",
        lambda: parse({"vp_token": ['{"a":["b"]}', '{"a":["c"]}']}, mode="direct_post"),
        AuthorizationResponseInvalid,
    ),
    Case(
        "oid4vp_8_3_jwe_wrong_kid",
        lambda: parse(_jwe_header(kid="another-request")),
        JWEKeyUnknown,
    ),
    Case(
        "oid4vp_8_3_jwe_enc_not_offered",
        lambda: parse(w.response_form(), encryptions=("A128GCM",)),
        JWEEncryptionNotAllowed,
    ),
    Case(
        "oid4vp_8_3_jwe_alg_mismatch",
        lambda: parse(_jwe_header(alg="ECDH-ES+A256KW")),
        JWEAlgorithmNotAllowed,
    ),
    Case(
        "oid4vp_8_3_payload_without_vp_token",
        lambda: parse(_encrypted({"id_token": "x", "state": w.STATE})),
        AuthorizationResponseInvalid,
    ),
    Case(
        "oid4vp_14_3_2_state_of_another_request",
        lambda: parse(w.response_form(state="another-state")),
        StateMismatch,
    ),
    Case(
        "oid4vp_8_2_redirect_uri_not_a_url",
        lambda: oid4vp.VerifierResponse.parse({"redirect_uri": "javascript:alert(1)"}),
        VerifierResponseInvalid,
    ),
    # --- Appendix B.3.6 and §14.1.2: presentations bound to this request -------------------------
    Case(
        "oid4vp_14_1_2_nonce_of_another_transaction",
        lambda: _one(nonce=oid4vp.new_nonce()),
        NonceMismatch,
    ),
    Case(
        "oid4vp_14_8_kb_aud_without_prefix",
        lambda: _one(client_id=w.RP_HOST),
        AudienceMismatch,
    ),
    Case(
        "oid4vp_14_1_2_kb_aud_of_another_relying_party",
        lambda: _one(client_id="x509_san_dns:gemeente.example.nl"),
        AudienceMismatch,
    ),
    Case(
        "oid4vp_14_8_kb_aud_other_prefix_same_party",
        lambda: _one(client_id=w.CLIENT_ID_HASH),
        AudienceMismatch,
    ),
    Case(
        "oid4vp_6_1_presentation_without_key_binding",
        _without_key_binding,
        KeyBindingMissing,
    ),
    Case(
        "haip_6_1_1_1_bound_credential_without_key_binding_where_the_query_waives_it",
        lambda: _binding_waived(key_binding=False),
        KeyBindingMissing,
    ),
    Case(
        "haip_6_1_1_1_bound_credential_key_binding_checked_where_the_query_waives_it",
        lambda: _binding_waived(key_binding=True, nonce="another-nonce"),
        NonceMismatch,
    ),
    Case(
        "oid4vp_8_6_unknown_dcql_id",
        lambda: verify_token({**w.presentations(), "rijbewijs": ("eyJ",)}),
        UnknownCredentialQueryId,
    ),
    Case(
        "oid4vp_8_6_several_presentations_without_multiple",
        lambda: verify_token({**w.presentations(), "persoon": w.presentations()["persoon"] * 2}),
        TooManyPresentations,
    ),
    Case(
        "oid4vp_8_6_vct_not_allowed",
        lambda: verify_token(
            {**w.presentations(), "persoon": w.presentations()["adres"]},
        ),
        VctNotAllowed,
    ),
    Case(
        "oid4vp_8_6_required_claim_missing",
        lambda: verify_token(
            {
                **w.presentations(),
                "persoon": w.presentations(query=_person_only_query())["persoon"],
            },
            query=dcql.DCQLQuery.parse(
                {
                    "credentials": [
                        {
                            **w.QUERY.to_json()["credentials"][0],
                            "claims": [{"path": ["given_name"]}, {"path": ["family_name"]}],
                        },
                        w.QUERY.to_json()["credentials"][1],
                    ]
                }
            ),
        ),
        RequestedClaimMissing,
    ),
]
