"""The same-device session binding on PostgreSQL (production mode): the tests of
``test_same_device_session`` taken over by name; only the database changes."""

from __future__ import annotations

import pytest

from tests.verifier import test_same_device_session

wallet = test_same_device_session.wallet


@pytest.fixture
def verifier_database_url(postgres_url: str) -> str:
    return postgres_url


test_haip_5_1_the_browser_that_started_gets_the_result = (
    test_same_device_session.test_haip_5_1_the_browser_that_started_gets_the_result
)
test_haip_5_1_redirect_back_in_another_browser_releases_nothing = (
    test_same_device_session.test_haip_5_1_redirect_back_in_another_browser_releases_nothing
)
