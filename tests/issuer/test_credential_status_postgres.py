"""Status changes racing each other on PostgreSQL: the conditional update waits for the other
transaction's row lock and then finds the status changed (``issuer_database_url`` as in
``test_production_mode.py``)."""

from __future__ import annotations

import pytest

from tests.issuer import test_credential_status as credential_status

credential_ids = credential_status.credential_ids
test_revoking_while_the_suspension_is_lifted_leaves_one_true_history = (
    credential_status.test_revoking_while_the_suspension_is_lifted_leaves_one_true_history
)
test_a_change_made_meanwhile_is_not_overwritten_and_is_named = (
    credential_status.test_a_change_made_meanwhile_is_not_overwritten_and_is_named
)
test_the_same_revocation_twice_at_once_is_made_once = (
    credential_status.test_the_same_revocation_twice_at_once_is_made_once
)


@pytest.fixture
def issuer_database_url(postgres_url: str) -> str:
    return postgres_url
