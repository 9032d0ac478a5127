"""Fixtures for the verifier: the real issuer app in-process (credentials, metadata, status
lists), and the verifier on a fresh SQLite database whose HTTP client reaches that issuer."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from tests.issuer.conftest import (
    PUBLIC_URL as ISSUER_URL,
)
from tests.issuer.conftest import (  # noqa: F401
    holder,
    issuer_app,
    issuer_client,
    issuer_database_url,
    issuer_settings,
    issuer_state,
    offers,
    postgres_database,
    postgres_url,
)
from verifier.app import create_app
from verifier.settings import VerifierSettings
from verifier.state import VerifierState

VERIFIER_URL = "http://127.0.0.1:8002"


class ForwardToClient(httpx.AsyncBaseTransport):
    """The verifier's outgoing HTTP, answered by an in-process app's TestClient."""

    def __init__(self, client: TestClient[Litestar]) -> None:
        self.client = client

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await asyncio.to_thread(
            self.client.request,
            request.method,
            request.url.raw_path.decode("ascii"),
            headers=dict(request.headers),
            content=request.content,
        )
        return httpx.Response(
            response.status_code, headers=response.headers, content=response.content
        )


@pytest.fixture
def verifier_database_url() -> str | None:
    """The verifier's database URL; ``None``: SQLite in the data directory. The production
    tests give it ``postgres_url``: the issuer's throwaway database, where the verifier's
    tables (no name in common) are made at start-up and emptied with the others."""
    return None


@pytest.fixture
def verifier_settings(tmp_path: Path, verifier_database_url: str | None) -> VerifierSettings:
    return VerifierSettings(
        public_url=VERIFIER_URL,
        data_dir=tmp_path / "verifier",
        database_url=verifier_database_url,
        ca_dir=tmp_path / "ca",
        trusted_issuers=[ISSUER_URL],
    )


@pytest.fixture
def verifier_client(
    verifier_settings: VerifierSettings,
    issuer_client: TestClient[Litestar],  # noqa: F811 - the fixture
) -> Iterator[TestClient[Litestar]]:
    http = httpx.AsyncClient(transport=ForwardToClient(issuer_client))
    app = create_app(verifier_settings, http=http)
    with TestClient(app, base_url=VERIFIER_URL) as client:
        yield client


@pytest.fixture
def verifier_state(verifier_client: TestClient[Litestar]) -> VerifierState:
    state: VerifierState = verifier_client.app.state["verifier"]
    return state
