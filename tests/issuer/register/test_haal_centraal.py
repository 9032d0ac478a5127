"""The production client against the test server (in-process and over a real socket), and
against hand-made responses for every way the register can fail."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator, Callable, Sequence

import httpx
import pytest
from litestar.testing import AsyncTestClient

from issuer.register.api import FIELDS
from issuer.register.errors import InvalidBsn, RegisterUnavailable
from issuer.register.haal_centraal import HaalCentraalRegister
from issuer.register.model import Persoon
from issuer.register.seeded import SeededRegister
from issuer.register.testserver import create_app, serve_in_thread
from tests.issuer.register.conftest import API_KEY, BASE_URL, PEILDATUM

pytestmark = pytest.mark.anyio

JAN_WILLEM = "999993653"
UNKNOWN = "999990019"


# --- against the test server, in-process ----------------------------------------------------


async def test_person_by_bsn(client: HaalCentraalRegister, register: SeededRegister) -> None:
    person = await client.get_person(JAN_WILLEM)
    assert person == await register.get_person(JAN_WILLEM)
    assert person is not None
    assert person.full_name == "Jan Willem van der Berg"
    assert person.leeftijd == 47


async def test_unknown_bsn_is_none(client: HaalCentraalRegister) -> None:
    assert await client.get_person(UNKNOWN) is None


async def test_household(client: HaalCentraalRegister) -> None:
    person = await client.get_person(JAN_WILLEM)
    assert person is not None
    household = await client.get_household(person)
    assert [p.bsn for p in household] == ["999990007", "999990329", "999990640", JAN_WILLEM]


async def test_household_leaves_out_the_deceased(client: HaalCentraalRegister) -> None:
    deceased = await client.get_person("999996708")
    assert deceased is not None
    assert deceased.eligibility().code == "deceased"
    assert deceased.opschorting_bijhouding is not None, "the API adds it without being asked"
    household = await client.get_household(deceased)
    assert "999996708" not in [p.bsn for p in household]
    assert len(household) == 2


async def test_every_seeded_person_arrives_intact(
    client: HaalCentraalRegister, register: SeededRegister
) -> None:
    everyone = register.all_persons()
    found = await client.get_persons(p.bsn for p in everyone)
    assert list(found.values()) == everyone


async def test_wrong_api_key_is_unavailable(http: httpx.AsyncClient) -> None:
    client = HaalCentraalRegister(BASE_URL, "wrong-key", client=http)
    with pytest.raises(RegisterUnavailable) as caught:
        await client.get_person(JAN_WILLEM)
    assert (caught.value.reason, caught.value.status) == ("unauthorized", 401)
    assert "wrong-key" not in str(caught.value)


class BrokenRegister(SeededRegister):
    """A source that fails inside the server."""

    async def _raadpleeg(self, bsns: Sequence[str]) -> list[Persoon]:
        raise RuntimeError(f"disk on fire while looking up {len(bsns)}")


async def test_server_error_is_unavailable() -> None:
    app = create_app(BrokenRegister([]), api_key=API_KEY)
    async with AsyncTestClient(app, base_url=BASE_URL) as http:
        client = HaalCentraalRegister(BASE_URL, API_KEY, client=http)
        with pytest.raises(RegisterUnavailable) as caught:
            await client.get_person(JAN_WILLEM)
    assert (caught.value.reason, caught.value.status) == ("server_error", 500)


async def test_invalid_bsn_is_refused_before_any_request() -> None:
    calls: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(200)

    client = register_answering(handler)
    with pytest.raises(InvalidBsn):
        await client.get_person("999993654")
    with pytest.raises(InvalidBsn):
        await client.get_persons([JAN_WILLEM, "12345678"])
    assert calls == []


# --- over a real socket ---------------------------------------------------------------------


async def test_over_the_network() -> None:
    app = create_app(SeededRegister.load(clock=lambda: PEILDATUM), api_key=API_KEY)
    with serve_in_thread(app) as url:
        async with HaalCentraalRegister(url, API_KEY) as client:
            person = await client.get_person(JAN_WILLEM)
            assert person is not None
            assert len(await client.get_household(person)) == 4


class SlowRegister(SeededRegister):
    async def _raadpleeg(self, bsns: Sequence[str]) -> list[Persoon]:
        await asyncio.sleep(1)
        return await super()._raadpleeg(bsns)


async def test_timeout_is_unavailable() -> None:
    with serve_in_thread(create_app(SlowRegister([]), api_key=API_KEY)) as url:
        async with HaalCentraalRegister(url, API_KEY, timeout=0.1) as client:
            with pytest.raises(RegisterUnavailable) as caught:
                await client.get_person(JAN_WILLEM)
    assert caught.value.reason == "timeout"


async def test_nobody_listening_is_unavailable() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    async with HaalCentraalRegister(f"http://127.0.0.1:{port}", API_KEY, timeout=2) as client:
        with pytest.raises(RegisterUnavailable) as caught:
            await client.get_person(JAN_WILLEM)
    assert caught.value.reason == "network"


# --- against hand-made responses ------------------------------------------------------------


def register_answering(
    handler: Callable[[httpx.Request], httpx.Response], **options: int
) -> HaalCentraalRegister:
    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    return HaalCentraalRegister(BASE_URL, API_KEY, client=http, **options)


def persoon_json(bsn: str) -> dict[str, object]:
    return {"burgerservicenummer": bsn, "naam": {"voornamen": "Test"}}


def answer(*personen: dict[str, object], kind: str = "RaadpleegMetBurgerservicenummer") -> bytes:
    return json.dumps({"type": kind, "personen": list(personen)}).encode()


async def test_request_shape() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=answer(persoon_json(JAN_WILLEM)))

    await register_answering(handler).get_person(JAN_WILLEM)
    [request] = seen
    assert request.method == "POST"
    assert str(request.url) == f"{BASE_URL}/personen"
    assert request.headers["X-API-KEY"] == API_KEY
    assert JAN_WILLEM not in str(request.url), "no BSN in a URL"
    assert json.loads(request.content) == {
        "type": "RaadpleegMetBurgerservicenummer",
        "burgerservicenummer": [JAN_WILLEM],
        "fields": list(FIELDS),
    }


async def test_many_bsns_go_in_batches_of_twenty(register: SeededRegister) -> None:
    bodies: list[list[str]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        asked = json.loads(request.content)["burgerservicenummer"]
        bodies.append(asked)
        return httpx.Response(200, content=answer(*(persoon_json(b) for b in asked)))

    bsns = [p.bsn for p in register.all_persons()]
    found = await register_answering(handler).get_persons(bsns)
    assert [len(body) for body in bodies] == [20, len(bsns) - 20]
    assert set(found) == set(bsns)


async def test_not_found_as_404_is_none() -> None:
    client = register_answering(lambda _: httpx.Response(404))
    assert await client.get_person(JAN_WILLEM) is None


async def test_not_found_as_empty_list_is_none() -> None:
    client = register_answering(lambda _: httpx.Response(200, content=answer()))
    assert await client.get_person(JAN_WILLEM) is None


STATUSES = {
    "bad_request": (400, "rejected"),
    "unauthorized": (401, "unauthorized"),
    "forbidden": (403, "unauthorized"),
    "too_many_requests": (429, "rate_limited"),
    "server_error": (500, "server_error"),
    "bad_gateway": (502, "server_error"),
    "unavailable": (503, "server_error"),
    "redirect": (302, "unexpected_status"),
    "teapot": (418, "unexpected_status"),
}


@pytest.mark.parametrize(("status", "reason"), STATUSES.values(), ids=STATUSES.keys())
async def test_error_status_is_unavailable(status: int, reason: str) -> None:
    client = register_answering(lambda _: httpx.Response(status))
    with pytest.raises(RegisterUnavailable) as caught:
        await client.get_person(JAN_WILLEM)
    assert (caught.value.reason, caught.value.status) == (reason, status)
    assert caught.value.title_nl.startswith("Wij kunnen uw gegevens nu niet ophalen")


BAD_BODIES = {
    "not_json": b"<html>Gateway</html>",
    "empty": b"",
    "json_but_not_an_object": b"[]",
    "wrong_type": answer(persoon_json(JAN_WILLEM), kind="ZoekMetPostcodeEnHuisnummer"),
    "person_not_asked_for": answer(persoon_json("999990007")),
    "huisnummer_as_string": answer(
        {
            "burgerservicenummer": JAN_WILLEM,
            "verblijfplaats": {
                "type": "Adres",
                "verblijfadres": {
                    "officieleStraatnaam": "Markt",
                    "huisnummer": "1",
                    "postcode": "5281AS",
                    "woonplaats": "Boxtel",
                },
            },
        }
    ),
}


@pytest.mark.parametrize("body", BAD_BODIES.values(), ids=BAD_BODIES.keys())
async def test_invalid_response_is_unavailable(body: bytes) -> None:
    client = register_answering(lambda _: httpx.Response(200, content=body))
    with pytest.raises(RegisterUnavailable) as caught:
        await client.get_person(JAN_WILLEM)
    assert caught.value.reason == "invalid_response"
    assert "Markt" not in str(caught.value), "no personal data in the message"
    assert caught.value.__cause__ is None


async def test_response_too_large_by_content_length() -> None:
    body = answer(persoon_json(JAN_WILLEM))
    client = register_answering(
        lambda _: httpx.Response(200, content=body), max_response_bytes=len(body) - 1
    )
    with pytest.raises(RegisterUnavailable) as caught:
        await client.get_person(JAN_WILLEM)
    assert caught.value.reason == "response_too_large"


async def test_response_too_large_while_streaming() -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(100):
            yield b" " * 1000

    client = register_answering(
        lambda _: httpx.Response(200, content=chunks()),
        max_response_bytes=10_000,
    )
    with pytest.raises(RegisterUnavailable) as caught:
        await client.get_person(JAN_WILLEM)
    assert caught.value.reason == "response_too_large"


TRANSPORT_ERRORS = {
    "connect_error": (httpx.ConnectError("refused"), "network"),
    "read_error": (httpx.ReadError("reset"), "network"),
    "connect_timeout": (httpx.ConnectTimeout("slow"), "timeout"),
    "read_timeout": (httpx.ReadTimeout("slow"), "timeout"),
}


@pytest.mark.parametrize(
    ("error", "reason"), TRANSPORT_ERRORS.values(), ids=TRANSPORT_ERRORS.keys()
)
async def test_transport_error_is_unavailable(error: Exception, reason: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise error

    with pytest.raises(RegisterUnavailable) as caught:
        await register_answering(handler).get_person(JAN_WILLEM)
    assert caught.value.reason == reason
    assert caught.value.status is None


async def test_household_query_shape() -> None:
    seen: list[dict[str, object]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(json.loads(request.content))
        return httpx.Response(200, content=answer(kind="ZoekMetAdresseerbaarObjectIdentificatie"))

    assert await register_answering(handler).residents("0757010000010012") == []
    assert seen == [
        {
            "type": "ZoekMetAdresseerbaarObjectIdentificatie",
            "adresseerbaarObjectIdentificatie": "0757010000010012",
            "fields": list(FIELDS),
        }
    ]


def test_repr_hides_the_api_key() -> None:
    client = HaalCentraalRegister(BASE_URL, "very-secret")
    assert "very-secret" not in repr(client)
    assert BASE_URL in repr(client)


async def test_closes_only_the_client_it_made() -> None:
    async with httpx.AsyncClient() as http:
        async with HaalCentraalRegister(BASE_URL, API_KEY, client=http):
            pass
        assert not http.is_closed
    own = HaalCentraalRegister(BASE_URL, API_KEY)
    await own.aclose()
    assert own._client.is_closed
