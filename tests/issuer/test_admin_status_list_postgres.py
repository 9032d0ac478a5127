"""The status lists out of the staff's reach, on PostgreSQL: the migration that makes the
register's foreign key ``ON DELETE RESTRICT`` there, and the refused delete
(``issuer_database_url`` as in ``test_production_mode.py``)."""

from __future__ import annotations

import pytest

from tests.issuer import test_admin_status_list as status_list

issued = status_list.issued
test_staff_cannot_reach_the_status_lists = status_list.test_staff_cannot_reach_the_status_lists
test_a_list_holding_credentials_cannot_be_deleted = (
    status_list.test_a_list_holding_credentials_cannot_be_deleted
)
test_the_migration_keeps_the_register_and_its_indexes = (
    status_list.test_the_migration_keeps_the_register_and_its_indexes
)


@pytest.fixture
def issuer_database_url(postgres_url: str) -> str:
    return postgres_url
