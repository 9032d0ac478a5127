"""The production mode: the verifier on PostgreSQL, in-process and as two workers.

The flow tests are the ones in the other modules, taken over by name; only the database
changes (``verifier_database_url``). Then two ``regie serve verifier`` workers on one
database take the same response at the same moment: exactly one accepts it.
"""

from __future__ import annotations

import asyncio
from functools import partial
from pathlib import Path

import httpx
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from tests.issuer.conftest import PUBLIC_URL as ISSUER_URL
from tests.issuer.conftest import Offers
from tests.issuer.holder import TestHolder
from tests.issuer.workers import running_workers
from tests.verifier import test_presentation_flow, test_response_battery
from tests.verifier.conftest import VERIFIER_URL
from tests.verifier.wallet import wallet_with_credentials
from verifier import transactions
from verifier.app import create_app
from verifier.db.tables import PresentationTransaction
from verifier.settings import VerifierSettings

ROUNDS = 5
USE_CASE = "inschrijven-woningzoekende"


@pytest.fixture
def verifier_database_url(postgres_url: str) -> str:
    return postgres_url


wallet = test_presentation_flow.wallet
world = test_response_battery.world

# Both use cases cross-device, and same-device with the response code.
test_cross_device_presentation = test_presentation_flow.test_cross_device_presentation
test_same_device_presentation_releases_result_only_with_the_code = (
    test_presentation_flow.test_same_device_presentation_releases_result_only_with_the_code
)
# The nonce consumed once, a replay refused without touching the result, a failure kept.
test_s14_1_replayed_response_keeps_the_genuine_result = (
    test_response_battery.test_s14_1_replayed_response_keeps_the_genuine_result
)
test_battery = test_response_battery.test_battery


def test_two_workers_accept_one_response_once(
    tmp_path: Path,
    postgres_url: str,
    holder: TestHolder,
    offers: Offers,
    issuer_client: TestClient[Litestar],
) -> None:
    """Two ``regie serve verifier`` workers on one PostgreSQL database, sharing the keys (as
    two hosts share a volume): the same response posted to both at once is accepted once.

    The workers cannot reach the in-process issuer, so they trust its credentials by their
    ``x5c`` chain to the demo CA and skip the unreachable status list (configured).
    """
    settings = VerifierSettings(
        public_url=VERIFIER_URL,
        data_dir=tmp_path / "verifier",
        database_url=postgres_url,
        ca_dir=tmp_path / "ca",
        trusted_issuers=[ISSUER_URL],
        reject_when_status_unreachable=False,
    )
    environment = {
        "VERIFIER_PUBLIC_URL": settings.public_url,
        "VERIFIER_DATA_DIR": str(settings.data_dir),
        "VERIFIER_CA_DIR": str(settings.ca_dir),
        "VERIFIER_DATABASE_URL": postgres_url,
        "VERIFIER_TRUSTED_ISSUERS": f'["{ISSUER_URL}"]',
        "VERIFIER_REJECT_WHEN_STATUS_UNREACHABLE": "false",
    }
    with (
        running_workers(
            environment, tmp_path, service="verifier", ready=f"/verify/{USE_CASE}"
        ) as urls,
        TestClient(create_app(settings), base_url=VERIFIER_URL) as verifier,
        httpx.Client(base_url=urls[0]) as first,
    ):
        state = verifier.app.state["verifier"]
        wallet = wallet_with_credentials(holder, offers, verifier, state)
        wallet.client = first
        outcomes = []
        for _ in range(ROUNDS):
            with verifier.portal() as portal:
                started = portal.call(
                    partial(transactions.start, state, USE_CASE, same_device=False)
                )
            request = wallet.fetch_request(started.link)
            form = wallet.form(request, wallet.vp_token(request))
            path = request.request.response_uri.removeprefix(VERIFIER_URL)
            outcomes.append(asyncio.run(_race(urls, path, form)))
            table = PresentationTransaction
            with verifier.portal() as portal:
                row = portal.call(
                    table.select(table.status, table.error)
                    .where(table.transaction_id == started.transaction_id)
                    .first
                )
            assert row == {"status": "responded", "error": None}
    assert outcomes == [[200, 400]] * ROUNDS


async def _race(urls: list[str], path: str, form: dict[str, str]) -> list[int]:
    async with httpx.AsyncClient() as client:
        responses = await asyncio.gather(*(client.post(f"{url}{path}", data=form) for url in urls))
    for response in responses:
        assert response.status_code in (200, 400), response.text
        if response.status_code == 400:
            assert response.json()["error"] == "invalid_request"
    return sorted(r.status_code for r in responses)
