"""OpenID4VP 1.0 §6.4: "Wallets MUST NOT send selectively disclosable claims that have not been
selected"; the verifier checks it itself (§14.9) and refuses the whole VP Token, as it cannot
drop a Disclosure the KB-JWT's ``sd_hash`` covers (RFC 9901 §4.3.1).

First the rule on its own (:func:`standards.dcql.check_presentations` with the disclosed
paths given), then real SD-JWT VC presentations through :func:`standards.oid4vp.verify_vp_token`,
made by the wallet's own selection (:func:`standards.oid4vp.present_credential`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from standards import dcql, oid4vp
from standards.errors import ClaimsNotRequested
from standards.sd_jwt import ClaimPath
from standards.sd_jwt_vc import VerifiedCredential, issue_credential, verify_credential
from tests.standards import oid4vp_world as w

VCT = "urn:example:persoon"
CLAIMS: dict[str, Any] = {
    "vct": VCT,
    "given_name": "Anna",
    "bsn": "999990019",
    "nationalities": ["Nederlandse", "Belgische"],
    "address": {"city": "Boxtel", "street": "Markt"},
}


def _query(*credentials: Mapping[str, Any]) -> dcql.DCQLQuery:
    return dcql.DCQLQuery.parse({"credentials": list(credentials)})


def _credential(query_id: str, *paths: Sequence[Any], **extra: Any) -> dict[str, Any]:
    query: dict[str, Any] = {"id": query_id, "format": "dc+sd-jwt", "meta": {"vct_values": [VCT]}}
    if paths:
        query["claims"] = [{"path": list(p)} for p in paths]
    return {**query, **extra}


def _check(query: dcql.DCQLQuery, disclosed: Mapping[str, Sequence[ClaimPath]]) -> None:
    presented = {
        query_id: [dcql.PresentedCredential(VCT, CLAIMS, True, tuple(paths))]
        for query_id, paths in disclosed.items()
    }
    dcql.check_presentations(query, presented)


def _name_or_bsn(claim_sets: list[list[str]]) -> dcql.DCQLQuery:
    claims = [{"id": "n", "path": ["given_name"]}, {"id": "b", "path": ["bsn"]}]
    return _query(_credential("persoon", claims=claims, claim_sets=claim_sets))


NAME = _query(_credential("persoon", ["given_name"]))
ACCEPTED: dict[str, tuple[dcql.DCQLQuery, dict[str, list[ClaimPath]]]] = {
    "exactly_what_was_asked": (NAME, {"persoon": [("given_name",)]}),
    "nothing_disclosed_when_no_claims_asked": (_query(_credential("persoon")), {"persoon": []}),
    "the_disclosure_enclosing_an_asked_claim": (
        _query(_credential("persoon", ["address", "city"])),
        {"persoon": [("address",), ("address", "city")]},
    ),
    "the_disclosures_beneath_an_asked_claim": (
        _query(_credential("persoon", ["nationalities"])),
        {"persoon": [("nationalities",), ("nationalities", 0), ("nationalities", 1)]},
    ),
    "every_array_element_asked_with_null": (
        _query(_credential("persoon", ["nationalities", None])),
        {"persoon": [("nationalities",), ("nationalities", 0), ("nationalities", 1)]},
    ),
    "the_claim_set_option_taken": (
        _name_or_bsn([["b"], ["n"]]),
        {"persoon": [("bsn",)]},
    ),
    "s6_4_the_same_credential_type_asked_in_another_query": (
        _query(_credential("naam", ["given_name"]), _credential("bsn", ["bsn"])),
        {"naam": [("given_name",), ("bsn",)], "bsn": [("given_name",), ("bsn",)]},
    ),
}
REFUSED: dict[str, tuple[dcql.DCQLQuery, dict[str, list[ClaimPath]]]] = {
    "s6_4_a_claim_not_asked": (NAME, {"persoon": [("given_name",), ("bsn",)]}),
    "s6_4_1_any_disclosure_when_no_claims_asked": (
        _query(_credential("persoon")),
        {"persoon": [("given_name",)]},
    ),
    "s6_4_a_sibling_of_an_asked_nested_claim": (
        _query(_credential("persoon", ["address", "city"])),
        {"persoon": [("address",), ("address", "city"), ("address", "street")]},
    ),
    "s6_4_another_array_element_than_the_one_asked": (
        _query(_credential("persoon", ["nationalities", 0])),
        {"persoon": [("nationalities",), ("nationalities", 0), ("nationalities", 1)]},
    ),
    "s6_4_1_two_options_of_claim_sets": (
        _name_or_bsn([["n"], ["b"]]),
        {"persoon": [("given_name",), ("bsn",)]},
    ),
}


@pytest.mark.parametrize("name", list(ACCEPTED))
def test_disclosures_within_the_query_are_accepted(name: str) -> None:
    query, disclosed = ACCEPTED[name]
    _check(query, disclosed)


@pytest.mark.parametrize("name", list(REFUSED))
def test_disclosures_beyond_the_query_are_refused(name: str) -> None:
    query, disclosed = REFUSED[name]
    with pytest.raises(ClaimsNotRequested) as info:
        _check(query, disclosed)
    assert info.value.code == "dcql.claims_not_requested"


# --- real presentations ---------------------------------------------------------------------


def _held(claims: Mapping[str, Any], disclosable: list[ClaimPath]) -> VerifiedCredential:
    issued = issue_credential(
        vct=w.PERSON_VCT,
        issuer=w.ISSUER,
        claims=claims,
        disclosable=disclosable,
        key=w.ISSUER_KEY,
        holder_key=w.HOLDER.public,
        issued_at=w.NOW - 60,
        expires_at=w.NOW + 86_400,
    )
    return verify_credential(issued.compact, issuer_key=w.ISSUER_KEY.public, now=lambda: w.NOW)


HELD = _held(
    {
        "given_name": "Anna",
        "bsn": "999990019",
        "nationalities": ["Nederlandse", "Belgische"],
        "address": {"city": "Boxtel", "street": "Markt"},
    },
    [
        ("given_name",),
        ("bsn",),
        ("nationalities",),
        ("nationalities", None),
        ("address",),
        ("address", "city"),
        ("address", "street"),
    ],
)


def _verify(asked: list[ClaimPath], presented: list[ClaimPath]) -> oid4vp.VerifiedVpToken:
    query = dcql.DCQLQuery.parse(
        {
            "credentials": [
                {
                    "id": "persoon",
                    "format": "dc+sd-jwt",
                    "meta": {"vct_values": [w.PERSON_VCT]},
                    "claims": [{"path": list(p)} for p in asked],
                }
            ]
        }
    )
    presentation = oid4vp.present_credential(
        HELD,
        presented,
        holder_key=w.HOLDER,
        client_id=w.CLIENT_ID,
        nonce=w.NONCE,
        issued_at=w.NOW,
    )
    return oid4vp.verify_vp_token(
        {"persoon": (presentation,)},
        query=query,
        client_id=w.CLIENT_ID,
        nonce=w.NONCE,
        issuer_key=w.ISSUER_KEY.public,
        now=lambda: w.NOW,
    )


@pytest.mark.parametrize(
    "asked",
    [[("given_name",)], [("address", "city")], [("nationalities",)], [("nationalities", None)]],
    ids=["name", "nested", "array", "array-elements"],
)
def test_the_wallets_own_selection_is_accepted(asked: list[ClaimPath]) -> None:
    """The wallet discloses what the query asks, with the Disclosures on its way (§4.2.6)."""
    verified = _verify(asked, asked)
    assert set(verified.matched["persoon"][0].claims) == set(asked)


@pytest.mark.parametrize(
    ("asked", "presented"),
    [
        ([("given_name",)], [("given_name",), ("bsn",)]),
        ([("given_name",)], [("given_name",), ("nationalities",)]),
        ([("address", "city")], [("address",)]),
    ],
    ids=["bsn", "nationalities", "whole-address"],
)
def test_s6_4_a_presentation_disclosing_more_is_refused(
    asked: list[ClaimPath], presented: list[ClaimPath]
) -> None:
    with pytest.raises(ClaimsNotRequested):
        _verify(asked, presented)


_COMPONENTS = st.one_of(
    st.sampled_from(["a", "b"]), st.integers(0, 2), st.booleans(), st.none(), st.just(1.0)
)
_PATHS = st.lists(_COMPONENTS, min_size=1, max_size=3).map(tuple)


def _covers_as_written(allowed: ClaimPath, requested: ClaimPath) -> bool:
    """§6.4 as first written: equal components of the same type, or an allowed ``None``
    over ``None`` or an index; ``allowed`` no longer than ``requested``."""
    return len(allowed) <= len(requested) and all(
        (a == r and type(a) is type(r)) or (a is None and (r is None or isinstance(r, int)))
        for a, r in zip(allowed, requested, strict=False)
    )


@given(selected=st.lists(_PATHS, min_size=1, max_size=3), disclosed=_PATHS)
def test_s6_4_a_disclosure_is_covered_as_the_rule_says(
    selected: list[ClaimPath], disclosed: ClaimPath
) -> None:
    """Whether a selected path leads to (or is) a disclosed one, ``1`` is not ``true`` or
    ``1.0`` and ``null`` stands for an index only, however the check is made fast."""
    claims: dict[ClaimPath, tuple[Any, ...]] = dict.fromkeys(
        selected, ()
    )  # as the check keeps them
    covered = any(_covers_as_written(p[: len(disclosed)], disclosed) for p in claims)
    presented = dcql.PresentedCredential(VCT, {}, holder_bound=True, disclosed=(disclosed,))
    match = dcql.MatchedCredential("persoon", presented, claims)
    if covered:
        dcql.check_disclosures({"persoon": [match]})
    else:
        with pytest.raises(ClaimsNotRequested):
            dcql.check_disclosures({"persoon": [match]})
