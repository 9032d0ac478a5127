"""Fixtures for the issuer: an app on a fresh SQLite database in a temporary data directory.

A test module that overrides ``issuer_database_url`` with ``postgres_url`` runs the same tests
on PostgreSQL (``test_production_mode.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from issuer.app import create_app
from issuer.issuance import NewOffer
from issuer.settings import IssuerSettings
from issuer.state import IssuerState
from tests.issuer.holder import TestHolder
from tests.issuer.postgres import create_database, drop_database, empty_tables

PUBLIC_URL = "http://127.0.0.1:8001"


@pytest.fixture(scope="session")
def postgres_database(worker_id: str) -> Iterator[str]:
    """This pytest process's own PostgreSQL database (migrated), dropped at the end."""
    url = create_database(worker_id)
    yield url
    drop_database(url)


@pytest.fixture
def postgres_url(postgres_database: str) -> str:
    """The process's PostgreSQL database, emptied for this test."""
    empty_tables(postgres_database)
    return postgres_database


@pytest.fixture
def issuer_database_url() -> str | None:
    """The issuer's database URL; ``None``: SQLite in the data directory."""
    return None


@pytest.fixture
def issuer_settings(tmp_path: Path, issuer_database_url: str | None) -> IssuerSettings:
    return IssuerSettings(
        public_url=PUBLIC_URL,
        data_dir=tmp_path / "issuer",
        database_url=issuer_database_url,
        ca_dir=tmp_path / "ca",
        batch_size=3,
        status_list_size=4096,
    )


@pytest.fixture
def issuer_app(issuer_settings: IssuerSettings) -> Litestar:
    return create_app(issuer_settings)


@pytest.fixture
def issuer_client(issuer_app: Litestar) -> Iterator[TestClient[Litestar]]:
    with TestClient(issuer_app, base_url=PUBLIC_URL) as client:
        yield client


@pytest.fixture
def issuer_state(issuer_app: Litestar) -> IssuerState:
    state: IssuerState = issuer_app.state["issuer"]
    return state


@pytest.fixture
def holder(issuer_client: TestClient[Litestar]) -> TestHolder:
    return TestHolder(issuer_client, PUBLIC_URL)


class Offers:
    """Creates offers the way the resident's page does, for a person from the seeded register."""

    def __init__(self, client: TestClient[Litestar], state: IssuerState) -> None:
        self.client = client
        self.state = state

    def bsn(self, *, eligible: bool = True) -> str:
        for person in self.state.register.all_persons():  # type: ignore[attr-defined]
            if (person.eligibility().refusal is None) == eligible:
                return str(person.bsn)
        raise LookupError("no such person in the seeded register")

    def create(self, configuration_ids: list[str], *, bsn: str | None = None) -> NewOffer:
        with self.client.portal() as portal:
            offer: NewOffer = portal.call(
                self.state.issuance.create_offer, bsn or self.bsn(), configuration_ids
            )
        return offer

    def uri(self, offer: NewOffer) -> str:
        return f"{PUBLIC_URL}/credential-offer/{offer.offer_id}"


@pytest.fixture
def offers(issuer_client: TestClient[Litestar], issuer_state: IssuerState) -> Offers:
    return Offers(issuer_client, issuer_state)
