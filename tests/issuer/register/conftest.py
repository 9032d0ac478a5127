"""Fixtures for the register tests: the seeded register on its peildatum, and the test server."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date

import httpx
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from issuer.register.haal_centraal import HaalCentraalRegister
from issuer.register.seeded import SeededRegister
from issuer.register.testserver import create_app

API_KEY = "test-api-key"
BASE_URL = "http://brp.test"
PEILDATUM = date(2026, 11, 24)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def register() -> SeededRegister:
    """The committed test persons, with the clock on the dataset's peildatum."""
    return SeededRegister.load(clock=lambda: PEILDATUM)


@pytest.fixture
def app(register: SeededRegister) -> Litestar:
    return create_app(register, api_key=API_KEY)


@pytest.fixture
async def http(app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client wired to the test server in-process."""
    async with AsyncTestClient(app, base_url=BASE_URL) as client:
        yield client


@pytest.fixture
def client(http: httpx.AsyncClient) -> HaalCentraalRegister:
    """The production client, talking to the test server in-process."""
    return HaalCentraalRegister(BASE_URL, API_KEY, client=http)
