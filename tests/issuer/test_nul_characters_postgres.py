"""``test_nul_characters`` on PostgreSQL, where a NUL in a query's text parameter is an error
of the database driver, not just a value that matches no row."""

from __future__ import annotations

import pytest

from tests.issuer import test_nul_characters as nul

test_a_nul_in_the_address_is_refused_as_bad_input = (
    nul.test_a_nul_in_the_address_is_refused_as_bad_input
)
test_a_nonce_with_a_nul_is_invalid_nonce_and_uses_up_nothing = (
    nul.test_a_nonce_with_a_nul_is_invalid_nonce_and_uses_up_nothing
)


@pytest.fixture
def issuer_database_url(postgres_url: str) -> str:
    return postgres_url
