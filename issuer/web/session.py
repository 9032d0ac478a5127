"""The resident's session: a signed and encrypted cookie that holds the BSN while logged in.

Litestar's client-side session backend (AES-256-GCM; the key is derived from the issuer's
secret, so every worker shares it and nothing is stored on the server). The cookie is
``regie_issuer_session`` (never clashing with piccolo-admin's ``id`` and ``csrftoken``),
``HttpOnly``, ``SameSite=Lax``, ``Secure`` when the issuer is served over https, and lives
``session_max_age_seconds`` (15 minutes by default) from the last page; the login itself
expires the same time after it happened, whatever the cookie says.

What the session holds:

- ``login``: between starting a login and the provider's callback, the
  :class:`~issuer.login.oidc.PendingLogin` (state, nonce, PKCE verifier);
- ``bsn`` and ``login_at``: the logged-in resident;
- ``offer``: the last offer made (its id, transaction code, expiry and credentials), because
  the transaction code is stored nowhere else in readable form.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from litestar.connection import ASGIConnection
from litestar.middleware.session.client_side import ClientSideSessionBackend, CookieBackendConfig

__all__ = [
    "CSRF_COOKIE",
    "LANG_COOKIE",
    "SESSION_COOKIE",
    "SessionOffer",
    "derive_key",
    "logged_in_bsn",
    "session_config",
]

SESSION_COOKIE: Final = "regie_issuer_session"
CSRF_COOKIE: Final = "regie_issuer_csrf"
LANG_COOKIE: Final = "regie_issuer_lang"


def derive_key(secret: bytes, purpose: str) -> bytes:
    """A 32-byte key for one purpose, derived from the issuer's secret (HMAC-SHA256)."""
    return hmac.new(secret, f"regie issuer web: {purpose}".encode(), hashlib.sha256).digest()


class _TolerantBackend(ClientSideSessionBackend):
    """A cookie that cannot be read is no session, never an error page."""

    def __deepcopy__(self, memo: dict[int, Any]) -> _TolerantBackend:
        """Litestar copies routers when it registers them; the cipher inside cannot be copied."""
        return self

    async def load_from_connection(
        self, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> dict[str, Any]:
        try:
            return await super().load_from_connection(connection)
        except Exception:  # noqa: BLE001 - whatever a forged cookie triggers: start afresh
            return {}


class _Config(CookieBackendConfig):
    _backend_class = _TolerantBackend


def session_config(secret: bytes, *, max_age: int, secure: bool) -> CookieBackendConfig:
    """The session cookie's settings; see the module documentation."""
    return _Config(
        secret=derive_key(secret, "session"),
        key=SESSION_COOKIE,
        max_age=max_age,
        httponly=True,
        samesite="lax",
        secure=secure,
        path="/",
    )


def logged_in_bsn(session: Mapping[str, Any], *, now: datetime, max_age: int) -> str | None:
    """The resident's BSN while their login is younger than ``max_age`` seconds."""
    bsn, login_at = session.get("bsn"), session.get("login_at")
    if not isinstance(bsn, str) or not isinstance(login_at, int):
        return None
    age = now.timestamp() - login_at
    return bsn if 0 <= age < max_age else None


@dataclass(frozen=True, slots=True)
class SessionOffer:
    """The last offer made in this session, as the offer page shows it."""

    offer_id: str
    tx_code: str
    expires_at: datetime
    configuration_ids: tuple[str, ...]

    def to_session(self) -> dict[str, Any]:
        return {
            "id": self.offer_id,
            "tx": self.tx_code,
            "exp": int(self.expires_at.timestamp()),
            "ids": list(self.configuration_ids),
        }

    @classmethod
    def from_session(cls, value: object) -> SessionOffer | None:
        if not isinstance(value, dict):
            return None
        offer_id, tx_code, expires, ids = (value.get(k) for k in ("id", "tx", "exp", "ids"))
        if not (
            isinstance(offer_id, str) and isinstance(tx_code, str) and isinstance(expires, int)
        ):
            return None
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            return None
        return cls(offer_id, tx_code, datetime.fromtimestamp(expires, UTC), tuple(ids))
