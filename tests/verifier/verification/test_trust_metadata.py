"""An issuer's key from its JWT VC Issuer Metadata (SD-JWT VC §4), fetched by ``TrustList``:
from ``/.well-known/jwt-vc-issuer``, kept for the ttl, at most 64 KiB, within the timeout, and
only when it names the issuer it was fetched for (§4.3); an issuer that does not answer keeps
its last keys and is asked again after ``retry_seconds``.

The issuer is listed in ``issuers`` with no trust anchors, so its metadata is the only way to
its key; the issuer's server is an ``httpx.MockTransport`` that counts its requests."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from standards.errors import IssuerKeyUnresolved
from standards.jose import PrivateKey, PublicKey
from verifier.verification.errors import IssuerNotTrusted
from verifier.verification.trust import TrustList

ISSUER = "https://gemeente.example.nl"
METADATA_URL = "https://gemeente.example.nl/.well-known/jwt-vc-issuer"
KEY = PrivateKey.generate()
LIMIT = 64 * 1024


def _metadata(issuer: str = ISSUER, **extra: Any) -> dict[str, Any]:
    return {"issuer": issuer, "jwks": {"keys": [KEY.public.to_jwk()]}, **extra}


class _Issuer:
    """The issuer's server: one answer for every request, and the requests it had."""

    def __init__(self, answer: dict[str, Any] | bytes | httpx.Response) -> None:
        self.answer = answer
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if isinstance(self.answer, httpx.Response):
            return self.answer
        if isinstance(self.answer, bytes):
            return httpx.Response(200, content=self.answer)
        return httpx.Response(200, json=self.answer)


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _trust(
    server: _Issuer,
    *,
    issuer: str = ISSUER,
    ttl: float = 3600,
    retry_seconds: float = 0,
    clock: _Clock | None = None,
) -> TrustList:
    http = httpx.AsyncClient(transport=httpx.MockTransport(server))
    return TrustList(
        [issuer],
        [],
        http=http,
        ttl=ttl,
        timeout=0.2,
        retry_seconds=retry_seconds,
        clock=clock or _Clock(),
    )


def _refresh(trust: TrustList, times: int = 1) -> TrustList:
    for _ in range(times):
        asyncio.run(trust.refresh())
    return trust


def _key(trust: TrustList, issuer: str = ISSUER) -> PublicKey:
    resolved: PublicKey = trust.resolver()({"kid": KEY.kid}, {"iss": issuer})
    return resolved


def test_sd_jwt_vc_4_the_issuer_key_comes_from_its_metadata() -> None:
    server = _Issuer(_metadata())
    trust = _refresh(_trust(server))
    assert _key(trust).jwk == KEY.public.jwk
    assert [(r.method, str(r.url)) for r in server.requests] == [("GET", METADATA_URL)]
    assert server.requests[0].headers["Accept"] == "application/json"


def test_sd_jwt_vc_4_1_the_well_known_part_goes_before_the_issuer_path() -> None:
    issuer = "https://gemeente.example.nl/tenants/utrecht"
    server = _Issuer(_metadata(issuer))
    trust = _refresh(_trust(server, issuer=issuer))
    assert _key(trust, issuer).jwk == KEY.public.jwk
    assert [str(r.url) for r in server.requests] == [
        "https://gemeente.example.nl/.well-known/jwt-vc-issuer/tenants/utrecht"
    ]


def test_metadata_is_kept_for_the_ttl() -> None:
    kept = _Issuer(_metadata())
    assert _key(_refresh(_trust(kept, ttl=3600), times=3)).jwk == KEY.public.jwk
    assert len(kept.requests) == 1
    refetched = _Issuer(_metadata())
    _refresh(_trust(refetched, ttl=0), times=3)
    assert len(refetched.requests) == 3


def test_an_issuer_that_never_answered_has_no_key_and_is_asked_again_after_retry_seconds() -> None:
    clock = _Clock()
    failing = _Issuer(httpx.Response(503))
    trust = _refresh(_trust(failing, retry_seconds=10, clock=clock), times=3)
    assert len(failing.requests) == 1
    with pytest.raises(IssuerKeyUnresolved):
        _key(trust)
    failing.answer = _metadata()
    clock.now += 9.9
    _refresh(trust)
    assert len(failing.requests) == 1
    clock.now += 0.1
    assert _key(_refresh(trust)).jwk == KEY.public.jwk
    assert len(failing.requests) == 2


