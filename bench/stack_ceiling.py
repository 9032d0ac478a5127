"""How near the floors can a server on this stack get? ``python -m bench.stack_ceiling``.

Not a benchmark with a target (``python -m bench issuer verifier`` are): a reference for reading
them. Issues 3 and 4 hold the issuer's credential endpoint and the verifier's response endpoint to
50 % of the lower of two floors: a crypto floor (issuer: verify one ES256 proof and sign one
issuer JWT; verifier: four ES256 verifies and one P-256 ECDH, a response with two credentials)
and a DB floor (one single-row commit). This measures servers that do *only* their floor's work
per request and nothing of the service (no token, nonce, register, SD-JWT, DCQL, status list,
transaction or audit), in the same way and in the same run as those floors:

- ``bare``: an ASGI callable under uvicorn (uvloop, httptools: what ``regie serve`` runs) that
  parses a JSON body of the request's size and does the floor's cryptography with
  ``cryptography`` directly (the issuer's: the proof's signature checked with the key in its
  header);
- ``litestar``: the same work in one Litestar ``@post`` handler;
- each once without a database and once with one single-row commit per request on SQLite WAL
  through aiosqlite (as the DB floor commits).

Then the service itself, 1 worker on SQLite WAL (:func:`bench.issuer_http.database_rows`,
:func:`bench.verifier_http.all_rows`). One worker, :data:`CONCURRENCY` keep-alive connections
from the lean load generator (:mod:`bench.load`), best of :data:`ROUNDS` rounds. What the
``litestar`` rows reach is the most any service built as a Litestar route can reach on this
machine; the distance from there to the service's row is what the service's own work costs.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

import aiosqlite
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from litestar import Litestar, Request, Response, post

from bench import issuer_http, verifier_http
from bench.floors import db_floor, issuer_crypto_floor, verifier_crypto_floor
from bench.harness import async_wall_rate, spread, wall_rate
from bench.load import Connection, connections
from bench.samples import ISSUER, NOW, sample_credential
from bench.servers import LOCALHOST, BenchDatabase, free_port, sqlite_database
from regie import processes
from standards import jose
from standards.oid4vci.proofs import create_proof_jwt

__all__ = ["app", "main", "report"]

ROUNDS = 4
PER_ROUND = 300
WARMUP = 100
CONCURRENCY = 8
MODE = "REGIE_STACK_CEILING_MODE"
"""Environment variable naming the server under test: ``issuer+bare``, ``verifier+litestar``,
..., with ``+commit`` for a commit per request."""
CREDENTIALS_PER_RESPONSE = 2
VERIFIER_BODY = 5000
"""About the size of a parking-permit response (two credentials, encrypted), in bytes."""
DATABASE = "REGIE_STACK_CEILING_DB"

ALGORITHM = ec.ECDSA(hashes.SHA256())


def _b64(segment: str) -> bytes:
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


class _FloorWork:
    """Per request: what a floor measures, and nothing else."""

    def __init__(self, service: str, database: str | None) -> None:
        self._crypto = self._issuer() if service == "issuer" else self._verifier()
        self._database = database
        self._sqlite: aiosqlite.Connection | None = None

    @staticmethod
    def _issuer() -> Callable[[Any], object]:
        issuer = jose.PrivateKey.generate()
        to_sign = jose.parse_jws(
            sample_credential(issuer, jose.PrivateKey.generate()).issuer_jwt
        ).signing_input

        def verify_and_sign(body: Any) -> object:
            header, payload, signature = body["proofs"]["jwt"][0].split(".")
            jwk = json.loads(_b64(header))["jwk"]
            holder = ec.EllipticCurvePublicNumbers(
                int.from_bytes(_b64(jwk["x"]), "big"),
                int.from_bytes(_b64(jwk["y"]), "big"),
                ec.SECP256R1(),
            ).public_key()
            raw = _b64(signature)
            r, s = int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big")
            holder.verify(encode_dss_signature(r, s), f"{header}.{payload}".encode(), ALGORITHM)
            return issuer.key.sign(to_sign, ALGORITHM)

        return verify_and_sign

    @staticmethod
    def _verifier() -> Callable[[Any], object]:
        floor = verifier_crypto_floor(CREDENTIALS_PER_RESPONSE)
        return lambda _body: floor()

    async def open(self) -> None:
        if self._database is not None:
            self._sqlite = await aiosqlite.connect(self._database, timeout=30)
            await self._sqlite.execute("PRAGMA journal_mode=WAL")
            await self._sqlite.execute(
                "CREATE TABLE IF NOT EXISTS ceiling (id INTEGER PRIMARY KEY, value TEXT)"
            )
            await self._sqlite.commit()

    async def close(self) -> None:
        if self._sqlite is not None:
            await self._sqlite.close()
            self._sqlite = None

    async def handle(self, body: bytes) -> bytes:
        self._crypto(json.loads(body))
        if self._sqlite is not None:
            await self._sqlite.execute("INSERT INTO ceiling (value) VALUES (?)", ("row",))
            await self._sqlite.commit()
        return b'{"done":true}'


def _bare(work: _FloorWork) -> Callable[..., Awaitable[None]]:
    async def asgi(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await work.open()
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await work.close()
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        chunks = []
        while True:
            message = await receive()
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        answer = await work.handle(b"".join(chunks))
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"application/json")],
            }
        )
        await send({"type": "http.response.body", "body": answer})

    return asgi


def _litestar(work: _FloorWork) -> Litestar:
    @post("/", status_code=200)
    async def issue(request: Request[Any, Any, Any]) -> Response[bytes]:
        return Response(await work.handle(await request.body()), media_type="application/json")

    return Litestar([issue], on_startup=[work.open], on_shutdown=[work.close])


def app() -> Any:
    """The server under test, as :data:`MODE` names it (uvicorn calls this: ``--factory``)."""
    service, server, *commit = os.environ[MODE].split("+")
    work = _FloorWork(service, os.environ[DATABASE] if commit else None)
    return _bare(work) if server == "bare" else _litestar(work)


def _requests(service: str, count: int) -> list[bytes]:
    if service == "verifier":
        return [
            json.dumps({"response": "x" * VERIFIER_BODY, "n": i}).encode() for i in range(count)
        ]
    holder = jose.PrivateKey.generate()
    return [
        json.dumps(
            {
                "credential_configuration_id": "persoonsgegevens",
                "proofs": {
                    "jwt": [create_proof_jwt(holder, audience=ISSUER, nonce=f"n{i}", issued_at=NOW)]
                },
            }
        ).encode()
        for i in range(count)
    ]


async def _round(pool: list[Connection], batch: list[bytes]) -> float:
    async def send(connection: Connection, body: bytes) -> None:
        answer = await connection.request("POST", "/", body, {"Content-Type": "application/json"})
        if answer.status != 200:
            raise RuntimeError(f"{answer.status} {answer.body!r}")

    start = time.perf_counter()
    await spread(pool, batch, send)
    return len(batch) / (time.perf_counter() - start)


@dataclass(frozen=True)
class _Row:
    service: str
    server: str
    rate: float
    """Requests per second (issuer: credentials per second)."""
    lower_floor: float
    """The lower of the floors measured beside this row."""


async def _measure(mode: str, database: BenchDatabase) -> _Row:
    port = free_port()
    sqlite = database.data_dir / "ceiling.sqlite"
    env = {**os.environ, MODE: mode, DATABASE: str(sqlite)}
    command = [
        sys.executable, "-m", "uvicorn", "bench.stack_ceiling:app", "--factory",
        "--host", LOCALHOST, "--port", str(port), "--no-access-log", "--log-level", "warning",
    ]  # fmt: skip
    server = subprocess.Popen(command, env=env, start_new_session=True)  # noqa: S603
    try:
        await _ready(port)
        service = mode.split("+", maxsplit=1)[0]
        requests = _requests(service, WARMUP + ROUNDS * PER_ROUND)
        crypto = (
            issuer_crypto_floor()
            if service == "issuer"
            else verifier_crypto_floor(CREDENTIALS_PER_RESPONSE)
        )
        (database.data_dir / service).mkdir(exist_ok=True)
        async with (
            connections(LOCALHOST, port, CONCURRENCY) as pool,
            db_floor(database, service) as commit,
        ):
            await _round(pool, requests[:WARMUP])
            rates, cryptos, commits = [], [], []
            for i in range(ROUNDS):
                cryptos.append(wall_rate(crypto, number=300))
                commits.append(await async_wall_rate(commit, number=100))
                start = WARMUP + i * PER_ROUND
                rates.append(await _round(pool, requests[start : start + PER_ROUND]))
        return _Row(service, mode.split("+", 1)[1], max(rates), min(max(cryptos), max(commits)))
    finally:
        server.terminate()
        server.wait(timeout=processes.START_TIMEOUT)


async def _ready(port: int) -> None:
    deadline = time.monotonic() + processes.START_TIMEOUT
    while time.monotonic() < deadline:
        try:
            _, writer = await asyncio.open_connection(LOCALHOST, port)
        except OSError:
            await asyncio.sleep(0.1)
            continue
        writer.close()
        return
    raise RuntimeError("the server did not start")


TARGET = 0.5
SERVERS = ("bare", "bare+commit", "litestar", "litestar+commit")


async def _all() -> list[_Row]:
    rows: list[_Row] = []
    with sqlite_database() as database:
        for service in ("issuer", "verifier"):
            rows += [await _measure(f"{service}+{server}", database) for server in SERVERS]
    with sqlite_database() as database:
        rows += [
            _Row("issuer", f"the issuer, {row.proofs} proof(s)", row.rate, row.lower_floor)
            for row in await issuer_http.database_rows(database, workers=(1,))
        ]
    rows += [
        _Row("verifier", "the verifier", row.rate, row.lower_floor)
        for row in await verifier_http.all_rows(postgres=False, workers=(1,))
    ]
    return rows


def report(rows: Sequence[_Row]) -> str:
    """Each row against its service's floor: the best lower floor measured in the run (as the
    benchmarks keep the best round: slower floor rounds measured the machine's other load)."""
    title = (
        "stack ceiling: servers doing only a floor's work per request, then the services"
        " (1 worker, SQLite WAL)"
    )
    lines = [title]
    for service in ("issuer", "verifier"):
        own = [row for row in rows if row.service == service]
        floor = max(row.lower_floor for row in own)
        budget = 1e6 / (TARGET * floor)
        lines.append(
            f"  {service}: lower floor {floor:.0f}/s; the 50 % target allows {budget:.0f} us"
            f" per {'credential' if service == 'issuer' else 'response'}"
        )
        lines += [
            f"    {row.server:<26} {row.rate:>6.0f}/s {1e6 / row.rate:>6.0f} us"
            f" {row.rate / floor:>7.1%} of the floor"
            for row in own
        ]
    return "\n".join(lines)


def main() -> None:
    print(report(asyncio.run(_all())))


if __name__ == "__main__":
    main()
