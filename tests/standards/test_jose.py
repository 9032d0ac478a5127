"""Unit tests for ``standards.jose``: encodings, strict JSON, JWS, JWK, thumbprints, x5c.

Malformed and hostile tokens are rows in ``cases_jose.py`` (the battery); these tests cover
what works and the edges of each building block.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwcrypto import jwk as jwcrypto_jwk

from standards import jose
from standards.errors import (
    AlgorithmNotAllowed,
    BadBase64,
    CertificateChainInvalid,
    DuplicateJSONKey,
    InvalidJSON,
    InvalidJWK,
    InvalidUTF8,
    StandardsError,
    TypMismatch,
)
from tests.standards import pki
from tests.standards.pki import RFC7638_RSA_JWK, RFC7638_THUMBPRINT

NOW = datetime(2025, 6, 1, 12, tzinfo=UTC)

B64URL_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


@pytest.fixture(scope="module")
def key() -> jose.PrivateKey:
    return jose.PrivateKey.generate()


@pytest.fixture(scope="module")
def chain() -> pki.Chain:
    return pki.make_chain(NOW)


# --- base64url (RFC 7515 §2, RFC 4648 §5) -----------------------------------------------------


@pytest.mark.parametrize("size", range(10))
def test_b64url_round_trip(size: int) -> None:
    data = bytes(range(250, 250 - size, -1))
    encoded = jose.b64url_encode(data)
    assert "=" not in encoded
    assert jose.b64url_decode(encoded) == data


def test_b64url_uses_the_url_safe_alphabet() -> None:
    assert jose.b64url_encode(b"\xfb\xff") == "-_8"


@pytest.mark.parametrize(
    "value",
    [
        "QQ==",  # padding
        "QQ=",
        "+/8",  # the standard alphabet
        "QU JD",  # whitespace inside
        "QUJD\n",  # trailing newline
        " QUJD",
        "QUJDR",  # length % 4 == 1 can encode nothing
        "A",
        "QR",  # RFC 4648 §3.5: non-zero pad bits ("QQ" is the canonical spelling)
        "QUK",  # ditto for two octets ("QUI")
        "QUJD\u0660",  # a non-ASCII digit
    ],
)
def test_b64url_decode_is_strict(value: str) -> None:
    with pytest.raises(BadBase64):
        jose.b64url_decode(value)


def test_b64url_decode_refuses_non_strings() -> None:
    with pytest.raises(BadBase64):
        jose.b64url_decode(b"QQ")  # type: ignore[arg-type]


def test_b64url_empty_is_empty() -> None:
    assert jose.b64url_decode("") == b""


# --- strict JSON (RFC 8259, RFC 7515 §5.2 step 4, RFC 7519 §7.2 step 9) -----------------------


def test_json_loads_accepts_bytes_and_text() -> None:
    assert jose.json_loads(b'{"a":[1,"\xc3\xa9"]}') == {"a": [1, "é"]}
    assert jose.json_loads('{"a":[1,"é"]}') == {"a": [1, "é"]}


def test_json_dumps_is_compact_utf8() -> None:
    assert jose.json_dumps({"a": ["é", 1]}) == '{"a":["é",1]}'.encode()


@pytest.mark.parametrize(
    "value",
    ['a"b\\é\x01\u2028', "", True, False, 0, -5, 10**30, None, 1.5, 1e16, [1, "x"], {"k": [True]}],
)
def test_json_text_writes_what_json_dumps_writes(value: Any) -> None:
    """Disclosures are written element by element (RFC 9901 §4.2.1): each piece must be the
    compact JSON the whole array would hold."""
    assert jose.json_text(value).encode() == jose.json_dumps(value)
    assert (
        jose.json_dumps(value)
        == json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()
    )


@pytest.mark.parametrize(
    "data",
    [
        b'{"a":1,"a":1}',
        b'{"a":{"b":1,"b":2}}',
        b'[{"x":1},{"y":1,"y":1}]',
        b'{"a":[[{"c":{"d":1,"d":1}}]]}',
    ],
)
def test_json_loads_refuses_duplicate_keys_at_any_depth(data: bytes) -> None:
    with pytest.raises(DuplicateJSONKey):
        jose.json_loads(data)


@pytest.mark.parametrize(
    "data", ["NaN", "Infinity", "-Infinity", '{"a":NaN}', "[1,Infinity]", '{"a":-Infinity}']
)
def test_json_loads_refuses_nan_and_infinity(data: str) -> None:
    with pytest.raises(InvalidJSON):
        jose.json_loads(data)


@pytest.mark.parametrize(
    "data",
    [
        b'{"a":"\xff"}',  # not UTF-8 at all
        b'{"a":"\xc3"}',  # truncated sequence
        b'{"a":"\xc0\xaf"}',  # overlong "/"
        b'{"a":"\xed\xa0\x80"}',  # an encoded surrogate
        b'{"a":"caf\xe9"}',  # Latin-1
    ],
)
def test_json_loads_refuses_invalid_utf8(data: bytes) -> None:
    with pytest.raises(InvalidUTF8):
        jose.json_loads(data)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"{",
        b"{'a':1}",
        b'{"a":1,}',
        b"{} {}",
        b'{"a":1} x',
        b"\xef\xbb\xbf{}",  # RFC 8259 §8.1: no byte order mark
        b"[" * 100_000 + b"]" * 100_000,
        b'{"a":' + b"1" * 5000 + b"}",  # beyond Python's integer-string limit
    ],
)
def test_json_loads_refuses_non_json(data: bytes) -> None:
    with pytest.raises(InvalidJSON):
        jose.json_loads(data)


@pytest.mark.parametrize(
    "data",
    [b'{"a":"\\ud800"}', b'{"a":"x\\uDFFF"}', b'{"\\udc00":1}', b'["\\ude00\\ud83d"]'],
)
def test_json_loads_refuses_unpaired_surrogates(data: bytes) -> None:
    """RFC 8259 §8.2 / RFC 7493 §2.1: such a string cannot be encoded as UTF-8 again."""
    with pytest.raises(InvalidJSON):
        jose.json_loads(data)


def test_json_loads_keeps_escapes_that_are_text() -> None:
    data = b'{"a":"\\ud83d\\ude00\\u00e9","b":"C:\\\\users"}'
    assert jose.json_loads(data) == {"a": "\U0001f600\u00e9", "b": "C:\\users"}


# --- compact JWS ------------------------------------------------------------------------------


def test_es256_round_trip(key: jose.PrivateKey) -> None:
    token = jose.sign_jws({"iss": "https://issuer.example", "n": 1}, key, typ="example+jwt")
    parsed = jose.verify_jws(token, key.public, typ="example+jwt")
    assert parsed.verified
    assert parsed.payload == {"iss": "https://issuer.example", "n": 1}
    assert parsed.header == {"alg": "ES256", "typ": "example+jwt", "kid": key.kid}
    assert len(parsed.signature) == 64  # RFC 7518 §3.4: R || S


def test_es384_round_trip_when_allowed() -> None:
    key = jose.PrivateKey.generate(crv="P-384")
    assert key.public.algorithm == "ES384"
    token = jose.sign_jws({"a": 1}, key, typ="example+jwt", include_kid=False)
    parsed = jose.verify_jws(token, key.public, typ="example+jwt", algorithms=("ES256", "ES384"))
    assert parsed.header == {"alg": "ES384", "typ": "example+jwt"}
    assert len(parsed.signature) == 96
    with pytest.raises(AlgorithmNotAllowed):
        jose.verify_jws(token, key.public, typ="example+jwt")


def test_signatures_are_fresh(key: jose.PrivateKey) -> None:
    first = jose.sign_jws({"a": 1}, key, typ="example+jwt")
    second = jose.sign_jws({"a": 1}, key, typ="example+jwt")
    assert first.rsplit(".", 1)[0] == second.rsplit(".", 1)[0]
    assert first != second


def test_extra_headers_are_signed(key: jose.PrivateKey) -> None:
    token = jose.sign_jws({}, key, typ="example+jwt", headers={"x5c": ["AA=="]})
    assert jose.verify_jws(token, key.public, typ=None).header["x5c"] == ["AA=="]


def test_resolver_sees_header_and_payload(key: jose.PrivateKey) -> None:
    seen: list[tuple[dict[str, Any], dict[str, Any]]] = []

    def resolve(header: Any, payload: Any) -> jose.PublicKey:
        seen.append((dict(header), dict(payload)))
        return key.public

    token = jose.sign_jws({"iss": "x"}, key, typ="example+jwt")
    jose.verify_jws(token, resolve, typ="example+jwt")
    assert seen == [({"alg": "ES256", "typ": "example+jwt", "kid": key.kid}, {"iss": "x"})]


def test_verify_takes_a_parsed_jws(key: jose.PrivateKey) -> None:
    parsed = jose.parse_jws(jose.sign_jws({"a": 1}, key, typ="example+jwt"))
    assert not parsed.verified
    assert jose.verify_jws(parsed, key.public, typ="example+jwt").verified


def test_a_kept_header_is_a_fresh_copy_each_time(key: jose.PrivateKey) -> None:
    """RFC 7515 §5.2 steps 2-4: a header decoded before (kept by its segment) comes back as
    decoded, and what one caller changes in it the next one does not see."""
    token = jose.sign_jws({"a": 1}, key, typ="example+jwt", headers={"x5c": ["AA=="]})
    first = jose.parse_jws(token).header
    assert isinstance(first, dict)
    first["x5c"].append("BB==")
    first["typ"] = "other"
    second = jose.verify_jws(token, key.public, typ="example+jwt").header
    assert second == {"alg": "ES256", "typ": "example+jwt", "kid": key.kid, "x5c": ["AA=="]}
    assert second is not jose.parse_jws(token).header


def test_a_header_with_an_object_is_decoded_each_time(key: jose.PrivateKey) -> None:
    jwk = key.public.to_jwk()
    token = jose.sign_jws({"a": 1}, key, typ="example+jwt", headers={"jwk": jwk})
    first = jose.parse_jws(token).header
    assert isinstance(first, dict)
    first["jwk"]["x"] = "changed"
    assert jose.parse_jws(token).header["jwk"] == jwk


def test_a_header_that_failed_fails_again() -> None:
    segment = jose.b64url_encode(b'{"alg":"ES256","alg":"none"}')
    for _ in range(2):
        with pytest.raises(DuplicateJSONKey):
            jose.parse_jws(f"{segment}.e30.AA")


def test_every_changed_character_is_rejected(key: jose.PrivateKey) -> None:
    token = jose.sign_jws({"sub": "x"}, key, typ="example+jwt")
    for index, char in enumerate(token):
        for other in ("A", "B", "."):
            if other != char:
                changed = token[:index] + other + token[index + 1 :]
                with pytest.raises(StandardsError):
                    jose.verify_jws(changed, key.public, typ="example+jwt")


def test_no_other_spelling_of_the_last_signature_character(key: jose.PrivateKey) -> None:
    """RFC 4648 §3.5: a last character differing only in pad bits is not the same token."""
    token = jose.sign_jws({"sub": "x"}, key, typ="example+jwt")
    accepted = []
    for char in B64URL_ALPHABET:
        try:
            jose.verify_jws(token[:-1] + char, key.public, typ="example+jwt")
        except StandardsError:
            continue
        accepted.append(char)
    assert accepted == [token[-1]]


@pytest.mark.parametrize(
    ("got", "expected"),
    [
        ("dc+sd-jwt", "dc+sd-jwt"),
        ("DC+SD-JWT", "dc+sd-jwt"),
        ("application/dc+sd-jwt", "dc+sd-jwt"),
        ("Application/DC+SD-JWT", "dc+sd-jwt"),
        ("kb+jwt", "application/kb+jwt"),
        ("statuslist+jwt", ("JWT", "statuslist+jwt")),
    ],
)
def test_typ_compares_as_a_media_type(got: str, expected: str | tuple[str, ...]) -> None:
    """RFC 7515 §4.1.9: case-insensitive; ``application/`` may be omitted."""
    assert jose.check_header({"alg": "ES256", "typ": got}, typ=expected) == "ES256"


@pytest.mark.parametrize(
    ("got", "expected"),
    [
        ("vc+sd-jwt", "dc+sd-jwt"),
        ("application/application/kb+jwt", "kb+jwt"),
        ("text/kb+jwt", "kb+jwt"),
        ("kb+jwt ", "kb+jwt"),
        ("jwt", ("kb+jwt", "dc+sd-jwt")),
    ],
)
def test_typ_mismatch(got: str, expected: str | tuple[str, ...]) -> None:
    with pytest.raises(TypMismatch):
        jose.check_header({"alg": "ES256", "typ": got}, typ=expected)


def test_typ_none_skips_the_check() -> None:
    assert jose.check_header({"alg": "ES256"}, typ=None) == "ES256"


def test_header_jwk_only_when_the_caller_allows_it(key: jose.PrivateKey) -> None:
    """OpenID4VCI proofs carry the holder key in ``jwk``; only then may the header hold one."""
    header = {"alg": "ES256", "typ": "openid4vci-proof+jwt", "jwk": key.public.to_jwk()}
    assert jose.check_header(header, typ="openid4vci-proof+jwt", allow_header_jwk=True)


# --- JWK (RFC 7517, RFC 7518 §6.2) ------------------------------------------------------------


def test_public_jwk_round_trip(key: jose.PrivateKey) -> None:
    public = key.public.to_jwk()
    assert set(public) == {"kty", "crv", "x", "y", "kid"}
    imported = jose.PublicKey.from_jwk(public)
    assert imported.to_jwk() == public
    assert imported.key.public_numbers() == key.key.public_key().public_numbers()


def test_public_import_refuses_d(key: jose.PrivateKey) -> None:
    with pytest.raises(InvalidJWK):
        jose.PublicKey.from_jwk(key.to_private_jwk())


def test_public_import_keeps_only_public_members(key: jose.PrivateKey) -> None:
    jwk = {**key.public.to_jwk(), "use": "sig", "alg": "ES256", "x5c": ["AA=="]}
    assert jose.PublicKey.from_jwk(jwk).to_jwk() == key.public.to_jwk()


@pytest.mark.parametrize("crv", ["P-256", "P-384"])
def test_private_jwk_round_trip(crv: str) -> None:
    key = jose.PrivateKey.generate(crv=crv, kid="k1")
    private = key.to_private_jwk()
    assert set(private) == {"kty", "crv", "x", "y", "kid", "d"}
    again = jose.PrivateKey.from_jwk(private)
    assert again.to_private_jwk() == private
    assert again.kid == "k1"
    algorithms = ("ES256", "ES384")
    token = jose.sign_jws({"a": 1}, again, typ="example+jwt")
    assert jose.verify_jws(token, key.public, typ="example+jwt", algorithms=algorithms).verified


def test_to_jwk_never_holds_d(key: jose.PrivateKey) -> None:
    assert "d" not in key.public.to_jwk()
    assert "d" not in jose.PrivateKey.from_jwk(key.to_private_jwk()).public.to_jwk()
    assert "d" not in jose.PublicKey.from_cryptography(key.key.public_key()).to_jwk()
    assert key.to_private_jwk()["d"] not in repr(key)


def test_private_import_needs_d(key: jose.PrivateKey) -> None:
    with pytest.raises(InvalidJWK):
        jose.PrivateKey.from_jwk(key.public.to_jwk())


def test_private_import_refuses_d_of_another_key(key: jose.PrivateKey) -> None:
    other = jose.PrivateKey.generate().to_private_jwk()
    with pytest.raises(InvalidJWK):
        jose.PrivateKey.from_jwk({**key.to_private_jwk(), "d": other["d"]})


@pytest.mark.parametrize(
    ("member", "spell"),
    [
        ("d", lambda d: d + "="),
        ("d", lambda d: d[1:]),  # 31 octets and a bit
        ("d", lambda d: "AA" + d),
        ("x", lambda x: x.replace("-", "+").replace("_", "/") + "+/"),
        ("y", lambda _: None),
        ("kid", lambda _: 7),
    ],
    ids=["d_padded", "d_short", "d_too_long", "x_standard_alphabet", "y_missing", "kid_number"],
)
def test_private_import_refuses_other_spellings(
    key: jose.PrivateKey, member: str, spell: Callable[[str], object]
) -> None:
    """RFC 7518 §6.2.2.1: ``d`` is full-length base64url too."""
    private = key.to_private_jwk()
    with pytest.raises(InvalidJWK):
        jose.PrivateKey.from_jwk({**private, member: spell(private.get(member, "k"))})


def test_kid_defaults_to_the_thumbprint() -> None:
    key = jose.PrivateKey.generate()
    assert key.kid == key.public.thumbprint() == jose.jwk_thumbprint(key.public.to_jwk())


def _short_coordinate_key() -> tuple[jose.PrivateKey, str]:
    """A key whose x coordinate has a leading zero octet, and x without it."""
    while True:
        key = jose.PrivateKey.generate()
        x = key.key.public_key().public_numbers().x
        if x < 1 << 248:
            return key, jose.b64url_encode(x.to_bytes(31, "big"))


@pytest.mark.parametrize(
    ("member", "spell"),
    [
        ("x", lambda x: x + "="),  # padding
        ("x", lambda x: x.replace("-", "+").replace("_", "/") + "+/"),  # standard alphabet
        ("x", lambda x: "AA" + x),  # a leading zero octet too many
        ("y", lambda y: y[:-1] + "B"),  # non-zero pad bits
        ("x", lambda _: 7),
        ("kid", lambda _: 7),
    ],
    ids=["padded", "standard_alphabet", "too_long", "pad_bits", "not_a_string", "kid_number"],
)
def test_public_import_refuses_other_spellings(
    key: jose.PrivateKey, member: str, spell: Callable[[str], object]
) -> None:
    """RFC 7518 §6.2.1.2: full-length base64url, so one key has one JWK and one thumbprint."""
    public = key.public.to_jwk()
    with pytest.raises(InvalidJWK):
        jose.PublicKey.from_jwk({**public, member: spell(public.get(member, "k"))})


def test_public_import_refuses_a_short_coordinate() -> None:
    """RFC 7518 §6.2.1.2: leading zero octets are kept (32 octets for P-256)."""
    while True:
        key = jose.PrivateKey.generate()
        x = key.key.public_key().public_numbers().x
        if x < 1 << 248:
            break
    with pytest.raises(InvalidJWK):
        jose.PublicKey.from_jwk(
            {**key.public.to_jwk(), "x": jose.b64url_encode(x.to_bytes(31, "big"))}
        )


def test_from_cryptography_refuses_other_curves() -> None:
    with pytest.raises(InvalidJWK):
        jose.PublicKey.from_cryptography(ec.generate_private_key(ec.SECP521R1()).public_key())


# --- thumbprints (RFC 7638) -------------------------------------------------------------------


def test_thumbprint_rfc7638_3_1_example() -> None:
    assert jose.jwk_thumbprint(RFC7638_RSA_JWK) == RFC7638_THUMBPRINT


@pytest.mark.parametrize("crv", ["P-256", "P-384"])
def test_thumbprint_matches_jwcrypto_for_ec(crv: str) -> None:
    public = jose.PrivateKey.generate(crv=crv, kid="other").public
    expected = jwcrypto_jwk.JWK(**public.to_jwk()).thumbprint()
    assert public.thumbprint() == expected
    assert jose.jwk_thumbprint({**public.to_jwk(), "kid": "ignored", "use": "sig"}) == expected


@pytest.mark.parametrize(
    "jwk",
    [{"kty": "EC", "crv": "P-256", "x": "AA"}, {"kty": "oct", "k": "AA"}, {"x": "AA"}],
)
def test_thumbprint_needs_the_required_members(jwk: dict[str, str]) -> None:
    with pytest.raises(InvalidJWK):
        jose.jwk_thumbprint(jwk)


# --- x5c (RFC 7515 §4.1.6, RFC 5280 §6) -------------------------------------------------------


def test_x5c_valid_chain_returns_the_leaf_key(chain: pki.Chain) -> None:
    leaf, public = jose.verify_x5c_chain(chain.x5c, [chain.root], now=NOW)
    assert leaf == chain.leaf
    assert public.key.public_numbers() == chain.leaf_key.key.public_key().public_numbers()
    assert "d" not in public.to_jwk()
    token = jose.sign_jws({"a": 1}, chain.leaf_key, typ="example+jwt")
    assert jose.verify_jws(token, public, typ="example+jwt").verified


def test_x5c_may_include_the_root(chain: pki.Chain) -> None:
    x5c = [*chain.x5c, pki.der_b64(chain.root)]
    assert jose.verify_x5c_chain(x5c, [chain.root], now=NOW)[0] == chain.leaf


def test_x5c_untrusted_root(chain: pki.Chain) -> None:
    stranger = pki.make_chain(NOW)
    with pytest.raises(CertificateChainInvalid):
        jose.verify_x5c_chain(chain.x5c, [stranger.root], now=NOW)


def test_x5c_missing_intermediate(chain: pki.Chain) -> None:
    with pytest.raises(CertificateChainInvalid):
        jose.verify_x5c_chain(chain.x5c[:1], [chain.root], now=NOW)


@pytest.mark.parametrize(
    "now",
    [
        NOW + timedelta(days=366),  # after the leaf's not_valid_after
        NOW - timedelta(days=2),  # before every not_valid_before
    ],
)
def test_x5c_outside_validity(chain: pki.Chain, now: datetime) -> None:
    with pytest.raises(CertificateChainInvalid):
        jose.verify_x5c_chain(chain.x5c, [chain.root], now=now)


@pytest.mark.parametrize(
    "now",
    [NOW + timedelta(days=366), NOW - timedelta(days=2)],
)
def test_x5c_verified_before_is_still_refused_outside_validity(
    chain: pki.Chain, now: datetime
) -> None:
    """A chain remembered as verified (see ``_ChainCache``) gives the answer a fresh check
    would: outside its validity it is refused, as for a chain never seen."""
    jose.verify_x5c_chain(chain.x5c, [chain.root], now=NOW)
    with pytest.raises(CertificateChainInvalid):
        jose.verify_x5c_chain(chain.x5c, [chain.root], now=now)
    assert jose.verify_x5c_chain(chain.x5c, [chain.root], now=NOW)[0] == chain.leaf


def test_x5c_verified_before_is_refused_under_other_anchors(chain: pki.Chain) -> None:
    jose.verify_x5c_chain(chain.x5c, [chain.root], now=NOW)
    stranger = pki.make_chain(NOW)
    with pytest.raises(CertificateChainInvalid):
        jose.verify_x5c_chain(chain.x5c, [stranger.root], now=NOW)


def test_x5c_verified_before_is_refused_past_an_anchor_expiry(chain: pki.Chain) -> None:
    """The answer is bounded by the anchors' validity too, not only the chain's."""
    short_root = pki.make_chain(NOW, root_valid_for=timedelta(days=30))
    jose.verify_x5c_chain(short_root.x5c, [short_root.root], now=NOW)
    with pytest.raises(CertificateChainInvalid):
        jose.verify_x5c_chain(short_root.x5c, [short_root.root], now=NOW + timedelta(days=31))


def test_x5c_longer_than_max_depth(chain: pki.Chain) -> None:
    with pytest.raises(CertificateChainInvalid):
        jose.verify_x5c_chain(chain.x5c, [chain.root], now=NOW, max_depth=1)
    too_long = [chain.x5c[0]] + [chain.x5c[1]] * 4
    with pytest.raises(CertificateChainInvalid):
        jose.verify_x5c_chain(too_long, [chain.root], now=NOW)


@pytest.mark.parametrize(
    "entry",
    [
        "not base64!",
        "TUlJ",  # base64, not DER
        " " + "TUlJ",
        7,
    ],
)
def test_x5c_entry_not_base64_der(chain: pki.Chain, entry: Any) -> None:
    with pytest.raises(CertificateChainInvalid):
        jose.verify_x5c_chain([entry, chain.x5c[1]], [chain.root], now=NOW)


def test_x5c_entry_in_base64url_is_refused(chain: pki.Chain) -> None:
    """RFC 7515 §4.1.6: x5c is standard base64 with padding, not base64url."""
    entry = chain.x5c[0].replace("+", "-").replace("/", "_").rstrip("=") + "-_"
    with pytest.raises(CertificateChainInvalid):
        jose.verify_x5c_chain([entry, chain.x5c[1]], [chain.root], now=NOW)


@pytest.mark.parametrize("x5c", [[], (), "MIIB", None])
def test_x5c_must_be_a_non_empty_list(chain: pki.Chain, x5c: Any) -> None:
    with pytest.raises(CertificateChainInvalid):
        jose.verify_x5c_chain(x5c, [chain.root], now=NOW)


def test_x5c_needs_trust_anchors(chain: pki.Chain) -> None:
    with pytest.raises(CertificateChainInvalid):
        jose.verify_x5c_chain(chain.x5c, [], now=NOW)


def test_x5c_rsa_leaf_refused(chain: pki.Chain) -> None:
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    issuer = (chain.intermediate, chain.intermediate_key)
    leaf = pki.make_leaf("RSA signer", rsa_key.public_key(), issuer, NOW)
    with pytest.raises(CertificateChainInvalid):
        jose.verify_x5c_chain([pki.der_b64(leaf), chain.x5c[1]], [chain.root], now=NOW)


def test_x5c_leaf_without_digital_signature_refused(chain: pki.Chain) -> None:
    """RFC 5280 §4.2.1.3: a key-agreement-only certificate does not sign."""
    usage = x509.KeyUsage(
        digital_signature=False,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=True,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
    issuer = (chain.intermediate, chain.intermediate_key)
    public = chain.leaf_key.key.public_key()
    leaf = pki.make_leaf("Key agreement", public, issuer, NOW, key_usage=usage)
    with pytest.raises(CertificateChainInvalid):
        jose.verify_x5c_chain([pki.der_b64(leaf), chain.x5c[1]], [chain.root], now=NOW)


@pytest.mark.parametrize("signer", ["intermediate", "root"])
def test_x5c_ca_certificate_as_signer_refused(chain: pki.Chain, signer: str) -> None:
    """RFC 5280 §4.2.1.9: the signing certificate is an end entity's, not a CA's."""
    certificate = chain.intermediate if signer == "intermediate" else chain.root
    with pytest.raises(CertificateChainInvalid):
        jose.verify_x5c_chain([pki.der_b64(certificate)], [chain.root], now=NOW)


def test_x5c_p384_leaf(chain: pki.Chain) -> None:
    key = jose.PrivateKey.generate(crv="P-384")
    issuer = (chain.intermediate, chain.intermediate_key)
    leaf = pki.make_leaf("P-384 signer", key.key.public_key(), issuer, NOW)
    _, public = jose.verify_x5c_chain([pki.der_b64(leaf), chain.x5c[1]], [chain.root], now=NOW)
    assert public.algorithm == "ES384"


def test_x5c_leaf_on_another_curve_refused(chain: pki.Chain) -> None:
    key = ec.generate_private_key(ec.SECP521R1())
    issuer = (chain.intermediate, chain.intermediate_key)
    leaf = pki.make_leaf("P-521 signer", key.public_key(), issuer, NOW)
    with pytest.raises(CertificateChainInvalid):
        jose.verify_x5c_chain([pki.der_b64(leaf), chain.x5c[1]], [chain.root], now=NOW)
