"""Battery rows for ``standards.jose``: malformed and hostile compact JWS and JWKs.

Each token is built by hand so that exactly one thing is wrong with it; the rest is valid
(signed by the issuer key, ``typ example+jwt``), so the row shows which check catches it.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Collection, Mapping
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from standards import jose
from standards.errors import (
    AlgorithmNotAllowed,
    BadBase64,
    CriticalHeaderUnsupported,
    DuplicateJSONKey,
    EmptyInput,
    InputTooLarge,
    InvalidJSON,
    InvalidJWK,
    InvalidUTF8,
    KeyAlgorithmMismatch,
    KeyFromHeaderRefused,
    SignatureEncodingInvalid,
    SignatureInvalid,
    TypMismatch,
    WrongSegmentCount,
)
from tests.standards.battery import Case
from tests.standards.pki import RFC7638_RSA_JWK

__all__ = ["CASES"]

TYP = "example+jwt"
B64URL_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
ISSUER = jose.PrivateKey.generate(kid="issuer")
ATTACKER = jose.PrivateKey.generate(kid="attacker")
P384 = jose.PrivateKey.generate(kid="p384", crv="P-384")
HEADER: Mapping[str, Any] = {"alg": "ES256", "typ": TYP, "kid": "issuer"}
PAYLOAD: Mapping[str, Any] = {"iss": "https://issuer.example", "sub": "user"}


def _json(value: Mapping[str, Any] | bytes) -> str:
    return jose.b64url_encode(value if isinstance(value, bytes) else jose.json_dumps(value))


def token(
    header: Mapping[str, Any] | bytes = HEADER,
    payload: Mapping[str, Any] | bytes = PAYLOAD,
    *,
    key: jose.PrivateKey = ISSUER,
    signature: bytes | None = None,
) -> str:
    """A compact JWS of exactly these header and payload octets, ES-signed by ``key``."""
    signing_input = f"{_json(header)}.{_json(payload)}"
    if signature is None:
        signature = key.sign_raw(signing_input.encode("ascii"))
    return f"{signing_input}.{jose.b64url_encode(signature)}"


def verify(
    jws: str,
    *,
    key: jose.PrivateKey = ISSUER,
    typ: str = TYP,
    algorithms: Collection[str] = jose.DEFAULT_ALGORITHMS,
) -> jose.ParsedJWS:
    return jose.verify_jws(jws, key.public, typ=typ, algorithms=algorithms)


def _with(**changes: Any) -> dict[str, Any]:
    return {**HEADER, **changes}


def _without(name: str) -> dict[str, Any]:
    return {k: v for k, v in HEADER.items() if k != name}


def _hs256(secret: bytes) -> str:
    """RFC 8725 §2.1 key confusion: HMAC keyed with the issuer's public key."""
    signing_input = f"{_json(_with(alg='HS256'))}.{_json(PAYLOAD)}"
    mac = hmac.new(secret, signing_input.encode("ascii"), hashlib.sha256).digest()
    return f"{signing_input}.{jose.b64url_encode(mac)}"


def _resign(jws: str, signature: bytes) -> str:
    return f"{jws.rsplit('.', 1)[0]}.{jose.b64url_encode(signature)}"


def _der(jws: str) -> bytes:
    """The same ES256 signature in ASN.1 DER form, as ``cryptography`` emits it."""
    raw = jose.b64url_decode(jws.rsplit(".", 1)[1])
    return encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))


def _flip_bit(jws: str) -> str:
    raw = bytearray(jose.b64url_decode(jws.rsplit(".", 1)[1]))
    raw[10] ^= 0x01
    return _resign(jws, bytes(raw))


def _non_canonical_last_char(jws: str) -> str:
    """RFC 4648 §3.5: an 86-character ES256 signature ends in 2 data and 4 pad bits."""
    return jws[:-1] + B64URL_ALPHABET[B64URL_ALPHABET.index(jws[-1]) ^ 1]


def _public_jwk(**changes: Any) -> dict[str, Any]:
    return {**ISSUER.public.to_jwk(), **changes}


