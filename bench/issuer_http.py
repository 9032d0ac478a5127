"""Issue 3 benchmark: credentials issued per second by the issuer's credential endpoint over HTTP.

Subject: ``POST /credential``, against the issuer as deployed (``regie serve issuer --workers
N`` on 127.0.0.1; 1 and 2 workers; SQLite WAL and PostgreSQL), driven by a small pool of
concurrent keep-alive connections (:mod:`bench.load`, a lean client, so that the load generator
takes as little as it can of the cores the server runs on). Two request shapes: one key proof
per request, and the issuer's default batch (``ISSUER_BATCH_SIZE``, the copies a wallet asks
for so that verifiers cannot link its presentations, OpenID4VCI §8.2); every proof is one
credential issued. Offers are made beforehand the way the resident's page makes them
(``Issuance.create_offer`` on the same database), redeemed over HTTP (``/token``, httpx), each
with a fresh ``c_nonce`` (``/nonce``) and its proofs signed, so a round times the credential
endpoint alone: wall-clock credentials issued per second, best of the rounds.

Floors, measured in alternating rounds with the subject (:mod:`bench.floors`): the
crypto floor (verify one ES256 proof + sign one issuer JWT, one core) times
``min(workers, cores)``, since that is the CPU the server's workers can use; and the DB floor
(one single-row commit on the same database, one connection), not scaled: SQLite has one
writer at a time, and one connection's commit rate is what a single request's commit waits
for. Target: >= 50% of the lower floor, for each number of workers and database.

The load generator shares the machine's cores with the server; its CPU use is reported.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx

from bench.floors import db_floor, issuer_crypto_floor
from bench.harness import async_wall_rate, cores, in_pool, spread, wall_rate
from bench.load import Connection, connections
from bench.servers import (
    LOCALHOST,
    BenchDatabase,
    free_port,
    issuer_env,
    migrate,
    postgres_database,
    serve,
    sqlite_database,
)
from issuer.app import build_state
from issuer.register.seeded import SeededRegister
from issuer.settings import IssuerSettings
from issuer.state import IssuerState
from standards.jose import PrivateKey
from standards.oid4vci import TokenRequest
from standards.oid4vci.client import credential_request_body

__all__ = ["IssuerHttpResult", "Row", "database_rows", "run"]

TARGET = 0.5
CONFIGURATION = "persoonsgegevens"
WORKERS = (1, 2)
ROUNDS = 4
PER_ROUND = 60
WARMUP = 20
CONCURRENCY = 8
CRYPTO_NUMBER = 300
DB_NUMBER = 100


@dataclass(frozen=True)
class Row:
    """One server configuration: its best rate and the floors it is held against."""

    database: str
    workers: int
    proofs: int
    """Key proofs per request; each is one credential issued."""
    rate: float
    """Credentials issued per second."""
    crypto_floor: float
    """Crypto floor per second, times ``min(workers, cores)``."""
    db_floor: float
    client_cpu: float
    """Cores the load generator used while the best round ran."""
    round_rates: tuple[float, ...]

    @property
    def lower_floor(self) -> float:
        return min(self.crypto_floor, self.db_floor)

    @property
    def ratio(self) -> float:
        return self.rate / self.lower_floor

    @property
    def met(self) -> bool:
        return self.ratio >= TARGET


@dataclass(frozen=True)
class IssuerHttpResult:
    rows: tuple[Row, ...]
    cores: int

    @property
    def met(self) -> bool:
        return all(row.met for row in self.rows)

    def report(self) -> str:
        title = (
            "issuer: POST /credential over HTTP, credentials issued per second (wall-clock, best"
            f" of {ROUNDS} rounds of {PER_ROUND} requests, {CONCURRENCY} connections,"
            f" {self.cores} cores)"
        )
        floors = (
            "  crypto floor = ES256 proof verify + issuer JWT sign, x min(workers, cores); "
            "DB floor = single-row commit, 1 connection"
        )
        header = (
            f"  {'database':<11} {'workers':>7} {'proofs':>6} {'issued/s':>9} {'crypto/s':>9}"
            f" {'commit/s':>9}"
            f" {'ratio':>7}  {'target':<14} {'rounds (issued/s)':<28} client CPU"
        )
        lines = [title, floors, header]
        for row in self.rows:
            verdict = "meets target" if row.met else "BELOW TARGET"
            rounds = " ".join(f"{r:.0f}" for r in row.round_rates)
            lines.append(
                f"  {row.database:<11} {row.workers:>7} {row.proofs:>6} {row.rate:>9.0f}"
                f" {row.crypto_floor:>9.0f}"
                f" {row.db_floor:>9.0f} {row.ratio:>7.1%}  {verdict:<14} {rounds:<28}"
                f" {row.client_cpu:.2f} cores"
            )
        lines.append(f"  ratio = issued/s / lower floor; target >= {TARGET:.0%} of the lower floor")
        return "\n".join(lines)


@dataclass(frozen=True)
class _Prepared:
    """One ready credential request: a fresh access token, nonce and signed proofs."""

    body: bytes
    headers: dict[str, str]
    proofs: int


def _ok(response: httpx.Response) -> Any:
    if response.status_code != 200:
        raise RuntimeError(f"{response.request.url.path}: {response.status_code} {response.text}")
    return response.json()


async def _prepare(
    state: IssuerState, client: httpx.AsyncClient, count: int, bsns: Sequence[str], proofs: int
) -> list[_Prepared]:
    """``count`` credential requests with ``proofs`` key proofs each, each request with its own
    offer, access token and nonce."""
    # Residents take turns, as in life: one person's rows are not a hot spot for every request.
    offers = [
        await state.issuance.create_offer(bsns[i % len(bsns)], [CONFIGURATION])
        for i in range(count)
    ]
    prepared: list[_Prepared] = []

    async def redeem(offer: Any) -> None:
        code = state.issuance.pre_authorized_code(offer.offer_id)
        form = TokenRequest(pre_authorized_code=code, tx_code=offer.tx_code).to_form()
        access_token = _ok(await client.post("/token", data=form))["access_token"]
        nonce = _ok(await client.post("/nonce"))["c_nonce"]
        body = credential_request_body(
            holder_keys=[PrivateKey.generate() for _ in range(proofs)],
            audience=state.settings.public_url,
            nonce=nonce,
            issued_at=int(time.time()),
            credential_configuration_id=CONFIGURATION,
        )
        headers = {"Authorization": f"Bearer {access_token}", "Content-Type": "application/json"}
        prepared.append(_Prepared(json.dumps(body).encode(), headers, proofs))

    await in_pool(offers, redeem, concurrency=CONCURRENCY)
    return prepared


async def _issue_round(pool: list[Connection], batch: list[_Prepared]) -> tuple[float, float]:
    """Credentials issued per wall-clock second, and the client's CPU use in cores."""

    async def send(connection: Connection, request: _Prepared) -> None:
        answer = await connection.request("POST", "/credential", request.body, request.headers)
        if answer.status != 200:
            raise RuntimeError(f"/credential: {answer.status} {answer.body!r}")

    cpu, start = time.process_time(), time.perf_counter()
    await spread(pool, batch, send)
    elapsed = time.perf_counter() - start
    issued = sum(request.proofs for request in batch)
    return issued / elapsed, (time.process_time() - cpu) / elapsed


