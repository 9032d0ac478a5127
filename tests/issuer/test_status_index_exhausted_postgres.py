"""No free status list index on PostgreSQL (``issuer_database_url`` as in
``test_production_mode.py``): the lookup of drawn indices, and the unique index refusing the
batch, answer 503 there too, with nothing used up."""

from __future__ import annotations

import pytest

from tests.issuer import test_status_index_exhausted as exhausted

session = exhausted.session

test_oid4vci_8_3_1_2_no_free_status_index_is_temporary = (
    exhausted.test_oid4vci_8_3_1_2_no_free_status_index_is_temporary
)


@pytest.fixture
def issuer_database_url(postgres_url: str) -> str:
    return postgres_url
