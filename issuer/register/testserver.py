"""A small server that speaks Haal Centraal BRP Personen (``POST /personen``) over any register.

It serves a :class:`~issuer.register.source.RegisterSource` (normally the seeded Boxtel persons)
the way the real API does, so the production client is tested over real HTTP and the demo can run
the issuer against "a Haal Centraal endpoint" without one:

- the ``X-API-KEY`` header must match, otherwise 401;
- the body is one of the two questions Regie asks (:mod:`issuer.register.api`), otherwise 400
  with ``invalidParams``; ``fields`` selects what each person shows (``opschortingBijhouding``
  comes along whenever it applies, as in the API);
- a BSN that fails the 11-test is simply not found (the API checks the format only);
- errors are RFC 7807 problem details in Haal Centraal's shape (``type``, ``title``, ``status``,
  ``detail``, ``instance``, ``code``): 400, 401, 404, 405, 413, 500, and 503 when the source
  raises :class:`~issuer.register.errors.RegisterUnavailable`.

``python -m issuer.register.testserver --port 8010 --api-key KEY`` serves the seeded register.
"""

from __future__ import annotations

import argparse
import hmac
import socket
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Final

import uvicorn
from litestar import Litestar, Request, Response, post
from litestar.exceptions import HTTPException
from pydantic import TypeAdapter, ValidationError

from issuer.register.api import (
    PERSONEN_PATH,
    Foutbericht,
    InvalidParam,
    PersonenQuery,
    RaadpleegMetBurgerservicenummer,
    ZoekMetAdresseerbaarObjectIdentificatie,
)
from issuer.register.bsn import is_valid_bsn
from issuer.register.errors import RegisterUnavailable
from issuer.register.model import Persoon
from issuer.register.seeded import SeededRegister
from issuer.register.source import RegisterSource

__all__ = ["create_app", "main", "select_fields", "serve_in_thread"]

PROBLEM_JSON: Final = "application/problem+json"
MAX_REQUEST_BYTES: Final = 64 * 1024
AUTOMATIC_FIELDS: Final = frozenset({"opschortingBijhouding"})
REQUESTABLE_FIELDS: Final = (
    frozenset(str(field.alias) for field in Persoon.model_fields.values()) - AUTOMATIC_FIELDS
)
_QUERY: Final = TypeAdapter[
    RaadpleegMetBurgerservicenummer | ZoekMetAdresseerbaarObjectIdentificatie
](PersonenQuery)

# (RFC section for ``type``, Haal Centraal ``code``, Dutch ``title``) per status.
_PROBLEMS: Final = {
    400: (
        "rfc7231#section-6.5.1",
        "paramsValidation",
        "Een of meerdere parameters zijn niet correct.",
    ),
    401: ("rfc7235#section-3.1", "authentication", "Niet correct geauthenticeerd."),
    404: ("rfc7231#section-6.5.4", "notFound", "Opgevraagde resource bestaat niet."),
    405: ("rfc7231#section-6.5.5", "methodNotAllowed", "Gebruikte methode is niet toegestaan."),
    413: ("rfc7231#section-6.5.11", "tooLarge", "Het verzoek is te groot."),
    500: ("rfc7231#section-6.6.1", "serverError", "Interne server fout."),
    503: (
        "rfc7231#section-6.6.4",
        "notAvailable",
        "Bronservice BRP is tijdelijk niet beschikbaar.",
    ),
}


def problem(
    status: int,
    detail: str,
    *,
    instance: str = PERSONEN_PATH,
    invalid_params: Sequence[InvalidParam] = (),
) -> Response[dict[str, object]]:
    """A problem-details response in Haal Centraal's shape."""
    section, code, title = _PROBLEMS.get(status, _PROBLEMS[500])
    body = Foutbericht(
        type=f"https://datatracker.ietf.org/doc/html/{section}",
        title=title,
        status=status,
        detail=detail,
        instance=instance,
        code=code,
        invalid_params=tuple(invalid_params),
    )
    return Response(body.to_wire(), status_code=status, media_type=PROBLEM_JSON)


