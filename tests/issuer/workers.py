"""Two workers sharing one database: two ``regie serve issuer`` (or ``verifier``) processes on
127.0.0.1, each with its own engine and port, as two hosts behind a load balancer run it."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

__all__ = ["running_workers"]

ROOT = Path(__file__).resolve().parents[2]
START_SECONDS = 60


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_up(process: subprocess.Popen[bytes], url: str, log: Path, ready: str) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"worker exited: {log.read_text(errors='replace')}")
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(f"{url}{ready}", timeout=2).is_success:
                return
        time.sleep(0.1)
    raise RuntimeError(f"worker not up in {START_SECONDS}s: {log.read_text()}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@contextlib.contextmanager
def running_workers(
    environment: dict[str, str],
    logs: Path,
    count: int = 2,
    *,
    service: str = "issuer",
    ready: str = "/.well-known/openid-credential-issuer",
) -> Iterator[list[str]]:
    """Start ``count`` workers of ``service`` with these settings (``ISSUER_*``, ...) at once;
    their base URLs, once ``ready`` answers on each."""
    env = {**os.environ, **environment}
    processes: list[tuple[subprocess.Popen[bytes], str, Path]] = []
    try:
        for number in range(count):
            url = f"http://127.0.0.1:{_free_port()}"
            log = logs / f"worker-{number}.log"
            with log.open("wb") as output:
                process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
                    [
                        sys.executable,
                        "-m",
                        "regie",
                        "serve",
                        service,
                        "--port",
                        url.rsplit(":", 1)[1],
                    ],
                    cwd=ROOT,
                    env=env,
                    stdout=output,
                    stderr=subprocess.STDOUT,
                )
            processes.append((process, url, log))
        for process, url, log in processes:
            _wait_until_up(process, url, log, ready)
        yield [url for _, url, _ in processes]
    finally:
        for process, _, _ in processes:
            _stop(process)
