"""Token Status List §8 for the verifier: fetch the Status List Token with httpx (one deadline
for the whole answer, a size limit: :func:`~verifier.verification.fetch.fetch_limited`), verify
it with the credential issuer's key, keep it for the shorter of our cache time and its ``ttl``
(§13.7), bounded in entries; then read the credential's status.

Under load, many presentations need the same list at once: while one fetch of a list is under
way, every other check of that list waits for its answer instead of asking the Status Provider
again (at start-up and each time the cached list runs out). A list that could not be had is not
asked for again for ``retry_seconds``: the checks meanwhile get "unavailable" at once, instead
of each waiting out the whole timeout against a provider that is down."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import httpx

from standards.status_list import (
    Status,
    StatusReference,
    VerifiedStatusList,
    check_status,
    verify_status_list_token,
)
from verifier.verification.errors import (
    CredentialRevoked,
    CredentialSuspended,
    StatusUnavailable,
)
from verifier.verification.fetch import FetchFailed, SingleFlight, fetch_limited

__all__ = ["STATUS_LIST_MEDIA_TYPE", "StatusLists"]

STATUS_LIST_MEDIA_TYPE = "application/statuslist+jwt"
MAX_REDIRECTS = 3
"""Token Status List §8.1: a 3xx answer "clients SHOULD follow"; §11.4 (RFC 9110 §15.4): not
endlessly. The token's ``sub`` must still be the credential's URI (§8.3 step 4a)."""


class StatusLists:
    """Fetched Status List Tokens, by URI."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        cache_seconds: float,
        timeout: float,
        max_bytes: int,
        max_entries: int,
        reject_when_unreachable: bool,
        retry_seconds: float = 0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.http = http
        self.cache_seconds = cache_seconds
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.max_entries = max_entries
        self.reject_when_unreachable = reject_when_unreachable
        self.retry_seconds = retry_seconds
        self.clock = clock
        self._cache: OrderedDict[tuple[str, str | None], tuple[float, VerifiedStatusList]] = (
            OrderedDict()
        )
        """By URI and the issuer whose key verified the list: a list checked with one issuer's
        key is not another issuer's answer, even at the same URI."""
        self._fetches: SingleFlight[tuple[str, str | None], VerifiedStatusList] = SingleFlight()
        self._failed: dict[tuple[str, str | None], tuple[float, str]] = {}
        """A list that could not be had: until when it is not asked for again, and why."""

    async def fetch(self, uri: str, key: Any, *, issuer: str | None = None) -> VerifiedStatusList:
        """The Status List Token at ``uri``, verified with ``key`` (the key source of the
        credential's ``issuer``), from the cache while it may be kept; one fetch at a time
        per list, and none for ``retry_seconds`` after one failed."""
        now = self.clock()
        entry = (uri, issuer)
        cached = self._cache.get(entry)
        if cached is not None and cached[0] > now:
            self._cache.move_to_end(entry)
            return cached[1]
        failed = self._failed.get(entry)
        if failed is not None:
            if failed[0] > now:
                raise StatusUnavailable(failed[1])
            del self._failed[entry]
        return await self._fetches.run(entry, lambda: self._load(uri, key, entry))

    async def _load(self, uri: str, key: Any, entry: tuple[str, str | None]) -> VerifiedStatusList:
        try:
            body = await fetch_limited(
                self.http,
                uri,
                timeout=self.timeout,
                max_bytes=self.max_bytes,
                headers={"Accept": STATUS_LIST_MEDIA_TYPE},
                redirects=MAX_REDIRECTS,
            )
        except FetchFailed as exc:
            unavailable = StatusUnavailable(f"the status list: {exc}")
            if self.retry_seconds > 0:
                self._failed[entry] = (self.clock() + self.retry_seconds, str(unavailable))
                while len(self._failed) > self.max_entries:
                    del self._failed[next(iter(self._failed))]
            raise unavailable from exc
        now = self.clock()
        token = body.decode("ascii", errors="replace").strip()
        verified = verify_status_list_token(token, uri=uri, key=key, now=now)
        keep = min(
            self.cache_seconds, verified.ttl if verified.ttl is not None else self.cache_seconds
        )
        if verified.exp is not None:
            keep = min(keep, verified.exp - now)
        if keep > 0:
            self._cache[entry] = (now + keep, verified)
            while len(self._cache) > self.max_entries:
                self._cache.popitem(last=False)
        return verified

    async def check(
        self, reference: StatusReference, key: Any, *, issuer: str | None = None
    ) -> None:
        """Refuse a revoked or suspended credential. A list that cannot be had (no answer in
        time, not ``200``, too large) refuses too, unless ``reject_when_unreachable`` is off;
        a list that is had but does not verify (another key, another ``uri``, §8.3) always
        refuses: it is no answer, not a missing one."""
        try:
            status_list = await self.fetch(reference.uri, key, issuer=issuer)
        except StatusUnavailable:
            if self.reject_when_unreachable:
                raise
            return
        status = check_status(reference, status_list)
        if status == Status.INVALID:
            raise CredentialRevoked("the credential has been revoked")
        if status == Status.SUSPENDED:
            raise CredentialSuspended("the credential is suspended")
        if status != Status.VALID:
            raise CredentialRevoked(f"the credential's status is {int(status)}")
