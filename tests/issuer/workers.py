"""Two workers sharing one database: two ``regie serve issuer`` (or ``verifier``) processes on
127.0.0.1, each with its own engine and port, as two hosts behind a load balancer run it."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from regie.processes import Server, free_port, start, stop, wait_ready

__all__ = ["running_workers"]


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
    their base URLs, once ``ready`` answers on each. Their output is in ``logs/worker-N.log``."""
    env = {**os.environ, **environment}
    servers: list[Server] = []
    try:
        for number in range(count):
            log_path = logs / f"worker-{number}.log"
            servers.append(start(service, env, port=free_port(), log_path=log_path))
        for server in servers:
            wait_ready(server, ready)
        yield [server.url for server in servers]
    finally:
        for server in servers:
            stop(server)
