"""regie.serving: several workers share the connections of a client that opens them together."""

from __future__ import annotations

import asyncio
import collections
import contextlib
import pickle
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.load import connections
from regie import processes, serving

pytestmark = pytest.mark.skipif(
    not hasattr(socket, "SO_REUSEPORT"), reason="workers share one socket without SO_REUSEPORT"
)

FACTORY = "tests.regie.pid_service:create_app"
CONNECTIONS = 16


def _serve(
    port: int, workers: int, log: Path, *, access_log: bool = False
) -> subprocess.Popen[bytes]:
    code = (
        "from regie import serving; "
        f"serving.run({FACTORY!r}, host={serving.LOCALHOST!r}, port={port}, workers={workers},"
        f" access_log={access_log})"
    )
    with log.open("wb") as output:
        return subprocess.Popen(  # noqa: S603 - our own interpreter and code
            [sys.executable, "-c", code], stdout=output, stderr=subprocess.STDOUT
        )


@contextlib.contextmanager
def _served(tmp_path: Path, workers: int, *, access_log: bool = False) -> Iterator[int]:
    """The port of the test service, once each of its ``workers`` listens; its output goes
    to ``tmp_path / "serve.log"``."""
    port, log = processes.free_port(), tmp_path / "serve.log"
    process = _serve(port, workers, log, access_log=access_log)
    try:
        deadline = time.monotonic() + processes.START_TIMEOUT
        while processes.listening_sockets(port) != workers:
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "the workers did not start listening"
            time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        process.wait(processes.STOP_TIMEOUT)


@pytest.fixture
def two_workers(tmp_path: Path) -> Iterator[int]:
    with _served(tmp_path, 2) as port:
        yield port


def _answers(port: int, path: str) -> collections.Counter[bytes]:
    async def answers() -> collections.Counter[bytes]:
        async with connections(serving.LOCALHOST, port, CONNECTIONS) as pool:
            answered = await asyncio.gather(*(c.request("GET", path) for c in pool))
        return collections.Counter(answer.body for answer in answered)

    return asyncio.run(answers())


def test_connections_opened_together_reach_every_worker(two_workers: int) -> None:
    """uvicorn's one shared socket let one worker accept all of them (seen: 16 of 16)."""
    per_worker = _answers(two_workers, "/")
    assert len(per_worker) == 2, per_worker
    # By a hash of the addresses: uneven, but never all on one (16 coin flips all alike: 2^-15).
    assert all(count < CONNECTIONS for count in per_worker.values())


def test_every_worker_froze_its_heap_after_startup(two_workers: int) -> None:
    """ServedApp: each worker's start-up heap is in the collector's permanent generation."""
    frozen = _answers(two_workers, "/gc")
    assert all(int(count) > 0 for count in frozen), frozen


def test_one_worker_freezes_its_heap_too(tmp_path: Path) -> None:
    with _served(tmp_path, 1) as port:
        frozen = _answers(port, "/gc")
    assert all(int(count) > 0 for count in frozen), frozen


@pytest.mark.parametrize("access_log", [False, True])
def test_access_log_only_when_asked_for(tmp_path: Path, access_log: bool) -> None:
    """Off by default: a query string may carry a one-time code (``response_code``)."""
    with _served(tmp_path, 1, access_log=access_log) as port:
        _answers(port, "/verify/t/result?response_code=secret")
    logged = (tmp_path / "serve.log").read_text()
    assert "Application startup complete" in logged  # the server's own log stays
    assert ("response_code=secret" in logged) is access_log


def test_each_worker_owns_its_socket_and_the_parent_none(two_workers: int) -> None:
    assert processes.listening_sockets(two_workers) == 2


def test_a_port_another_server_holds_is_refused_not_shared(tmp_path: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as other:
        other.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)  # even one that shares
        other.bind((serving.LOCALHOST, 0))
        other.listen()
        port = other.getsockname()[1]
        process = _serve(port, 2, tmp_path / "serve.log")
        try:
            assert process.wait(processes.START_TIMEOUT) != 0
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
        assert "Address already in use" in (tmp_path / "serve.log").read_text()
        assert processes.listening_sockets(port) == 1


def test_worker_socket_is_empty_in_the_parent_and_bound_where_unpickled() -> None:
    sockets = serving.WorkerSocket(serving.LOCALHOST, 0)
    assert list(sockets) == []
    (bound,) = pickle.loads(pickle.dumps(sockets))  # noqa: S301 - our own object
    with bound:
        assert bound.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT) == 1
        assert bound.getsockname()[0] == serving.LOCALHOST
