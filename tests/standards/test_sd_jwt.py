"""RFC 9901 SD-JWT: focused checks of issuance (§4), presentation (§7.2) and verification (§7.3).

Attacks and malformed inputs are rows in ``cases_sd_jwt.py``; round trips are properties in
``test_sd_jwt_properties.py``. These tests pin down the Issuer's and Holder's choices.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import pytest

from standards.errors import (
    KeyBindingMissing,
    KeyBindingUnexpected,
    SelectionInvalid,
)
from standards.jose import PrivateKey, b64url_decode, parse_jws
from standards.sd_jwt import (
    ClaimPath,
    IssuedSDJWT,
    KeyBindingPolicy,
    create_presentation,
    issue_sd_jwt,
    select_disclosures,
    verify_issuance,
    verify_presentation,
)
from standards.sd_jwt.issue import SALT_BYTES

TYP = "example+sd-jwt"
NOW = 1_700_000_000
AUDIENCE = "https://verifier.example.org"
NONCE = "n-0S6_WzA2Mj"
ISSUER = PrivateKey.generate()
HOLDER = PrivateKey.generate()
POLICY = KeyBindingPolicy(audience=AUDIENCE, nonce=NONCE)

CLAIMS: dict[str, Any] = {
    "iss": "https://issuer.example.com",
    "given_name": "Jan",
    "family_name": "de Vries",
    "address": {"street_address": "Dorpsstraat 1", "locality": "Utrecht", "country": "NL"},
    "nationalities": ["NL", "BE", "DE"],
}


def _clock() -> float:
    return float(NOW)


def _issue(
    disclosable: list[ClaimPath], *, claims: dict[str, Any] | None = None, **options: Any
) -> IssuedSDJWT:
    return issue_sd_jwt(
        CLAIMS if claims is None else claims,
        disclosable=disclosable,
        key=ISSUER,
        typ=TYP,
        holder_key=HOLDER.public,
        **options,
    )


def _recording(draws: list[bytes]) -> Callable[[int], bytes]:
    source = random.Random(7)

    def draw(size: int) -> bytes:
        draws.append(source.randbytes(size))
        return draws[-1]

    return draw


# --- issuance (§4.1, §4.2) ---------------------------------------------------------------------


def test_salts_are_128_bit_and_unique() -> None:
    """§4.2.1 and §9.3: a fresh salt per Disclosure, base64url over 128 bits."""
    issued = _issue([("given_name",), ("family_name",), ("address",), ("nationalities", None)])
    salts = [d.salt for d in issued.disclosures]
    assert len(salts) == 6
    assert len(set(salts)) == len(salts)
    assert SALT_BYTES >= 16
    assert all(len(b64url_decode(salt)) >= 16 for salt in salts)


def test_salts_and_decoys_come_from_the_random_parameter() -> None:
    """Every salt is its own ``SALT_BYTES`` of what ``random`` returned, none used twice."""
    draws: list[bytes] = []
    names = [f"claim_{i}" for i in range(20)]
    issued = issue_sd_jwt(
        dict.fromkeys(names, "x"),
        disclosable=[(name,) for name in names],
        key=ISSUER,
        typ=TYP,
        decoys=3,
        random=_recording(draws),
    )
    drawn = b"".join(draws)
    chunks = [drawn[i : i + SALT_BYTES] for i in range(0, len(drawn), SALT_BYTES)]
    salts = [b64url_decode(d.salt) for d in issued.disclosures]
    assert len(salts) == 20
    assert salts == chunks[:20]  # in order, each its own slice
    assert len(drawn) >= (20 + 3) * SALT_BYTES  # the three decoys used fresh bytes too
    assert len(draws) < 20 + 3  # a few salts per call to the random source


def test_decoys_are_added_and_sd_is_sorted() -> None:
    """§4.2.5 decoy digests, and §4.2.4.1: the ``_sd`` order does not reveal the claims'."""
    issued = _issue([("given_name",), ("family_name",), ("address", "locality")], decoys=4)
    payload = parse_jws(issued.issuer_jwt).payload
    top = payload["_sd"]
    nested = payload["address"]["_sd"]
    assert len(top) == 2 + 4
    assert len(nested) == 1 + 4
    assert top == sorted(top)
    assert nested == sorted(nested)
    real = {d.digest() for d in issued.disclosures}
    assert real <= set(top) | set(nested)
    assert len(set(top) - real) == 4
    verified = verify_issuance(issued.compact, issuer_key=ISSUER.public, typ=TYP, now=_clock)
    assert verified.claims == {**CLAIMS, "cnf": {"jwk": HOLDER.public.to_jwk()}}
    assert len(verified.digests) == 3 + 8


