"""``verifier.verification.asked``: a use case's DCQL query within its party's registration,
parsed and checked once per stored version (the response endpoint asks it on every response).
The cache must never let a query through that the registration does not cover."""

from __future__ import annotations

import json
from typing import Any

import pytest

from standards.errors import ClaimsBeyondRegistration, HolderBindingWaived
from verifier.relying_parties.seeded import PARTIES, USE_CASES
from verifier.verification import asked

USE_CASE = USE_CASES[0]
PARTY = next(p for p in PARTIES if p.slug == USE_CASE.party)
ALLOWED = {vct: [list(path) for path in paths] for vct, paths in PARTY.allowed_claims.items()}


def _beyond() -> dict[str, Any]:
    """The seeded query, asking one claim more than the registration holds."""
    query: dict[str, Any] = json.loads(json.dumps(USE_CASE.dcql_query))
    query["credentials"][0]["claims"].append({"path": ["not_registered"]})
    return query


def test_asks_the_seeded_query_once_per_stored_version() -> None:
    decoded = asked(USE_CASE.dcql_query, ALLOWED)
    assert [c.id for c in decoded.query.credentials] == [
        c["id"] for c in USE_CASE.dcql_query["credentials"]
    ]
    assert asked(USE_CASE.dcql_query, ALLOWED) is decoded  # parsed and checked once
    as_stored = asked(json.dumps(USE_CASE.dcql_query), json.dumps(ALLOWED))
    assert as_stored.query == decoded.query


def test_over_asking_is_refused_every_time_even_after_the_query_was_asked() -> None:
    asked(USE_CASE.dcql_query, ALLOWED)
    for _ in range(2):  # a refusal is never remembered as an answer
        with pytest.raises(ClaimsBeyondRegistration):
            asked(_beyond(), ALLOWED)


def test_a_narrowed_registration_is_checked_anew() -> None:
    asked(USE_CASE.dcql_query, ALLOWED)
    vct = USE_CASE.dcql_query["credentials"][0]["meta"]["vct_values"][0]
    narrowed = {**ALLOWED, vct: []}
    with pytest.raises(ClaimsBeyondRegistration):
        asked(USE_CASE.dcql_query, narrowed)


def test_a_query_that_waives_holder_binding_is_never_asked() -> None:
    """Issue 4 (every check with Key Binding required) and HAIP 1.0 §6.1.1.1: a stored query
    that sets ``require_cryptographic_holder_binding`` to false, whichever way it got into
    the database, starts no transaction and verifies no response."""
    waived: dict[str, Any] = json.loads(json.dumps(USE_CASE.dcql_query))
    waived["credentials"][-1]["require_cryptographic_holder_binding"] = False
    for _ in range(2):
        with pytest.raises(HolderBindingWaived):
            asked(waived, ALLOWED)