GOOD = token()
PUBLIC_PEM = ISSUER.key.public_key().public_bytes(
    serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
)
NOT_A_MAPPING: Any = ["kty", "EC"]
OKP_JWK = {"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}

CASES: list[Case] = [
    # --- RFC 7515 §7.1 / §5.2: the compact serialization ----------------------------------
    Case("rfc7515_7_1_empty_input", lambda: verify(""), EmptyInput),
    Case("rfc7515_7_1_two_segments", lambda: verify(GOOD.rsplit(".", 1)[0]), WrongSegmentCount),
    Case("rfc7515_7_1_four_segments", lambda: verify(GOOD + ".AAAA"), WrongSegmentCount),
    Case("rfc7515_7_1_one_segment", lambda: verify("eyJhbGciOiJFUzI1NiJ9"), WrongSegmentCount),
    Case(
        "rfc7515_7_1_json_serialization",
        lambda: verify('{"payload":"e30","signatures":[]}'),
        WrongSegmentCount,
    ),
    Case(
        "rfc7515_7_1_input_over_size_limit",
        lambda: verify(token(payload={"pad": "x" * jose.MAX_JWS_SIZE})),
        InputTooLarge,
    ),
    Case(
        "rfc7515_7_1_input_over_caller_limit",
        lambda: jose.verify_jws(GOOD, ISSUER.public, typ=TYP, max_size=len(GOOD) - 1),
        InputTooLarge,
    ),
    # --- RFC 7515 §2 / RFC 4648 §5: base64url ---------------------------------------------
    Case("rfc7515_2_bad_base64url_header", lambda: verify("eyJ+" + GOOD[4:]), BadBase64),
    Case(
        "rfc7515_2_bad_base64url_payload",
        lambda: verify(GOOD.replace(".", ".+", 1)),
        BadBase64,
    ),
    Case("rfc7515_2_bad_base64url_signature", lambda: verify(GOOD + "="), BadBase64),
    Case(
        "rfc7515_2_padded_header",
        lambda: verify(GOOD.replace(".", "==.", 1)),
        BadBase64,
    ),
    Case(
        "rfc7515_2_whitespace_in_signature",
        lambda: verify(GOOD[:-10] + " " + GOOD[-9:]),
        BadBase64,
    ),
    Case(
        "rfc4648_3_5_non_canonical_signature_spelling",
        lambda: verify(_non_canonical_last_char(GOOD)),
        BadBase64,
    ),
    # --- RFC 7515 §5.2 steps 3-4, RFC 7519 §7.2, RFC 8259: JSON ------------------------------
    Case("rfc7515_5_2_header_not_object", lambda: verify(token(b'["ES256"]')), InvalidJSON),
    Case("rfc7515_5_2_header_not_json", lambda: verify(token(b"alg=ES256")), InvalidJSON),
    Case("rfc7519_7_2_payload_not_object", lambda: verify(token(payload=b'"sub"')), InvalidJSON),
    Case("rfc7519_7_2_payload_array", lambda: verify(token(payload=b"[1,2]")), InvalidJSON),
    Case(
        "rfc8259_6_payload_nan",
        lambda: verify(token(payload=b'{"n":NaN}')),
        InvalidJSON,
    ),
    Case(
        "rfc7515_5_2_step4_duplicate_header_key",
        lambda: verify(token(b'{"alg":"ES256","typ":"example+jwt","alg":"ES256"}')),
        DuplicateJSONKey,
    ),
    Case(
        "rfc7519_7_2_step9_duplicate_payload_key",
        lambda: verify(token(payload=b'{"sub":"user","sub":"admin"}')),
        DuplicateJSONKey,
    ),
    Case(
        "rfc7519_7_2_step9_duplicate_nested_payload_key",
        lambda: verify(token(payload=b'{"a":[{"role":"user","role":"admin"}]}')),
        DuplicateJSONKey,
    ),
    Case(
        "rfc8259_8_1_invalid_utf8_payload",
        lambda: verify(token(payload=b'{"sub":"\xff\xfe"}')),
        InvalidUTF8,
    ),
    Case(
        "rfc8259_8_2_unpaired_surrogate_in_payload",
        lambda: verify(token(payload=b'{"sub":"\\ud800"}')),
        InvalidJSON,
    ),
    Case(
        "rfc8259_8_1_invalid_utf8_header",
        lambda: verify(token(b'{"alg":"ES256","typ":"example+jwt","x":"\xc0\xaf"}')),
        InvalidUTF8,
    ),
    # --- RFC 8725 §3.1 / §3.2: algorithms ---------------------------------------------------
    Case(
        "rfc8725_3_1_alg_none",
        lambda: verify(token(_with(alg="none"), signature=b"")),
        AlgorithmNotAllowed,
    ),
    Case(
        "rfc8725_3_1_alg_none_uppercase",
        lambda: verify(token(_with(alg="NONE"), signature=b"")),
        AlgorithmNotAllowed,
    ),
    Case(
        "rfc8725_3_1_alg_none_even_if_allow_listed",
        lambda: verify(token(_with(alg="none"), signature=b""), algorithms=("ES256", "none")),
        AlgorithmNotAllowed,
    ),
    Case("rfc8725_3_1_alg_missing", lambda: verify(token(_without("alg"))), AlgorithmNotAllowed),
    Case(
        "rfc8725_3_1_alg_not_a_string",
        lambda: verify(token(_with(alg=["ES256"]))),
        AlgorithmNotAllowed,
    ),
    Case(
        "rfc8725_3_1_alg_lowercase",
        lambda: verify(token(_with(alg="es256"))),
        AlgorithmNotAllowed,
    ),
    Case(
        "rfc8725_3_2_hs256_keyed_with_public_jwk",
        lambda: verify(_hs256(jose.json_dumps(ISSUER.public.to_jwk()))),
        AlgorithmNotAllowed,
    ),
    Case(
        "rfc8725_3_2_hs256_keyed_with_public_pem",
        lambda: verify(_hs256(PUBLIC_PEM)),
        AlgorithmNotAllowed,
    ),
    Case(
        "rfc8725_3_2_hs256_allow_listed_still_needs_an_hmac_key",
        lambda: verify(_hs256(PUBLIC_PEM), algorithms=("ES256", "HS256")),
        KeyAlgorithmMismatch,
    ),
    Case(
        "rfc8725_3_1_es384_not_in_default_allow_list",
        lambda: verify(token(_with(alg="ES384"), key=P384), key=P384),
        AlgorithmNotAllowed,
    ),
    Case(
        "rfc7518_3_4_alg_es256_with_p384_key",
        lambda: verify(token(key=P384), key=P384, algorithms=("ES256", "ES384")),
        KeyAlgorithmMismatch,
    ),
    Case(
        "rfc7518_3_4_alg_es384_with_p256_key",
        lambda: verify(token(_with(alg="ES384")), algorithms=("ES256", "ES384")),
        KeyAlgorithmMismatch,
    ),
    # --- RFC 8725 §3.10: never a key from the token under check ----------------------------
    Case(
        "rfc8725_3_10_header_jwk",
        lambda: verify(token(_with(jwk=ATTACKER.public.to_jwk()), key=ATTACKER)),
        KeyFromHeaderRefused,
    ),
    Case(
        "rfc8725_3_10_header_jku",
        lambda: verify(token(_with(jku="https://attacker.example/jwks"), key=ATTACKER)),
        KeyFromHeaderRefused,
    ),
    Case(
        "rfc8725_3_10_header_x5u",
        lambda: verify(token(_with(x5u="https://attacker.example/cert.pem"), key=ATTACKER)),
        KeyFromHeaderRefused,
    ),
    Case(
        "rfc8725_3_10_header_jwk_holding_the_right_key",
        lambda: verify(token(_with(jwk=ISSUER.public.to_jwk()))),
        KeyFromHeaderRefused,
    ),
    # --- RFC 7515 §4.1.11: crit -------------------------------------------------------------
    Case(
        "rfc7515_4_1_11_crit_unknown_name",
        lambda: verify(token(_with(crit=["exp"], exp=1))),
        CriticalHeaderUnsupported,
    ),
    Case(
        "rfc7515_4_1_11_crit_empty",
        lambda: verify(token(_with(crit=[]))),
        CriticalHeaderUnsupported,
    ),
    Case(
        "rfc7515_4_1_11_crit_not_a_list",
        lambda: verify(token(_with(crit="exp"))),
        CriticalHeaderUnsupported,
    ),
    Case(
        "rfc7515_4_1_11_crit_null",
        lambda: verify(token(_with(crit=None))),
        CriticalHeaderUnsupported,
    ),
    Case(
        "rfc7515_4_1_11_crit_not_strings",
        lambda: verify(token(_with(crit=[{"exp": 1}]))),
        CriticalHeaderUnsupported,
    ),
    # --- RFC 8725 §3.11: explicit typing ----------------------------------------------------
    Case("rfc8725_3_11_typ_missing", lambda: verify(token(_without("typ"))), TypMismatch),
    Case("rfc8725_3_11_typ_wrong", lambda: verify(token(_with(typ="JWT"))), TypMismatch),
    Case(
        "rfc8725_3_11_typ_of_another_kind",
        lambda: verify(GOOD, typ="kb+jwt"),
        TypMismatch,
    ),
    Case("rfc8725_3_11_typ_not_a_string", lambda: verify(token(_with(typ=[TYP]))), TypMismatch),
    # --- RFC 7515 §5.2 step 8 / RFC 7518 §3.4: the signature ---------------------------------
    Case(
        "rfc7515_5_2_step8_bit_flipped_signature", lambda: verify(_flip_bit(GOOD)), SignatureInvalid
    ),
    Case(
        "rfc7515_5_2_step8_signed_by_another_key",
        lambda: verify(token(key=ATTACKER)),
        SignatureInvalid,
    ),
    Case(
        "rfc7515_5_2_step8_payload_swapped",
        lambda: verify(
            _resign(token(payload={"sub": "admin"}), jose.b64url_decode(GOOD.split(".")[2]))
        ),
        SignatureInvalid,
    ),
    Case(
        "rfc7518_3_4_signature_zero",
        lambda: verify(_resign(GOOD, bytes(64))),
        SignatureInvalid,
    ),
    Case(
        "rfc7518_3_4_der_signature",
        lambda: verify(_resign(GOOD, _der(GOOD))),
        SignatureEncodingInvalid,
    ),
    Case(
        "rfc7518_3_4_signature_truncated",
        lambda: verify(_resign(GOOD, jose.b64url_decode(GOOD.split(".")[2])[:63])),
        SignatureEncodingInvalid,
    ),
    Case(
        "rfc7518_3_4_signature_empty", lambda: verify(_resign(GOOD, b"")), SignatureEncodingInvalid
    ),
    Case(
        "rfc7518_3_4_signature_too_long",
        lambda: verify(_resign(GOOD, jose.b64url_decode(GOOD.split(".")[2]) + b"\x00")),
        SignatureEncodingInvalid,
    ),
    # --- RFC 7517 §4 / RFC 7518 §6.2: JWK import ---------------------------------------------
    Case(
        "rfc7517_4_public_jwk_with_d",
        lambda: jose.PublicKey.from_jwk(ISSUER.to_private_jwk()),
        InvalidJWK,
    ),
    Case("rfc7517_4_jwk_kty_rsa", lambda: jose.PublicKey.from_jwk(RFC7638_RSA_JWK), InvalidJWK),
    Case("rfc7517_4_jwk_kty_okp", lambda: jose.PublicKey.from_jwk(OKP_JWK), InvalidJWK),
    Case(
        "rfc7517_4_jwk_kty_missing",
        lambda: jose.PublicKey.from_jwk(_public_jwk(kty=None)),
        InvalidJWK,
    ),
    Case(
        "rfc7518_6_2_1_1_jwk_curve_p521",
        lambda: jose.PublicKey.from_jwk(_public_jwk(crv="P-521")),
        InvalidJWK,
    ),
    Case(
        "rfc7518_6_2_1_jwk_point_not_on_curve",
        lambda: jose.PublicKey.from_jwk(_public_jwk(y=ISSUER.public.to_jwk()["x"])),
        InvalidJWK,
    ),
    Case(
        "rfc7518_6_2_1_jwk_missing_y",
        lambda: jose.PublicKey.from_jwk(_public_jwk(y=None)),
        InvalidJWK,
    ),
    Case(
        "rfc7518_6_2_1_2_jwk_padded_coordinate",
        lambda: jose.PublicKey.from_jwk(_public_jwk(x=ISSUER.public.to_jwk()["x"] + "=")),
        InvalidJWK,
    ),
    Case(
        "rfc7518_6_2_1_2_jwk_coordinate_too_long",
        lambda: jose.PublicKey.from_jwk(_public_jwk(x="AA" + ISSUER.public.to_jwk()["x"])),
        InvalidJWK,
    ),
    Case("rfc7517_4_jwk_not_an_object", lambda: jose.PublicKey.from_jwk(NOT_A_MAPPING), InvalidJWK),
    Case(
        "rfc7517_4_jwk_use_enc",
        lambda: jose.PublicKey.from_jwk(_public_jwk(use="enc")),
        InvalidJWK,
    ),
    Case(
        "rfc7518_6_2_1_1_jwk_curve_not_a_string",
        lambda: jose.PublicKey.from_jwk(_public_jwk(crv=["P-256"])),
        InvalidJWK,
    ),
    Case(
        "rfc7518_6_2_1_1_private_jwk_curve_not_a_string",
        lambda: jose.PrivateKey.from_jwk({**ISSUER.to_private_jwk(), "crv": ["P-256"]}),
        InvalidJWK,
    ),
    Case(
        "rfc7517_4_5_jwk_kid_not_a_string",
        lambda: jose.PublicKey.from_jwk(_public_jwk(kid=7)),
        InvalidJWK,
    ),
    Case(
        "rfc7518_6_2_2_private_jwk_without_d",
        lambda: jose.PrivateKey.from_jwk(ISSUER.public.to_jwk()),
        InvalidJWK,
    ),
    Case(
        "rfc7518_6_2_2_private_jwk_d_of_another_key",
        lambda: jose.PrivateKey.from_jwk(
            {**ISSUER.to_private_jwk(), "d": ATTACKER.to_private_jwk()["d"]}
        ),
        InvalidJWK,
    ),
    Case(
        "rfc7638_3_thumbprint_missing_member",
        lambda: jose.jwk_thumbprint(_public_jwk(y=None)),
        InvalidJWK,
    ),
]
