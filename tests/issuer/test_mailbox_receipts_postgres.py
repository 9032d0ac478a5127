"""Read receipts of re-issue prompts on PostgreSQL: the issuer's migrations (new columns, the
state of earlier prompts) and the state queries there (``issuer_database_url`` as in
``test_production_mode.py``)."""

from __future__ import annotations

import pytest

from tests.issuer import test_mailbox_receipts as receipts

issuer_settings = receipts.issuer_settings
wallet_client = receipts.wallet_client
resident_with = receipts.resident_with
test_a_read_prompt_shows_as_read_in_the_back_office = (
    receipts.test_a_read_prompt_shows_as_read_in_the_back_office
)
test_a_prompt_is_asked_about_again_after_the_state_check_seconds = (
    receipts.test_a_prompt_is_asked_about_again_after_the_state_check_seconds
)
test_a_failed_delivery_says_so_and_is_not_asked_about = (
    receipts.test_a_failed_delivery_says_so_and_is_not_asked_about
)
test_prompts_delivered_before_the_receipts_get_their_state_and_mailbox = (
    receipts.test_prompts_delivered_before_the_receipts_get_their_state_and_mailbox
)


@pytest.fixture
def issuer_database_url(postgres_url: str) -> str:
    return postgres_url
