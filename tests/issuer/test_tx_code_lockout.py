"""OpenID4VCI §6.3 and §13.6: an offer allows ``tx_code_max_attempts`` transaction-code
comparisons in all, also when the guesses arrive at once.

A burst of requests is sent through one worker's app concurrently (``asyncio.gather`` over
its ASGI interface, on the event loop the app runs on), so every request reads the open offer
before any of them has written. ``test_tx_code_lockout_postgres.py`` runs the same tests on
PostgreSQL.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from issuer.db.tables import AccessToken, CredentialOffer
from issuer.issuance import NewOffer
from issuer.settings import IssuerSettings
from standards.oid4vci import PRE_AUTHORIZED_CODE_GRANT
from tests.issuer.conftest import PUBLIC_URL, Offers
from tests.issuer.holder import TestHolder

BURST = 30
"""Wrong codes sent at once: far more than the attempts an offer allows."""


def _outcome(response: httpx.Response) -> str:
    """``token``, ``wrong`` (the code was compared and was wrong) or ``refused`` (not compared:
    locked, or redeemed meanwhile); all refusals are §6.3 ``invalid_grant``."""
    if response.status_code == 200:
        return "token"
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["error"] == "invalid_grant", body
    return "wrong" if "not correct" in body["error_description"] else "refused"


@dataclass
class Lockout:
    """A fresh offer, its token requests with a wrong and with the right transaction code, and
    ways to send them and to look at the offer's row."""

    client: TestClient[Litestar]
    app: Litestar
    maximum: int
    offer: NewOffer
    wrong: dict[str, str]
    right: dict[str, str]

    def burst(self, forms: list[dict[str, str]]) -> Counter[str]:
        """POST every form to ``/token`` at once, on the app's own event loop; the outcomes."""

        async def send() -> list[httpx.Response]:
            transport = httpx.ASGITransport(app=self.app)  # type: ignore[arg-type]  # Litestar scope types
            async with httpx.AsyncClient(transport=transport, base_url=PUBLIC_URL) as http:
                return list(await asyncio.gather(*(http.post("/token", data=f) for f in forms)))

        with self.client.portal() as portal:
            return Counter(map(_outcome, portal.call(send)))

    def row(self) -> dict[str, Any]:
        query = CredentialOffer.select(
            CredentialOffer.tx_code_attempts,
            CredentialOffer.locked_at,
            CredentialOffer.redeemed_at,
            CredentialOffer.bsn,
        ).where(CredentialOffer.offer_id == self.offer.offer_id)
        with self.client.portal() as portal:
            row: dict[str, Any] | None = portal.call(query.first().run)
        assert row is not None
        return row

    def tokens(self) -> int:
        with self.client.portal() as portal:
            return int(portal.call(AccessToken.count().run))


@pytest.fixture
def lockout(
    holder: TestHolder,
    offers: Offers,
    issuer_client: TestClient[Litestar],
    issuer_app: Litestar,
    issuer_settings: IssuerSettings,
) -> Lockout:
    offer = offers.create(["persoonsgegevens"])
    grant = holder.fetch_offer(offers.uri(offer)).pre_authorized_code_grant
    assert grant is not None
    right = offer.tx_code
    wrong = "1" * len(right) if right != "1" * len(right) else "2" * len(right)
    wrong_form, right_form = (
        {
            "grant_type": PRE_AUTHORIZED_CODE_GRANT,
            "pre-authorized_code": grant.pre_authorized_code,
            "tx_code": tx_code,
        }
        for tx_code in (wrong, right)
    )
    return Lockout(
        issuer_client,
        issuer_app,
        issuer_settings.tx_code_max_attempts,
        offer,
        wrong_form,
        right_form,
    )


def test_oid4vci_13_6_a_burst_of_wrong_codes_locks_after_the_maximum(lockout: Lockout) -> None:
    maximum = lockout.maximum
    assert lockout.burst([lockout.wrong] * BURST) == {"wrong": maximum, "refused": BURST - maximum}
    row = lockout.row()
    assert row["tx_code_attempts"] == maximum
    assert row["locked_at"] is not None
    assert row["bsn"] is None
    refused = lockout.client.post("/token", data=lockout.right)
    assert refused.status_code == 400
    assert refused.json()["error"] == "invalid_grant"
    assert "locked" in refused.json()["error_description"]
    assert lockout.tokens() == 0


def test_oid4vci_13_6_the_right_code_in_a_burst_counts_within_the_maximum(
    lockout: Lockout,
) -> None:
    """30 wrong codes and the right one, sent at once: at most the maximum are compared, so
    the right one gets a token only if it came within the budget, and otherwise the offer is
    locked with no token issued."""
    outcomes = lockout.burst([lockout.wrong] * BURST + [lockout.right])
    maximum = lockout.maximum
    assert outcomes["wrong"] + outcomes["token"] <= maximum, outcomes
    assert outcomes["token"] == lockout.tokens() <= 1
    row = lockout.row()
    assert row["tx_code_attempts"] <= maximum
    if outcomes["token"]:
        assert row["redeemed_at"] is not None
        assert row["locked_at"] is None
    else:
        assert outcomes == {"wrong": maximum, "refused": BURST + 1 - maximum}
        assert row["locked_at"] is not None
        assert row["redeemed_at"] is None


@pytest.mark.parametrize(
    ("wrong_first", "status"),
    [(0, 200), (1, 200), ("max-1", 200), ("max", 400)],
    ids=["right-at-once", "after-one-wrong", "after-max-1-wrong", "after-max-wrong"],
)
def test_oid4vci_6_3_the_right_code_works_until_the_last_attempt_is_spent(
    lockout: Lockout, wrong_first: int | str, status: int
) -> None:
    maximum = lockout.maximum
    count = {"max-1": maximum - 1, "max": maximum}.get(str(wrong_first), wrong_first)
    for _ in range(int(count)):
        refused = lockout.client.post("/token", data=lockout.wrong)
        assert refused.json()["error_description"] == "the transaction code is not correct"
    response = lockout.client.post("/token", data=lockout.right)
    assert response.status_code == status, response.text
    row = lockout.row()
    if status == 200:
        assert row["redeemed_at"] is not None
        assert row["locked_at"] is None
    else:
        assert response.json()["error_description"] == "too many wrong codes: this offer is locked"
        assert row["locked_at"] is not None
        assert row["redeemed_at"] is None
        assert row["tx_code_attempts"] == maximum
