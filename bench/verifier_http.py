"""Issue 4 benchmark: OpenID4VP responses verified per second by the verifier's response endpoint.

Subject: ``POST /oid4vp/response/{id}`` (``direct_post.jwt``: decrypt, verify every presentation
with Key Binding, DCQL and registration checks, trust, status list, consume the nonce, store the
result) against the verifier as deployed (``regie serve verifier --workers N`` on 127.0.0.1; 1 and
2 workers; SQLite WAL and PostgreSQL), driven by ``CONCURRENCY`` keep-alive connections
(:mod:`bench.load`, a lean client: the load generator shares the server's cores, and its CPU use is
reported). The use case is the seeded residents' parking permit (two credentials per response:
persoonsgegevens and woonadres), the credentials real ones from the issuer (``regie serve issuer``
beside it, on SQLite; it serves the status lists, which the verifier caches). Transactions are
started, their Request Objects fetched and verified, and the responses presented and encrypted
beforehand, so a round times the response endpoint alone: wall-clock responses per second (best of
the rounds) and the 99th percentile latency over all rounds.

Floors, measured in alternating rounds with the subject (:mod:`bench.floors`): the crypto
floor for one response (2 ES256 verifies per credential + 1 ECDH, one core) times
``min(workers, cores)``; and the DB floor (one single-row commit on the verifier's database,
one connection). Targets: >= 50% of the lower floor, and p99 < 50 ms at 16 concurrent.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import httpx
from cryptography import x509

from bench.floors import db_floor, verifier_crypto_floor
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
from standards.oid4vp import (
    direct_post_jwt_form,
    parse_authorization_request_link,
    present_credential,
    verify_request_object,
)
from tests.issuer.holder import HeldCredential, TestHolder  # the Python holder the tests use

__all__ = ["Row", "VerifierHttpResult", "all_rows", "run"]

TARGET = 0.5
P99_TARGET_MS = 50.0
USE_CASE = "parkeervergunning-bewoners"
CONFIGURATIONS = ["persoonsgegevens", "woonadres"]
CREDENTIALS_PER_RESPONSE = len(CONFIGURATIONS)
HOLDERS = 8
WORKERS = (1, 2)
ROUNDS = 4
PER_ROUND = 96
WARMUP = 32
CONCURRENCY = 16
CRYPTO_NUMBER = 200
DB_NUMBER = 100
TRANSACTION_TTL = 900
"""Long enough for every prepared transaction to be answered (the default is 120 s)."""


@dataclass(frozen=True)
class Row:
    """One server configuration: its best rate, its latency, and the floors."""

    database: str
    workers: int
    rate: float
    """Responses verified per second."""
    p99_ms: float
    crypto_floor: float
    """Crypto floor in responses per second, times ``min(workers, cores)``."""
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
        return self.ratio >= TARGET and self.p99_ms < P99_TARGET_MS


@dataclass(frozen=True)
class VerifierHttpResult:
    rows: tuple[Row, ...]
    cores: int

    @property
    def met(self) -> bool:
        return all(row.met for row in self.rows)

    def report(self) -> str:
        lines = [
            (
                "verifier: POST /oid4vp/response (direct_post.jwt, 2 credentials per response) over"
                f" HTTP (wall-clock, best of {ROUNDS} rounds of {PER_ROUND}, {CONCURRENCY}"
                f" connections, {self.cores} cores)"
            ),
            (
                "  crypto floor = 2 ES256 verifies per credential + 1 ECDH per response,"
                " x min(workers, cores); DB floor = single-row commit, 1 connection"
            ),
            (
                f"  {'database':<11} {'workers':>7} {'resp/s':>7} {'p99 ms':>7} {'crypto/s':>9}"
                f" {'commit/s':>9} {'ratio':>7}  {'target':<14} {'rounds (resp/s)':<20} client CPU"
            ),
        ]
        for row in self.rows:
            verdict = "meets target" if row.met else "BELOW TARGET"
            rounds = " ".join(f"{r:.0f}" for r in row.round_rates)
            lines.append(
                f"  {row.database:<11} {row.workers:>7} {row.rate:>7.0f} {row.p99_ms:>7.1f}"
                f" {row.crypto_floor:>9.0f} {row.db_floor:>9.0f} {row.ratio:>7.1%}"
                f"  {verdict:<14} {rounds:<20} {row.client_cpu:.2f} cores"
            )
        lines.append(
            f"  target: ratio >= {TARGET:.0%} of the lower floor and p99 < {P99_TARGET_MS:.0f} ms"
        )
        return "\n".join(lines)


@dataclass(frozen=True)
class _Prepared:
    """One ready response: the response endpoint's path and the encrypted form."""

    path: str
    body: bytes


