"""RFC 9901 examples, read in place from ``../shared/vectors/sd-jwt/`` (see its README).

The compact SD-JWTs are the specification's Appendix A examples (A.1 simple structured,
A.2 complex structured) and a presentation with Key Binding; the Disclosure strings and
digests are the worked examples of §4.2.1, §4.2.2 and §4.2.3.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from standards.jose import PublicKey
from standards.sd_jwt import Disclosure, KeyBindingPolicy, verify_issuance, verify_presentation
from standards.sd_jwt.disclosures import digest

VECTORS = Path(__file__).resolve().parents[3] / "shared" / "vectors" / "sd-jwt"

ISSUER_KEY = PublicKey.from_jwk(
    {
        "kty": "EC",
        "crv": "P-256",
        "x": "b28d4MwZMjw8-00CG4xfnn9SLMVMM19SlqZpVb_uNtQ",
        "y": "Xv5zWwuoaTgdS6hV43yI6gBwTnjukmFQQnJ_kCxzqk8",
    }
)
HOLDER_JWK = {
    "kty": "EC",
    "crv": "P-256",
    "x": "TCAER19Zvu3OHF4j4W4vfSVoHIP1ILilDls7vCeGemc",
    "y": "ZxjiWWbZMQGHVWKVQ4hbSIirsVfuecCE6t4jT9F2HZQ",
}
TYP = "example+sd-jwt"
ISSUED_AT = 1683000000
EXPIRES = 1883000000
KB_IAT = 1740818271
"""The KB-JWT's ``iat`` in ``with_kb.jwt``: the clock is set to it (README)."""

COMMON = {"iss": "https://issuer.example.com", "iat": ISSUED_AT, "exp": EXPIRES}

# Appendix A.1: "a presentation of the SD-JWT that discloses only region and country".
SIMPLE_STRUCTURED: dict[str, Any] = {**COMMON, "address": {"region": "港区", "country": "JP"}}

# Appendix A.2: the OpenID Connect for Identity Assurance example.
COMPLEX_STRUCTURED: dict[str, Any] = {
    **COMMON,
    "verified_claims": {
        "verification": {
            "trust_framework": "de_aml",
            "time": "2012-04-23T18:25Z",
            "evidence": [{"method": "pipp"}],
        },
        "claims": {
            "given_name": "Max",
            "family_name": "Müller",
            "address": {
                "locality": "Maxstadt",
                "postal_code": "12344",
                "country": "DE",
                "street_address": "Weidenstraße 22",
            },
        },
    },
}

# A presentation like §5.2's: given_name, family_name, address and one of two nationalities.
WITH_KB: dict[str, Any] = {
    **COMMON,
    "sub": "user_42",
    "given_name": "John",
    "family_name": "Doe",
    "address": {
        "street_address": "123 Main St",
        "locality": "Anytown",
        "region": "Anystate",
        "country": "US",
    },
    "nationalities": ["US"],
    "cnf": {"jwk": HOLDER_JWK},
}


def _read(name: str) -> str:
    return (VECTORS / name).read_text(encoding="ascii").strip()


def _at(moment: int) -> float:
    return float(moment)


@pytest.mark.parametrize(
    ("name", "expected", "disclosures"),
    [
        pytest.param("simple_structured.jwt", SIMPLE_STRUCTURED, 2, id="simple_structured"),
        pytest.param("complex_structured.jwt", COMPLEX_STRUCTURED, 6, id="complex_structured"),
    ],
)
def test_issued_example_verifies_to_its_processed_payload(
    name: str, expected: dict[str, Any], disclosures: int
) -> None:
    verified = verify_issuance(
        _read(name), issuer_key=ISSUER_KEY, typ=TYP, now=lambda: _at(ISSUED_AT + 1)
    )
    assert verified.claims == expected
    assert verified.sd_alg == "sha-256"
    assert len(verified.disclosures) == disclosures
    assert verified.holder_key is None


def test_simple_structured_keeps_its_decoys_out_of_the_claims() -> None:
    """Appendix A.1 adds decoy digests: they are seen, matched to nothing, and dropped."""
    verified = verify_issuance(
        _read("simple_structured.jwt"), issuer_key=ISSUER_KEY, typ=TYP, now=lambda: _at(ISSUED_AT)
    )
    assert len(verified.digests) == 16  # eight top-level and eight in address, decoys included
    assert [d.path for d in verified.disclosures] == [("address", "region"), ("address", "country")]


