"""The resident's login: an OpenID Connect 1.0 client, authorization code flow with PKCE.

One client for production and the embedded default alike. Production points it at a provider
(DigiD through a broker: ``ISSUER_LOGIN=oidc`` with ``ISSUER_OIDC_ISSUER``,
``ISSUER_OIDC_CLIENT_ID`` and ``ISSUER_OIDC_CLIENT_SECRET``); the embedded default points it at
the issuer's own, clearly marked test provider (:mod:`issuer.login.testidp`), which it reaches
over HTTP like any other. The HTTP client is injected, so tests can route it to an app in the
same process.

The flow (OpenID Connect Core 1.0 §3.1):

1. :meth:`OidcClient.start` reads the provider's metadata (Discovery 1.0 §4), makes a fresh
   ``state`` (RFC 6749 §10.12), ``nonce`` (Core §3.1.2.1) and PKCE verifier (RFC 7636 §4.1),
   and returns the authorization URL with the ``S256`` challenge. The caller keeps the
   :class:`PendingLogin` in the browser's encrypted session.
2. :meth:`OidcClient.finish` takes the callback's query parameters: it checks ``state`` and,
   when present, ``iss`` (RFC 9207), redeems the code at the token endpoint with the verifier
   (``client_secret_post`` when a secret is configured, otherwise a public client), verifies the
   ID token (:func:`issuer.login.id_token.verify_id_token`, keys from the provider's JWKS,
   cached) and returns the BSN from the configured claim after the 11-test.

ID tokens signed ``ES256`` or ``RS256`` (RSA keys of 2048 bits or more) are accepted, with a key
of the provider's JWKS for that algorithm (:mod:`issuer.login.id_token`).
"""

from __future__ import annotations

import hmac
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import urlencode

import httpx

from issuer.login.errors import (
    BsnInvalid,
    BsnMissing,
    IdTokenSignatureInvalid,
    LoginCancelled,
    LoginExpired,
    ProviderError,
    ProviderMetadataInvalid,
    ProviderUnavailable,
    ResponseIssuerMismatch,
    StateMismatch,
    TokenRequestRefused,
)
from issuer.login.id_token import (
    ID_TOKEN_ALGORITHMS,
    IdTokenPolicy,
    ProviderKey,
    provider_key,
    verify_id_token,
)
from issuer.login.pkce import new_verifier, s256_challenge
from issuer.register.bsn import is_valid_bsn
from standards.errors import StandardsError
from standards.jose import parse_jws
from standards.urls import secure_url_parts

__all__ = [
    "LoginResult",
    "OidcClient",
    "OidcConfig",
    "PendingLogin",
    "ProviderMetadata",
]

DISCOVERY_PATH: Final = "/.well-known/openid-configuration"
MAX_DOCUMENT_SIZE: Final = 64 * 1024
"""Metadata, JWKS and token responses larger than this are refused."""
_JWKS_REFRESH_INTERVAL: Final = 60
"""An unknown ``kid`` refetches the JWKS (key rotation), at most once a minute."""


@dataclass(frozen=True, slots=True)
class OidcConfig:
    """The client's registration at its provider."""

    issuer: str
    client_id: str
    redirect_uri: str
    client_secret: str | None = None
    bsn_claim: str = "bsn"
    scope: str = "openid"
    pending_max_age: int = 600
    """Seconds between starting a login and coming back from the provider."""


@dataclass(frozen=True, slots=True)
class ProviderMetadata:
    """OpenID Connect Discovery 1.0 §3: the members this client uses."""

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    issuer_in_response: bool = False
    """RFC 9207 §3 ``authorization_response_iss_parameter_supported``."""


@dataclass(frozen=True, slots=True)
class PendingLogin:
    """What the browser's session keeps between :meth:`~OidcClient.start` and the callback."""

    state: str
    nonce: str
    verifier: str
    started_at: int

    def to_session(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "nonce": self.nonce,
            "verifier": self.verifier,
            "at": self.started_at,
        }

    @classmethod
    def from_session(cls, value: object) -> PendingLogin | None:
        if not isinstance(value, dict):
            return None
        state, nonce, verifier, at = (value.get(k) for k in ("state", "nonce", "verifier", "at"))
        if not all(isinstance(v, str) for v in (state, nonce, verifier)) or not isinstance(at, int):
            return None
        return cls(str(state), str(nonce), str(verifier), at)


