"""Pinned issuer keys (``VERIFIER_PINNED_ISSUER_JWKS``): the issuer is trusted with exactly
those keys, its metadata never fetched; a JWKS that is none is refused at start-up."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from standards.errors import StandardsError
from standards.jose import PrivateKey
from verifier.settings import VerifierSettings
from verifier.verification.trust import TrustList, pinned_metadata

ISSUER = "https://gemeente.example.nl"


def _never(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"fetched {request.url}: a pinned issuer's metadata is never fetched")


def _trust(pinned: dict[str, Any]) -> TrustList:
    http = httpx.AsyncClient(transport=httpx.MockTransport(_never))
    trust = TrustList([], [], http=http, ttl=3600, timeout=1, pinned=pinned_metadata(pinned))
    asyncio.run(trust.refresh())
    return trust


def test_a_pinned_issuer_is_trusted_with_its_pinned_key_only() -> None:
    key, other = PrivateKey.generate(), PrivateKey.generate()
    trust = _trust({ISSUER: {"keys": [key.public.to_jwk()]}})
    assert ISSUER in trust.issuers
    resolve = trust.resolver()
    assert resolve({"kid": key.kid}, {"iss": ISSUER}).jwk == key.public.jwk
    with pytest.raises(StandardsError):
        resolve({"kid": other.kid}, {"iss": ISSUER})
    with pytest.raises(StandardsError):
        resolve({"kid": key.kid}, {"iss": "https://elders.example.nl"})


def test_a_pinned_jwks_that_is_none_is_refused_at_start_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("VERIFIER_PINNED_ISSUER_JWKS", '{"https://gemeente.example.nl": {"k": 1}}')
    with pytest.raises(ValidationError, match="VERIFIER_PINNED_ISSUER_JWKS"):
        VerifierSettings()
    key = PrivateKey.generate()
    monkeypatch.setenv(
        "VERIFIER_PINNED_ISSUER_JWKS",
        json.dumps({ISSUER: {"keys": [key.public.to_jwk()]}}),
    )
    assert ISSUER in VerifierSettings().pinned_issuer_jwks
