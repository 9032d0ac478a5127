"""A lean load generator for the HTTP benchmarks: keep-alive HTTP/1.1 connections on asyncio,
responses parsed by ``httptools`` (the C parser uvicorn serves with).

The benchmarks' load generator runs on the same cores as the servers it measures, so every CPU
microsecond it spends per request is taken from the subject. A general HTTP client (httpx)
spends about as much CPU on a request as the issuer spends issuing one; this one writes the
request's bytes and parses the answer in C, and nothing else: one connection per in-flight
request, each used for one request at a time, as a browser or wallet uses one.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass

import httptools

__all__ = ["Answer", "Connection", "HttpFailure", "connections"]


class HttpFailure(Exception):
    """The server closed the connection or sent what HTTP/1.1 does not allow."""


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes


class Connection(asyncio.Protocol):
    """One keep-alive connection to the server; one request at a time."""

    def __init__(self, host: str) -> None:
        self._host = host.encode()
        self._parser = httptools.HttpResponseParser(self)
        self._transport: asyncio.Transport | None = None
        self._body: list[bytes] = []
        self._waiter: asyncio.Future[Answer] | None = None

    # --- asyncio.Protocol ---------------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport

    def data_received(self, data: bytes) -> None:
        try:
            self._parser.feed_data(data)
        except httptools.HttpParserError as exc:
            self._fail(HttpFailure(f"not HTTP/1.1: {exc}"))

    def connection_lost(self, exc: Exception | None) -> None:
        self._fail(HttpFailure(f"the server closed the connection ({exc})"))

    # --- httptools callbacks ----------------------------------------------------------------

    def on_body(self, body: bytes) -> None:
        self._body.append(body)

    def on_message_complete(self) -> None:
        waiter, self._waiter = self._waiter, None
        if waiter is not None and not waiter.done():
            waiter.set_result(Answer(self._parser.get_status_code(), b"".join(self._body)))
        self._body = []

    # --- the client side ------------------------------------------------------------------

    async def request(
        self, method: str, path: str, body: bytes = b"", headers: Mapping[str, str] | None = None
    ) -> Answer:
        """Send one request and wait for its whole answer."""
        if self._transport is None or self._transport.is_closing():
            raise HttpFailure("the connection is closed")
        if self._waiter is not None:
            raise RuntimeError("one request at a time on a connection")
        lines = [f"{method} {path} HTTP/1.1".encode(), b"Host: " + self._host]
        lines += [f"{name}: {value}".encode() for name, value in (headers or {}).items()]
        lines.append(b"Content-Length: %d" % len(body))
        self._waiter = asyncio.get_running_loop().create_future()
        self._transport.write(b"\r\n".join(lines) + b"\r\n\r\n" + body)
        return await self._waiter

    def close(self) -> None:
        if self._transport is not None:
            self._transport.close()

    def _fail(self, exc: Exception) -> None:
        waiter, self._waiter = self._waiter, None
        if waiter is not None and not waiter.done():
            waiter.set_exception(exc)


@asynccontextmanager
async def connections(host: str, port: int, count: int) -> AsyncIterator[list[Connection]]:
    """``count`` open connections to ``host:port``, closed afterwards."""
    loop = asyncio.get_running_loop()
    opened: list[Connection] = []
    try:
        for _ in range(count):
            _, connection = await loop.create_connection(
                lambda: Connection(f"{host}:{port}"), host, port
            )
            opened.append(connection)
        yield opened
    finally:
        for connection in opened:
            connection.close()
