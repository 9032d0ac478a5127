"""The verifier's Status List Tokens (``StatusLists``): fetched as Token Status List §8.1
asks, kept for the shortest of our cache time, the token's ``ttl`` and its ``exp`` (§13.7),
at most ``max_entries`` of them, and a credential refused by its status (§7.1).

Real Status List Tokens, signed with ``standards.status_list``; the Status Provider is an
``httpx.MockTransport``; the clock is injected."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

import httpx
import pytest

from standards.errors import SignatureInvalid, StandardsError, StatusListSubjectMismatch
from standards.jose import PrivateKey
from standards.status_list import (
    Status,
    StatusList,
    StatusReference,
    VerifiedStatusList,
    create_status_list_token,
)
from verifier.verification.errors import (
    CredentialRevoked,
    CredentialSuspended,
    StatusUnavailable,
)
from verifier.verification.status import STATUS_LIST_MEDIA_TYPE, StatusLists

KEY = PrivateKey.generate()
NOW = 1_700_000_000
URI = "https://gemeente.example.nl/statuslists/1"
IDX = 7


def _token(
    uri: str = URI,
    *,
    status: int = Status.VALID,
    ttl: int | None = None,
    exp: int | None = None,
    key: PrivateKey = KEY,
) -> str:
    status_list = StatusList(16, bits=2)
    status_list.set(IDX, status)
    return create_status_list_token(status_list, key, uri=uri, now=NOW, ttl=ttl, exp=exp)


class _Provider:
    """The Status Provider: a token (or a failure) per URI, and the requests it had."""

    def __init__(self, **answers: Any) -> None:
        self.answers: dict[str, str | httpx.Response | Exception] = {URI: _token()}
        self.answers.update(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers[str(request.url)]
        if isinstance(answer, Exception):
            raise answer
        if isinstance(answer, httpx.Response):
            return answer
        return httpx.Response(
            200, headers={"Content-Type": STATUS_LIST_MEDIA_TYPE}, content=answer.encode()
        )

    @property
    def fetched(self) -> Counter[str]:
        return Counter(str(r.url) for r in self.requests)


class _Clock:
    def __init__(self) -> None:
        self.now: float = NOW

    def __call__(self) -> float:
        return self.now


def _lists(
    provider: _Provider,
    clock: _Clock | None = None,
    *,
    cache_seconds: float = 300,
    max_bytes: int = 10_000,
    max_entries: int = 100,
    reject_when_unreachable: bool = True,
    retry_seconds: float = 0,
) -> StatusLists:
    return StatusLists(
        httpx.AsyncClient(transport=httpx.MockTransport(provider)),
        cache_seconds=cache_seconds,
        timeout=0.2,
        max_bytes=max_bytes,
        max_entries=max_entries,
        reject_when_unreachable=reject_when_unreachable,
        retry_seconds=retry_seconds,
        clock=clock or _Clock(),
    )


def _fetch(lists: StatusLists, uri: str = URI) -> VerifiedStatusList:
    return asyncio.run(lists.fetch(uri, KEY.public))


def _check(lists: StatusLists, uri: str = URI) -> None:
    asyncio.run(lists.check(StatusReference(IDX, uri), KEY.public))


# --- §8.1, §7.1: the request and the statuses ----------------------------------------------------


def test_tsl_8_1_the_list_is_fetched_with_get_accepting_statuslist_jwt() -> None:
    provider = _Provider()
    _check(_lists(provider))
    assert [(r.method, str(r.url)) for r in provider.requests] == [("GET", URI)]
    assert provider.requests[0].headers["Accept"] == "application/statuslist+jwt"


@pytest.mark.parametrize(
    ("status", "refusal"),
    [
        (Status.INVALID, CredentialRevoked),
        (Status.SUSPENDED, CredentialSuspended),
        (3, CredentialRevoked),  # §7.1: application specific, no statement that it is valid
    ],
    ids=["invalid", "suspended", "application_specific"],
)
def test_tsl_7_1_a_credential_not_valid_on_its_list_is_refused(
    status: int, refusal: type[StandardsError]
) -> None:
    with pytest.raises(refusal) as raised:
        _check(_lists(_Provider(**{URI: _token(status=status)})))
    assert raised.type is refusal


def test_tsl_7_1_a_credential_valid_on_its_list_passes() -> None:
    _check(_lists(_Provider()))


def test_tsl_8_3_a_list_not_signed_by_the_issuer_is_refused() -> None:
    with pytest.raises(SignatureInvalid):
        _check(_lists(_Provider(**{URI: _token(key=PrivateKey.generate())})))


def test_tsl_8_3_a_list_cached_for_one_issuer_is_not_another_issuers() -> None:
    """The cache holds a list with the issuer whose key verified it: a credential of another
    (also trusted) issuer that points at the same URI has the list checked with its own key,
    which the list was not signed with, instead of taking the first issuer's answer."""
    provider = _Provider()
    lists = _lists(provider)
    asyncio.run(lists.fetch(URI, KEY.public, issuer="https://a.example.nl"))
    other = PrivateKey.generate()
    with pytest.raises(SignatureInvalid):
        asyncio.run(lists.fetch(URI, other.public, issuer="https://b.example.nl"))
    assert provider.fetched[URI] == 2
    asyncio.run(lists.fetch(URI, KEY.public, issuer="https://a.example.nl"))  # still cached
    assert provider.fetched[URI] == 2


