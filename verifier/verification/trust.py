"""Which issuers the verifier trusts, and their keys (SD-JWT VC §2.5, §4).

An issuer is trusted when it is on ``VERIFIER_TRUSTED_ISSUERS`` or has pinned keys
(``VERIFIER_PINNED_ISSUER_JWKS``); its key comes from an ``x5c`` chain up to a pinned anchor (the
demo CA, or ``VERIFIER_TRUST_ANCHOR_FILES``), else from its pinned JWKS (never fetched), else
from its JWT VC Issuer Metadata (with its keys inline, ``jwks``, or behind ``jwks_uri``), fetched
with httpx (at most 64 KiB each, within the timeout) and kept for
``issuer_metadata_ttl_seconds``.

The metadata of all trusted issuers that are due are fetched at once, and one refresh at a time:
responses arriving meanwhile await the refresh under way instead of fetching again. An issuer
that does not answer keeps the keys of its last metadata (one unanswered request does not make
every credential of that issuer unverifiable for the ttl) and is asked again after
``retry_seconds``; an answer that is not valid metadata for the issuer leaves it without
metadata keys.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import httpx
from cryptography import x509

from standards.errors import StandardsError
from standards.jose import PublicKey
from standards.sd_jwt_vc import JwtVcIssuerMetadata, TrustedIssuers
from standards.urls import secure_url_parts
from verifier.verification.errors import IssuerNotTrusted
from verifier.verification.fetch import FetchFailed, SingleFlight, fetch_limited

__all__ = ["TrustList", "metadata_url", "pinned_metadata"]

log = logging.getLogger(__name__)

_METADATA_MAX_BYTES = 64 * 1024


def metadata_url(issuer: str) -> str:
    """SD-JWT VC §4.1: ``/.well-known/jwt-vc-issuer`` inserted before the issuer's path."""
    scheme, rest = issuer.split("://", 1)
    host, _, path = rest.partition("/")
    return f"{scheme}://{host}/.well-known/jwt-vc-issuer" + (f"/{path}" if path else "")


def pinned_metadata(pinned: Mapping[str, Mapping[str, Any]]) -> dict[str, JwtVcIssuerMetadata]:
    """Each pinned ``{issuer: JWKS}`` as the issuer metadata it stands in for (SD-JWT VC §4.2:
    ``issuer`` and ``jwks``), checked as fetched metadata would be; a JWKS that is not one
    raises :class:`~standards.errors.StandardsError` (at start-up, not at a presentation)."""
    return {
        issuer: JwtVcIssuerMetadata.parse(
            {"issuer": issuer, "jwks": dict(jwks)}, expected_issuer=issuer
        )
        for issuer, jwks in pinned.items()
    }


class TrustList:
    """The trusted issuers and how their keys are found."""

    def __init__(
        self,
        issuers: Sequence[str],
        anchors: Sequence[x509.Certificate],
        *,
        http: httpx.AsyncClient,
        ttl: float,
        timeout: float,
        pinned: Mapping[str, JwtVcIssuerMetadata] | None = None,
        retry_seconds: float = 0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.pinned = dict(pinned or {})
        self.issuers = tuple(dict.fromkeys([*issuers, *self.pinned]))
        self.anchors = tuple(anchors)
        self.http = http
        self.ttl = ttl
        self.timeout = timeout
        self.retry_seconds = retry_seconds
        self.clock = clock
        self._metadata: dict[str, tuple[float, JwtVcIssuerMetadata | None]] = {}
        """By issuer: until when it is not fetched again, and its metadata (if any)."""
        self._refreshes: SingleFlight[str, None] = SingleFlight()

    async def refresh(self) -> None:
        """Fetch the metadata of every trusted issuer that is due (never fetched, fetched
        longer than the ttl ago, or unanswered longer than ``retry_seconds`` ago), all at
        once; a refresh under way is awaited, not repeated."""
        now = self.clock()
        due = [
            issuer
            for issuer in self.issuers
            if issuer not in self.pinned
            and (issuer not in self._metadata or self._metadata[issuer][0] <= now)
        ]
        if due:
            await self._refreshes.run("metadata", lambda: self._refresh(due))

    async def _refresh(self, issuers: Sequence[str]) -> None:
        answers = await asyncio.gather(*(self._fetch(issuer) for issuer in issuers))
        now = self.clock()
        for issuer, (answered, metadata) in zip(issuers, answers, strict=True):
            if answered:
                self._metadata[issuer] = (now + self.ttl, metadata)
            else:
                last = self._metadata.get(issuer)
                self._metadata[issuer] = (now + self.retry_seconds, last[1] if last else None)

    async def _fetch(self, issuer: str) -> tuple[bool, JwtVcIssuerMetadata | None]:
        """Whether the issuer answered, and its metadata if that answer was valid metadata."""
        try:
            document = await self._document(metadata_url(issuer))
            jwks = None
            if isinstance(document, dict) and isinstance(document.get("jwks_uri"), str):
                jwks = await self._document(document["jwks_uri"])  # SD-JWT VC §4.2
            return True, JwtVcIssuerMetadata.parse(document, expected_issuer=issuer, jwks=jwks)
        except FetchFailed as exc:
            log.warning("metadata of issuer %s unavailable: %s", issuer, exc)
            return False, None
        except (ValueError, StandardsError) as exc:  # not JSON, not https, not its metadata
            log.warning("metadata of issuer %s refused: %s", issuer, exc)
            return True, None

    async def _document(self, url: str) -> Any:
        """A JSON document of the issuer's (its metadata, the JWK Set behind its ``jwks_uri``):
        from an https URL (http only on loopback), within the timeout, at most 64 KiB, decoded."""
        if secure_url_parts(url) is None:
            raise ValueError(f"{url!r} is not an https URL")  # an answer, not a missing one
        body = await fetch_limited(
            self.http,
            url,
            timeout=self.timeout,
            max_bytes=_METADATA_MAX_BYTES,
            headers={"Accept": "application/json"},
        )
        return json.loads(body)

    def policy(self) -> TrustedIssuers:
        known = {i: m for i, (_, m) in self._metadata.items() if m is not None}
        return TrustedIssuers(metadata={**known, **self.pinned}, trust_anchors=self.anchors)

    def resolver(self) -> Any:
        """A :data:`standards.jose.KeySource`: only listed issuers, then the standard rules."""
        policy = self.policy()

        def resolve(header: Mapping[str, Any], payload: Mapping[str, Any]) -> PublicKey:
            if payload.get("iss") not in self.issuers:
                raise IssuerNotTrusted(f"issuer {payload.get('iss')!r} is not trusted")
            return policy.resolve(header, payload)

        return resolve
