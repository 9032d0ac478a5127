"""Fixtures for the resident's pages: the issuer on a fixed clock, and a browser on it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from issuer.state import IssuerState
from tests.issuer.web.browser import PUBLIC_URL, Browser, Clock, resident_app


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def app(tmp_path: Path, clock: Clock) -> Litestar:
    app, _http = resident_app(tmp_path, clock)
    return app


@pytest.fixture
def client(app: Litestar) -> Iterator[TestClient[Litestar]]:
    with TestClient(app, base_url=PUBLIC_URL) as client:
        yield client


@pytest.fixture
def browser(client: TestClient[Litestar]) -> Browser:
    return Browser(client)


@pytest.fixture
def state(app: Litestar) -> IssuerState:
    state: IssuerState = app.state["issuer"]
    return state
