"""Fetching a document from another server (``fetch_limited``): ``GET``, ``200`` only, at most
``max_bytes``, the whole answer within one deadline, and every failure a ``FetchFailed``.

The other server is an ``httpx.MockTransport``; it enforces none of httpx's own timeouts, so
the deadline tests see ``fetch_limited``'s alone."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import AsyncIterator, Callable, Coroutine

import httpx
import pytest

from verifier.verification.fetch import FetchFailed, fetch_limited

URL = "https://status.example.nl/lists/1"
TIMEOUT = 0.2

Handler = (
    Callable[[httpx.Request], httpx.Response]
    | Callable[[httpx.Request], Coroutine[None, None, httpx.Response]]
)


class _Trickle(httpx.AsyncByteStream):
    """A body sent a byte at a time with a pause after each: every read is quick, the whole is
    slow (the server that would hold a response for minutes)."""

    def __init__(self, size: int, pause: float) -> None:
        self.size = size
        self.pause = pause

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for _ in range(self.size):
            yield b"x"
            await asyncio.sleep(self.pause)


class _Chunks(httpx.AsyncByteStream):
    """``count`` chunks of ``size`` bytes, counting how many were taken."""

    def __init__(self, count: int, size: int) -> None:
        self.count = count
        self.size = size
        self.served = 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for _ in range(self.count):
            self.served += 1
            yield b"x" * self.size


def _fetch(handler: Handler, url: str = URL, *, max_bytes: int = 1000) -> bytes:
    async def run() -> bytes:
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
            return await fetch_limited(
                http,
                url,
                timeout=TIMEOUT,
                max_bytes=max_bytes,
                headers={"Accept": "application/statuslist+jwt"},
            )

    return asyncio.run(run())


def test_a_200_answer_to_a_get_is_its_body() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=b"eyJ.token")

    assert _fetch(handler) == b"eyJ.token"
    assert [(r.method, str(r.url)) for r in seen] == [("GET", URL)]
    assert seen[0].headers["Accept"] == "application/statuslist+jwt"


@pytest.mark.parametrize("status", [201, 204, 301, 302, 304, 404, 500, 503])
def test_any_answer_but_200_fails(status: int) -> None:
    def handler(_request: httpx.Request) -> httpx.Response:
        headers = {"Location": "https://elders.example.nl/"} if 300 <= status < 400 else {}
        return httpx.Response(status, headers=headers, content=b"eyJ.token")

    with pytest.raises(FetchFailed, match=f"answered {status}"):
        _fetch(handler)


def test_a_body_of_max_bytes_is_whole_and_one_more_fails() -> None:
    def handler(_request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b"x" * 1000)

    assert _fetch(handler, max_bytes=1000) == b"x" * 1000
    with pytest.raises(FetchFailed, match="over 999 bytes"):
        _fetch(handler, max_bytes=999)


def test_a_body_over_max_bytes_is_cut_off_while_it_streams_not_read_to_the_end() -> None:
    stream = _Chunks(count=1000, size=1000)

    def handler(_request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, stream=stream)

    with pytest.raises(FetchFailed, match="over 2500 bytes"):
        _fetch(handler, max_bytes=2500)
    assert stream.served == 3


def test_the_whole_answer_has_one_deadline_however_quick_each_read() -> None:
    def handler(_request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, stream=_Trickle(size=20, pause=TIMEOUT / 4))

    started = time.monotonic()
    with pytest.raises(FetchFailed, match=re.escape("not complete within 0.2 s")):
        _fetch(handler)
    assert time.monotonic() - started < 3 * TIMEOUT


def test_a_slow_trickle_that_ends_within_the_deadline_is_whole() -> None:
    def handler(_request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, stream=_Trickle(size=3, pause=0.01))

    assert _fetch(handler) == b"xxx"


def test_an_answer_that_does_not_start_within_the_deadline_fails() -> None:
    async def handler(_request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(10 * TIMEOUT)
        return httpx.Response(200, content=b"eyJ.token")

    started = time.monotonic()
    with pytest.raises(FetchFailed, match="not complete within"):
        _fetch(handler)
    assert time.monotonic() - started < 3 * TIMEOUT


@pytest.mark.parametrize(
    "error",
    [
        httpx.ConnectError("connection refused"),
        httpx.ConnectTimeout("connect timed out"),
        httpx.ReadError("connection reset"),
        httpx.RemoteProtocolError("server disconnected"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_an_unreachable_server_fails(error: httpx.HTTPError) -> None:
    def handler(_request: httpx.Request) -> httpx.Response:
        raise error

    with pytest.raises(FetchFailed, match="could not be fetched"):
        _fetch(handler)


@pytest.mark.parametrize(
    "url",
    [
        "https://status.example.nl:99999/lists/1",
        "http://127.0.0.1:65536/lists/1",
        "https://status.example.nl:0/lists/1",
        "https://[::1/lists/1",
    ],
)
def test_a_url_no_socket_can_take_fails_before_any_request(url: str) -> None:
    def never(request: httpx.Request) -> httpx.Response:
        raise AssertionError(f"requested {request.url}")

    with pytest.raises(FetchFailed, match="no URL"):
        _fetch(never, url)


def test_a_port_out_of_range_fails_as_fetch_failed_with_a_real_transport() -> None:
    """httpx accepts any digits as a port; the socket's OverflowError then came out of anyio
    as an ExceptionGroup, past every caller's ``except``. 127.0.0.1: nothing is looked up."""

    async def run() -> bytes:
        async with httpx.AsyncClient() as http:
            return await fetch_limited(
                http, "http://127.0.0.1:99999/lists/1", timeout=TIMEOUT, max_bytes=1000
            )

    with pytest.raises(FetchFailed):
        asyncio.run(run())


def test_a_redirect_target_is_checked_as_the_url_is() -> None:
    """Each hop of a followed redirect is checked before it is asked: a target whose port no
    socket can take fails as FetchFailed, not as an error no caller expects."""
    asked: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        asked.append(str(request.url))
        return httpx.Response(302, headers={"Location": "http://127.0.0.1:99999/list"})

    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    fetched = fetch_limited(http, URL, timeout=TIMEOUT, max_bytes=1000, redirects=2)
    with pytest.raises(FetchFailed, match="port 99999"):
        asyncio.run(fetched)
    assert asked == [URL]
