"""What a transaction asked, kept with it, on PostgreSQL (production mode): the tests of
``test_asked_snapshot`` taken over by name; only the database changes (its JSON columns, and
the response's ``COALESCE`` of a kept and a current ``json`` value)."""

from __future__ import annotations

import pytest

from tests.verifier import test_asked_snapshot

wallet = test_asked_snapshot.wallet


@pytest.fixture
def verifier_database_url(postgres_url: str) -> str:
    return postgres_url


test_oid4vp_8_6_query_edited_after_the_request_was_fetched = (
    test_asked_snapshot.test_oid4vp_8_6_query_edited_after_the_request_was_fetched
)
test_oid4vp_8_6_query_edited_before_the_request_was_fetched = (
    test_asked_snapshot.test_oid4vp_8_6_query_edited_before_the_request_was_fetched
)
test_s5_1_registration_narrowed_before_the_request_was_fetched = (
    test_asked_snapshot.test_s5_1_registration_narrowed_before_the_request_was_fetched
)
test_a_transaction_made_before_the_snapshot_uses_the_use_case_as_it_is_now = (
    test_asked_snapshot.test_a_transaction_made_before_the_snapshot_uses_the_use_case_as_it_is_now
)
test_reverify_a_case_after_its_use_case_was_edited = (
    test_asked_snapshot.test_reverify_a_case_after_its_use_case_was_edited
)
