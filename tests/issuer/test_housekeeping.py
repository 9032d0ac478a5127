"""Housekeeping (``issuer.housekeeping``): expired nonces, PoP ``jti`` values, access tokens and
offers go once they are past the margin; nothing else is touched, and nothing that can still
be accepted goes. The rows come from real issuances through the app."""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from piccolo.table import Table

from issuer.app import create_app
from issuer.db.tables import (
    AccessToken,
    AuditEntry,
    CredentialOffer,
    IssuedCredential,
    Nonce,
    ReissuePrompt,
    StatusListRecord,
)
from issuer.housekeeping import Removed, remove_expired
from issuer.settings import IssuerSettings
from tests.issuer import test_client_attestation as attestation
from tests.issuer.conftest import PUBLIC_URL, Offers
from tests.issuer.holder import TestHolder
from tests.issuer.web.browser import Browser, Clock, resident_app
from tests.issuer.web.test_offer import _offer

KEEP = timedelta(hours=24)
"""The default ``ISSUER_EXPIRED_ROWS_KEEP_HOURS``."""
AFTER_EXPIRY = timedelta(minutes=10)
"""Past every TTL (300 s) of the rows an issuance leaves."""


class House:
    """The issuer's tables, read and swept on the app's event loop."""

    def __init__(self, client: TestClient[Litestar]) -> None:
        self.client = client

    def call(self, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        with self.client.portal() as portal:
            return portal.call(functools.partial(function, *args, **kwargs))

    def remove(self, now: datetime, keep: timedelta = KEEP, **kwargs: Any) -> Removed:
        removed: Removed = self.call(remove_expired, now, keep, **kwargs)
        return removed

    def count(self, table: type[Table]) -> int:
        return int(self.call(table.count().run))

    def counts(self) -> Removed:
        """The rows left in the tables housekeeping sweeps."""
        return Removed(self.count(Nonce), self.count(AccessToken), self.count(CredentialOffer))

    def kept(self) -> tuple[Any, ...]:
        """The tables housekeeping never touches."""
        return tuple(
            self.call(table.select().order_by(table._meta.primary_key).run)
            for table in (IssuedCredential, StatusListRecord, ReissuePrompt, AuditEntry)
        )

    def audit(self) -> list[dict[str, Any]]:
        query = AuditEntry.select().where(AuditEntry.actor == "housekeeping")
        rows: list[dict[str, Any]] = self.call(query.run)
        return rows

    def expire_offers(self, when: datetime, where: Any) -> None:
        """Move the ``expires_at`` of the offers matching ``where`` to ``when``."""
        self.call(CredentialOffer.update({CredentialOffer.expires_at: when}).where(where).run)


@pytest.fixture
def house(issuer_client: TestClient[Litestar]) -> House:
    return House(issuer_client)


def _issue(holder: TestHolder, offers: Offers) -> None:
    """One issuance of two credentials (an offer, a token, two nonces), an offer nobody
    redeemed and a nonce nobody used."""
    offer = offers.create(["persoonsgegevens", "woonadres"])
    holder.receive(offers.uri(offer), offer.tx_code)
    offers.create(["huishouden"])
    holder.nonce()


def test_rows_past_expiry_and_the_margin_go(
    house: House, holder: TestHolder, offers: Offers
) -> None:
    _issue(holder, offers)
    assert house.counts() == Removed(nonce=3, access_token=1, credential_offer=2)
    issued, lists, prompts, audit = house.kept()
    assert issued  # the issuance is registered, and audited
    assert audit

    now = datetime.now(UTC) + AFTER_EXPIRY + KEEP
    assert house.remove(now) == Removed(nonce=3, access_token=1, credential_offer=2)

    assert house.counts() == Removed()
    after = house.kept()
    assert after[:3] == (issued, lists, prompts)
    assert after[3][: len(audit)] == audit
    (row,) = after[3][len(audit) :]
    assert (row["actor"], row["action"], row["subject"]) == (
        "housekeeping",
        "housekeeping.expired_removed",
        None,
    )
    detail = row["detail"] if isinstance(row["detail"], dict) else json.loads(row["detail"])
    assert detail == {
        "nonce": 3,
        "access_token": 1,
        "credential_offer": 2,
        "expired_before": (now - KEEP).isoformat(),
    }


def test_rows_still_valid_or_within_the_margin_stay(
    house: House, holder: TestHolder, offers: Offers
) -> None:
    _issue(holder, offers)
    before = house.counts(), house.kept()
    now = datetime.now(UTC)
    assert house.remove(now) == Removed()
    assert house.remove(now + KEEP) == Removed()  # expired almost a day ago: within the margin
    assert (house.counts(), house.kept()) == before
    assert house.audit() == []  # a run that deleted nothing writes nothing


def test_an_offer_a_kept_token_points_at_stays(
    house: House, holder: TestHolder, offers: Offers
) -> None:
    _issue(holder, offers)
    redeemed = house.call(
        CredentialOffer.select(CredentialOffer.offer_id)
        .where(CredentialOffer.redeemed_at.is_not_null())
        .first()
        .run
    )["offer_id"]
    now = datetime.now(UTC)
    long_ago = now - 2 * KEEP
    house.expire_offers(long_ago, CredentialOffer.redeemed_at.is_null())
    house.expire_offers(long_ago, CredentialOffer.offer_id == redeemed)

    # the token expired minutes ago: it stays, and with it the offer it points at (deleting
    # that offer would take the token with it: ON DELETE CASCADE)
    assert house.remove(now + AFTER_EXPIRY) == Removed(credential_offer=1)
    assert house.counts() == Removed(nonce=3, access_token=1, credential_offer=1)
    assert house.call(CredentialOffer.exists().where(CredentialOffer.offer_id == redeemed).run)

    assert house.remove(now + AFTER_EXPIRY + KEEP) == Removed(
        nonce=3, access_token=1, credential_offer=1
    )
    assert house.counts() == Removed()


def test_running_twice_deletes_nothing_more(
    house: House, holder: TestHolder, offers: Offers
) -> None:
    _issue(holder, offers)
    now = datetime.now(UTC) + AFTER_EXPIRY + KEEP
    assert house.remove(now).total == 6
    before = house.kept()
    assert house.remove(now) == Removed()
    assert house.remove(now + KEEP) == Removed()
    assert house.kept() == before
    assert len(house.audit()) == 1


def test_a_backlog_goes_in_chunks(house: House) -> None:
    now = datetime.now(UTC)
    old = [Nonce(value=f"old-{i}", expires_at=now - 2 * KEEP) for i in range(7)]
    house.call(Nonce.insert(*old, Nonce(value="fresh", expires_at=now + AFTER_EXPIRY)).run)
    assert house.remove(now, chunk=3) == Removed(nonce=7)
    assert house.call(Nonce.select(Nonce.value).run) == [{"value": "fresh"}]


wallet = attestation.wallet
required = attestation.required


def test_abca_12_1_a_used_pop_within_its_window_is_still_refused_after_housekeeping(
    wallet: attestation.Wallet,
    holder: TestHolder,
    offers: Offers,
    required: TestClient[Litestar],
) -> None:
    headers = wallet.headers(jti="once")
    first, second = attestation._code(holder, offers), attestation._code(holder, offers)
    assert (
        required.post("/token", data=attestation._form(*first), headers=headers).status_code == 200
    )
    # even with no margin at all, the PoP's jti is remembered until its window ends
    assert House(required).remove(datetime.now(UTC), timedelta(0)) == Removed()
    replay = required.post("/token", data=attestation._form(*second), headers=headers)
    assert replay.status_code == 401
    assert replay.json()["error"] == "invalid_client"
    assert "used before" in replay.json()["error_description"]


def test_the_issuer_runs_housekeeping_in_the_background(issuer_settings: IssuerSettings) -> None:
    settings = issuer_settings.model_copy(update={"housekeeping_seconds": 0.05})
    with TestClient(create_app(settings), base_url=PUBLIC_URL) as client:
        house = House(client)
        now = datetime.now(UTC)
        house.call(
            Nonce.insert(
                Nonce(value="old", expires_at=now - 2 * KEEP),
                Nonce(value="recent", expires_at=now - KEEP + AFTER_EXPIRY),
            ).run
        )
        deadline = time.monotonic() + 10
        # a run deletes table after table, then writes its audit row: wait for all of it
        while (house.count(Nonce) > 1 or not house.audit()) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert house.call(Nonce.select(Nonce.value).run) == [{"value": "recent"}]
        (row,) = house.audit()
        assert row["action"] == "housekeeping.expired_removed"


@pytest.fixture
def web(tmp_path: Path) -> Iterator[tuple[Browser, Clock, House]]:
    clock = Clock()
    app, _ = resident_app(tmp_path, clock)
    with TestClient(app, base_url=PUBLIC_URL) as client:
        yield Browser(client), clock, House(client)


def test_the_offer_page_says_expired_after_the_offer_row_is_gone(
    web: tuple[Browser, Clock, House],
) -> None:
    browser, clock, house = web
    offer_id, _ = _offer(browser, "persoonsgegevens")
    clock.advance(301)
    assert house.remove(clock(), timedelta(0)) == Removed(credential_offer=1)
    page = browser.get(f"/offers/{offer_id}")
    assert page.status_code == 200
    assert "Deze code is verlopen" in page.text
    assert "<svg" not in page.text
