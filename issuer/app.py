"""The municipality's credential issuer: ``create_app()`` for ``regie serve issuer``.

Wiring only: settings, database, keys, register, status lists, then the routes. The protocol
lives in :mod:`issuer.protocol` and :mod:`issuer.issuance`, the back office in
:mod:`issuer.admin`, the resident's pages in :mod:`issuer.web`.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import httpx
from litestar import Litestar, Router
from litestar.datastructures import State
from litestar.di import Provide

from issuer.admin import create_back_office
from issuer.client_attestation import WalletAttestations
from issuer.db.migrate import migrate as run_migrations
from issuer.db.tables import TABLES
from issuer.housekeeping import remove_expired_periodically
from issuer.issuance import Issuance
from issuer.keys import KeyStore
from issuer.mailbox import prompt_delivery_lifespan
from issuer.protocol.credential import credential, nonce, notification
from issuer.protocol.metadata import metadata_handlers
from issuer.protocol.offers import credential_offer
from issuer.protocol.status import status_list
from issuer.protocol.token import token
from issuer.register.haal_centraal import HaalCentraalRegister
from issuer.register.seeded import SeededRegister
from issuer.register.source import RegisterSource
from issuer.register_watch import run_periodically
from issuer.settings import IssuerSettings
from issuer.state import IssuerState
from issuer.status_lists import StatusLists
from issuer.web import resident_site
from regie.background import in_background
from regie.db.engine import bind, close_pool, engine_from_url, open_pool
from regie.pki import DemoCA, load_or_create_private_file
from regie.web.back_office import mount_back_office
from regie.web.cors import CrossOrigin
from regie.web.errors import oauth_error_handlers, problem_handlers
from regie.web.nul import refuse_nul
from standards.oid4vci.client_attestation import ATTESTATION_HEADER, POP_HEADER

__all__ = ["create_app", "migrate"]

SECRET_FILE = "issuer-secret.key"  # noqa: S105 - a file name, not a secret


def _utcnow() -> datetime:
    return datetime.now(UTC)


def load_secret(directory: Path) -> bytes:
    """The issuer's own secret (BSN hashes, offer codes): 32 random bytes, file mode 600."""
    return load_or_create_private_file(directory / SECRET_FILE, lambda: secrets.token_bytes(32))


def _register(settings: IssuerSettings) -> RegisterSource:
    if settings.register_source == "haal_centraal":
        if settings.haal_centraal_url is None or not settings.haal_centraal_api_key:
            raise ValueError(
                "ISSUER_REGISTER_SOURCE=haal_centraal needs ISSUER_HAAL_CENTRAAL_URL and "
                "ISSUER_HAAL_CENTRAAL_API_KEY"
            )
        return HaalCentraalRegister(str(settings.haal_centraal_url), settings.haal_centraal_api_key)
    return SeededRegister.load()


def build_state(
    settings: IssuerSettings,
    *,
    clock: Callable[[], datetime] = _utcnow,
    register: RegisterSource | None = None,
) -> IssuerState:
    """Everything the handlers share, made once (keys and secret on disk, never in the DB)."""
    now = clock()
    engine = engine_from_url(settings.resolved_database_url())
    bind(engine, TABLES)
    ca = DemoCA.load_or_create(settings.resolved_ca_dir(), now=now)
    keys = KeyStore(
        settings.resolved_key_dir(),
        ca=ca,
        issuer_id=settings.public_url,
        now=now,
        max_lifetime=timedelta(days=settings.credential_lifetime_days),
        subject_cn=settings.municipality_name,
    )
    status_lists = StatusLists(
        size=settings.status_list_size,
        ttl=settings.status_list_ttl_seconds,
        uri_for=lambda list_id: f"{settings.public_url}/status-lists/{list_id}",
    )
    register = register or _register(settings)
    issuance = Issuance(
        settings=settings,
        keys=keys,
        register=register,
        status_lists=status_lists,
        secret=load_secret(settings.resolved_key_dir()),
        clock=clock,
    )
    return IssuerState(
        settings=settings,
        keys=keys,
        register=register,
        status_lists=status_lists,
        issuance=issuance,
        clock=clock,
        engine=engine,
        attestations=WalletAttestations.configured(
            settings, demo_ca=ca.certificate, secret=issuance.secret, clock=clock
        ),
    )


def create_app(
    settings: IssuerSettings | None = None,
    *,
    clock: Callable[[], datetime] = _utcnow,
    register: RegisterSource | None = None,
    login_http: httpx.AsyncClient | None = None,
) -> Litestar:
    """The issuer as an ASGI app. Migrates its database at start-up (idempotent).

    ``login_http`` is the HTTP client the resident's login uses to reach its OpenID Connect
    provider; by default one is made (tests route it to an app in the same process).
    """
    settings = settings or IssuerSettings()
    state = build_state(settings, clock=clock, register=register)
    site = resident_site(state, http=login_http)

    @asynccontextmanager
    async def lifespan(_: Litestar) -> AsyncIterator[None]:
        await run_migrations(state.engine)
        await open_pool(state.engine, settings.database_pool_size)
        state.keys.prune(state.clock())  # expired retired keys leave the JWKS
        interval = settings.register_check_seconds
        sweep = settings.housekeeping_seconds
        async with (
            in_background(run_periodically(state, interval) if interval else None),
            in_background(remove_expired_periodically(state, sweep) if sweep else None),
        ):
            yield
        close = getattr(state.register, "aclose", None)
        if close is not None:
            await close()
        await close_pool(state.engine)

    # Cross-origin: documents any wallet may read answer ``*``; the endpoints that redeem a code,
    # take an access token or hand out nonces answer only the configured wallet origins.
    public = Router(
        path="/",
        route_handlers=[*metadata_handlers, credential_offer, status_list],
        exception_handlers=oauth_error_handlers(),
        middleware=[CrossOrigin.public(["GET"], expose=["ETag"]).middleware()],
    )
    wallet_only = CrossOrigin.wallets(
        settings.allowed_wallet_origins(),
        ["POST"],
        headers=["Authorization", "Content-Type", ATTESTATION_HEADER, POP_HEADER],
        expose=["WWW-Authenticate"],
    )
    protocol = Router(
        path="/",
        route_handlers=[token, nonce, credential, notification],
        exception_handlers=oauth_error_handlers(),
        middleware=[wallet_only.middleware()],
    )
    admin_app = create_back_office(
        site_name=f"{settings.municipality_name} — back office",
        allowed_hosts=[urlsplit(settings.public_url).hostname or ""],  # its CSRF check, https
        production=settings.public_url.startswith("https://"),
    )
    return Litestar(
        route_handlers=[public, protocol, mount_back_office(admin_app), *site.routers],
        middleware=[refuse_nul],
        dependencies={"issuer": Provide(lambda: state, sync_to_thread=False)},
        exception_handlers=problem_handlers(),
        template_config=site.templates,
        lifespan=[lifespan, site.lifespan, prompt_delivery_lifespan(state)],
        state=State({"issuer": state}),
    )


def migrate() -> None:
    """``regie migrate``: bring the issuer's database up to date."""
    settings = IssuerSettings()
    engine = engine_from_url(settings.resolved_database_url())
    asyncio.run(run_migrations(engine))