def _holders(issuer_url: str, offers: Sequence[tuple[str, str]]) -> list[list[HeldCredential]]:
    """Each offer received by a Python holder over HTTP: its credentials."""
    with httpx.Client(base_url=issuer_url, timeout=30) as client:
        holder = TestHolder(client, issuer_url)
        return [holder.receive(uri, tx_code) for uri, tx_code in offers]


async def _credentials(settings: IssuerSettings) -> list[list[HeldCredential]]:
    """Credential sets for ``HOLDERS`` residents, issued by the running issuer."""
    state = build_state(settings)
    assert isinstance(state.register, SeededRegister)
    eligible = [p for p in state.register.all_persons() if p.eligibility().refusal is None]
    offers = []
    for person in eligible[:HOLDERS]:
        offer = await state.issuance.create_offer(str(person.bsn), CONFIGURATIONS)
        offers.append((f"{settings.public_url}/credential-offer/{offer.offer_id}", offer.tx_code))
    return await asyncio.to_thread(_holders, settings.public_url, offers)


async def _prepare(
    client: httpx.AsyncClient,
    count: int,
    held: Sequence[Sequence[HeldCredential]],
    anchors: list[x509.Certificate],
) -> list[_Prepared]:
    """``count`` answered-but-not-sent transactions, as a wallet would build them."""
    prepared: list[_Prepared] = []

    async def one(number: int) -> None:
        started = await client.post(f"/verify/{USE_CASE}/same-device")
        if started.status_code != 303:
            raise RuntimeError(f"starting a transaction: {started.status_code} {started.text}")
        link = parse_authorization_request_link(started.headers["location"])
        fetched = await client.post(urlsplit(link.request_uri).path, data={})
        if fetched.status_code != 200:
            raise RuntimeError(f"the Request Object: {fetched.status_code} {fetched.text}")
        request = verify_request_object(
            fetched.text, client_id=link.client_id, trust_anchors=anchors, now=time.time()
        ).request
        credentials = held[number % len(held)]
        vp_token: dict[str, tuple[str, ...]] = {}
        for query in request.dcql_query.credentials:
            credential = next(c for c in credentials if c.verified.vct in (query.vct_values or ()))
            vp_token[query.id] = (
                present_credential(
                    credential.verified,
                    [claim.path for claim in query.claims or ()],
                    holder_key=credential.key,
                    client_id=request.client_id,
                    nonce=request.nonce,
                    issued_at=int(time.time()),
                ),
            )
        assert request.client_metadata is not None
        form = direct_post_jwt_form(vp_token, request.state, metadata=request.client_metadata)
        path = urlsplit(request.response_uri).path
        prepared.append(_Prepared(path, urlencode(form).encode()))

    await in_pool(range(count), one, concurrency=CONCURRENCY)
    return prepared


async def _respond_round(
    pool: Sequence[Connection], batch: Sequence[_Prepared], latencies: list[float]
) -> tuple[float, float]:
    """Responses per wall-clock second, and the client's CPU use in cores; each response's
    latency appended to ``latencies``."""
    headers = {"Content-Type": "application/x-www-form-urlencoded"}

    async def send(connection: Connection, response: _Prepared) -> None:
        sent = time.perf_counter()
        answer = await connection.request("POST", response.path, response.body, headers)
        latencies.append(time.perf_counter() - sent)
        body = json.loads(answer.body)  # a refused presentation is answered 200 too (§8.2)
        if answer.status != 200 or "redirect_uri" not in body or "refused" in body:
            raise RuntimeError(f"response endpoint: {answer.status} {answer.body!r}")

    cpu, start = time.process_time(), time.perf_counter()
    await spread(pool, batch, send)
    elapsed = time.perf_counter() - start
    return len(batch) / elapsed, (time.process_time() - cpu) / elapsed


def _percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def verifier_env(database: BenchDatabase, public_url: str, issuer_url: str) -> dict[str, str]:
    """The verifier's settings for the benchmark: its defaults, on these paths and database,
    trusting the issuer beside it, with transactions that live through the preparation."""
    env = {
        **os.environ,
        "VERIFIER_PUBLIC_URL": public_url,
        "VERIFIER_DATA_DIR": str(database.data_dir / "verifier"),
        "VERIFIER_CA_DIR": str(database.data_dir / "ca"),
        "VERIFIER_TRUSTED_ISSUERS": json.dumps([issuer_url]),
        "VERIFIER_ISSUER_NAMES": json.dumps({issuer_url: "Gemeente Boxtel"}),
        "VERIFIER_TRANSACTION_TTL_SECONDS": str(TRANSACTION_TTL),
    }
    if database.url is not None:
        env["VERIFIER_DATABASE_URL"] = database.url
    return env


