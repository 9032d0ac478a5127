"""``regie.web.errors``: what a protocol endpoint answers when a check fails.

RFC 6749 §5.2 and OpenID4VCI 1.0 §8.3.1.2: an ``error_description`` holds only
``%x20-21 / %x23-5B / %x5D-7E``, whatever text the service, a standards check or the web
framework made it from.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from litestar import Litestar, Router, get
from litestar.params import FromQuery
from litestar.testing import TestClient

from regie.web.errors import (
    RETRY_AFTER_SECONDS,
    ProtocolError,
    TemporarilyUnavailable,
    oauth_error_handlers,
)
from standards.errors import InvalidCredentialRequest
from standards.oid4vci import error_description

ALLOWED = re.compile(r"[\x20-\x21\x23-\x5B\x5D-\x7E]*")
UNRULY = 'é "quoted" back\\slash\nnew line \x00 — één ¿'


@get("/protocol-error")
async def protocol_error() -> None:
    raise ProtocolError("invalid_request", UNRULY)


@get("/standards-error")
async def standards_error() -> None:
    raise InvalidCredentialRequest(UNRULY)


@get("/unavailable")
async def unavailable() -> None:
    raise TemporarilyUnavailable("try again later", "probeer het later opnieuw")


@get("/typed")
async def typed(page: FromQuery[int]) -> int:
    return page


@pytest.fixture
def client() -> Iterator[TestClient[Litestar]]:
    router = Router(
        "/",
        route_handlers=[protocol_error, standards_error, unavailable, typed],
        exception_handlers=oauth_error_handlers(),
    )
    app = Litestar([router])
    with TestClient(app) as client:
        yield client


def test_error_description_keeps_allowed_text_and_replaces_the_rest() -> None:
    assert error_description("the c_nonce is unknown: get [a] fresh one!") == (
        "the c_nonce is unknown: get [a] fresh one!"
    )
    described = error_description(UNRULY)
    assert ALLOWED.fullmatch(described)
    assert described == "e ?quoted? back?slash?new line ? ? een ?"


@pytest.mark.parametrize("path", ["/protocol-error", "/standards-error"])
def test_rfc6749_5_2_description_of_any_error_holds_allowed_characters(
    client: TestClient[Litestar], path: str
) -> None:
    response = client.get(path)
    assert response.status_code == 400
    body = response.json()
    assert ALLOWED.fullmatch(body["error_description"]), body
    assert response.headers["cache-control"] == "no-store"


def test_a_failed_parameter_is_named_not_echoed(client: TestClient[Litestar]) -> None:
    response = client.get("/typed", params={"page": 'é"\\x-not-a-number'})
    assert response.status_code == 400
    body = response.json()
    assert body == {
        "error": "invalid_request",
        "error_description": "the request is not valid (page)",
    }


def test_temporarily_unavailable_is_503_with_retry_after(client: TestClient[Litestar]) -> None:
    response = client.get("/unavailable")
    assert response.status_code == 503
    assert response.headers["retry-after"] == str(RETRY_AFTER_SECONDS)
    assert response.json() == {
        "error": "temporarily_unavailable",
        "error_description": "try again later / probeer het later opnieuw",
    }
