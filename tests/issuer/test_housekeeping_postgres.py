"""Housekeeping on PostgreSQL: the same deletes, in chunks, with the offers a token still points
at kept (``issuer_database_url`` as in ``test_production_mode.py``). One app per test, as in
``test_client_attestation_postgres.py``: the PoP replay test (a second app that requires
attestations) and the offer page (the test login on SQLite) run on SQLite only."""

from __future__ import annotations

import pytest

from tests.issuer import test_housekeeping as housekeeping

house = housekeeping.house

test_rows_past_expiry_and_the_margin_go = housekeeping.test_rows_past_expiry_and_the_margin_go
test_rows_still_valid_or_within_the_margin_stay = (
    housekeeping.test_rows_still_valid_or_within_the_margin_stay
)
test_an_offer_a_kept_token_points_at_stays = housekeeping.test_an_offer_a_kept_token_points_at_stays
test_running_twice_deletes_nothing_more = housekeeping.test_running_twice_deletes_nothing_more
test_a_backlog_goes_in_chunks = housekeeping.test_a_backlog_goes_in_chunks
test_the_issuer_runs_housekeeping_in_the_background = (
    housekeeping.test_the_issuer_runs_housekeeping_in_the_background
)


@pytest.fixture
def issuer_database_url(postgres_url: str) -> str:
    return postgres_url
