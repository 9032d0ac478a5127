"""A NUL character (U+0000) from a request is bad input, never a 500: refused in the address by
:func:`regie.web.nul.refuse_nul` before any route, and, where one in a value reaches
PostgreSQL (which cannot hold it; asyncpg refuses the query), answered 400 by the error
handlers of :mod:`regie.web.errors`, as an OAuth error or as a problem."""

from __future__ import annotations

from collections.abc import Iterator

import asyncpg
import pytest
from litestar import Litestar, Router, get, post
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.testing import TestClient

from regie.web.errors import oauth_error_handlers, problem_handlers
from regie.web.nul import refuse_nul
from tests.issuer.postgres import create_database, drop_database


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    url = create_database("nul", migrated=False)
    yield url
    drop_database(url)


def _app(postgres_url: str) -> Litestar:
    async def compare(value: str) -> bool:
        connection = await asyncpg.connect(postgres_url)
        try:
            return bool(await connection.fetchval("SELECT $1::text = 'x'", value))
        finally:
            await connection.close()

    @get("/protocol/{value:str}")
    async def protocol_lookup(value: FromPath[str], q: FromQuery[str] = "x") -> bool:
        return await compare(q)

    @post("/protocol/token", status_code=200)
    async def protocol_body(data: JSONBody[dict[str, str]]) -> bool:
        return await compare(data["value"])

    @get("/page")
    async def page_lookup(q: FromQuery[str]) -> bool:
        return await compare(q)

    @post("/page", status_code=200)
    async def page_body(data: JSONBody[dict[str, str]]) -> bool:
        return await compare(data["value"])

    protocol = Router(
        "/",
        route_handlers=[protocol_lookup, protocol_body],
        exception_handlers=oauth_error_handlers(),
    )
    return Litestar(
        [protocol, page_lookup, page_body],
        exception_handlers=problem_handlers(),
        middleware=[refuse_nul],
    )


@pytest.fixture
def client(postgres_url: str) -> Iterator[TestClient[Litestar]]:
    with TestClient(_app(postgres_url)) as client:
        yield client


@pytest.mark.parametrize("path", ["/protocol/a%00b", "/protocol/x?q=a%00b", "/page?q=%00"])
def test_a_nul_in_the_address_is_400_before_any_route(
    client: TestClient[Litestar], path: str
) -> None:
    answer = client.get(path)
    assert answer.status_code == 400
    body = answer.json()
    assert body["error"] == "invalid_request"  # an OAuth client reads this
    assert (body["title"], body["title_nl"]) == (
        "This web address is not valid.",
        "Dit webadres klopt niet.",
    )
    assert answer.headers["cache-control"] == "no-store"


def test_a_good_address_passes(client: TestClient[Litestar]) -> None:
    assert client.get("/protocol/abc?q=x").json() is True
    assert client.get("/page?q=y").json() is False


def test_a_nul_in_a_value_that_reaches_postgresql_is_400(client: TestClient[Litestar]) -> None:
    """A NUL in a body reaches the query (the middleware sees addresses only): asyncpg refuses
    it, and the handlers answer 400 in the route's own form, not 500."""
    protocol = client.post("/protocol/token", json={"value": "a\x00b"})
    assert protocol.status_code == 400, protocol.text
    assert protocol.json() == {
        "error": "invalid_request",
        "error_description": "a value holds a NUL character, which no value here can hold",
    }
    page = client.post("/page", json={"value": "a\x00b"})
    assert page.status_code == 400, page.text
    assert page.headers["content-type"] == "application/problem+json"
    assert (page.json()["title"], page.json()["title_nl"]) == ("Bad request", "Verzoek niet goed")
    assert client.post("/page", json={"value": "x"}).json() is True
