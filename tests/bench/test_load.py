"""bench.load: the benchmarks' lean HTTP/1.1 client, against a real uvicorn server."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
import uvicorn

from bench.harness import spread
from bench.load import Connection, HttpFailure, connections

LOCALHOST = "127.0.0.1"


async def _echo(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """Answers with what it got: method, path, headers and body (chunked when asked)."""
    if scope["type"] != "http":
        return
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    headers = {k.decode(): v.decode() for k, v in scope["headers"]}
    answer = json.dumps(
        {
            "method": scope["method"],
            "path": scope["path"],
            "headers": headers,
            "body": body.decode(),
        }
    ).encode()
    status = int(headers.get("x-status", "200"))
    if scope["path"] == "/chunked":  # no Content-Length: uvicorn sends it chunked
        await send({"type": "http.response.start", "status": status, "headers": []})
        await send({"type": "http.response.body", "body": answer[:10], "more_body": True})
        await send({"type": "http.response.body", "body": answer[10:]})
        return
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-length", str(len(answer)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": answer})


@asynccontextmanager
async def _server() -> AsyncIterator[int]:
    with socket.socket() as probe:
        probe.bind((LOCALHOST, 0))
        port = int(probe.getsockname()[1])
    server = uvicorn.Server(
        uvicorn.Config(_echo, host=LOCALHOST, port=port, log_level="warning", lifespan="off")
    )
    task = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.01)
    try:
        yield port
    finally:
        server.should_exit = True
        await task


def test_requests_on_one_keep_alive_connection() -> None:
    async def scenario() -> list[dict[str, Any]]:
        async with _server() as port, connections(LOCALHOST, port, 1) as (connection,):
            answers = []
            for number in range(3):
                answer = await connection.request(
                    "POST", f"/credential/{number}", b"body %d" % number, {"X-Test": "yes"}
                )
                assert answer.status == 200
                answers.append(json.loads(answer.body))
            return answers

    answers = asyncio.run(scenario())
    assert [a["path"] for a in answers] == ["/credential/0", "/credential/1", "/credential/2"]
    assert [a["body"] for a in answers] == ["body 0", "body 1", "body 2"]
    assert all(a["method"] == "POST" and a["headers"]["x-test"] == "yes" for a in answers)
    assert answers[0]["headers"]["content-length"] == "6"


def test_status_and_chunked_body() -> None:
    async def scenario() -> tuple[int, Any]:
        async with _server() as port, connections(LOCALHOST, port, 1) as (connection,):
            answer = await connection.request("GET", "/chunked", headers={"X-Status": "401"})
            return answer.status, json.loads(answer.body)

    status, body = asyncio.run(scenario())
    assert status == 401
    assert body["path"] == "/chunked"


def test_spread_sends_every_item_once_over_all_connections() -> None:
    async def scenario() -> list[str]:
        paths: list[str] = []
        async with _server() as port, connections(LOCALHOST, port, 4) as pool:

            async def send(connection: Connection, item: int) -> None:
                answer = await connection.request("GET", f"/item/{item}")
                paths.append(json.loads(answer.body)["path"])

            await spread(pool, range(20), send)
        return paths

    assert sorted(asyncio.run(scenario())) == sorted(f"/item/{i}" for i in range(20))


def test_a_closed_connection_fails_the_request() -> None:
    async def scenario() -> None:
        async def close_at_once(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            await reader.readuntil(b"\r\n\r\n")
            writer.close()
            await writer.wait_closed()

        server = await asyncio.start_server(close_at_once, LOCALHOST, 0)
        port = server.sockets[0].getsockname()[1]
        async with server, connections(LOCALHOST, port, 1) as (connection,):
            with pytest.raises(HttpFailure, match="closed"):
                await connection.request("GET", "/")
            with pytest.raises(HttpFailure, match="closed"):
                await connection.request("GET", "/")

    asyncio.run(scenario())


def test_not_http_fails_the_request() -> None:
    async def scenario() -> None:
        async def garbage(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            await reader.readuntil(b"\r\n\r\n")
            writer.write(b"SMTP ready\r\n\r\n")
            await writer.drain()
            writer.close()

        server = await asyncio.start_server(garbage, LOCALHOST, 0)
        port = server.sockets[0].getsockname()[1]
        async with server, connections(LOCALHOST, port, 1) as (connection,):
            with pytest.raises(HttpFailure, match="not HTTP"):
                await connection.request("GET", "/")

    asyncio.run(scenario())
