"""Battery rows for ``standards.jose``'s JWE: OpenID4VP 1.0 §8.3 response encryption.

Each token starts from a good ``ECDH-ES``/``A128GCM`` JWE to the verifier's key ``VERIFIER``;
exactly one thing is changed, so the row shows which check catches it. Header changes keep the
other segments, so a header that passes the allow-list fails on the tag (it is the AAD).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from standards import jose
from standards.errors import (
    BadBase64,
    DecryptionFailed,
    DuplicateJSONKey,
    EmptyInput,
    EncryptionRequired,
    EphemeralKeyInvalid,
    InputTooLarge,
    InvalidJSON,
    InvalidJWK,
    JWEAlgorithmNotAllowed,
    JWECompressionRefused,
    JWEEncryptionNotAllowed,
    JWEHeaderNotAllowed,
    JWEKeyUnknown,
    JWEMalformed,
    WrongJWESegmentCount,
)
from tests.standards.battery import Case

__all__ = ["CASES", "VERIFIER", "flip_last_character"]

B64URL_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
VERIFIER = jose.EncryptionKey.generate(kid="request-1")
OTHER = jose.EncryptionKey.generate(kid="request-2")
PAYLOAD = b'{"vp_token":{"pid":["eyJ..."]},"state":"s-1"}'
GOOD = jose.encrypt_jwe(PAYLOAD, VERIFIER.public_jwk(), enc="A128GCM")
HEADER: Mapping[str, Any] = jose.read_jwe_header(GOOD)
P384_EPK = jose.PrivateKey.generate(crv="P-384").public.to_jwk()


def decrypt(
    token: str, *, encryptions: Collection[str] = jose.JWE_ENCRYPTIONS, **limits: int
) -> jose.DecryptedJWE:
    return jose.decrypt_jwe(token, [VERIFIER], encryptions=encryptions, **limits)


def _segments(token: str = GOOD) -> list[str]:
    return token.split(".")


def _with_header(header: Mapping[str, Any] | bytes) -> str:
    raw = header if isinstance(header, bytes) else jose.json_dumps(dict(header))
    return ".".join([jose.b64url_encode(raw), *_segments()[1:]])


def _header(**changes: Any) -> str:
    return _with_header({**HEADER, **changes})


def _without(name: str) -> str:
    return _with_header({k: v for k, v in HEADER.items() if k != name})


def _segment(index: int, value: bytes) -> str:
    parts = _segments()
    parts[index] = jose.b64url_encode(value)
    return ".".join(parts)


def _flip_bit(index: int) -> str:
    raw = bytearray(jose.b64url_decode(_segments()[index]))
    raw[0] ^= 0x01
    return _segment(index, bytes(raw))


def flip_last_character(token: str) -> str:
    """RFC 4648 §3.5: a 16-octet tag (22 characters) ends in 4 pad bits; set the lowest."""
    return token[:-1] + B64URL_ALPHABET[B64URL_ALPHABET.index(token[-1]) ^ 1]


def _off_curve_epk() -> dict[str, Any]:
    epk = dict(HEADER["epk"])
    y = bytearray(jose.b64url_decode(epk["y"]))
    y[-1] ^= 0x01
    return {**epk, "y": jose.b64url_encode(bytes(y))}


def _jws() -> str:
    return jose.sign_jws({"vp_token": {}}, jose.PrivateKey.generate(), typ="JWT")


def _unsecured_jwt() -> str:
    header = jose.b64url_encode(b'{"alg":"none"}')
    return f"{header}.{jose.b64url_encode(PAYLOAD)}."


def _for_other_key_same_kid() -> str:
    """Encrypted to another key that claims the verifier's ``kid``."""
    return jose.encrypt_jwe(PAYLOAD, {**OTHER.public_jwk(), "kid": VERIFIER.kid}, enc="A128GCM")