def select_fields(data: dict[str, Any], fields: Sequence[Sequence[str]]) -> dict[str, Any]:
    """Keep the parts of ``data`` that the dotted ``fields`` paths name (already split).

    A polymorphic object keeps its ``type``, so the answer still says what it is.
    """
    selected: dict[str, Any] = {"type": data["type"]} if "type" in data else {}
    for key, value in data.items():
        below = [path[1:] for path in fields if path and path[0] == key]
        if not below:
            continue
        if any(not rest for rest in below):
            selected[key] = value
        elif isinstance(value, dict):
            selected[key] = select_fields(value, below)
        elif isinstance(value, list):
            selected[key] = [
                select_fields(item, below) if isinstance(item, dict) else item for item in value
            ]
        else:
            selected[key] = value
    return selected


def _invalid_params(exc: ValidationError) -> list[InvalidParam]:
    return [
        InvalidParam(
            name=".".join(str(part) for part in error["loc"]) or "body",
            code=error["type"],
            reason=error["msg"],
        )
        for error in exc.errors(include_input=False, include_url=False)
    ]


async def _answer(source: RegisterSource, body: bytes) -> Response[dict[str, object]]:
    try:
        query = _QUERY.validate_json(body)
    except ValidationError as exc:
        return problem(
            400, "The request body is not a valid query.", invalid_params=_invalid_params(exc)
        )
    unknown = [name for name in query.fields if name.split(".")[0] not in REQUESTABLE_FIELDS]
    if unknown:
        params = [InvalidParam(name="fields", code="fields", reason=name) for name in unknown]
        return problem(400, "Unknown fields were asked for.", invalid_params=params)
    if isinstance(query, RaadpleegMetBurgerservicenummer):
        found = await source.get_persons(b for b in query.burgerservicenummer if is_valid_bsn(b))
        personen = [found[bsn] for bsn in dict.fromkeys(query.burgerservicenummer) if bsn in found]
    else:
        personen = await source.residents(query.adresseerbaar_object_identificatie)
    if query.gemeente_van_inschrijving is not None:
        personen = [
            person
            for person in personen
            if person.gemeente_van_inschrijving is not None
            and person.gemeente_van_inschrijving.code == query.gemeente_van_inschrijving
        ]
    paths = [name.split(".") for name in (*query.fields, *AUTOMATIC_FIELDS)]
    return Response(
        {"type": query.type, "personen": [select_fields(p.to_wire(), paths) for p in personen]}
    )


def _on_error(request: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, object]]:
    if isinstance(exc, HTTPException):
        return problem(exc.status_code, exc.detail, instance=request.url.path)
    if isinstance(exc, RegisterUnavailable):
        return problem(503, "The source register is not available.", instance=request.url.path)
    return problem(500, "The server could not answer.", instance=request.url.path)


def create_app(source: RegisterSource, *, api_key: str) -> Litestar:
    """The test server's ASGI application over ``source``, accepting ``api_key`` only."""
    expected = api_key.encode()

    @post(PERSONEN_PATH, status_code=200)
    async def personen(request: Request[Any, Any, Any]) -> Response[dict[str, object]]:
        given = request.headers.get("x-api-key", "").encode()
        if not hmac.compare_digest(given, expected):
            return problem(401, "A valid X-API-KEY header is required.")
        return await _answer(source, await request.body())

    return Litestar(
        [personen],
        exception_handlers={Exception: _on_error},
        request_max_body_size=MAX_REQUEST_BYTES,
        openapi_config=None,
        logging_config=None,  # leave the host process's logging alone
    )


@contextmanager
def serve_in_thread(app: Litestar, *, host: str = "127.0.0.1") -> Iterator[str]:
    """Run ``app`` with uvicorn on a free port in a background thread; yield its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind((host, 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(app, log_level="warning", lifespan="off", ws="none", access_log=False)
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.01)
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def main(argv: Sequence[str] | None = None) -> None:
    """Serve the seeded register as a Haal Centraal endpoint until interrupted."""
    parser = argparse.ArgumentParser(
        description="Serve the seeded register as a Haal Centraal BRP Personen endpoint."
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8010)
    parser.add_argument("--api-key", required=True)
    args = parser.parse_args(argv)
    app = create_app(SeededRegister.load(), api_key=args.api_key)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")


if __name__ == "__main__":  # pragma: no cover - the command line
    main()
