"""Run one service's ASGI application with uvicorn, in one process or several workers.

``regie serve`` and the benchmarks start services through :func:`run`, so what is measured is
what is deployed. With more than one worker the listening socket is bound here, not by
uvicorn: uvicorn's ``Config.bind_socket`` leaves the socket's protocol at 0, connections
accepted on it inherit that, and asyncio only switches Nagle's algorithm off (``TCP_NODELAY``)
for sockets that say ``IPPROTO_TCP``. Every keep-alive response then waits ~40 ms for the
client's delayed ACK (uvicorn issue #3149, open in the pinned release).

With ``certfile`` and ``keyfile`` uvicorn serves HTTPS (``regie demo --lan``); without them,
plain HTTP as before.

uvicorn picks httptools (HTTP parsing in C) and uvloop (the event loop on libuv), both
dependencies, over its pure-Python h11 and asyncio's own loop: the verifier's response
endpoint answers ~45 % more responses per second with them (``bench.verifier_http``, one
worker, SQLite, A/B on the same machine).
"""

import socket
from pathlib import Path

import uvicorn
from uvicorn.supervisors import Multiprocess

__all__ = ["LOCALHOST", "listening_socket", "run"]

LOCALHOST = "127.0.0.1"


def listening_socket(host: str, port: int) -> socket.socket:
    """A TCP socket bound to ``host:port`` whose accepted connections get ``TCP_NODELAY``."""
    family, kind, proto, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
    )[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def run(
    factory: str,
    *,
    host: str,
    port: int,
    workers: int = 1,
    certfile: Path | None = None,
    keyfile: Path | None = None,
) -> None:
    """Serve the app ``factory`` (``"module:create_app"``) makes, on ``host:port``, until
    interrupted; each of ``workers`` processes calls the factory once. With ``certfile`` and
    ``keyfile`` (PEM), over TLS."""
    config = uvicorn.Config(
        factory,
        factory=True,
        host=host,
        port=port,
        workers=workers,
        ssl_certfile=certfile,
        ssl_keyfile=keyfile,
    )
    if workers == 1:
        uvicorn.Server(config).run()
        return
    Multiprocess(config, sockets=[listening_socket(host, port)]).run()