def test_tsl_8_3_step_4a_a_list_for_another_uri_is_refused() -> None:
    with pytest.raises(StatusListSubjectMismatch):
        _check(_lists(_Provider(**{URI: _token("https://gemeente.example.nl/statuslists/2")})))


# --- §13.7: how long a list is kept --------------------------------------------------------------


def _fetches_at(provider: _Provider, *seconds: float, **settings: Any) -> int:
    """How often the list is fetched when checked at ``NOW + s`` for each ``s``."""
    clock = _Clock()
    lists = _lists(provider, clock, **settings)
    for s in seconds:
        clock.now = NOW + s
        _fetch(lists)
    return provider.fetched[URI]


def test_tsl_13_7_a_list_is_kept_for_its_ttl_when_shorter_than_our_cache_time() -> None:
    assert _fetches_at(_Provider(**{URI: _token(ttl=60)}), 0, 59, cache_seconds=300) == 1
    assert _fetches_at(_Provider(**{URI: _token(ttl=60)}), 0, 59, 60, cache_seconds=300) == 2


def test_a_list_is_kept_for_our_cache_time_when_shorter_than_its_ttl() -> None:
    assert _fetches_at(_Provider(**{URI: _token(ttl=600)}), 0, 29, cache_seconds=30) == 1
    assert _fetches_at(_Provider(**{URI: _token(ttl=600)}), 0, 29, 30, cache_seconds=30) == 2


def test_a_list_without_ttl_or_exp_is_kept_for_our_cache_time() -> None:
    assert _fetches_at(_Provider(), 0, 299, cache_seconds=300) == 1
    assert _fetches_at(_Provider(), 0, 299, 300, cache_seconds=300) == 2


def test_tsl_13_7_a_list_is_never_kept_past_its_exp() -> None:
    token = _token(ttl=600, exp=NOW + 20)
    assert _fetches_at(_Provider(**{URI: token}), 0, 19, cache_seconds=300) == 1
    assert _fetches_at(_Provider(**{URI: token}), 0, 19, 20, cache_seconds=300) == 2


def test_the_cache_is_bounded_by_max_entries_dropping_the_least_recently_used() -> None:
    a, b, c = (f"https://gemeente.example.nl/statuslists/{n}" for n in "abc")
    provider = _Provider(**{uri: _token(uri) for uri in (a, b, c)})
    lists = _lists(provider, max_entries=2)
    for uri in (a, b, a, c):  # a used after b, so c pushes out b
        _fetch(lists, uri)
    assert provider.fetched == {a: 1, b: 1, c: 1}
    _fetch(lists, a)
    _fetch(lists, c)
    assert provider.fetched == {a: 1, b: 1, c: 1}
    _fetch(lists, b)
    assert provider.fetched == {a: 1, b: 2, c: 1}


# --- unavailable lists ---------------------------------------------------------------------------


def _slow_provider() -> _Provider:
    class Trickle(httpx.AsyncByteStream):
        async def __aiter__(self) -> Any:
            for byte in _token().encode():
                yield bytes([byte])
                await asyncio.sleep(0.05)

    return _Provider(**{URI: httpx.Response(200, stream=Trickle())})


UNAVAILABLE = {
    "not_found": lambda: _Provider(**{URI: httpx.Response(404)}),
    "server_error": lambda: _Provider(**{URI: httpx.Response(503)}),
    "endless_redirects": lambda: _Provider(**{URI: httpx.Response(302, headers={"Location": URI})}),
    "unreachable": lambda: _Provider(**{URI: httpx.ConnectError("connection refused")}),
    "too_slow": _slow_provider,
}


@pytest.mark.parametrize("provider", UNAVAILABLE.values(), ids=UNAVAILABLE.keys())
def test_an_unavailable_list_refuses_the_credential(provider: Any) -> None:
    with pytest.raises(StatusUnavailable):
        _check(_lists(provider()))


@pytest.mark.parametrize("provider", UNAVAILABLE.values(), ids=UNAVAILABLE.keys())
def test_an_unavailable_list_passes_the_credential_when_reject_when_unreachable_is_off(
    provider: Any,
) -> None:
    _check(_lists(provider(), reject_when_unreachable=False))


def test_a_list_over_max_bytes_is_unavailable() -> None:
    size = len(_token())
    _check(_lists(_Provider(), max_bytes=size))
    with pytest.raises(StatusUnavailable, match=f"over {size - 1} bytes"):
        _check(_lists(_Provider(), max_bytes=size - 1))
    _check(_lists(_Provider(), max_bytes=size - 1, reject_when_unreachable=False))


