"""The embedded test login: a minimal OpenID Connect provider over the seeded test persons.

TEST ENVIRONMENT ONLY. This is not DigiD: anyone can log in as any listed test person. It exists
so that the embedded default (``ISSUER_LOGIN=test``) runs the same OpenID Connect client code as
production, over HTTP, against a provider hosted by the issuer itself at ``/test-idp``; with
``ISSUER_LOGIN=oidc`` it is not mounted at all. Its pages say so in Dutch and English.

What it does (OpenID Connect Core 1.0 §3.1, RFC 7636):

- Discovery (``/test-idp/.well-known/openid-configuration``) and a JWKS with its own ES256 key,
  kept as a private file (mode 600) in the issuer's key directory.
- ``authorize`` checks the client, the exact ``redirect_uri``, ``response_type=code``, a
  ``nonce``, ``state`` and an ``S256`` code challenge, then lets the person pick a test person.
- The authorization code is sealed (AES-256-GCM with a key derived from the issuer's secret)
  and carries its bindings: client, redirect_uri, challenge, nonce, BSN and expiry (60 s). So
  any worker can redeem it, and it is single use across workers: redeeming creates a marker file
  with ``O_CREAT | O_EXCL`` in the data directory, which only one process can do.
- ``token`` authenticates the client (``client_secret_post``), checks the code's bindings and
  the PKCE verifier, consumes the code, and returns an ES256 ID token with the BSN.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlencode

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from issuer.login.pkce import verifier_matches
from issuer.login.testpersons import TestPerson
from regie.pki import load_or_create_private_file
from standards.errors import BadBase64, StandardsError
from standards.jose import PrivateKey, b64url_decode, b64url_encode, json_loads, sign_jws

__all__ = [
    "CODE_LIFETIME",
    "KEY_FILE",
    "AuthorizationRequest",
    "RegisteredClient",
    "TestIdpError",
    "TestProvider",
    "load_or_create_key",
]

KEY_FILE: Final = "test-idp-key.jwk.json"
CODE_LIFETIME: Final = 60
"""Seconds an authorization code can be redeemed (RFC 6749 §4.1.2: short-lived)."""
ID_TOKEN_LIFETIME: Final = 300
_CHALLENGE: Final = re.compile(r"[A-Za-z0-9_-]{43}")
"""RFC 7636 §4.2: an S256 challenge is 32 octets in base64url, 43 characters."""
_PARAMETER_MAX: Final = 512
_CODE_AAD: Final = b"regie test-idp authorization code v1"
_JTI: Final = re.compile(r"[A-Za-z0-9_-]{22}")


class TestIdpError(Exception):
    """An OAuth 2.0 error (RFC 6749 §4.1.2.1, §5.2) from the test provider."""

    __test__ = False  # not a pytest test class

    def __init__(self, error: str, description: str, *, status_code: int = 400) -> None:
        super().__init__(description)
        self.error = error
        self.description = description
        self.status_code = status_code


@dataclass(frozen=True, slots=True)
class RegisteredClient:
    """A relying party the test provider knows: its redirect URIs and secret."""

    client_id: str
    redirect_uris: tuple[str, ...]
    secret: str | None = None


@dataclass(frozen=True, slots=True)
class AuthorizationRequest:
    """A checked authorization request (OpenID Connect Core §3.1.2.1, RFC 7636 §4.3)."""

    client_id: str
    redirect_uri: str
    state: str
    nonce: str
    code_challenge: str
    scope: str

    def as_form(self) -> dict[str, str]:
        """The request again, for the hidden fields of the person buttons."""
        return {
            "response_type": "code",
            "client_id": self.client_id,
            "redirect_uri": self.redirect_uri,
            "state": self.state,
            "nonce": self.nonce,
            "code_challenge": self.code_challenge,
            "code_challenge_method": "S256",
            "scope": self.scope,
        }


def load_or_create_key(directory: Path) -> PrivateKey:
    """The provider's signing key: made on first use, a private JWK with file mode 600."""
    stored = load_or_create_private_file(
        directory / KEY_FILE,
        lambda: json.dumps(PrivateKey.generate().to_private_jwk()).encode("utf-8"),
    )
    return PrivateKey.from_jwk(json_loads(stored))