def test_complex_structured_records_recursive_paths() -> None:
    """The ``evidence`` element is itself a Disclosure whose object holds ``method``."""
    verified = verify_issuance(
        _read("complex_structured.jwt"), issuer_key=ISSUER_KEY, typ=TYP, now=lambda: _at(ISSUED_AT)
    )
    paths = {d.path: d.ancestors for d in verified.disclosures}
    assert ("verified_claims", "verification", "evidence", 0) in paths
    method = paths[("verified_claims", "verification", "evidence", 0, "method")]
    assert len(method) == 1  # reached through the evidence element's Disclosure


def test_presentation_with_key_binding_verifies() -> None:
    policy = KeyBindingPolicy(audience="https://verifier.example.org", nonce="1234567890")
    verified = verify_presentation(
        _read("with_kb.jwt"),
        issuer_key=ISSUER_KEY,
        typ=TYP,
        key_binding=policy,
        now=lambda: _at(KB_IAT),
    )
    assert verified.claims == WITH_KB
    assert verified.holder_key is not None
    assert verified.holder_key.to_jwk() == HOLDER_JWK
    assert verified.key_binding is not None
    assert verified.key_binding.header["typ"] == "kb+jwt"
    assert verified.key_binding.payload["sd_hash"] == "xcDN6Hhhf5WmwQ2s03CRvUkVyztwTgEnctoQoV9gHsI"


@pytest.mark.parametrize(
    ("encoded", "salt", "name", "value"),
    [
        pytest.param(
            "WyJfMjZiYzRMVC1hYzZxMktJNmNCVzVlcyIsICJmYW1pbHlfbmFtZSIsICJNw7ZiaXVzIl0",
            "_26bc4LT-ac6q2KI6cBW5es",
            "family_name",
            "Möbius",
            id="4_2_1_object_property",
        ),
        pytest.param(
            "WyJfMjZiYzRMVC1hYzZxMktJNmNCVzVlcyIsICJmYW1pbHlfbmFtZSIsICJNXHUwMGY2Yml1cyJd",
            "_26bc4LT-ac6q2KI6cBW5es",
            "family_name",
            "Möbius",
            id="4_2_1_escaped_umlaut",
        ),
        pytest.param(
            "WyJfMjZiYzRMVC1hYzZxMktJNmNCVzVlcyIsImZhbWlseV9uYW1lIiwiTcO2Yml1cyJd",
            "_26bc4LT-ac6q2KI6cBW5es",
            "family_name",
            "Möbius",
            id="4_2_1_no_white_space",
        ),
        pytest.param(
            "WwoiXzI2YmM0TFQtYWM2cTJLSTZjQlc1ZXMiLAoiZmFtaWx5X25hbWUiLAoiTcO2Yml1cyIKXQ",
            "_26bc4LT-ac6q2KI6cBW5es",
            "family_name",
            "Möbius",
            id="4_2_1_newlines",
        ),
        pytest.param(
            "WyJsa2x4RjVqTVlsR1RQVW92TU5JdkNBIiwgIkZSIl0",
            "lklxF5jMYlGTPUovMNIvCA",
            None,
            "FR",
            id="4_2_2_array_element",
        ),
    ],
)
def test_disclosure_parses(encoded: str, salt: str, name: str | None, value: str) -> None:
    disclosure = Disclosure.parse(encoded)
    assert (disclosure.salt, disclosure.name, disclosure.value) == (salt, name, value)
    assert disclosure.is_array_element is (name is None)


@pytest.mark.parametrize(
    ("encoded", "expected"),
    [
        pytest.param(
            "WyJfMjZiYzRMVC1hYzZxMktJNmNCVzVlcyIsICJmYW1pbHlfbmFtZSIsICJNw7ZiaXVzIl0",
            "X9yH0Ajrdm1Oij4tWso9UzzKJvPoDxwmuEcO3XAdRC0",
            id="4_2_3_family_name",
        ),
        pytest.param(
            "WyJsa2x4RjVqTVlsR1RQVW92TU5JdkNBIiwgIkZSIl0",
            "w0I8EKcdCtUPkGCNUrfwVp2xEgNjtoIDlOxc9-PlOhs",
            id="4_2_4_2_nationalities_FR",
        ),
    ],
)
def test_disclosure_digest(encoded: str, expected: str) -> None:
    assert digest(encoded) == expected
    assert Disclosure.parse(encoded).digest("sha-256") == expected


def test_recreating_the_example_disclosure_gives_its_digest_only_byte_for_byte() -> None:
    """§4.2.1: the digest covers the encoded string, so another JSON spelling differs."""
    ours = Disclosure.create("_26bc4LT-ac6q2KI6cBW5es", "family_name", "Möbius")
    assert Disclosure.parse(ours.encoded).value == "Möbius"
    assert ours.digest() != "X9yH0Ajrdm1Oij4tWso9UzzKJvPoDxwmuEcO3XAdRC0"