async def _measure(
    database: BenchDatabase, state: IssuerState, *, port: int, workers: int, bsns: Sequence[str]
) -> list[Row]:
    public_url = state.settings.public_url
    shapes = (1, state.settings.batch_size)
    crypto = issuer_crypto_floor()
    async with (
        serve(
            "issuer",
            issuer_env(database, public_url),
            port=port,
            workers=workers,
            ready_path="/.well-known/openid-credential-issuer",
        ),
        httpx.AsyncClient(base_url=public_url, timeout=30) as client,
        connections(LOCALHOST, port, CONCURRENCY) as pool,
        db_floor(database) as commit,
    ):
        prepared = {
            proofs: await _prepare(state, client, WARMUP + ROUNDS * PER_ROUND, bsns, proofs)
            for proofs in shapes
        }
        for requests in prepared.values():
            await _issue_round(pool, requests[:WARMUP])
        crypto_rates: list[float] = []
        db_rates: list[float] = []
        rounds: dict[int, list[tuple[float, float]]] = {proofs: [] for proofs in shapes}
        for i in range(ROUNDS):
            crypto_rates.append(wall_rate(crypto, number=CRYPTO_NUMBER))
            db_rates.append(await async_wall_rate(commit, number=DB_NUMBER))
            start = WARMUP + i * PER_ROUND
            for proofs, requests in prepared.items():
                rounds[proofs].append(await _issue_round(pool, requests[start : start + PER_ROUND]))
    rows = []
    for proofs, measured in rounds.items():
        best, client_cpu = max(measured)
        rows.append(
            Row(
                database=database.label,
                workers=workers,
                proofs=proofs,
                rate=best,
                crypto_floor=max(crypto_rates) * min(workers, cores()),
                db_floor=max(db_rates),
                client_cpu=client_cpu,
                round_rates=tuple(rate for rate, _ in measured),
            )
        )
    return rows


async def database_rows(database: BenchDatabase, workers: Sequence[int] = WORKERS) -> list[Row]:
    """Every row of ``database``: each number of ``workers``, one proof and the default batch."""
    port = free_port()
    settings = IssuerSettings(
        public_url=f"http://{LOCALHOST}:{port}",
        data_dir=database.data_dir / "issuer",
        ca_dir=database.data_dir / "ca",
        database_url=database.url,
    )
    state = build_state(settings)  # keys, CA and secret on disk before the workers start
    migrate(database, settings.public_url)
    assert isinstance(state.register, SeededRegister)
    bsns = [str(p.bsn) for p in state.register.all_persons() if p.eligibility().refusal is None]
    return [
        row
        for count in workers
        for row in await _measure(database, state, port=port, workers=count, bsns=bsns)
    ]


@asynccontextmanager
async def _sqlite() -> AsyncIterator[BenchDatabase]:
    with sqlite_database() as database:
        yield database


async def _all_rows() -> list[Row]:
    rows: list[Row] = []
    for open_database in (_sqlite, postgres_database):
        async with open_database() as database:
            rows.extend(await database_rows(database))
    return rows


def run() -> IssuerHttpResult:
    return IssuerHttpResult(tuple(asyncio.run(_all_rows())), cores())
