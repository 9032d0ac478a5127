"""The relying parties' verifier: ``create_app()`` for ``regie serve verifier``.

Wiring only: settings, database, keys and certificates, trust list, status lists, seeding,
then the routes. The protocol lives in :mod:`verifier.transactions` and
:mod:`verifier.verification`, the pages in :mod:`verifier.web`.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

import httpx
from cryptography import x509
from litestar import Litestar, Router
from litestar.datastructures import State
from litestar.di import Provide

from regie.db.engine import bind, close_pool, engine_from_url, open_pool
from regie.pki import DemoCA, load_or_create_private_file
from regie.web.back_office import mount_back_office
from regie.web.cors import CrossOrigin
from regie.web.errors import oauth_error_handlers, problem_handlers
from regie.web.nul import refuse_nul
from regie.web.pages import static_files, template_config
from verifier.admin import create_back_office
from verifier.cases.mailbox import mailbox_delivery_lifespan
from verifier.cases.tasks import case_tasks_lifespan
from verifier.db.migrate import migrate as run_migrations
from verifier.db.tables import TABLES
from verifier.demo_officers import demo_officers_lifespan
from verifier.protocol import page_handlers, request_object_handlers, response_handlers
from verifier.relying_parties import seed, signers
from verifier.settings import VerifierSettings
from verifier.state import VerifierState
from verifier.verification.status import StatusLists
from verifier.verification.trust import TrustList, pinned_metadata
from verifier.web.intake import intake_handlers
from verifier.web.start import STATIC, TEMPLATES, web_handlers

__all__ = ["build_state", "create_app", "migrate"]

SECRET_FILE = "verifier-secret.key"  # noqa: S105 - a file name, not a secret


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _anchors(settings: VerifierSettings, ca: DemoCA) -> list[x509.Certificate]:
    anchors = [ca.certificate] if settings.trust_demo_ca else []
    for path in settings.trust_anchor_files:
        anchors.extend(x509.load_pem_x509_certificates(Path(path).read_bytes()))
    return anchors


def build_state(
    settings: VerifierSettings,
    *,
    clock: Callable[[], datetime] = _utcnow,
    http: httpx.AsyncClient | None = None,
) -> VerifierState:
    """Everything the handlers share, made once (keys and secret on disk, never in the DB).

    ``http`` fetches issuer metadata and status lists; tests route it to an app in-process.
    """
    now = clock()
    engine = engine_from_url(settings.resolved_database_url())
    bind(engine, TABLES)
    ca = DemoCA.load_or_create(settings.resolved_ca_dir(), now=now)
    key_dir = settings.resolved_key_dir()
    key_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    http = http or httpx.AsyncClient(follow_redirects=False)
    return VerifierState(
        settings=settings,
        signers=signers(key_dir, public_url=settings.public_url, ca=ca, now=now),
        secret=load_or_create_private_file(key_dir / SECRET_FILE, lambda: secrets.token_bytes(32)),
        trust=TrustList(
            settings.trusted_issuers,
            _anchors(settings, ca),
            http=http,
            ttl=settings.issuer_metadata_ttl_seconds,
            timeout=settings.status_list_timeout_seconds,
            pinned=pinned_metadata(settings.pinned_issuer_jwks),
            retry_seconds=settings.status_list_retry_seconds,
        ),
        status_lists=StatusLists(
            http,
            cache_seconds=settings.status_list_cache_seconds,
            timeout=settings.status_list_timeout_seconds,
            max_bytes=settings.status_list_max_bytes,
            max_entries=settings.status_list_cache_entries,
            reject_when_unreachable=settings.reject_when_status_unreachable,
            retry_seconds=settings.status_list_retry_seconds,
            clock=lambda: clock().timestamp(),
        ),
        http=http,
        clock=clock,
        engine=engine,
    )


def create_app(
    settings: VerifierSettings | None = None,
    *,
    clock: Callable[[], datetime] = _utcnow,
    http: httpx.AsyncClient | None = None,
) -> Litestar:
    """The verifier as an ASGI app. Migrates and seeds its database at start-up (idempotent)."""
    settings = settings or VerifierSettings()
    state = build_state(settings, clock=clock, http=http)

    @asynccontextmanager
    async def lifespan(_: Litestar) -> AsyncIterator[None]:
        await run_migrations(state.engine)
        await open_pool(state.engine, settings.database_pool_size)
        await seed(state.signers)
        yield
        if http is None:
            await state.http.aclose()
        await close_pool(state.engine)

    # Cross-origin: any wallet may fetch a request object (``*``); only the configured wallet
    # origins may read the answer to a response; the relying party's poll stays same-origin.
    request_objects = Router(
        path="/",
        route_handlers=request_object_handlers,
        exception_handlers=oauth_error_handlers(),
        middleware=[CrossOrigin.public(["GET", "POST"], headers=["Content-Type"]).middleware()],
    )
    responses = Router(
        path="/",
        route_handlers=response_handlers,
        exception_handlers=oauth_error_handlers(),
        middleware=[
            CrossOrigin.wallets(
                settings.wallet_origins, ["POST"], headers=["Content-Type"]
            ).middleware()
        ],
    )
    protocol = Router(
        path="/", route_handlers=page_handlers, exception_handlers=oauth_error_handlers()
    )
    return Litestar(
        route_handlers=[
            request_objects,
            responses,
            protocol,
            *web_handlers,
            *intake_handlers,
            mount_back_office(
                create_back_office(
                    state,
                    site_name="Regie — back office",
                    production=settings.https,
                )
            ),
            static_files(STATIC),
        ],
        middleware=[refuse_nul],
        dependencies={"verifier": Provide(lambda: state, sync_to_thread=False)},
        exception_handlers=problem_handlers(),
        template_config=template_config(TEMPLATES),
        lifespan=[
            lifespan,
            case_tasks_lifespan(state),
            demo_officers_lifespan(state),
            mailbox_delivery_lifespan(state),
        ],
        state=State({"verifier": state}),
    )


def migrate() -> None:
    """``regie migrate``: bring the verifier's database up to date."""
    settings = VerifierSettings()
    engine = engine_from_url(settings.resolved_database_url())
    asyncio.run(run_migrations(engine))
