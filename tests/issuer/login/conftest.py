"""The OpenID Connect client against the test provider, in process: no web framework between.

``Provider`` answers the client's HTTP requests from a :class:`TestProvider` through
``httpx.MockTransport``; a test may replace the token response to hand the client a forged ID
token. The app-level tests (``tests/issuer/web``) run the same client over the issuer's routes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest

from issuer.login.oidc import OidcClient, OidcConfig, PendingLogin
from issuer.login.testidp import RegisteredClient, TestIdpError, TestProvider
from issuer.login.testpersons import TestPerson
from standards.jose import PrivateKey, parse_jws

ISSUER = "http://127.0.0.1:8001/test-idp"
CLIENT_ID = "regie-issuer"
SECRET = "client-secret"
REDIRECT_URI = "http://127.0.0.1:8001/login/callback"
NOW = 1_795_000_000
JAN = "999993653"
PERSONS = (TestPerson(JAN, "Jan Willem van der Berg", "test", "test"),)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@dataclass
class Clock:
    now: float = NOW

    def __call__(self) -> float:
        return self.now


@dataclass
class Provider:
    """The test provider behind a mock transport, counting what the client asks."""

    idp: TestProvider
    requests: list[str] = field(default_factory=list)
    token_response: Callable[[dict[str, Any]], httpx.Response] | None = None
    metadata_override: dict[str, Any] = field(default_factory=dict)
    jwks_override: dict[str, Any] | None = None
    """A JWKS to serve instead of the test provider's own (say, with RSA keys)."""

    def handle(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        self.requests.append(path)
        if path == "/test-idp/.well-known/openid-configuration":
            return httpx.Response(200, json={**self.idp.metadata(), **self.metadata_override})
        if path == "/test-idp/jwks":
            return httpx.Response(200, json=self.jwks_override or self.idp.jwks())
        if path == "/test-idp/token":
            form = dict(parse_qsl(request.content.decode()))
            try:
                body = self.idp.token(form)
            except TestIdpError as exc:
                return httpx.Response(exc.status_code, json={"error": exc.error})
            if self.token_response is not None:
                return self.token_response(body)
            return httpx.Response(200, json=body)
        return httpx.Response(404)

    def authorize(self, url: str, bsn: str = JAN) -> dict[str, str]:
        """The browser's trip: the authorization request, a person picked, the callback."""
        request = self.idp.authorization_request(dict(parse_qsl(urlsplit(url).query)))
        return dict(parse_qsl(urlsplit(self.idp.approve(request, bsn)).query))


@dataclass
class Login:
    """A client, its provider, and one login under way."""

    client: OidcClient
    provider: Provider
    clock: Clock

    async def begin(self) -> tuple[dict[str, str], PendingLogin]:
        url, pending = await self.client.start()
        return self.provider.authorize(url), pending


@pytest.fixture
def provider_key() -> PrivateKey:
    return PrivateKey.generate()


@pytest.fixture
async def login(tmp_path: Path, provider_key: PrivateKey) -> AsyncIterator[Login]:
    clock = Clock()
    idp = TestProvider(
        issuer=ISSUER,
        key=provider_key,
        secret=b"s" * 32,
        clients=[RegisteredClient(CLIENT_ID, (REDIRECT_URI,), SECRET)],
        persons=PERSONS,
        used_codes=tmp_path / "used",
        clock=clock,
    )
    provider = Provider(idp)
    http = httpx.AsyncClient(transport=httpx.MockTransport(provider.handle))
    config = OidcConfig(ISSUER, CLIENT_ID, REDIRECT_URI, client_secret=SECRET)
    async with http:
        yield Login(OidcClient(config, http, clock=clock), provider, clock)


def claims_of(id_token: str) -> dict[str, Any]:
    return dict(parse_jws(id_token).payload)