class TestProvider:
    """The test provider's logic; :mod:`issuer.web.testidp` puts it on HTTP."""

    __test__ = False  # not a pytest test class

    def __init__(
        self,
        *,
        issuer: str,
        key: PrivateKey,
        secret: bytes,
        clients: Sequence[RegisteredClient],
        persons: Sequence[TestPerson],
        used_codes: Path,
        bsn_claim: str = "bsn",
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.issuer = issuer
        self.key = key
        self.clients = {client.client_id: client for client in clients}
        self.persons = tuple(persons)
        self.bsn_claim = bsn_claim
        self.clock = clock
        self._secret = secret
        self._sealer = AESGCM(hmac.new(secret, _CODE_AAD, hashlib.sha256).digest())
        self._used = used_codes

    # --- metadata ------------------------------------------------------------------------------

    def metadata(self) -> dict[str, Any]:
        """OpenID Connect Discovery 1.0 §3, with RFC 9207 and RFC 7636 members."""
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["ES256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "none"],
            "code_challenge_methods_supported": ["S256"],
            "scopes_supported": ["openid"],
            "claims_supported": ["sub", "iss", "aud", "exp", "iat", "nonce", self.bsn_claim],
            "authorization_response_iss_parameter_supported": True,
        }

    def jwks(self) -> dict[str, Any]:
        return {"keys": [{**self.key.public.to_jwk(), "use": "sig", "alg": "ES256"}]}

    # --- authorization endpoint -----------------------------------------------------------------

    def client_and_redirect(self, params: Mapping[str, str]) -> RegisteredClient:
        """RFC 6749 §4.1.2.1: a bad client or redirect URI is shown, never redirected to."""
        client = self.clients.get(params.get("client_id", ""))
        if client is None or params.get("redirect_uri") not in client.redirect_uris:
            raise TestIdpError("invalid_request", "unknown client_id or redirect_uri")
        return client

    def authorization_request(self, params: Mapping[str, str]) -> AuthorizationRequest:
        """OpenID Connect Core §3.1.2.2 and RFC 7636 §4.4: check the request before login."""
        client = self.client_and_redirect(params)
        if any(len(value) > _PARAMETER_MAX for value in params.values()):
            raise TestIdpError("invalid_request", "a parameter is too long")
        if params.get("response_type") != "code":
            raise TestIdpError("unsupported_response_type", "only response_type=code")
        if "openid" not in params.get("scope", "").split():
            raise TestIdpError("invalid_scope", "the scope must include openid")
        if params.get("code_challenge_method") != "S256" or not _CHALLENGE.fullmatch(
            params.get("code_challenge", "")
        ):
            raise TestIdpError(
                "invalid_request", "PKCE with code_challenge_method=S256 is required"
            )
        if not params.get("state") or not params.get("nonce"):
            raise TestIdpError("invalid_request", "state and nonce are required")
        return AuthorizationRequest(
            client_id=client.client_id,
            redirect_uri=params["redirect_uri"],
            state=params["state"],
            nonce=params["nonce"],
            code_challenge=params["code_challenge"],
            scope=params["scope"],
        )

    def error_redirect(self, request: Mapping[str, str], error: TestIdpError) -> str:
        """RFC 6749 §4.1.2.1: the error back at the (already checked) redirect URI."""
        query = {"error": error.error, "error_description": error.description}
        if request.get("state"):
            query["state"] = request["state"]
        return _with_query(request["redirect_uri"], {**query, "iss": self.issuer})

    def approve(self, request: AuthorizationRequest, bsn: str) -> str:
        """The person picked ``bsn``: the redirect with a fresh code (RFC 6749 §4.1.2)."""
        if bsn not in {person.bsn for person in self.persons}:
            raise TestIdpError("invalid_request", "that is not one of the test persons")
        payload = {
            "j": secrets.token_urlsafe(16),
            "c": request.client_id,
            "r": request.redirect_uri,
            "p": request.code_challenge,
            "n": request.nonce,
            "b": bsn,
            "e": int(self.clock()) + CODE_LIFETIME,
        }
        nonce = secrets.token_bytes(12)
        sealed = self._sealer.encrypt(nonce, json.dumps(payload).encode("utf-8"), _CODE_AAD)
        code = b64url_encode(nonce + sealed)
        return _with_query(
            request.redirect_uri, {"code": code, "state": request.state, "iss": self.issuer}
        )

    def cancel(self, request: AuthorizationRequest) -> str:
        """The person chose not to log in: ``access_denied`` (RFC 6749 §4.1.2.1)."""
        return self.error_redirect(
            request.as_form(), TestIdpError("access_denied", "the login was cancelled")
        )

    # --- token endpoint -------------------------------------------------------------------------

    def token(self, form: Mapping[str, str]) -> dict[str, Any]:
        """RFC 6749 §4.1.3 and RFC 7636 §4.6: redeem a code once, for an ES256 ID token."""
        if form.get("grant_type") != "authorization_code":
            raise TestIdpError("unsupported_grant_type", "only authorization_code")
        client = self.clients.get(form.get("client_id", ""))
        if client is None or (
            client.secret is not None
            and not hmac.compare_digest(form.get("client_secret", ""), client.secret)
        ):
            raise TestIdpError("invalid_client", "client authentication failed", status_code=401)
        code = self._unseal(form.get("code", ""))
        now = int(self.clock())
        if code is None or code["e"] <= now:
            raise TestIdpError("invalid_grant", "the code is unknown or expired")
        if code["c"] != client.client_id or code["r"] != form.get("redirect_uri"):
            raise TestIdpError("invalid_grant", "the code was issued to another client or URI")
        if not verifier_matches(form.get("code_verifier", ""), code["p"]):
            raise TestIdpError("invalid_grant", "the code_verifier does not match the challenge")
        if not self._consume(code["j"], code["e"], now):
            raise TestIdpError("invalid_grant", "the code was already used")
        claims = {
            "iss": self.issuer,
            "sub": self._subject(client.client_id, code["b"]),
            "aud": client.client_id,
            "iat": now,
            "exp": now + ID_TOKEN_LIFETIME,
            "auth_time": now,
            "nonce": code["n"],
            "acr": "urn:regie:test-idp:not-digid",
            self.bsn_claim: code["b"],
        }
        return {
            "access_token": secrets.token_urlsafe(32),
            "token_type": "Bearer",
            "expires_in": ID_TOKEN_LIFETIME,
            "id_token": sign_jws(claims, self.key, typ="JWT"),
        }

    def _subject(self, client_id: str, bsn: str) -> str:
        """OpenID Connect Core §8.1: a pairwise subject, not the BSN itself."""
        mac = hmac.new(self._secret, f"test-idp sub\x00{client_id}\x00{bsn}".encode(), "sha256")
        return mac.hexdigest()[:32]

    def _unseal(self, code: str) -> dict[str, Any] | None:
        if not code or len(code) > _PARAMETER_MAX:
            return None
        try:
            raw = b64url_decode(code, what="code")
            payload = json_loads(self._sealer.decrypt(raw[:12], raw[12:], _CODE_AAD))
        except (BadBase64, InvalidTag, StandardsError, ValueError):
            return None
        if not isinstance(payload, dict) or not _JTI.fullmatch(str(payload.get("j", ""))):
            return None
        return payload

    def _consume(self, jti: str, expires: int, now: int) -> bool:
        """Single use across processes: only one ``O_CREAT | O_EXCL`` of the marker succeeds."""
        self._used.mkdir(parents=True, exist_ok=True)
        self._prune(now)
        try:
            descriptor = os.open(self._used / jti, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return False
        try:
            os.write(descriptor, str(expires).encode("ascii"))
        finally:
            os.close(descriptor)
        return True

    def _prune(self, now: int) -> None:
        """Forget markers of codes that have expired anyway (they can never be redeemed)."""
        for marker in self._used.iterdir():
            try:  # an empty marker is being written: int("") fails, and it is kept
                if int(marker.read_text("ascii")) <= now - CODE_LIFETIME:
                    marker.unlink(missing_ok=True)
            except (OSError, ValueError):
                continue


def _with_query(uri: str, query: Mapping[str, str]) -> str:
    separator = "&" if "?" in uri else "?"
    return uri + separator + urlencode(query)
