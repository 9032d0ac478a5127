"""The resident's side of the issuer, put together: login, pages, test provider, static files.

:func:`resident_site` makes it once at start-up; :mod:`issuer.app` adds its routers, template
configuration and lifespan to the app. Page routes get the session cookie, CSRF protection
(Litestar's double-submit cookie ``regie_issuer_csrf``) and the security headers; the test
provider's JSON endpoints and the OpenID4VCI protocol endpoints get none of these, so no
exclusion list can fall behind when an endpoint is added.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, Final, TypeAlias

import httpx
from litestar import Litestar, Request, Router
from litestar.config.csrf import CSRFConfig
from litestar.di import NamedDependency, Provide
from litestar.middleware import DefineMiddleware
from litestar.middleware.csrf import CSRFMiddleware
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.template.config import TemplateConfig

from issuer.login.oidc import OidcClient, OidcConfig
from issuer.login.testidp import RegisteredClient, TestProvider, load_or_create_key
from issuer.login.testpersons import listed_persons
from issuer.register.seeded import SeededRegister
from issuer.state import IssuerState
from issuer.web.render import Pages
from issuer.web.session import CSRF_COOKIE, derive_key, logged_in_bsn, session_config
from regie.web.errors import oauth_error_handlers
from regie.web.pages import page_headers, static_files, template_config

__all__ = ["TEST_CLIENT_ID", "ResidentSite", "Site", "resident_site"]

TEST_CLIENT_ID: Final = "regie-issuer"
"""The issuer's client_id at its own test provider."""
TEMPLATES: Final = Path(__file__).with_name("templates")
STATIC: Final = Path(__file__).with_name("static")
HTTP_TIMEOUT: Final = 10.0


class ResidentSite:
    """What the resident's pages share; handlers get it injected as ``site``.

    A plain class, not a dataclass: Litestar would try to validate a dataclass dependency.
    """

    def __init__(
        self,
        state: IssuerState,
        oidc: OidcClient,
        provider: TestProvider | None,
        *,
        close_http: bool,
    ) -> None:
        self.state = state
        self.oidc = oidc
        self.provider = provider
        self.routers: list[Router] = []
        self.templates: TemplateConfig[JinjaTemplateEngine] = template_config(TEMPLATES)
        self.pages = Pages(
            secure=state.settings.public_url.startswith("https://"),
            municipality=state.settings.municipality_name,
            resident=self.resident,
        )
        self._close_http = close_http

    def now(self) -> datetime:
        return self.state.clock()

    def resident(self, request: Request[Any, Any, Any]) -> str | None:
        """The logged-in resident's BSN, or ``None``."""
        session = request.scope.get("session")
        if not isinstance(session, dict):
            return None
        return logged_in_bsn(
            session, now=self.now(), max_age=self.state.settings.session_max_age_seconds
        )

    @asynccontextmanager
    async def lifespan(self, _: Litestar) -> AsyncIterator[None]:
        """Close the login's HTTP client when the app stops (when it made that client)."""
        try:
            yield
        finally:
            if self._close_http:
                await self.oidc.http.aclose()


Site: TypeAlias = NamedDependency[ResidentSite]
"""How a handler asks for the site: ``site: Site``."""


def _test_provider(state: IssuerState, redirect_uri: str, client_secret: str) -> TestProvider:
    settings = state.settings
    register = state.register
    seeded = register if isinstance(register, SeededRegister) else SeededRegister.load()
    return TestProvider(
        issuer=f"{settings.public_url}/test-idp",
        key=load_or_create_key(settings.resolved_key_dir()),
        secret=derive_key(state.issuance.secret, "test-idp"),
        clients=[RegisteredClient(TEST_CLIENT_ID, (redirect_uri,), client_secret)],
        persons=listed_persons(seeded.all_persons()),
        used_codes=settings.data_dir / "test-idp" / "used-codes",
        bsn_claim=settings.oidc_bsn_claim,
        clock=lambda: state.clock().timestamp(),
    )


def _oidc_config(state: IssuerState, redirect_uri: str) -> tuple[OidcConfig, TestProvider | None]:
    settings = state.settings
    if settings.login == "test":
        secret = derive_key(state.issuance.secret, "test-idp client").hex()
        provider = _test_provider(state, redirect_uri, secret)
        issuer, client_id = provider.issuer, TEST_CLIENT_ID
        client_secret: str | None = secret
    else:
        if not settings.oidc_issuer or not settings.oidc_client_id:
            raise ValueError("ISSUER_LOGIN=oidc needs ISSUER_OIDC_ISSUER and ISSUER_OIDC_CLIENT_ID")
        provider = None
        issuer, client_id = settings.oidc_issuer, settings.oidc_client_id
        client_secret = settings.oidc_client_secret or None
    config = OidcConfig(
        issuer=issuer,
        client_id=client_id,
        client_secret=client_secret,
        redirect_uri=redirect_uri,
        bsn_claim=settings.oidc_bsn_claim,
        scope=settings.oidc_scope,
    )
    return config, provider


def resident_site(state: IssuerState, *, http: httpx.AsyncClient | None = None) -> ResidentSite:
    """Build the resident's side. ``http`` is the login's HTTP client (tests inject one)."""
    from issuer.web.login import LoginPages  # noqa: PLC0415 - the controllers import this module
    from issuer.web.resident import ResidentPages  # noqa: PLC0415
    from issuer.web.testidp import test_idp_api, test_idp_pages  # noqa: PLC0415

    settings = state.settings
    config, provider = _oidc_config(state, f"{settings.public_url}/login/callback")
    client = http or httpx.AsyncClient(timeout=HTTP_TIMEOUT, follow_redirects=False)
    oidc = OidcClient(
        config,
        client,
        clock=lambda: state.clock().timestamp(),
        cache_seconds=settings.oidc_cache_seconds,
    )
    site = ResidentSite(state, oidc, provider, close_http=http is None)
    secret = state.issuance.secret
    secure = site.pages.secure
    provide: dict[str, Provide] = {"site": Provide(lambda: site, sync_to_thread=False)}
    csrf = CSRFConfig(
        secret=derive_key(secret, "csrf").hex(),
        cookie_name=CSRF_COOKIE,
        cookie_secure=secure,
        cookie_httponly=True,
        cookie_samesite="lax",
        header_name="x-regie-issuer-csrf",
    )
    session = session_config(secret, max_age=settings.session_max_age_seconds, secure=secure)
    page_handlers: list[Any] = [ResidentPages, LoginPages]
    if provider is not None:
        page_handlers.extend(test_idp_pages)
        site.routers.append(
            Router(
                path="/test-idp",
                route_handlers=test_idp_api,
                dependencies=provide,
                exception_handlers=oauth_error_handlers(),
            )
        )
    site.routers.append(
        Router(
            path="/",
            route_handlers=page_handlers,
            middleware=[session.middleware, DefineMiddleware(CSRFMiddleware, config=csrf)],
            response_headers=page_headers(),
            dependencies=provide,
            exception_handlers=site.pages.exception_handlers(),
            include_in_schema=False,
        )
    )
    site.routers.append(static_files(STATIC))
    return site
