"""issuer.status_lists: when drawn indices are looked up before signing (Token Status List
§12.3 random indices; the unique (list, index) slot catches what the lookup does not)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from issuer.db.tables import StatusListRecord
from issuer.state import IssuerState
from issuer.status_lists import CHECK_FIRST_ABOVE, StatusLists


def _record(allocated: int, size: int = 1_000_000) -> StatusListRecord:
    return StatusListRecord(
        list_id="l", bits=2, size=size, allocated=allocated, updated_at=datetime.now(UTC)
    )


@pytest.mark.parametrize(
    ("allocated", "count", "checked"),
    [
        (0, 5, False),  # a fresh list: a collision is all but impossible
        (1_000, 5, False),  # 0.5 % chance for a batch of five
        (2_001, 5, True),  # just over 1 %
        (10_001, 1, True),
        (500_000, 1, True),  # half full, where the list stops taking new indices
    ],
)
def test_drawn_indices_are_looked_up_first_once_a_collision_is_likely(
    issuer_state: IssuerState,  # the tables bound to a database
    allocated: int,
    count: int,
    checked: bool,
) -> None:
    lists = StatusLists(size=1_000_000, ttl=300, uri_for=str)
    assert lists.check_first(_record(allocated), count) is checked
    assert CHECK_FIRST_ABOVE == 0.01