def test_tsl_8_1_a_redirect_is_followed_and_the_token_still_names_the_credentials_uri() -> None:
    """§8.1: a 3xx "clients SHOULD follow"; the token found there is checked against the URI
    the credential names (§8.3 step 4a), not the one it was found at."""
    moved = "https://cdn.gemeente.example.nl/lists/1"
    provider = _Provider(**{URI: httpx.Response(301, headers={"Location": moved}), moved: _token()})
    _check(_lists(provider))
    assert list(provider.fetched) == [URI, moved]
    elsewhere = "https://cdn.gemeente.example.nl/lists/2"
    wrong = _Provider(
        **{
            URI: httpx.Response(302, headers={"Location": elsewhere}),
            elsewhere: _token(elsewhere),
        }
    )
    with pytest.raises(StatusListSubjectMismatch):
        _check(_lists(wrong))


def test_tsl_11_4_redirects_are_followed_a_few_times_only() -> None:
    hops = [f"https://gemeente.example.nl/hop/{n}" for n in range(5)]
    chain: dict[str, Any] = {
        here: httpx.Response(302, headers={"Location": there})
        for here, there in zip([URI, *hops], hops, strict=False)
    }
    provider = _Provider(**chain)
    with pytest.raises(StatusUnavailable, match="more than 3 redirects"):
        _check(_lists(provider))
    assert sum(provider.fetched.values()) == 4  # the first request and three redirects


# --- many checks of one list at once, and a provider that is down ---------------------------------


class _SlowProvider(_Provider):
    """Answers after a pause, so that checks overlap while a fetch is under way."""

    async def __call__(self, request: httpx.Request) -> httpx.Response:  # type: ignore[override]
        await asyncio.sleep(0.05)
        return super().__call__(request)


async def _gather_checks(lists: StatusLists, count: int) -> list[BaseException | None]:
    answers = await asyncio.gather(
        *(lists.check(StatusReference(IDX, URI), KEY.public) for _ in range(count)),
        return_exceptions=True,
    )
    return [a if isinstance(a, BaseException) else None for a in answers]


def test_checks_of_one_list_at_once_share_one_fetch() -> None:
    """A busy verifier whose cached list ran out asks the Status Provider once, not once per
    presentation under way."""
    provider = _SlowProvider()
    assert asyncio.run(_gather_checks(_lists(provider), 10)) == [None] * 10
    assert provider.fetched[URI] == 1


def test_checks_of_one_list_at_once_share_one_failure() -> None:
    provider = _SlowProvider(**{URI: httpx.Response(503)})
    failures = asyncio.run(_gather_checks(_lists(provider), 10))
    assert all(isinstance(f, StatusUnavailable) for f in failures)
    assert provider.fetched[URI] == 1


def test_a_check_given_up_does_not_cancel_the_fetch_others_wait_for() -> None:
    provider = _SlowProvider()
    lists = _lists(provider)

    async def scenario() -> VerifiedStatusList:
        first = asyncio.ensure_future(lists.fetch(URI, KEY.public))
        second = asyncio.ensure_future(lists.fetch(URI, KEY.public))
        await asyncio.sleep(0.01)
        first.cancel()
        return await second

    assert asyncio.run(scenario()).status_list.get(IDX) == Status.VALID
    assert provider.fetched[URI] == 1


def test_a_list_that_could_not_be_had_is_not_asked_for_again_within_retry_seconds() -> None:
    provider = _Provider(**{URI: httpx.Response(503)})
    clock = _Clock()
    lists = _lists(provider, clock, retry_seconds=10)
    with pytest.raises(StatusUnavailable, match="503"):
        _check(lists)
    provider.answers[URI] = _token()  # the provider is back, but not asked yet
    clock.now = NOW + 9.9
    with pytest.raises(StatusUnavailable, match="503"):
        _check(lists)
    assert provider.fetched[URI] == 1
    clock.now = NOW + 10
    _check(lists)
    assert provider.fetched[URI] == 2


def test_a_list_that_could_not_be_had_passes_at_once_when_reject_when_unreachable_is_off() -> None:
    provider = _Provider(**{URI: httpx.Response(503)})
    lists = _lists(provider, retry_seconds=10, reject_when_unreachable=False)
    _check(lists)
    _check(lists)
    assert provider.fetched[URI] == 1


def test_with_retry_seconds_0_every_check_asks_again() -> None:
    provider = _Provider(**{URI: httpx.Response(503)})
    lists = _lists(provider, retry_seconds=0)
    for _ in range(2):
        with pytest.raises(StatusUnavailable):
            _check(lists)
    assert provider.fetched[URI] == 2


def test_a_list_that_does_not_verify_is_not_kept_as_unavailable() -> None:
    """Only a missing answer waits ``retry_seconds``; a wrong one (§8.3) refuses each time it
    is fetched, and a corrected list is taken at the next check."""
    provider = _Provider(**{URI: _token(key=PrivateKey.generate())})
    lists = _lists(provider, retry_seconds=10)
    with pytest.raises(SignatureInvalid):
        _check(lists)
    provider.answers[URI] = _token()
    _check(lists)
    assert provider.fetched[URI] == 2
