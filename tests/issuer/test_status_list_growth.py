"""Status lists grow (Token Status List §12.3): each copy gets a random free index, and a new
list opens once the current one is half full (``issuer.status_lists.FILL_LIMIT``), so an index
stays hard to guess. Issued over HTTP into lists of the smallest size the settings allow."""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import datetime

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from issuer.credential_status import CredentialStatus, change_status
from issuer.db.tables import IssuedCredential
from issuer.settings import IssuerSettings
from issuer.state import IssuerState
from issuer.status_lists import RECHECK_SECONDS
from standards.status_list import (
    Status,
    StatusReference,
    check_status,
    verify_status_list_token,
)
from tests.issuer.clocked import clocked_app, on_the_clock
from tests.issuer.conftest import PUBLIC_URL, Offers
from tests.issuer.holder import HeldCredential, TestHolder

SIZE = 1024  # ISSUER_STATUS_LIST_SIZE's least
BATCH = 50  # ISSUER_BATCH_SIZE's most


@pytest.fixture
def issuer_settings(issuer_settings: IssuerSettings) -> IssuerSettings:
    return issuer_settings.model_copy(update={"status_list_size": SIZE, "batch_size": BATCH})


@pytest.fixture
def issuer_app(issuer_settings: IssuerSettings) -> Litestar:
    return clocked_app(issuer_settings)


@pytest.fixture
def held(holder: TestHolder, offers: Offers, issuer_state: IssuerState) -> list[HeldCredential]:
    """Batches of copies, one offer each, until a second list has taken two batches; the clock
    moves on between batches, past the time a worker keeps its idea of the open list."""
    clock = on_the_clock(holder, issuer_state)
    received: list[HeldCredential] = []

    def batch() -> None:
        clock.advance(RECHECK_SECONDS)
        offer = offers.create(["woonadres"])
        received.extend(holder.receive(offers.uri(offer), offer.tx_code, copies=BATCH))

    while len({c.verified.status.uri for c in received if c.verified.status}) < 2:
        assert len(received) < SIZE, "no second status list was opened"
        batch()
    batch()
    return received


def _references(held: list[HeldCredential]) -> list[tuple[str, int]]:
    """(list URI, index) of each copy, in the order they were issued."""
    return [(c.verified.status.uri, c.verified.status.idx) for c in held if c.verified.status]


def test_a_second_list_opens_once_the_first_is_half_full(held: list[HeldCredential]) -> None:
    references = _references(held)
    assert len(references) == len(held)
    per_list = Counter(uri for uri, _ in references)
    first, second = per_list  # in the order they were first used
    assert [uri for uri, _ in references] == [first] * per_list[first] + [second] * per_list[second]
    # The first took new copies until, looked at between batches, it was half full: not before.
    assert SIZE // 2 <= per_list[first] < SIZE // 2 + BATCH
    assert per_list[second] == 2 * BATCH  # the batch that opened it, and the next
    assert first != second
    assert first.startswith(f"{PUBLIC_URL}/status-lists/")
    assert second.startswith(f"{PUBLIC_URL}/status-lists/")


def test_indices_are_distinct_and_drawn_at_random(held: list[HeldCredential]) -> None:
    references = _references(held)
    assert len(set(references)) == len(references)  # no slot given out twice
    for uri in dict.fromkeys(uri for uri, _ in references):
        indices = [idx for list_uri, idx in references if list_uri == uri]
        assert all(0 <= idx < SIZE for idx in indices)
        # Not handed out in order: few follow their predecessor, and they spread over the list.
        successors = sum(1 for a, b in itertools.pairwise(indices) if b == a + 1)
        assert successors < len(indices) // 20, indices
        assert indices != sorted(indices)
        assert min(indices) < SIZE // 8
        assert max(indices) >= SIZE - SIZE // 8


async def _revoke(reference: StatusReference, now: datetime) -> None:
    list_id = reference.uri.rsplit("/", 1)[1]
    row = await (
        IssuedCredential.select(IssuedCredential.credential_id)
        .where(
            (IssuedCredential.status_list.list_id == list_id)
            & (IssuedCredential.status_index == reference.idx)
        )
        .first()
    )
    assert row is not None
    await change_status(
        row["credential_id"], CredentialStatus.REVOKED, actor="test", reason="test", now=now
    )


def test_each_list_is_served_with_its_own_statuses(
    held: list[HeldCredential],
    holder: TestHolder,
    issuer_client: TestClient[Litestar],
    issuer_state: IssuerState,
) -> None:
    """In each list one copy is revoked and another is not; each list says so of its own."""
    [key] = holder.trusted_issuers().metadata[PUBLIC_URL].keys
    by_list: dict[str, list[StatusReference]] = {}
    for credential in held:
        assert credential.verified.status is not None
        by_list.setdefault(credential.verified.status.uri, []).append(credential.verified.status)
    assert len(by_list) == 2
    with issuer_client.portal() as portal:
        for references in by_list.values():
            portal.call(_revoke, references[0], issuer_state.clock())
    for uri, (revoked, kept, *_) in by_list.items():
        response = issuer_client.get(uri.removeprefix(PUBLIC_URL))
        assert response.status_code == 200
        token = verify_status_list_token(response.text, uri=uri, key=key, now=holder.now())
        assert len(token.status_list) == SIZE
        assert check_status(revoked, token) == Status.INVALID
        assert check_status(kept, token) == Status.VALID


def test_batches_in_quick_succession_all_find_free_indices(
    holder: TestHolder, offers: Offers, issuer_state: IssuerState
) -> None:
    """Within RECHECK_SECONDS a worker draws without looking (it last counted the list nearly
    empty); a draw that collides is drawn again with the taken indices looked up, so a small,
    filling list gives out every copy instead of answering 503 after a few retries."""
    on_the_clock(holder, issuer_state)  # the clock stands still: no recount
    received: list[HeldCredential] = []
    for _ in range(6):  # 300 copies into a list of 1024
        offer = offers.create(["woonadres"])
        received.extend(holder.receive(offers.uri(offer), offer.tx_code, copies=BATCH))
    references = _references(received)
    assert len(set(references)) == len(references) == 6 * BATCH
