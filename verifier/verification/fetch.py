"""Fetching a document the verification needs from another server (a Status List Token, an
issuer's JWT VC Issuer Metadata): ``200`` only, at most a number of bytes, and all of it
within one deadline. httpx's ``timeout`` bounds each read, not the whole answer, so a server
that sends a byte every few seconds could otherwise hold a response for minutes. And one fetch
of a document at a time (:class:`SingleFlight`), however many responses need it at once."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Hashable, Mapping
from typing import Any, Generic, TypeVar

import httpx

__all__ = ["FetchFailed", "SingleFlight", "fetch_limited"]

_K = TypeVar("_K", bound=Hashable)
_T = TypeVar("_T")

_MAX_PORT = 65535


class FetchFailed(Exception):
    """The document could not be had: no answer in time, not ``200``, too large, or no URL."""


def _checked(url: str) -> str:
    try:
        port = httpx.URL(url).port
    except httpx.InvalidURL as exc:
        raise FetchFailed(f"no URL: {exc}") from exc
    if port is not None and not 0 < port <= _MAX_PORT:
        # httpx takes any digits as a port; the socket then fails with an OverflowError
        # inside an ExceptionGroup, which no caller expects.
        raise FetchFailed(f"no URL: port {port}")
    return url


async def fetch_limited(
    http: httpx.AsyncClient,
    url: str,
    *,
    timeout: float,
    max_bytes: int,
    headers: Mapping[str, str] | None = None,
    redirects: int = 0,
) -> bytes:
    """``GET url``: its body, if the answer is ``200``, at most ``max_bytes`` long and complete
    within ``timeout`` seconds; otherwise :class:`FetchFailed` saying which. Up to
    ``redirects`` 3xx answers with a ``Location`` are followed, each target checked as
    ``url`` is, all within the one deadline (RFC 9110 §15.4: no endless chains)."""
    body = bytearray()
    try:
        async with asyncio.timeout(timeout):
            for _ in range(redirects + 1):
                async with http.stream(
                    "GET", _checked(url), headers=dict(headers or {}), timeout=timeout
                ) as response:
                    location = response.headers.get("location")
                    if response.is_redirect and location and redirects:
                        url = str(response.url.join(location))
                        continue
                    if response.status_code != httpx.codes.OK:
                        raise FetchFailed(f"answered {response.status_code}")
                    async for chunk in response.aiter_bytes():
                        body += chunk
                        if len(body) > max_bytes:
                            raise FetchFailed(f"over {max_bytes} bytes")
                    return bytes(body)
            raise FetchFailed(f"more than {redirects} redirects")
    except TimeoutError as exc:
        raise FetchFailed(f"not complete within {timeout:g} s") from exc
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise FetchFailed(f"could not be fetched: {exc}") from exc


class SingleFlight(Generic[_K, _T]):
    """One task per key at a time: a caller that finds one under way awaits it instead of
    starting another. Awaited shielded, so a caller given up (its client gone) does not cancel
    the task the others await; its failure is retrieved even when no caller is left to."""

    def __init__(self) -> None:
        self._tasks: dict[_K, asyncio.Future[_T]] = {}

    async def run(self, key: _K, start: Callable[[], Coroutine[Any, Any, _T]]) -> _T:
        """The answer of the task under way for ``key``, or of a new one made by ``start``."""
        task = self._tasks.get(key)
        if task is None:
            task = asyncio.ensure_future(start())
            self._tasks[key] = task
            task.add_done_callback(lambda done: self._done(key, done))
        return await asyncio.shield(task)

    def _done(self, key: _K, done: asyncio.Future[_T]) -> None:
        if self._tasks.get(key) is done:
            del self._tasks[key]
        if not done.cancelled():
            done.exception()
