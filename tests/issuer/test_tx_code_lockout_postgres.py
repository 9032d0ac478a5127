"""The transaction-code budget on PostgreSQL: the tests of ``test_tx_code_lockout.py`` with
``issuer_database_url`` as in ``test_production_mode.py``, so a burst meets pooled asyncpg
connections (each request's statements on its own connection), not SQLite's one writer."""

from __future__ import annotations

import pytest

from tests.issuer import test_tx_code_lockout as tx_code_lockout

lockout = tx_code_lockout.lockout
test_oid4vci_13_6_a_burst_of_wrong_codes_locks_after_the_maximum = (
    tx_code_lockout.test_oid4vci_13_6_a_burst_of_wrong_codes_locks_after_the_maximum
)
test_oid4vci_13_6_the_right_code_in_a_burst_counts_within_the_maximum = (
    tx_code_lockout.test_oid4vci_13_6_the_right_code_in_a_burst_counts_within_the_maximum
)
test_oid4vci_6_3_the_right_code_works_until_the_last_attempt_is_spent = (
    tx_code_lockout.test_oid4vci_6_3_the_right_code_works_until_the_last_attempt_is_spent
)


@pytest.fixture
def issuer_database_url(postgres_url: str) -> str:
    return postgres_url
