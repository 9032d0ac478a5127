"""Everything single-use is consumed atomically, on SQLite (WAL) and on PostgreSQL.

Two workers (``uvicorn`` processes, each with its own engine) share one database and get the
same request at the same moment; and many coroutines of one worker race through
:class:`~issuer.issuance.Issuance` with ``asyncio.gather``. Exactly one of each pair wins; the
other gets the error the spec defines, and the database holds one result, not two.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest

from issuer.app import build_state
from issuer.db.migrate import migrate
from issuer.db.tables import AccessToken, IssuedCredential
from issuer.issuance import NewOffer
from issuer.settings import IssuerSettings
from issuer.state import IssuerState
from standards.errors import PreAuthorizedCodeInvalid
from standards.jose import PrivateKey
from standards.oid4vci import CredentialRequest, TokenRequest
from standards.oid4vci.client import credential_request_body
from tests.issuer.conftest import PUBLIC_URL
from tests.issuer.postgres import create_database, drop_database
from tests.issuer.workers import running_workers

ROUNDS = 3
"""Races per test: each a fresh offer, token or nonce."""


def _settings(data_dir: Path, database_url: str | None) -> IssuerSettings:
    return IssuerSettings(
        public_url=PUBLIC_URL,
        data_dir=data_dir / "issuer",
        ca_dir=data_dir / "ca",
        database_url=database_url,
        batch_size=3,
        status_list_size=1024,
    )


def _state(settings: IssuerSettings) -> IssuerState:
    """The issuer's services in this process, on the workers' database, keys and secret."""
    state = build_state(settings)
    asyncio.run(migrate(state.engine))
    return state


def _bsn(state: IssuerState) -> str:
    for person in state.register.all_persons():  # type: ignore[attr-defined]
        if person.eligibility().refusal is None:
            return str(person.bsn)
    raise LookupError("no eligible person in the seeded register")


async def _gather(*calls: Any) -> list[Any]:
    return list(await asyncio.gather(*calls, return_exceptions=True))


def _credential_body(configuration_id: str, nonce: str, copies: int = 1) -> dict[str, Any]:
    return credential_request_body(
        holder_keys=[PrivateKey.generate() for _ in range(copies)],
        audience=PUBLIC_URL,
        nonce=nonce,
        issued_at=int(time.time()),
        credential_configuration_id=configuration_id,
    )


# --- two workers over HTTP -------------------------------------------------------------------


@dataclass
class Workers:
    """Two running workers, and this process's view of their database (to make offers)."""

    urls: list[str]
    state: IssuerState

    def offer(self, *configuration_ids: str) -> NewOffer:
        return asyncio.run(self.state.issuance.create_offer(_bsn(self.state), configuration_ids))

    def token_form(self, offer: NewOffer) -> dict[str, str]:
        code = self.state.issuance.pre_authorized_code(offer.offer_id)
        return {
            "grant_type": "urn:ietf:params:oauth:grant-type:pre-authorized_code",
            "pre-authorized_code": code,
            "tx_code": offer.tx_code,
        }

    def access_token(self, *configuration_ids: str) -> str:
        form = self.token_form(self.offer(*configuration_ids))
        response = httpx.post(f"{self.urls[0]}/token", data=form)
        assert response.status_code == 200, response.text
        return str(response.json()["access_token"])

    def nonce(self) -> str:
        return str(httpx.post(f"{self.urls[1]}/nonce").json()["c_nonce"])

    def race(self, *requests: tuple[str, dict[str, Any]]) -> list[httpx.Response]:
        """POST each ``(path, keyword arguments)`` to its own worker, all at once."""

        async def send() -> list[httpx.Response]:
            async with httpx.AsyncClient(timeout=60) as client:
                return await asyncio.gather(
                    *(
                        client.post(f"{self.urls[n % len(self.urls)]}{path}", **kwargs)
                        for n, (path, kwargs) in enumerate(requests)
                    )
                )

        return asyncio.run(send())

    def credential(self, token: str, body: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        return "/credential", {"json": body, "headers": {"Authorization": f"Bearer {token}"}}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def workers(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Workers]:
    """Two workers started at once on a new database: both migrate it at start-up."""
    data_dir = tmp_path_factory.mktemp(f"workers-{request.param}")
    worker_id: str = request.getfixturevalue("worker_id")
    database_url = (
        create_database(f"{worker_id}_workers", migrated=False)
        if request.param == "postgresql"
        else None
    )
    settings = _settings(data_dir, database_url)
    environment = {
        "ISSUER_PUBLIC_URL": PUBLIC_URL,
        "ISSUER_DATA_DIR": str(settings.data_dir),
        "ISSUER_CA_DIR": str(settings.ca_dir),
        "ISSUER_DATABASE_URL": settings.resolved_database_url(),
        "ISSUER_BATCH_SIZE": str(settings.batch_size),
        "ISSUER_STATUS_LIST_SIZE": str(settings.status_list_size),
    }
    try:
        with running_workers(environment, data_dir) as urls:
            yield Workers(urls, _state(settings))
    finally:
        if database_url is not None:
            drop_database(database_url)


def _errors(responses: list[httpx.Response]) -> list[tuple[int, str | None]]:
    return sorted(
        (r.status_code, None if r.status_code == 200 else r.json().get("error")) for r in responses
    )


def test_two_workers_redeem_one_pre_authorized_code_once(workers: Workers) -> None:
    for _ in range(ROUNDS):
        form = workers.token_form(workers.offer("persoonsgegevens"))
        responses = workers.race(("/token", {"data": form}), ("/token", {"data": form}))
        assert _errors(responses) == [(200, None), (400, "invalid_grant")]
    assert asyncio.run(AccessToken.count().run()) >= ROUNDS


def test_two_workers_accept_one_c_nonce_once(workers: Workers) -> None:
    for _ in range(ROUNDS):
        # Two access tokens, so that only the c_nonce is shared between the two requests.
        tokens = [workers.access_token("persoonsgegevens") for _ in range(2)]
        nonce = workers.nonce()
        responses = workers.race(
            *(workers.credential(t, _credential_body("persoonsgegevens", nonce)) for t in tokens)
        )
        assert _errors(responses) == [(200, None), (400, "invalid_nonce")]


def test_two_workers_issue_one_configuration_once_per_token(workers: Workers) -> None:
    for _ in range(ROUNDS):
        token = workers.access_token("woonadres")
        bodies = [_credential_body("woonadres", workers.nonce(), copies=2) for _ in range(2)]
        responses = workers.race(*(workers.credential(token, b) for b in bodies))
        assert _errors(responses) == [(200, None), (400, "invalid_credential_request")]
        winner = next(r for r in responses if r.status_code == 200)
        batch = asyncio.run(
            IssuedCredential.count()
            .where(IssuedCredential.notification_id == winner.json()["notification_id"])
            .run()
        )
        assert batch == 2


def test_two_workers_never_give_out_one_status_index_twice(workers: Workers) -> None:
    sessions = 12
    tokens = [workers.access_token("persoonsgegevens") for _ in range(sessions)]
    bodies = [_credential_body("persoonsgegevens", workers.nonce(), copies=3) for _ in tokens]
    requests = [workers.credential(t, b) for t, b in zip(tokens, bodies, strict=True)]
    responses = workers.race(*requests)
    assert _errors(responses) == [(200, None)] * sessions
    rows = asyncio.run(
        IssuedCredential.select(IssuedCredential.status_list, IssuedCredential.status_index).run()
    )
    slots = [(r["status_list"], r["status_index"]) for r in rows]
    assert len(slots) == len(set(slots)) >= 3 * sessions


# --- many coroutines of one worker -----------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def issuer_database_url(request: pytest.FixtureRequest) -> str | None:
    if request.param == "postgresql":
        url: str = request.getfixturevalue("postgres_url")
        return url
    return None


@pytest.fixture
def state(tmp_path: Path, issuer_database_url: str | None) -> IssuerState:
    return _state(_settings(tmp_path, issuer_database_url))


def test_concurrent_redemptions_give_one_access_token(state: IssuerState) -> None:
    issuance = state.issuance

    async def race() -> list[Any]:
        offer = await issuance.create_offer(_bsn(state), ["persoonsgegevens"])
        form = token_request_form_for(issuance.pre_authorized_code(offer.offer_id), offer.tx_code)
        return await _gather(*(issuance.redeem(TokenRequest.from_body(form)) for _ in range(4)))

    for _ in range(ROUNDS):
        results = asyncio.run(race())
        winners = [r for r in results if isinstance(r, tuple)]
        assert len(winners) == 1, results
        assert all(isinstance(r, PreAuthorizedCodeInvalid) for r in results if r not in winners)
    assert asyncio.run(AccessToken.count().run()) == ROUNDS


def token_request_form_for(code: str, tx_code: str) -> str:
    return urlencode(
        {
            "grant_type": "urn:ietf:params:oauth:grant-type:pre-authorized_code",
            "pre-authorized_code": code,
            "tx_code": tx_code,
        }
    )


@pytest.mark.parametrize("full", [False, True], ids=["unique-index-only", "checked-first"])
def test_concurrent_allocations_never_share_a_status_index(state: IssuerState, full: bool) -> None:
    """A tiny range of indices, so that concurrent draws collide; each copy still gets its own,
    whether the list counts as nearly empty (the unique index alone catches collisions) or as
    full enough that drawn indices are looked up first."""
    indices = 48
    state.status_lists.randbelow = lambda _: secrets.randbelow(indices)
    issuance = state.issuance
    requests = 16

    async def one() -> Any:
        offer = await issuance.create_offer(_bsn(state), ["persoonsgegevens"])
        form = token_request_form_for(issuance.pre_authorized_code(offer.offer_id), offer.tx_code)
        access_token, _ = await issuance.redeem(TokenRequest.from_body(form))
        token = await issuance.authorize(access_token)
        body = _credential_body("persoonsgegevens", await issuance.new_nonce())
        return await issuance.issue(token, CredentialRequest.from_body(body, batch_size=3))

    async def race() -> list[Any]:
        status_list = await state.status_lists.open_list(state.clock())  # one, for all of them
        status_list.allocated = status_list.size // 2 if full else 0
        assert state.status_lists.check_first(status_list, 1) is full
        return await _gather(*(one() for _ in range(requests)))

    results = asyncio.run(race())
    assert [r for r in results if isinstance(r, BaseException)] == []
    rows = asyncio.run(
        IssuedCredential.select(IssuedCredential.status_list, IssuedCredential.status_index).run()
    )
    assert len({r["status_list"] for r in rows}) == 1
    assert len({r["status_index"] for r in rows}) == len(rows) == requests
