"""Infrastructure for the HTTP benchmarks: throwaway databases and service processes.

Everything binds to 127.0.0.1 only, and everything started is stopped again: servers by their
own process group (the supervisor and its workers, :mod:`regie.processes`), PostgreSQL
databases by name.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path

import asyncpg

from bench.harness import Unavailable
from regie import processes
from regie.processes import LOCALHOST, free_port

__all__ = [
    "LOCALHOST",
    "BenchDatabase",
    "free_port",
    "issuer_env",
    "migrate",
    "postgres_database",
    "serve",
    "sqlite_database",
]

POSTGRES = {"host": LOCALHOST, "port": 5432, "user": "postgres"}


@dataclass(frozen=True)
class BenchDatabase:
    """One database engine under test: its label, the services' database URL (None: each
    service's SQLite file in its data directory) and the data directory for keys, the CA and
    the SQLite files."""

    label: str
    url: str | None
    data_dir: Path

    def sqlite_path(self, service: str) -> Path:
        """Where ``service`` keeps its SQLite file (``DATA_DIR/<service>/<service>.sqlite``)."""
        return self.data_dir / service / f"{service}.sqlite"


@contextmanager
def sqlite_database() -> Iterator[BenchDatabase]:
    """A temporary data directory; the issuer makes ``issuer.sqlite`` there (WAL)."""
    with tempfile.TemporaryDirectory(prefix="regie-bench-") as directory:
        yield BenchDatabase("SQLite WAL", None, Path(directory))


@asynccontextmanager
async def postgres_database() -> AsyncIterator[BenchDatabase]:
    """A uniquely named database on 127.0.0.1:5432 (user postgres), dropped afterwards."""
    name = f"regie_bench_{secrets.token_hex(6)}"
    try:
        admin = await asyncpg.connect(**POSTGRES, database="postgres", timeout=5)
    except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
        raise Unavailable(
            f"PostgreSQL is not reachable at {LOCALHOST}:5432 as user postgres "
            f"({type(exc).__name__}: {exc}); start it, or the benchmark cannot compare engines"
        ) from exc
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        with tempfile.TemporaryDirectory(prefix="regie-bench-") as directory:
            try:
                yield BenchDatabase(
                    "PostgreSQL",
                    f"postgresql://{POSTGRES['user']}@{LOCALHOST}:{POSTGRES['port']}/{name}",
                    Path(directory),
                )
            finally:
                await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


def issuer_env(database: BenchDatabase, public_url: str) -> dict[str, str]:
    """The issuer's settings for the benchmark: its defaults, on these paths and database."""
    env = {
        **os.environ,
        "ISSUER_PUBLIC_URL": public_url,
        "ISSUER_DATA_DIR": str(database.data_dir / "issuer"),
        "ISSUER_CA_DIR": str(database.data_dir / "ca"),
    }
    if database.url is not None:
        env["ISSUER_DATABASE_URL"] = database.url
    return env


def migrate(database: BenchDatabase, public_url: str) -> None:
    """``regie migrate`` in a process of its own, as a deployment runs it before the workers.

    Not in this process: Piccolo's migration modules keep the engine of the first database
    they ran against, so the second database of the run would be migrated against the first.
    """
    done = subprocess.run(
        [sys.executable, "-c", "from issuer.app import migrate; migrate()"],
        env=issuer_env(database, public_url),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise Unavailable(f"migrating the {database.label} database failed:\n{done.stderr[-2000:]}")


@asynccontextmanager
async def serve(
    service: str, env: dict[str, str], *, port: int, workers: int, ready_path: str
) -> AsyncIterator[None]:
    """``regie serve SERVICE --workers N``, the command a deployment runs, until exit; ready
    once ``ready_path`` answers 200."""
    server = processes.start(service, env, port=port, workers=workers)
    try:
        deadline = time.monotonic() + processes.START_TIMEOUT
        while not await asyncio.to_thread(_poll_ready, server, ready_path):
            if time.monotonic() > deadline:
                raise Unavailable(
                    f"the server did not answer {ready_path} within {processes.START_TIMEOUT:.0f} s"
                )
            await asyncio.sleep(0.1)
        yield
    finally:
        processes.stop(server)


def _poll_ready(server: processes.Server, path: str) -> bool:
    try:
        return processes.poll_ready(server, path)
    except processes.ServerDidNotStart as exc:
        raise Unavailable(str(exc)) from exc