def test_with_retry_seconds_0_an_unanswered_issuer_is_asked_at_every_refresh() -> None:
    failing = _Issuer(httpx.Response(503))
    _refresh(_trust(failing, retry_seconds=0), times=3)
    assert len(failing.requests) == 3


def test_an_issuer_that_stops_answering_keeps_its_last_keys() -> None:
    """One unanswered request after the ttl does not make every credential of the issuer
    unverifiable: its last metadata stays, and it is asked again after ``retry_seconds``
    (not after another ttl)."""
    clock = _Clock()
    server = _Issuer(_metadata())
    trust = _refresh(_trust(server, ttl=60, retry_seconds=10, clock=clock))
    server.answer = httpx.Response(503)
    clock.now += 60
    assert _key(_refresh(trust)).jwk == KEY.public.jwk
    assert len(server.requests) == 2
    clock.now += 10
    assert _key(_refresh(trust)).jwk == KEY.public.jwk
    assert len(server.requests) == 3


def test_sd_jwt_vc_4_3_an_issuer_whose_new_answer_is_not_its_metadata_loses_its_keys() -> None:
    """An answer is not a missing one: metadata naming another issuer replaces the last
    metadata, and is kept for the ttl."""
    clock = _Clock()
    server = _Issuer(_metadata())
    trust = _refresh(_trust(server, ttl=60, retry_seconds=10, clock=clock))
    server.answer = _metadata("https://elders.example.nl")
    clock.now += 60
    with pytest.raises(IssuerKeyUnresolved):
        _key(_refresh(trust))
    clock.now += 59
    _refresh(trust)
    assert len(server.requests) == 2


