"""Token Status List §8 for the verifier: fetch the Status List Token with httpx (one deadline
for the whole answer, a size limit: :func:`~verifier.verification.fetch.fetch_limited`), verify
it with the credential issuer's key, keep it for the shorter of our cache time and its ``ttl``
(§13.7), bounded in entries; then read the credential's status."""

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
from verifier.verification.fetch import FetchFailed, fetch_limited

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
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.http = http
        self.cache_seconds = cache_seconds
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.max_entries = max_entries
        self.reject_when_unreachable = reject_when_unreachable
        self.clock = clock
        self._cache: OrderedDict[tuple[str, str | None], tuple[float, VerifiedStatusList]] = (
            OrderedDict()
        )
        """By URI and the issuer whose key verified the list: a list checked with one issuer's
        key is not another issuer's answer, even at the same URI."""

    async def fetch(self, uri: str, key: Any, *, issuer: str | None = None) -> VerifiedStatusList:
        """The Status List Token at ``uri``, verified with ``key`` (the key source of the
        credential's ``issuer``), from the cache while it may be kept."""
        now = self.clock()
        entry = (uri, issuer)
        cached = self._cache.get(entry)
        if cached is not None and cached[0] > now:
            self._cache.move_to_end(entry)
            return cached[1]
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
            raise StatusUnavailable(f"the status list: {exc}") from exc
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
