"""A use case for an unregistered purpose starts nothing, on PostgreSQL (production mode): the
tests of ``test_registered_purpose`` taken over by name; only the database changes (the
party's ``purposes`` as ``json``, the use case's ``purpose_id`` added by the migration)."""

from __future__ import annotations

import pytest

from tests.verifier import test_registered_purpose


@pytest.fixture
def verifier_database_url(postgres_url: str) -> str:
    return postgres_url


test_oid4vp_15_3_unregistered_purpose_starts_no_transaction = (
    test_registered_purpose.test_oid4vp_15_3_unregistered_purpose_starts_no_transaction
)
test_oid4vp_15_3_purpose_dropped_before_the_request_was_fetched = (
    test_registered_purpose.test_oid4vp_15_3_purpose_dropped_before_the_request_was_fetched
)