class _SlowIssuers:
    """Issuers' servers that answer after a pause, counting the requests in flight at once."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        self.in_flight = 0
        self.most_in_flight = 0

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(str(request.url))
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        await asyncio.sleep(0.05)
        self.in_flight -= 1
        issuer = f"{request.url.scheme}://{request.url.host}"
        return httpx.Response(200, json=_metadata(issuer))


def _slow_trust(server: _SlowIssuers, *issuers: str) -> TrustList:
    http = httpx.AsyncClient(transport=httpx.MockTransport(server))
    return TrustList(list(issuers), [], http=http, ttl=3600, timeout=1)


def test_responses_arriving_during_a_refresh_await_it_instead_of_fetching_again() -> None:
    server = _SlowIssuers()
    trust = _slow_trust(server, ISSUER)

    async def responses() -> None:
        await asyncio.gather(*(trust.refresh() for _ in range(10)))

    asyncio.run(responses())
    assert server.requests == [METADATA_URL]
    assert _key(trust).jwk == KEY.public.jwk


def test_the_metadata_of_several_issuers_is_fetched_at_once() -> None:
    """An issuer that is slow or down delays a refresh by its own timeout, not by the sum."""
    server = _SlowIssuers()
    others = [f"https://gemeente{n}.example.nl" for n in range(3)]
    trust = _slow_trust(server, *others)
    asyncio.run(trust.refresh())
    assert len(server.requests) == 3
    assert server.most_in_flight == 3


def test_a_response_given_up_does_not_cancel_the_refresh_others_await() -> None:
    server = _SlowIssuers()
    trust = _slow_trust(server, ISSUER)

    async def scenario() -> None:
        first = asyncio.ensure_future(trust.refresh())
        second = asyncio.ensure_future(trust.refresh())
        await asyncio.sleep(0.01)
        first.cancel()
        await second

    asyncio.run(scenario())
    assert _key(trust).jwk == KEY.public.jwk
    assert server.requests == [METADATA_URL]


def _padded(size: int) -> bytes:
    """Metadata of exactly ``size`` bytes (JSON with a filler member)."""
    empty = json.dumps(_metadata(filler="")).encode()
    body = json.dumps(_metadata(filler="x" * (size - len(empty)))).encode()
    assert len(body) == size
    return body


def test_metadata_of_64_kib_is_used_and_one_byte_more_is_refused() -> None:
    assert _key(_refresh(_trust(_Issuer(_padded(LIMIT))))).jwk == KEY.public.jwk
    refused = _refresh(_trust(_Issuer(_padded(LIMIT + 1))))
    with pytest.raises(IssuerKeyUnresolved):
        _key(refused)


def test_sd_jwt_vc_4_3_metadata_naming_another_issuer_is_refused() -> None:
    trust = _refresh(_trust(_Issuer(_metadata("https://elders.example.nl"))))
    with pytest.raises(IssuerKeyUnresolved):
        _key(trust)
    with pytest.raises(IssuerNotTrusted):
        _key(trust, "https://elders.example.nl")


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(404),
        httpx.Response(302, headers={"Location": "https://elders.example.nl/"}),
        b"<html>not json</html>",
        b"[]",
        {"issuer": ISSUER},
    ],
    ids=["not_found", "redirect", "not_json", "not_an_object", "no_jwks"],
)
def test_metadata_that_is_none_gives_the_issuer_no_key(
    answer: dict[str, Any] | bytes | httpx.Response,
) -> None:
    with pytest.raises(IssuerKeyUnresolved):
        _key(_refresh(_trust(_Issuer(answer))))


def test_metadata_not_complete_within_the_timeout_gives_the_issuer_no_key() -> None:
    class Trickle(httpx.AsyncByteStream):
        async def __aiter__(self) -> AsyncIterator[bytes]:
            for byte in json.dumps(_metadata()).encode():
                yield bytes([byte])
                await asyncio.sleep(0.05)

    with pytest.raises(IssuerKeyUnresolved):
        _key(_refresh(_trust(_Issuer(httpx.Response(200, stream=Trickle())))))


def test_an_unreachable_issuer_has_no_key() -> None:
    def unreachable(_request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused")

    http = httpx.AsyncClient(transport=httpx.MockTransport(unreachable))
    trust = _refresh(TrustList([ISSUER], [], http=http, ttl=3600, timeout=0.2))
    with pytest.raises(IssuerKeyUnresolved):
        _key(trust)


class _TwoDocuments:
    """An issuer whose metadata names its keys by ``jwks_uri``: two documents, by path."""

    def __init__(self, jwks_uri: str, jwks: dict[str, Any] | httpx.Response) -> None:
        self.metadata = {"issuer": ISSUER, "jwks_uri": jwks_uri}
        self.jwks = jwks
        self.requests: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(str(request.url))
        if str(request.url) == METADATA_URL:
            return httpx.Response(200, json=self.metadata)
        if isinstance(self.jwks, httpx.Response):
            return self.jwks
        return httpx.Response(200, json=self.jwks)


def _trust_two(server: _TwoDocuments) -> TrustList:
    http = httpx.AsyncClient(transport=httpx.MockTransport(server))
    return _refresh(TrustList([ISSUER], [], http=http, ttl=3600, timeout=0.2))


def test_sd_jwt_vc_4_2_the_key_set_behind_jwks_uri_is_fetched() -> None:
    uri = "https://keys.gemeente.example.nl/issuer.jwks"
    server = _TwoDocuments(uri, {"keys": [KEY.public.to_jwk()]})
    trust = _trust_two(server)
    assert _key(trust).jwk == KEY.public.jwk
    assert server.requests == [METADATA_URL, uri]


@pytest.mark.parametrize(
    ("uri", "answer"),
    [
        ("http://keys.example.nl/issuer.jwks", {"keys": [KEY.public.to_jwk()]}),  # not https
        ("https://gemeente.example.nl/jwks", httpx.Response(404)),
        ("https://gemeente.example.nl/jwks", {"keys": []}),  # no usable key
        ("https://gemeente.example.nl/jwks", httpx.Response(200, content=b"x" * (LIMIT + 1))),
    ],
    ids=["not_https", "not_found", "empty", "too_large"],
)
def test_sd_jwt_vc_4_2_a_jwks_uri_that_gives_no_key_set_gives_the_issuer_no_key(
    uri: str, answer: dict[str, Any] | httpx.Response
) -> None:
    trust = _trust_two(_TwoDocuments(uri, answer))
    with pytest.raises(IssuerKeyUnresolved):
        _key(trust)
