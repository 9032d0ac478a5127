"""Run one service's ASGI application with uvicorn, in one process or several workers.

``regie serve`` and the benchmarks start services through :func:`run`, so what is measured is
what is deployed. The listening socket is bound here, not by uvicorn: uvicorn's
``Config.bind_socket`` leaves the socket's protocol at 0, connections accepted on it inherit
that, and asyncio only switches Nagle's algorithm off (``TCP_NODELAY``) for sockets that say
``IPPROTO_TCP``. Every keep-alive response then waits ~40 ms for the client's delayed ACK
(uvicorn issue #3149, open in the pinned release).

Several workers: each worker binds a listening socket of its own with ``SO_REUSEPORT``, and the
kernel spreads new connections over them (Linux: by a hash of the connection's addresses).
uvicorn's own way, one socket shared by every worker, lets whichever worker wakes first accept
every connection waiting: a client that opens its keep-alive connections together (a reverse
proxy's pool to its upstream, a load generator) gets all of them served by one worker while
the others idle (seen: 16 connections, 2 workers, 16 on one). Before the workers start, the
port is bound once without ``SO_REUSEPORT``, so a port another server holds is refused as
before instead of shared. Where the platform has no ``SO_REUSEPORT``, the workers share one
socket as uvicorn does.

Each worker freezes its heap once the app's startup is complete (:class:`ServedApp`,
``gc.freeze()``): the ~140,000 objects of the imported code, the app and what its start-up
built (routes, tables, keys, caches) go to the collector's permanent generation, so a full
collection no longer walks them. Unfrozen, one such collection in the middle of a benchmark
round stopped a verifier worker for 45-60 ms with 16 responses in flight (measured with
``gc.callbacks``), enough to decide the 99th percentile latency on its own; frozen, none ran.
Objects are still freed by reference counting as before; only garbage in reference cycles
made before the freeze is never reclaimed, and start-up makes none that matters.

uvicorn's access log (a line per request) is off unless asked for (``access_log``,
``regie serve --access-log``): it writes each request's query string, and some carry a
one-time secret (the OpenID4VP ``response_code`` on the verifier's result page, the OpenID
Connect ``code`` on the issuer's login callback); access logging belongs to the reverse proxy
in front (docs/production.md). It also cost ~45 microseconds of a worker's CPU
per request (a trivial ASGI app served 13,800 requests a second with it, 34,800 without).

With ``certfile`` and ``keyfile`` uvicorn serves HTTPS (``regie demo --lan``); without them,
plain HTTP as before.

uvicorn picks httptools (HTTP parsing in C) and uvloop (the event loop on libuv), both
dependencies, over its pure-Python h11 and asyncio's own loop: the verifier's response
endpoint answers ~45 % more responses per second with them (``bench.verifier_http``, one
worker, SQLite, A/B on the same machine).
"""

import gc
import socket
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import uvicorn
from uvicorn.importer import import_from_string
from uvicorn.supervisors import Multiprocess

__all__ = ["LOCALHOST", "ServedApp", "WorkerSocket", "listening_socket", "run"]

# ASGI as the server speaks it, lifespan included (litestar.types' Scope and Message leave
# the lifespan messages out, so they cannot type a wrapper that watches them).
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

LOCALHOST = "127.0.0.1"


def listening_socket(host: str, port: int, *, reuse_port: bool = False) -> socket.socket:
    """A TCP socket bound to ``host:port`` whose accepted connections get ``TCP_NODELAY``;
    with ``reuse_port``, one of a group of such sockets the kernel spreads connections over."""
    family, kind, proto, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
    )[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if reuse_port:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    try:
        sock.bind(address)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


class WorkerSocket(list[socket.socket]):
    """The sockets uvicorn hands each worker: empty in the parent, and in each worker, as it
    is unpickled there, a socket of its own on ``host:port`` (``SO_REUSEPORT``). The parent
    never holds one, so no connection waits on a socket no worker accepts from (a worker that
    died took its socket with it; its replacement binds a new one)."""

    def __init__(self, host: str, port: int) -> None:
        super().__init__()
        self.host, self.port = host, port

    def __reduce__(self) -> tuple[Any, tuple[str, int]]:
        return _worker_sockets, (self.host, self.port)


def _worker_sockets(host: str, port: int) -> list[socket.socket]:
    return [listening_socket(host, port, reuse_port=True)]


class _FrozenAfterStartup:
    """ASGI: passes everything through; as the app reports ``lifespan.startup.complete``,
    collects once and freezes what survives (``gc.freeze``), before the worker accepts its
    first request. An app without a lifespan is served unfrozen."""

    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]]) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "lifespan":
            await self.app(scope, receive, send)
            return

        async def sent(message: Message) -> None:
            if message["type"] == "lifespan.startup.complete":
                gc.collect()
                gc.freeze()
            await send(message)

        await self.app(scope, receive, sent)


@dataclass(frozen=True)
class ServedApp:
    """The app factory uvicorn calls in each worker (it is pickled to the worker as it is):
    the service's own factory's app (``"module:create_app"``), its heap frozen once its
    startup is complete (:class:`_FrozenAfterStartup`)."""

    factory: str

    def __call__(self) -> _FrozenAfterStartup:
        return _FrozenAfterStartup(import_from_string(self.factory)())


def run(
    factory: str,
    *,
    host: str,
    port: int,
    workers: int = 1,
    certfile: Path | None = None,
    keyfile: Path | None = None,
    access_log: bool = False,
) -> None:
    """Serve the app ``factory`` (``"module:create_app"``) makes, on ``host:port``, until
    interrupted; each of ``workers`` processes calls the factory once. With ``certfile`` and
    ``keyfile`` (PEM), over TLS; with ``access_log``, a line per request on standard
    output."""
    config = uvicorn.Config(
        ServedApp(factory),
        factory=True,
        host=host,
        port=port,
        workers=workers,
        ssl_certfile=certfile,
        ssl_keyfile=keyfile,
        access_log=access_log,
    )
    if workers == 1:
        uvicorn.Server(config).run()
        return
    if not hasattr(socket, "SO_REUSEPORT"):
        Multiprocess(config, sockets=[listening_socket(host, port)]).run()
        return
    listening_socket(host, port).close()  # taken by another server: refused here, not shared
    Multiprocess(config, sockets=WorkerSocket(host, port)).run()
