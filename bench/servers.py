"""Infrastructure for the HTTP benchmarks: throwaway databases and service processes.

Everything binds to 127.0.0.1 only, and everything started is stopped again: servers by their
own process group (the supervisor and its workers), PostgreSQL databases by name.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import asyncpg
import httpx

from bench.harness import Unavailable

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

LOCALHOST = "127.0.0.1"
POSTGRES = {"host": LOCALHOST, "port": 5432, "user": "postgres"}
START_TIMEOUT = 60.0
STOP_TIMEOUT = 10.0


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


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((LOCALHOST, 0))
        port: int = probe.getsockname()[1]
        return port


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
    command = [
        sys.executable,
        "-m",
        "regie",
        "serve",
        service,
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]
    log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in the finally below
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        command,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        await _wait_ready(process, f"http://{LOCALHOST}:{port}", ready_path, log)
        yield
    finally:
        _stop(process)
        log.close()


async def _wait_ready(
    process: subprocess.Popen[bytes], base_url: str, path: str, log: IO[bytes]
) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    async with httpx.AsyncClient(base_url=base_url, timeout=2) as client:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise Unavailable(f"the server exited at start:\n{_tail(log)}")
            try:
                response = await client.get(path)
            except httpx.TransportError:
                response = None
            if response is not None and response.status_code == 200:
                return
            await asyncio.sleep(0.1)
    raise Unavailable(f"the server did not answer {path} within {START_TIMEOUT:.0f} s")


def _tail(log: IO[bytes]) -> str:
    log.seek(0)
    return log.read().decode(errors="replace")[-2000:]


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to uvicorn's process group (supervisor and workers), SIGKILL if it lingers."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(STOP_TIMEOUT)
    with contextlib.suppress(ProcessLookupError):  # workers that outlived their supervisor
        os.killpg(process.pid, signal.SIGKILL)
