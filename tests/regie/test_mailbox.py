"""regie.mailbox, the senders' side of the wallet provider's mailboxes: which mailbox URLs a
service keeps, and how long it waits before it tries a failed delivery again. Delivery itself
runs against the real provider in tests/verifier/cases/test_mailbox.py and
tests/issuer/test_reissue_delivery.py."""

from __future__ import annotations

from datetime import timedelta
from itertools import pairwise

import pytest

from regie.mailbox import backoff, checked_mailbox_url


@pytest.mark.parametrize(
    ("value", "kept"),
    [
        ("https://wallet.example/api/mailboxes/abc", True),
        ("http://127.0.0.1:8003/api/mailboxes/abc", True),
        ("http://wallet.example/api/mailboxes/abc", False),
        ("javascript:alert(1)", False),
        ("https://wallet.example/" + "a" * 3000, False),
        (42, False),
        (None, False),
    ],
    ids=["https", "loopback", "plain_http", "script", "too_long", "not_a_string", "absent"],
)
def test_checked_mailbox_url(value: object, kept: bool) -> None:
    assert checked_mailbox_url(value) == (value if kept else None)


def test_backoff_doubles_up_to_an_hour() -> None:
    waits = [backoff(attempts) for attempts in range(1, 10)]
    assert waits[:4] == [timedelta(seconds=s) for s in (30, 60, 120, 240)]
    assert waits[-1] == timedelta(hours=1)
    assert all(later >= earlier for earlier, later in pairwise(waits))