CASES: list[Case] = [
    # --- RFC 7516 §7.1: the compact serialization, five segments --------------------------------
    Case("rfc7516_7_1_empty_input", lambda: decrypt(""), EmptyInput),
    Case(
        "rfc7516_7_1_four_segments", lambda: decrypt(GOOD.rsplit(".", 1)[0]), WrongJWESegmentCount
    ),
    Case("rfc7516_7_1_six_segments", lambda: decrypt(GOOD + ".AAAA"), WrongJWESegmentCount),
    Case(
        "rfc7516_7_1_json_serialization",
        lambda: decrypt('{"protected":"e30","iv":"","ciphertext":"","tag":""}'),
        WrongJWESegmentCount,
    ),
    Case(
        "rfc7516_7_1_input_over_size_limit",
        lambda: decrypt(GOOD, max_size=len(GOOD) - 1),
        InputTooLarge,
    ),
    # --- OpenID4VP §8.3: a plaintext where encryption is required -------------------------------
    Case("oid4vp_8_3_plaintext_jws", lambda: decrypt(_jws()), EncryptionRequired),
    Case(
        "oid4vp_8_3_plaintext_unsecured_jwt", lambda: decrypt(_unsecured_jwt()), EncryptionRequired
    ),
    Case("oid4vp_8_3_plaintext_json", lambda: decrypt(PAYLOAD.decode()), EncryptionRequired),
    Case("oid4vp_8_3_plaintext_broken_json", lambda: decrypt('{"vp_token": '), EncryptionRequired),
    # --- RFC 7516 §2 / RFC 4648 §5: base64url ---------------------------------------------------
    Case("rfc7516_2_bad_base64url_header", lambda: decrypt("eyJ+" + GOOD[4:]), BadBase64),
    Case(
        "rfc7516_2_bad_base64url_iv",
        lambda: decrypt(".".join([*_segments()[:2], "+" + _segments()[2][1:], *_segments()[3:]])),
        BadBase64,
    ),
    Case("rfc4648_3_5_non_canonical_tag", lambda: decrypt(flip_last_character(GOOD)), BadBase64),
    Case("rfc7516_5_2_header_not_an_object", lambda: decrypt(_with_header(b"[]")), InvalidJSON),
    Case(
        "rfc7516_5_2_header_duplicate_member",
        lambda: decrypt(_with_header(b'{"alg":"ECDH-ES","alg":"ECDH-ES"}')),
        DuplicateJSONKey,
    ),
    # --- the header allow-list ------------------------------------------------------------------
    Case("rfc8725_3_6_zip_header", lambda: decrypt(_header(zip="DEF")), JWECompressionRefused),
    Case("rfc7516_4_1_13_crit_header", lambda: decrypt(_header(crit=["exp"])), JWEHeaderNotAllowed),
    Case(
        "rfc8725_3_10_jku_header",
        lambda: decrypt(_header(jku="https://attacker.example/jwks")),
        JWEHeaderNotAllowed,
    ),
    Case(
        "oid4vp_8_3_alg_mismatch_key_wrap",
        lambda: decrypt(_header(alg="ECDH-ES+A128KW")),
        JWEAlgorithmNotAllowed,
    ),
    Case(
        "oid4vp_8_3_alg_mismatch_dir", lambda: decrypt(_header(alg="dir")), JWEAlgorithmNotAllowed
    ),
    Case(
        "oid4vp_8_3_alg_mismatch_rsa",
        lambda: decrypt(_header(alg="RSA-OAEP")),
        JWEAlgorithmNotAllowed,
    ),
    Case("oid4vp_8_3_alg_none", lambda: decrypt(_header(alg="none")), JWEAlgorithmNotAllowed),
    Case("oid4vp_8_3_alg_missing", lambda: decrypt(_without("alg")), JWEAlgorithmNotAllowed),
    Case(
        "oid4vp_8_3_enc_not_offered",
        lambda: decrypt(GOOD, encryptions=("A256GCM",)),
        JWEEncryptionNotAllowed,
    ),
    Case(
        "oid4vp_8_3_enc_cbc_hmac",
        lambda: decrypt(_header(enc="A128CBC-HS256")),
        JWEEncryptionNotAllowed,
    ),
    Case("oid4vp_8_3_wrong_kid", lambda: decrypt(_header(kid="request-2")), JWEKeyUnknown),
    Case("oid4vp_8_3_kid_missing", lambda: decrypt(_without("kid")), JWEKeyUnknown),
    Case("oid4vp_8_3_kid_not_a_string", lambda: decrypt(_header(kid=1)), JWEKeyUnknown),
    Case("rfc7518_4_6_1_1_epk_missing", lambda: decrypt(_without("epk")), EphemeralKeyInvalid),
    Case("rfc7518_4_6_1_1_epk_p384", lambda: decrypt(_header(epk=P384_EPK)), EphemeralKeyInvalid),
    Case(
        "rfc7518_4_6_1_1_epk_off_curve",
        lambda: decrypt(_header(epk=_off_curve_epk())),
        EphemeralKeyInvalid,
    ),
    Case(
        "rfc7518_4_6_1_1_epk_private",
        lambda: decrypt(_header(epk={**HEADER["epk"], "d": HEADER["epk"]["x"]})),
        EphemeralKeyInvalid,
    ),
    Case(
        "rfc7518_4_6_1_1_epk_not_an_object",
        lambda: decrypt(_header(epk="key")),
        EphemeralKeyInvalid,
    ),
    # --- RFC 7518 §4.6 and §5.3: the other segments ---------------------------------------------
    Case(
        "rfc7518_4_6_encrypted_key_not_empty", lambda: decrypt(_segment(1, b"k" * 16)), JWEMalformed
    ),
    Case("rfc7518_5_3_iv_not_96_bits", lambda: decrypt(_segment(2, b"\x00" * 16)), JWEMalformed),
    Case("rfc7518_5_3_tag_not_128_bits", lambda: decrypt(_segment(4, b"\x00" * 12)), JWEMalformed),
    Case(
        "oid4vp_8_3_plaintext_over_limit",
        lambda: decrypt(GOOD, max_plaintext=len(PAYLOAD) - 1),
        InputTooLarge,
    ),
    # --- RFC 7516 §5.2: the tag covers header, IV and ciphertext --------------------------------
    Case("rfc7516_5_2_tampered_ciphertext", lambda: decrypt(_flip_bit(3)), DecryptionFailed),
    Case("rfc7516_5_2_tampered_tag", lambda: decrypt(_flip_bit(4)), DecryptionFailed),
    Case("rfc7516_5_2_tampered_iv", lambda: decrypt(_flip_bit(2)), DecryptionFailed),
    Case("rfc7516_5_2_tampered_header", lambda: decrypt(_header(typ="JWT")), DecryptionFailed),
    Case(
        "rfc7516_5_2_other_key_same_kid",
        lambda: decrypt(_for_other_key_same_kid()),
        DecryptionFailed,
    ),
    # --- encrypting (the wallet's side) and the keys ---------------------------------------------
    Case(
        "oid4vp_8_3_encrypt_jwk_without_alg",
        lambda: jose.encrypt_jwe(
            PAYLOAD, {k: v for k, v in VERIFIER.public_jwk().items() if k != "alg"}, enc="A128GCM"
        ),
        JWEAlgorithmNotAllowed,
    ),
    Case(
        "oid4vp_8_3_encrypt_enc_not_supported",
        lambda: jose.encrypt_jwe(PAYLOAD, VERIFIER.public_jwk(), enc="A128CBC-HS256"),
        JWEEncryptionNotAllowed,
    ),
    Case(
        "haip_5_encrypt_to_p384_key",
        lambda: jose.encrypt_jwe(PAYLOAD, {**P384_EPK, "alg": "ECDH-ES"}, enc="A128GCM"),
        InvalidJWK,
    ),
    Case(
        "rfc7517_4_2_encrypt_to_signing_key",
        lambda: jose.encrypt_jwe(PAYLOAD, {**VERIFIER.public_jwk(), "use": "sig"}, enc="A128GCM"),
        InvalidJWK,
    ),
    Case(
        "rfc7516_4_1_6_encrypt_kid_not_a_string",
        lambda: jose.encrypt_jwe(PAYLOAD, {**VERIFIER.public_jwk(), "kid": 7}, enc="A128GCM"),
        InvalidJWK,
    ),
    Case(
        "oid4vp_8_3_encrypt_plaintext_over_limit",
        lambda: jose.encrypt_jwe(PAYLOAD, VERIFIER.public_jwk(), enc="A128GCM", max_plaintext=8),
        InputTooLarge,
    ),
    Case(
        "rfc7517_4_2_encryption_key_marked_sig",
        lambda: jose.EncryptionKey.from_jwk({**VERIFIER.to_private_jwk(), "use": "sig"}),
        InvalidJWK,
    ),
    Case(
        "haip_5_encryption_key_p384",
        lambda: jose.EncryptionKey.from_jwk(jose.PrivateKey.generate(crv="P-384").to_private_jwk()),
        InvalidJWK,
    ),
]