async def _measure(
    database: BenchDatabase,
    *,
    workers: int,
    issuer_url: str,
    held: Sequence[Sequence[HeldCredential]],
    anchors: list[x509.Certificate],
) -> Row:
    port = free_port()
    public_url = f"http://{LOCALHOST}:{port}"
    crypto = verifier_crypto_floor(CREDENTIALS_PER_RESPONSE)
    async with (
        serve(
            "verifier",
            verifier_env(database, public_url, issuer_url),
            port=port,
            workers=workers,
            ready_path=f"/verify/{USE_CASE}",
        ),
        httpx.AsyncClient(base_url=public_url, timeout=30) as client,
        connections(LOCALHOST, port, CONCURRENCY) as pool,
        db_floor(database, "verifier") as commit,
    ):
        prepared = await _prepare(client, WARMUP + ROUNDS * PER_ROUND, held, anchors)
        await _respond_round(pool, prepared[:WARMUP], [])
        crypto_rates: list[float] = []
        db_rates: list[float] = []
        rates: list[tuple[float, float]] = []
        latencies: list[float] = []
        for i in range(ROUNDS):
            crypto_rates.append(wall_rate(crypto, number=CRYPTO_NUMBER))
            db_rates.append(await async_wall_rate(commit, number=DB_NUMBER))
            start = WARMUP + i * PER_ROUND
            rates.append(await _respond_round(pool, prepared[start : start + PER_ROUND], latencies))
    best, client_cpu = max(rates)
    return Row(
        database=database.label,
        workers=workers,
        rate=best,
        p99_ms=_percentile(latencies, 0.99) * 1000,
        crypto_floor=max(crypto_rates) * min(workers, cores()),
        db_floor=max(db_rates),
        client_cpu=client_cpu,
        round_rates=tuple(rate for rate, _ in rates),
    )


async def _database_rows(
    database: BenchDatabase,
    *,
    issuer_url: str,
    held: Sequence[Sequence[HeldCredential]],
    ca: Path,
    workers: Sequence[int],
) -> list[Row]:
    anchors = [x509.load_pem_x509_certificate(ca.read_bytes())]
    return [
        await _measure(database, workers=count, issuer_url=issuer_url, held=held, anchors=anchors)
        for count in workers
    ]


@asynccontextmanager
async def _issuer() -> AsyncIterator[tuple[BenchDatabase, str, list[list[HeldCredential]]]]:
    """The issuer on its own SQLite database, with credentials for ``HOLDERS`` residents."""
    with sqlite_database() as database:
        port = free_port()
        settings = IssuerSettings(
            public_url=f"http://{LOCALHOST}:{port}",
            data_dir=database.data_dir / "issuer",
            ca_dir=database.data_dir / "ca",
        )
        build_state(settings)  # keys, CA and secret on disk before the server starts
        migrate(database, settings.public_url)
        async with serve(
            "issuer",
            issuer_env(database, settings.public_url),
            port=port,
            workers=1,
            ready_path="/.well-known/openid-credential-issuer",
        ):
            yield database, settings.public_url, await _credentials(settings)


async def all_rows(*, postgres: bool = True, workers: Sequence[int] = WORKERS) -> list[Row]:
    """The rows on SQLite WAL and, with ``postgres``, on PostgreSQL, for each of ``workers``."""
    rows: list[Row] = []
    async with _issuer() as (issuer_database, issuer_url, held):
        ca_dir = issuer_database.data_dir / "ca"
        opened = (_sqlite, postgres_database) if postgres else (_sqlite,)
        for open_database in opened:
            async with open_database() as database:
                _share_ca(ca_dir, database.data_dir / "ca")
                rows += await _database_rows(
                    database,
                    issuer_url=issuer_url,
                    held=held,
                    ca=ca_dir / "ca.pem",
                    workers=workers,
                )
    return rows


@asynccontextmanager
async def _sqlite() -> AsyncIterator[BenchDatabase]:
    with sqlite_database() as database:
        yield database


def _share_ca(source: Path, target: Path) -> None:
    """The verifier's relying-party certificates come from the same demo CA as the issuer's."""
    target.symlink_to(source, target_is_directory=True)


def run() -> VerifierHttpResult:
    return VerifierHttpResult(tuple(asyncio.run(all_rows())), cores())