def test_sd_alg_is_sha_256_at_the_top_level() -> None:
    """§4.1.1: ``_sd_alg`` names the hash; it is removed from the processed payload."""
    issued = _issue([("given_name",)])
    payload = parse_jws(issued.issuer_jwt).payload
    assert payload["_sd_alg"] == "sha-256"
    assert payload["cnf"] == {"jwk": HOLDER.public.to_jwk()}
    verified = verify_issuance(issued.compact, issuer_key=ISSUER.public, typ=TYP, now=_clock)
    assert verified.sd_alg == "sha-256"
    assert "_sd_alg" not in verified.claims


def test_array_elements_and_recursive_disclosures() -> None:
    """§4.2.2 array elements with ``{"...": digest}``; §4.2.6 a Disclosure inside another."""
    issued = _issue(
        [("nationalities",), ("nationalities", None), ("address",), ("address", "country")]
    )
    payload = parse_jws(issued.issuer_jwt).payload
    assert "nationalities" not in payload
    assert "address" not in payload
    outer = {d.name: d for d in issued.disclosures if d.name is not None}
    assert [set(e) for e in outer["nationalities"].value] == [{"..."}] * 3
    assert "country" not in outer["address"].value
    assert len(outer["address"].value["_sd"]) == 1


@pytest.mark.parametrize(
    "path",
    [("middle_name",), ("address", "region"), ("nationalities", 3), ("given_name", 0), ()],
    ids=["absent", "absent_nested", "index_out_of_range", "into_a_string", "root"],
)
def test_issue_refuses_a_path_that_is_not_in_the_claims(path: ClaimPath) -> None:
    """A typo must not silently leave a claim always visible."""
    with pytest.raises(SelectionInvalid):
        _issue([("given_name",), path])


@pytest.mark.parametrize(
    "claims",
    [{"_sd": []}, {"...": 1}, {"_sd_alg": "sha-256"}, {"address": {"_sd": ["x"]}}],
    ids=["_sd", "...", "_sd_alg", "nested_sd"],
)
def test_issue_refuses_reserved_claim_names(claims: dict[str, Any]) -> None:
    """§4.1 and §4.2.1: ``_sd``, ``...`` and ``_sd_alg`` are never claim names."""
    with pytest.raises(SelectionInvalid):
        _issue([], claims={"given_name": "Jan", **claims})


# --- the Holder (§7.2) -------------------------------------------------------------------------


def _holder_view(issued: IssuedSDJWT) -> Any:
    return verify_issuance(issued.compact, issuer_key=ISSUER.public, typ=TYP, now=_clock)


RECURSIVE: list[ClaimPath] = [
    ("address",),
    ("address", "street_address"),
    ("address", "locality"),
    ("nationalities",),
    ("nationalities", None),
    ("given_name",),
]


def _names(chosen: tuple[Any, ...]) -> list[Any]:
    return sorted(repr(d.name if d.name is not None else d.value) for d in chosen)


def test_select_picks_the_enclosing_disclosures_of_a_nested_choice() -> None:
    holder = _holder_view(_issue(RECURSIVE))
    chosen = select_disclosures(holder, [("address", "locality"), ("nationalities", 1)])
    assert _names(chosen) == sorted(repr(n) for n in ["address", "locality", "nationalities", "BE"])
    presented = verify_presentation(
        create_presentation(holder.parts.issuer_jwt, chosen, holder_key=None),
        issuer_key=ISSUER.public,
        typ=TYP,
        key_binding=None,
        now=_clock,
    )
    assert presented.claims == {
        "iss": "https://issuer.example.com",
        "family_name": "de Vries",
        "address": {"locality": "Utrecht", "country": "NL"},
        "nationalities": ["BE"],
        "cnf": {"jwk": HOLDER.public.to_jwk()},
    }