@dataclass(frozen=True, slots=True)
class LoginResult:
    """A verified login: the resident's BSN, and the provider's subject for them."""

    bsn: str
    subject: str


class OidcClient:
    """An OpenID Connect relying party for one provider; see the module documentation."""

    def __init__(
        self,
        config: OidcConfig,
        http: httpx.AsyncClient,
        *,
        clock: Callable[[], float] = time.time,
        cache_seconds: int = 3600,
    ) -> None:
        self.config = config
        self.http = http
        self.clock = clock
        self.cache_seconds = cache_seconds
        self._metadata: tuple[float, ProviderMetadata] | None = None
        self._keys: tuple[float, tuple[ProviderKey, ...]] | None = None

    # --- step 1 ----------------------------------------------------------------------------

    async def start(self) -> tuple[str, PendingLogin]:
        """The authorization URL to send the browser to, and what to keep until it is back."""
        metadata = await self.metadata()
        pending = PendingLogin(
            state=secrets.token_urlsafe(24),
            nonce=secrets.token_urlsafe(24),
            verifier=new_verifier(),
            started_at=int(self.clock()),
        )
        query = {
            "response_type": "code",
            "client_id": self.config.client_id,
            "redirect_uri": self.config.redirect_uri,
            "scope": self.config.scope,
            "state": pending.state,
            "nonce": pending.nonce,
            "code_challenge": s256_challenge(pending.verifier),
            "code_challenge_method": "S256",
        }
        separator = "&" if "?" in metadata.authorization_endpoint else "?"
        return metadata.authorization_endpoint + separator + urlencode(query), pending

    # --- step 2 ----------------------------------------------------------------------------

    async def finish(self, params: Mapping[str, str], pending: PendingLogin | None) -> LoginResult:
        """Check the authorization response, redeem the code, verify the ID token: the BSN."""
        now = int(self.clock())
        if pending is None or now - pending.started_at > self.config.pending_max_age:
            raise LoginExpired("no login was started in this browser, or it took too long")
        if not hmac.compare_digest(params.get("state", ""), pending.state):
            raise StateMismatch("the state parameter is not the one this browser sent")
        metadata = await self.metadata()
        issuer = params.get("iss")
        if (issuer is not None or metadata.issuer_in_response) and issuer != metadata.issuer:
            raise ResponseIssuerMismatch("the authorization response comes from another issuer")
        error = params.get("error")
        if error == "access_denied":
            raise LoginCancelled("the login was cancelled")
        if error is not None or not params.get("code"):
            raise ProviderError(f"the provider answered {error or 'without a code'}")
        id_token = await self._redeem(metadata, params["code"], pending.verifier)
        claims = verify_id_token(
            id_token,
            await self._keys_for(id_token),
            IdTokenPolicy(metadata.issuer, self.config.client_id, pending.nonce),
            now=now,
        )
        bsn = claims.get(self.config.bsn_claim)
        if not isinstance(bsn, str) or not bsn:
            raise BsnMissing(f"the ID token has no {self.config.bsn_claim!r} claim")
        if not is_valid_bsn(bsn):
            raise BsnInvalid("the BSN in the ID token fails the 11-test")
        return LoginResult(bsn=bsn, subject=str(claims["sub"]))

    async def _redeem(self, metadata: ProviderMetadata, code: str, verifier: str) -> str:
        """RFC 6749 §4.1.3 with RFC 7636 §4.5: the code and verifier for an ID token."""
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": self.config.redirect_uri,
            "client_id": self.config.client_id,
            "code_verifier": verifier,
        }
        if self.config.client_secret:  # OpenID Connect Core §9 client_secret_post
            form["client_secret"] = self.config.client_secret
        response = await self._request("POST", metadata.token_endpoint, data=form)
        if response.status_code >= 500:  # noqa: PLR2004 - server errors
            raise ProviderUnavailable(f"the token endpoint answered {response.status_code}")
        body = _json_object(response)
        if response.status_code != 200 or body is None:  # noqa: PLR2004
            error = body.get("error") if body else None
            raise TokenRequestRefused(f"the token endpoint refused the code: {error!r}")
        id_token = body.get("id_token")
        if not isinstance(id_token, str):
            raise TokenRequestRefused("the token response holds no id_token")
        return id_token

    # --- provider metadata and keys ----------------------------------------------------------

    async def metadata(self) -> ProviderMetadata:
        """Discovery 1.0 §4: ``{issuer}/.well-known/openid-configuration``, cached."""
        now = self.clock()
        if self._metadata is not None and now - self._metadata[0] < self.cache_seconds:
            return self._metadata[1]
        url = self.config.issuer.rstrip("/") + DISCOVERY_PATH
        response = await self._request("GET", url)
        body = _json_object(response) if response.status_code == 200 else None  # noqa: PLR2004
        if body is None:
            raise ProviderUnavailable(f"the provider's metadata answered {response.status_code}")
        metadata = _parse_metadata(body, self.config.issuer)
        self._metadata = (now, metadata)
        return metadata

    async def _keys_for(self, id_token: str) -> tuple[ProviderKey, ...]:
        """The provider's keys, fetched again once when the token names an unknown ``kid``."""
        try:
            kid = parse_jws(id_token, what="ID token").header.get("kid")
        except StandardsError:
            kid = None  # verify_id_token reports the malformed token
        now = self.clock()
        cached = self._keys
        fresh = cached is not None and now - cached[0] < self.cache_seconds
        known = cached is not None and any(key.kid == kid for key in cached[1])
        recent = cached is not None and now - cached[0] < _JWKS_REFRESH_INTERVAL
        if cached is not None and fresh and (known or kid is None or recent):
            return cached[1]
        keys = await self._fetch_keys()
        self._keys = (now, keys)
        return keys

    async def _fetch_keys(self) -> tuple[ProviderKey, ...]:
        """RFC 7517 §5: the JWKS; keys we cannot use for ES256 or RS256 verification (an
        encryption key, an RSA key under 2048 bits, another ``alg``) are skipped."""
        metadata = await self.metadata()
        response = await self._request("GET", metadata.jwks_uri)
        body = _json_object(response) if response.status_code == 200 else None  # noqa: PLR2004
        entries = body.get("keys") if body else None
        if not isinstance(entries, list):
            raise ProviderUnavailable("the provider's JWKS could not be read")
        keys: list[ProviderKey] = []
        for entry in entries:
            if not isinstance(entry, dict):
                continue
            try:
                keys.append(provider_key(entry))
            except StandardsError:
                continue  # an encryption key, for instance
        if not keys:
            raise IdTokenSignatureInvalid(
                f"the provider's JWKS holds no {' or '.join(ID_TOKEN_ALGORITHMS)} signing key"
            )
        return tuple(keys)

    async def _request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        try:
            return await self.http.request(method, url, **kwargs)
        except httpx.HTTPError as exc:
            raise ProviderUnavailable(f"{method} {url} failed: {type(exc).__name__}") from exc


def _json_object(response: httpx.Response) -> dict[str, Any] | None:
    """The response body as a JSON object, or ``None`` (too large, not JSON, not an object)."""
    if len(response.content) > MAX_DOCUMENT_SIZE:
        return None
    try:
        body = response.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def _parse_metadata(body: Mapping[str, Any], issuer: str) -> ProviderMetadata:
    """Discovery 1.0 §4.3: the ``issuer`` must be exactly the one we asked; endpoints secure."""
    if body.get("issuer") != issuer:
        raise ProviderMetadataInvalid("the provider's metadata names another issuer")
    endpoints = {}
    for name in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        value = body.get(name)
        if secure_url_parts(value) is None:
            raise ProviderMetadataInvalid(f"the provider's {name} is not an https URL")
        endpoints[name] = str(value)
    methods = body.get("code_challenge_methods_supported")
    if isinstance(methods, list) and "S256" not in methods:
        raise ProviderMetadataInvalid("the provider does not support PKCE with S256")
    return ProviderMetadata(
        issuer=issuer,
        issuer_in_response=body.get("authorization_response_iss_parameter_supported") is True,
        **endpoints,
    )
