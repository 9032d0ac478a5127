"""Cross-origin access for the endpoints a browser wallet calls, and for nothing else.

The wallet app runs on its own origin and calls the issuer and the verifier with ``fetch``.
Litestar's ``CORSConfig`` holds one policy for a whole application, and would also answer
preflights for the resident's pages, the login and the back office; here each protocol
:class:`~litestar.Router` gets its own policy through :meth:`CrossOrigin.middleware`, so the
rest of the service stays same-origin only.

Two kinds of policy:

- :meth:`CrossOrigin.public`: documents any wallet (or verifier) may read, without credentials:
  metadata, type metadata, status lists, an offer by reference, a request object.
  ``Access-Control-Allow-Origin: *`` on every answer.
- :meth:`CrossOrigin.wallets`: endpoints that take a bearer token or a wallet's response: only
  the configured wallet origins, echoed, with ``Vary: Origin`` on every answer.

Never ``Access-Control-Allow-Credentials``: no endpoint here reads cookies. Errors pass through
the same middleware (Litestar puts its exception handler inside route middleware), so a wallet
can read why its call failed. A preflight is answered here with 204 and never reaches a handler;
one that asks for what the policy does not allow gets 204 without ``Allow-*`` headers, which the
browser refuses.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlsplit

from litestar.datastructures import Headers, MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.middleware import DefineMiddleware
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from pydantic import AfterValidator

__all__ = ["CrossOrigin", "Origin", "OriginUrl", "origin_of"]

# Request headers a browser sends without a preflight whatever their value (Fetch: CORS-safelisted
# request-headers). ``Content-Type`` is one only for forms and plain text, so JSON must be allowed.
_SAFELISTED = frozenset({"accept", "accept-language", "content-language"})


def origin_of(url: str, *, exact: bool = False) -> str:
    """The serialised origin of ``url`` (``scheme://host[:port]``, lower case, default port
    dropped), as a browser sends it in ``Origin``; :class:`ValueError` for anything else.

    ``exact``: ``url`` must be an origin itself (no path, query, fragment or user).
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in {"http", "https"} or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {url!r}")
    extra = parts.path not in {"", "/"} or parts.query or parts.fragment or parts.username
    if exact and extra:
        raise ValueError(f"an origin has no path, query, fragment or user: {url!r}")
    port = parts.port
    default = {"http": 80, "https": 443}[scheme]
    host = parts.hostname.lower()
    if ":" in host:  # IPv6
        host = f"[{host}]"
    return f"{scheme}://{host}" if port in {None, default} else f"{scheme}://{host}:{port}"


def _has_an_origin(url: str) -> str:
    origin_of(url)
    return url


OriginUrl = Annotated[str, AfterValidator(_has_an_origin)]
"""A setting holding an http(s) URL that has an origin (kept as written), such as a wallet's."""
Origin = Annotated[str, AfterValidator(lambda value: origin_of(value, exact=True))]
"""A setting holding an origin ``scheme://host[:port]`` (nothing more), serialised."""


@dataclass(frozen=True)
class CrossOrigin:
    """Who may read a router's answers from another origin, with which methods and headers."""

    origins: frozenset[str] | None
    """The allowed origins; ``None``: any (``*``)."""
    methods: tuple[str, ...]
    headers: tuple[str, ...] = ()
    """Request headers beyond the safelisted ones (``Authorization``, ``DPoP``, ...)."""
    expose: tuple[str, ...] = ()
    """Response headers the wallet may read beyond the safelisted ones."""
    max_age: int = 600

    @classmethod
    def public(
        cls, methods: Iterable[str], *, headers: Iterable[str] = (), expose: Iterable[str] = ()
    ) -> CrossOrigin:
        return cls(None, tuple(methods), tuple(headers), tuple(expose))

    @classmethod
    def wallets(
        cls,
        origins: Iterable[str],
        methods: Iterable[str],
        *,
        headers: Iterable[str] = (),
        expose: Iterable[str] = (),
    ) -> CrossOrigin:
        return cls(frozenset(origins), tuple(methods), tuple(headers), tuple(expose))

    def middleware(self) -> DefineMiddleware:
        """For ``Router(..., middleware=[policy.middleware()])``."""
        return DefineMiddleware(CrossOriginMiddleware, policy=self)

    def allow_origin(self, origin: str | None) -> str | None:
        """The ``Access-Control-Allow-Origin`` value for a request from ``origin``, if any."""
        if self.origins is None:
            return "*"
        return origin if origin is not None and origin in self.origins else None

    def preflight_headers(self, origin: str, method: str, requested: str) -> dict[str, str]:
        """The answer's headers to a preflight; without ``Allow-*`` when it asks too much."""
        headers: dict[str, str] = {} if self.origins is None else {"Vary": "Origin"}
        asked = {h.strip().lower() for h in requested.split(",") if h.strip()}
        allowed = _SAFELISTED | {h.lower() for h in self.headers}
        allow_origin = self.allow_origin(origin)
        if allow_origin is None or method not in self.methods or not asked <= allowed:
            return headers
        headers["Access-Control-Allow-Origin"] = allow_origin
        headers["Access-Control-Allow-Methods"] = ", ".join(self.methods)
        if self.headers:
            headers["Access-Control-Allow-Headers"] = ", ".join(self.headers)
        headers["Access-Control-Max-Age"] = str(self.max_age)
        return headers


class CrossOriginMiddleware:
    """Answers preflights and adds the CORS headers to every answer of the routes it wraps."""

    def __init__(self, app: ASGIApp, policy: CrossOrigin) -> None:
        self.app = app
        self.policy = policy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        request_headers = Headers.from_scope(scope)
        origin = request_headers.get("origin")
        method = request_headers.get("access-control-request-method")
        if scope.get("method") == "OPTIONS" and origin is not None and method is not None:
            requested = request_headers.get("access-control-request-headers", "")
            headers = self.policy.preflight_headers(origin, method, requested)
            raw = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
            await send({"type": "http.response.start", "status": 204, "headers": raw})
            await send({"type": "http.response.body", "body": b"", "more_body": False})
            return
        policy = self.policy

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableScopeHeaders.from_message(message)
                allow_origin = policy.allow_origin(origin)
                if policy.origins is not None:
                    vary = headers.get("vary")
                    headers["Vary"] = f"{vary}, Origin" if vary else "Origin"
                if allow_origin is not None:
                    headers["Access-Control-Allow-Origin"] = allow_origin
                    if policy.expose:
                        headers["Access-Control-Expose-Headers"] = ", ".join(policy.expose)
            await send(message)

        await self.app(scope, receive, send_with_cors)
