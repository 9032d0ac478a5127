"""JWE for OpenID4VP 1.0 §8.3 (``standards.jose``): the spec's own encrypted response example,
round trips for both ``enc`` values HAIP 1.0 §5 requires, and that no single changed character
of a JWE decrypts. Bad inputs are battery rows (``cases_jwe.py``)."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jwcrypto import jwe as _jwe
from jwcrypto import jwk as _jwk

from standards import jose
from standards.errors import InvalidJWK, StandardsError
from tests.standards.cases_jwe import B64URL_ALPHABET, GOOD, VERIFIER

SPEC = Path(__file__).resolve().parents[3] / "shared" / "specs" / "openid4vp-1_0.md"


@cache
def _section_8_3() -> str:
    text = SPEC.read_text(encoding="utf-8")
    start = text.index("## Encrypted Responses {#response_encryption}")
    return text[start : text.index("### Response Mode", start)]


def _json_blocks(section: str) -> list[Any]:
    return [json.loads(block) for block in re.findall(r"```json\n(.*?)```", section, re.DOTALL)]


def _spec_example() -> tuple[str, dict[str, Any], dict[str, Any], dict[str, Any]]:
    """§8.3: the encrypted response, the private key, the decoded header and the payload."""
    section = _section_8_3()
    response_block = re.search(r'"response" : "(.*?)"', section, re.DOTALL)
    assert response_block is not None
    response = re.sub(r"\s+", "", response_block.group(1))
    blocks = _json_blocks(section)
    private = next(b for b in blocks if "d" in b)
    header = next(b for b in blocks if "epk" in b)
    payload = next(b for b in blocks if "vp_token" in b and "dcql_query" not in b)
    return response, private, header, payload


def test_oid4vp_8_3_spec_example_decrypts() -> None:
    response, private, header, payload = _spec_example()
    key = jose.EncryptionKey.from_jwk(private)
    assert key.kid == "ac"
    assert dict(jose.read_jwe_header(response)) == header
    decrypted = jose.decrypt_jwe(response, [key], encryptions=("A128GCM",))
    assert json.loads(decrypted.plaintext) == payload
    assert decrypted.key is key


def test_oid4vp_8_3_spec_example_public_key_matches_request_jwks() -> None:
    """The request's first ``jwks`` key is the public half of the example's private key."""
    _, private, _, _ = _spec_example()
    request = next(b for b in _json_blocks(_section_8_3()) if "client_metadata" in b)
    published = request["client_metadata"]["jwks"]["keys"][0]
    assert jose.EncryptionKey.from_jwk(private).public_jwk() == published


@pytest.mark.parametrize("enc", jose.JWE_ENCRYPTIONS)
def test_encrypt_decrypt_round_trip(enc: str) -> None:
    key = jose.EncryptionKey.generate()
    plaintext = json.dumps({"vp_token": {"pid": ["x"]}, "state": "s"}).encode()
    token = jose.encrypt_jwe(plaintext, key.public_jwk(), enc=enc)
    header = jose.read_jwe_header(token)
    assert header["alg"] == "ECDH-ES"
    assert header["enc"] == enc
    assert header["kid"] == key.kid
    assert header["epk"]["crv"] == "P-256"
    other = jose.EncryptionKey.generate()
    decrypted = jose.decrypt_jwe(token, [other, key])
    assert decrypted.plaintext == plaintext
    assert decrypted.key is key


@pytest.mark.parametrize("enc", jose.JWE_ENCRYPTIONS)
def test_party_info_enters_the_key_derivation(enc: str) -> None:
    """RFC 7518 §4.6.2: ``apu`` and ``apv`` are part of the Concat KDF's OtherInfo; a JWE made
    with them by another implementation (jwcrypto) decrypts."""
    header = {
        "alg": "ECDH-ES",
        "enc": enc,
        "kid": VERIFIER.kid,
        "apu": jose.b64url_encode(b"wallet"),
        "apv": jose.b64url_encode(b"verifier nonce"),
    }
    token = _jwe.JWE(b'{"vp_token":{}}', protected=json.dumps(header))
    token.add_recipient(_jwk.JWK.from_pyca(VERIFIER.key.public_key()))
    compact = token.serialize(compact=True)
    assert jose.decrypt_jwe(compact, [VERIFIER]).plaintext == b'{"vp_token":{}}'


def test_encrypt_without_kid_leaves_it_out() -> None:
    """§8.3: the JWE carries ``kid`` only when the chosen JWK has one (Regie's verifier always
    sets one, and refuses a JWE without it)."""
    public = {k: v for k, v in VERIFIER.public_jwk().items() if k != "kid"}
    token = jose.encrypt_jwe(b"{}", public, enc="A256GCM")
    assert "kid" not in jose.json_loads(jose.b64url_decode(token.split(".")[0]))


def test_encryption_key_shape_and_round_trip() -> None:
    """§5.1 ``jwks``: each key has a ``kid``; §8.3: ``alg`` is present; RFC 7517 §4.2 ``use``."""
    key = jose.EncryptionKey.generate()
    public = key.public_jwk()
    assert public["use"] == "enc"
    assert public["alg"] == "ECDH-ES"
    assert public["crv"] == "P-256"
    assert public["kid"] == key.kid == jose.jwk_thumbprint(public)
    assert "d" not in public
    again = jose.EncryptionKey.from_jwk(key.to_private_jwk())
    assert again.kid == key.kid
    assert again.public_jwk() == public
    assert jose.EncryptionKey.generate(kid="tx-1").kid == "tx-1"
    assert "key=" not in repr(key)


@pytest.mark.parametrize("kid", [None, ""], ids=["absent", "empty"])
def test_encryption_key_without_kid_is_named_by_its_thumbprint(kid: str | None) -> None:
    """RFC 7638: a private JWK without a (non-empty) ``kid`` is named as :class:`PrivateKey`
    names it."""
    private = {k: v for k, v in VERIFIER.to_private_jwk().items() if k != "kid"}
    if kid is not None:
        private["kid"] = kid
    key = jose.EncryptionKey.from_jwk(private)
    assert key.kid == jose.PrivateKey.from_jwk(private).kid == jose.jwk_thumbprint(private)


@pytest.mark.parametrize(
    ("change", "detail"),
    [
        ({"d": None}, "a private key was expected"),
        ({"kid": 7}, "'kid' is not a string"),
        ({"x": "AA"}, "'x' is not a 32-octet"),
        ({"d": jose.b64url_encode((1).to_bytes(32, "big"))}, "d and x, y do not match"),
    ],
    ids=["no-d", "kid-not-a-string", "short-x", "d-of-another-point"],
)
def test_encryption_key_refuses_what_a_private_key_refuses(
    change: dict[str, Any], detail: str
) -> None:
    private = {**VERIFIER.to_private_jwk(), **change}
    private = {k: v for k, v in private.items() if v is not None}
    for load in (jose.EncryptionKey.from_jwk, jose.PrivateKey.from_jwk):
        with pytest.raises(InvalidJWK, match=detail):
            load(private)


def test_keys_are_fresh() -> None:
    assert jose.EncryptionKey.generate().kid != jose.EncryptionKey.generate().kid


@settings(max_examples=150, deadline=None)
@given(position=st.integers(min_value=0, max_value=len(GOOD) - 1), data=st.data())
def test_any_single_changed_character_is_rejected(position: int, data: st.DataObject) -> None:
    """RFC 7516 §5.2: the tag covers the header, IV and ciphertext; strict base64url leaves
    no second spelling. Every one-character change is refused with a standards error."""
    original = GOOD[position]
    replacement = data.draw(st.sampled_from([c for c in B64URL_ALPHABET + "." if c != original]))
    changed = GOOD[:position] + replacement + GOOD[position + 1 :]
    with pytest.raises(StandardsError):
        jose.decrypt_jwe(changed, [VERIFIER])