def test_select_picks_every_descendant_of_a_parent_choice() -> None:
    holder = _holder_view(_issue(RECURSIVE))
    chosen = select_disclosures(holder, [("address",), ("nationalities",)])
    assert len(chosen) == (1 + 2) + (1 + 3)
    assert "given_name" not in _names(chosen)
    presented = verify_presentation(
        create_presentation(holder.parts.issuer_jwt, chosen, holder_key=None),
        issuer_key=ISSUER.public,
        typ=TYP,
        key_binding=None,
        now=_clock,
    )
    assert presented.claims["address"] == CLAIMS["address"]
    assert presented.claims["nationalities"] == CLAIMS["nationalities"]
    assert "given_name" not in presented.claims


def test_select_returns_received_disclosures_once_each() -> None:
    """§4: a Holder never sends a Disclosure it did not receive, nor one twice."""
    holder = _holder_view(_issue(RECURSIVE))
    chosen = [d.encoded for d in select_disclosures(holder, [("given_name",), ("address",)])]
    assert len(chosen) == len(set(chosen)) == 1 + 3
    assert set(chosen) <= set(holder.parts.disclosures)


def test_select_refuses_a_claim_the_credential_does_not_hold() -> None:
    holder = _holder_view(_issue(RECURSIVE))
    with pytest.raises(SelectionInvalid):
        select_disclosures(holder, [("middle_name",)])


def test_holder_rejects_an_sd_jwt_with_key_binding() -> None:
    """§7.2: the Issuer sends an SD-JWT; an SD-JWT+KB from it is refused."""
    issued = _issue([("given_name",)])
    with_kb = create_presentation(
        issued.issuer_jwt,
        issued.disclosures,
        holder_key=HOLDER,
        audience=AUDIENCE,
        nonce=NONCE,
        issued_at=NOW,
    )
    with pytest.raises(KeyBindingUnexpected):
        verify_issuance(with_kb, issuer_key=ISSUER.public, typ=TYP, now=_clock)


def test_create_presentation_needs_audience_nonce_and_time_for_a_kb_jwt() -> None:
    issued = _issue([("given_name",)])
    with pytest.raises(SelectionInvalid):
        create_presentation(issued.issuer_jwt, issued.disclosures, holder_key=HOLDER, nonce=NONCE)


# --- the Verifier (§7.3) ----------------------------------------------------------------------


def test_presentation_without_key_binding_when_the_policy_does_not_ask() -> None:
    """§7.3 step 1: the Verifier's policy decides; ``None`` accepts a plain SD-JWT."""
    issued = _issue([("given_name",), ("family_name",)])
    holder = _holder_view(issued)
    chosen = select_disclosures(holder, [("given_name",)])
    verified = verify_presentation(
        create_presentation(issued.issuer_jwt, chosen, holder_key=None),
        issuer_key=ISSUER.public,
        typ=TYP,
        key_binding=None,
        now=_clock,
    )
    assert verified.claims["given_name"] == "Jan"
    assert "family_name" not in verified.claims
    assert verified.key_binding is None


def test_presentation_with_key_binding_round_trip() -> None:
    issued = _issue([("given_name",), ("family_name",)])
    presentation = create_presentation(
        issued.issuer_jwt,
        issued.disclosures[:1],
        holder_key=HOLDER,
        audience=AUDIENCE,
        nonce=NONCE,
        issued_at=NOW - 10,
    )
    verified = verify_presentation(
        presentation, issuer_key=ISSUER.public, typ=TYP, key_binding=POLICY, now=_clock
    )
    assert verified.key_binding is not None
    assert verified.key_binding.header["typ"] == "kb+jwt"
    assert verified.key_binding.payload["aud"] == AUDIENCE
    assert verified.key_binding.payload["nonce"] == NONCE
    assert verified.holder_key == HOLDER.public


def test_policy_requiring_key_binding_refuses_a_presentation_without_it() -> None:
    """§7.3 step 2: Key Binding required, an SD-JWT without a KB-JWT presented."""
    issued = _issue([("given_name",)])
    with pytest.raises(KeyBindingMissing):
        verify_presentation(
            issued.compact, issuer_key=ISSUER.public, typ=TYP, key_binding=POLICY, now=_clock
        )
