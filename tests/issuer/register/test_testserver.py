"""The test server speaks the Haal Centraal shape: answers, field selection, problem details."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import httpx
import pytest
import uvicorn
from litestar import Litestar
from litestar.testing import AsyncTestClient

from issuer.register import testserver
from issuer.register.errors import RegisterUnavailable
from issuer.register.model import Persoon
from issuer.register.seeded import SeededRegister
from issuer.register.testserver import create_app, select_fields, serve_in_thread
from tests.issuer.register.conftest import API_KEY

pytestmark = pytest.mark.anyio

URL = "http://brp.test/personen"
HEADERS = {"X-API-KEY": API_KEY}
RAADPLEEG = {
    "type": "RaadpleegMetBurgerservicenummer",
    "burgerservicenummer": ["999993653"],
    "fields": ["naam"],
}
PROBLEM_KEYS = {"type", "title", "status", "detail", "instance", "code"}


def assert_problem(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert set(body) >= PROBLEM_KEYS
    assert (body["status"], body["code"]) == (status, code)
    assert body["type"].startswith("https://datatracker.ietf.org/doc/html/rfc")
    return body


async def test_raadpleeg_returns_only_the_fields_asked_for(http: httpx.AsyncClient) -> None:
    query = {**RAADPLEEG, "fields": ["naam.voornamen", "verblijfplaats.verblijfadres.postcode"]}
    response = await http.post(URL, json=query, headers=HEADERS)
    assert response.status_code == 200
    assert response.json() == {
        "type": "RaadpleegMetBurgerservicenummer",
        "personen": [
            {
                "naam": {"voornamen": "Jan Willem"},
                "verblijfplaats": {"type": "Adres", "verblijfadres": {"postcode": "5281BT"}},
            }
        ],
    }


async def test_opschorting_comes_along_unasked(http: httpx.AsyncClient) -> None:
    query = {**RAADPLEEG, "burgerservicenummer": ["999996708"], "fields": ["burgerservicenummer"]}
    [person] = (await http.post(URL, json=query, headers=HEADERS)).json()["personen"]
    assert person["opschortingBijhouding"]["reden"]["code"] == "O"


async def test_bsns_failing_the_11_test_are_not_found(http: httpx.AsyncClient) -> None:
    query = {**RAADPLEEG, "burgerservicenummer": ["999993654", "999993653", "999993653"]}
    body = (await http.post(URL, json=query, headers=HEADERS)).json()
    assert [p["naam"]["voornamen"] for p in body["personen"]] == ["Jan Willem"]


async def test_zoek_met_adresseerbaar_object(http: httpx.AsyncClient) -> None:
    query = {
        "type": "ZoekMetAdresseerbaarObjectIdentificatie",
        "adresseerbaarObjectIdentificatie": "0757010000010088",
        "fields": ["burgerservicenummer", "leeftijd"],
    }
    body = (await http.post(URL, json=query, headers=HEADERS)).json()
    assert body["type"] == "ZoekMetAdresseerbaarObjectIdentificatie"
    assert sorted(p["leeftijd"] for p in body["personen"]) == [0, 5, 11, 15, 17, 48, 50]


async def test_gemeente_van_inschrijving_filters(http: httpx.AsyncClient) -> None:
    query = {**RAADPLEEG, "burgerservicenummer": ["999993653", "999997981"]}
    boxtel = await http.post(
        URL, json={**query, "gemeenteVanInschrijving": "0757"}, headers=HEADERS
    )
    assert len(boxtel.json()["personen"]) == 1
    rni = await http.post(URL, json={**query, "gemeenteVanInschrijving": "1999"}, headers=HEADERS)
    assert rni.json()["personen"][0]["naam"]["voornamen"] == "Femke"


async def test_missing_api_key(http: httpx.AsyncClient) -> None:
    assert_problem(await http.post(URL, json=RAADPLEEG), 401, "authentication")


async def test_wrong_api_key(http: httpx.AsyncClient) -> None:
    response = await http.post(URL, json=RAADPLEEG, headers={"X-API-KEY": "nope"})
    assert_problem(response, 401, "authentication")


BAD_QUERIES: dict[str, Any] = {
    "not_json": b"{",
    "unknown_type": {**RAADPLEEG, "type": "ZoekMetGeslachtsnaamEnGeboortedatum"},
    "no_fields": {key: value for key, value in RAADPLEEG.items() if key != "fields"},
    "empty_fields": {**RAADPLEEG, "fields": []},
    "unknown_field": {**RAADPLEEG, "fields": ["schoenmaat"]},
    "opschorting_cannot_be_asked_for": {**RAADPLEEG, "fields": ["opschortingBijhouding"]},
    "bsn_as_number": {**RAADPLEEG, "burgerservicenummer": [999993653]},
    "no_bsns": {**RAADPLEEG, "burgerservicenummer": []},
    "twenty_one_bsns": {**RAADPLEEG, "burgerservicenummer": ["999993653"] * 21},
    "malformed_dwelling": {
        "type": "ZoekMetAdresseerbaarObjectIdentificatie",
        "adresseerbaarObjectIdentificatie": "123",
        "fields": ["naam"],
    },
}


@pytest.mark.parametrize("query", BAD_QUERIES.values(), ids=BAD_QUERIES.keys())
async def test_bad_query_is_400_with_invalid_params(http: httpx.AsyncClient, query: Any) -> None:
    if isinstance(query, bytes):
        response = await http.post(URL, content=query, headers=HEADERS)
    else:
        response = await http.post(URL, json=query, headers=HEADERS)
    body = assert_problem(response, 400, "paramsValidation")
    assert body["invalidParams"]
    assert body["instance"] == "/personen"


async def test_all_zero_dwelling_is_400(http: httpx.AsyncClient) -> None:
    query = {
        "type": "ZoekMetAdresseerbaarObjectIdentificatie",
        "adresseerbaarObjectIdentificatie": "0" * 16,
        "fields": ["naam"],
    }
    assert_problem(await http.post(URL, json=query, headers=HEADERS), 400, "paramsValidation")


async def test_wrong_method_and_path(http: httpx.AsyncClient) -> None:
    assert_problem(await http.get(URL, headers=HEADERS), 405, "methodNotAllowed")
    body = assert_problem(
        await http.post("http://brp.test/elders", headers=HEADERS), 404, "notFound"
    )
    assert body["instance"] == "/elders"


async def test_request_too_large(http: httpx.AsyncClient) -> None:
    response = await http.post(URL, content=b" " * 70_000, headers=HEADERS)
    assert_problem(response, 413, "tooLarge")


class Failing(SeededRegister):
    def __init__(self, error: Exception) -> None:
        super().__init__([])
        self.error = error

    async def _raadpleeg(self, bsns: Sequence[str]) -> list[Persoon]:
        assert bsns
        raise self.error


@pytest.mark.parametrize(
    ("error", "status", "code"),
    [
        (RuntimeError("boom"), 500, "serverError"),
        (RegisterUnavailable("down", reason="network"), 503, "notAvailable"),
    ],
    ids=["crash", "source_unavailable"],
)
async def test_source_failures(error: Exception, status: int, code: str) -> None:
    app = create_app(Failing(error), api_key=API_KEY)
    async with AsyncTestClient(app, base_url="http://brp.test") as http:
        body = assert_problem(await http.post(URL, json=RAADPLEEG, headers=HEADERS), status, code)
    assert "boom" not in body["detail"]


SELECTIONS: dict[str, tuple[list[str], dict[str, Any]]] = {
    "whole_group": (["a"], {"a": {"b": 1, "c": 2}}),
    "one_leaf": (["a.b"], {"a": {"b": 1}}),
    "type_is_kept": (["t.x"], {"t": {"type": "T", "x": 1}}),
    "into_lists": (["l.x"], {"l": [{"x": 1}, {"x": 2}]}),
    "scalar_list_whole": (["s.x"], {"s": [1, 2]}),
    "leaf_below_a_scalar": (["n.x"], {"n": 5}),
    "nothing": (["zz"], {}),
}
SOURCE = {
    "a": {"b": 1, "c": 2},
    "t": {"type": "T", "x": 1, "y": 2},
    "l": [{"x": 1, "y": 1}, {"x": 2}],
    "s": [1, 2],
    "n": 5,
}


@pytest.mark.parametrize(("fields", "expected"), SELECTIONS.values(), ids=SELECTIONS.keys())
def test_select_fields(fields: list[str], expected: dict[str, Any]) -> None:
    assert select_fields(SOURCE, [field.split(".") for field in fields]) == expected


def test_main_serves_the_seeded_register(monkeypatch: pytest.MonkeyPatch) -> None:
    served: dict[str, Any] = {}

    def fake_run(app: object, **options: Any) -> None:
        served.update(options, app=app)

    monkeypatch.setattr(uvicorn, "run", fake_run)
    testserver.main(["--port", "8099", "--api-key", "demo"])
    assert (served["host"], served["port"]) == ("127.0.0.1", 8099)
    assert served["app"] is not None


def test_serve_in_thread_reports_a_server_that_does_not_start(
    monkeypatch: pytest.MonkeyPatch, app: Litestar
) -> None:
    def run_and_stop(self: uvicorn.Server, sockets: object = None) -> None:
        assert sockets is not None

    monkeypatch.setattr(uvicorn.Server, "run", run_and_stop)
    with pytest.raises(RuntimeError, match="did not start"), serve_in_thread(app):
        pytest.fail("the body must not run")
