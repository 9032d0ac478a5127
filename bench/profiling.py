"""What the in-process profiles of the HTTP endpoints share (:mod:`bench.issuer_profile`,
:mod:`bench.verifier_profile`): an ASGI caller without HTTP client or socket, and the
command line."""

from __future__ import annotations

import argparse
import asyncio
import json
from collections.abc import Sequence
from typing import Any

__all__ = ["Asgi", "arguments"]


class Asgi:
    """A minimal ASGI caller: one HTTP request in, status and body out."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def call(
        self, method: str, path: str, body: bytes = b"", headers: Sequence[tuple[str, str]] = ()
    ) -> tuple[int, bytes]:
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": method,
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "root_path": "",
            "query_string": b"",
            "headers": [
                (b"host", b"127.0.0.1:8001"),
                (b"content-length", str(len(body)).encode()),
                *((k.lower().encode(), v.encode()) for k, v in headers),
            ],
            "client": ("127.0.0.1", 50000),
            "server": ("127.0.0.1", 8001),
            "state": {},
        }
        sent = False

        async def receive() -> dict[str, Any]:
            nonlocal sent
            if sent:
                await asyncio.sleep(3600)
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        status = 0
        chunks: list[bytes] = []

        async def send(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(scope, receive, send)
        return status, b"".join(chunks)

    async def ok(self, method: str, path: str, body: bytes = b"", **kw: Any) -> Any:
        status, data = await self.call(method, path, body, **kw)
        if status != 200:
            raise RuntimeError(f"{path}: {status} {data[:300]!r}")
        return json.loads(data)


def arguments(doc: str, *, warmup: int) -> argparse.ArgumentParser:
    """The options every profile takes (see the profiles' docstrings); add your own."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=warmup)
    parser.add_argument("--postgres", default=None)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--sort", default="tottime", choices=["tottime", "cumulative"])
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--output", default=None, help="also write the profile to this file")
    return parser
