"""Start and stop ``regie serve`` in child processes, as a deployment runs it.

The benchmarks (``bench/servers.py``) and the browser tests (``tests/browser``) start real
servers with these: the command a deployment runs, on 127.0.0.1 only, a log file per server,
ready once a path answers 200, and stopped with its whole process group (uvicorn's supervisor
and its workers).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import httpx

__all__ = [
    "LOCALHOST",
    "Server",
    "ServerDidNotStart",
    "free_port",
    "listening_sockets",
    "poll_ready",
    "running",
    "start",
    "stop",
    "wait_ready",
]

LOCALHOST = "127.0.0.1"
START_TIMEOUT = 60.0
STOP_TIMEOUT = 10.0


class ServerDidNotStart(RuntimeError):
    """The server exited at start, or did not answer its ready path in time; with its log."""


@dataclass(frozen=True)
class Server:
    """A started ``regie serve``: its process (a process group of its own), log and URL."""

    service: str
    process: subprocess.Popen[bytes]
    log: IO[bytes]
    url: str
    verify: ssl.SSLContext | bool = True
    """For an ``https`` URL: the context that trusts its certificate (httpx ``verify``)."""
    port: int | None = None
    workers: int = 1

    def log_tail(self, size: int = 4000) -> str:
        self.log.flush()
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-size:]


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((LOCALHOST, 0))
        port: int = probe.getsockname()[1]
        return port


def start(
    service: str,
    env: Mapping[str, str],
    *,
    port: int,
    workers: int = 1,
    log_path: Path | None = None,
    options: Sequence[str] = (),
    url: str | None = None,
    verify: ssl.SSLContext | bool = True,
) -> Server:
    """``python -m regie serve SERVICE --port PORT --workers N [OPTIONS]`` with exactly
    ``env``; its output goes to ``log_path`` (kept) or a temporary file. ``url`` is where it
    answers (default ``http://127.0.0.1:PORT``), ``verify`` trusts an ``https`` one."""
    command = [sys.executable, "-m", "regie", "serve", service, "--port", str(port)]
    command += ["--workers", str(workers), *options]
    log = log_path.open("w+b") if log_path else tempfile.TemporaryFile()  # noqa: SIM115 - closed by stop()
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        command,
        env=dict(env),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    return Server(service, process, log, url or f"http://{LOCALHOST}:{port}", verify, port, workers)


def listening_sockets(port: int) -> int | None:
    """How many sockets listen on TCP ``port`` on this machine (each worker of ``regie serve
    --workers N`` binds its own, :mod:`regie.serving`); ``None`` where ``/proc/net`` does not
    tell (not Linux)."""
    wanted = f":{port:04X}"
    count, read = 0, False
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        read = True
        for line in lines:  # sl local_address rem_address st ...; st 0A is LISTEN
            _, local, _, state, *_ = [*line.split(), "", "", "", ""]
            count += local.endswith(wanted) and state == "0A"
    return count if read else None


def poll_ready(server: Server, path: str) -> bool:
    """Whether ``path`` answers 200 now and, with several workers, every worker listens;
    :class:`ServerDidNotStart` if the server exited."""
    if server.process.poll() is not None:
        raise ServerDidNotStart(f"{server.service} exited at start:\n{server.log_tail()}")
    try:
        response = httpx.get(f"{server.url}{path}", timeout=2, verify=server.verify)
    except httpx.TransportError:
        return False
    if response.status_code != 200:  # noqa: PLR2004
        return False
    if server.workers == 1 or server.port is None:
        return True
    listening = listening_sockets(server.port)
    return listening is None or listening >= server.workers


def wait_ready(server: Server, path: str, timeout: float = START_TIMEOUT) -> None:
    """Wait until ``path`` answers 200; :class:`ServerDidNotStart` otherwise."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if poll_ready(server, path):
            return
        time.sleep(0.1)
    raise ServerDidNotStart(
        f"{server.service} did not answer {path} within {timeout:.0f} s:\n{server.log_tail()}"
    )


def stop(server: Server) -> None:
    """SIGTERM to the server's process group (supervisor and workers), SIGKILL if it lingers."""
    process = server.process
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(STOP_TIMEOUT)
    with contextlib.suppress(ProcessLookupError):  # workers that outlived their supervisor
        os.killpg(process.pid, signal.SIGKILL)
    server.log.close()


@contextlib.contextmanager
def running(
    service: str,
    env: Mapping[str, str],
    *,
    port: int,
    ready_path: str,
    workers: int = 1,
) -> Iterator[Server]:
    """A started server, ready; stopped on exit."""
    server = start(service, env, port=port, workers=workers)
    try:
        wait_ready(server, ready_path)
        yield server
    finally:
        stop(server)
