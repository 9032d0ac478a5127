"""The issuer's settings: one typed object, read once from ``ISSUER_*`` environment variables.

Every value has a sensible default for the embedded demo (SQLite under the data directory, the
seeded register, the test login); production sets a PostgreSQL URL, the register's URL and key,
and the OpenID Connect provider. ``docs/configuration.md`` lists them all.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Literal

from pydantic import Field, HttpUrl
from pydantic_settings import BaseSettings, SettingsConfigDict

from regie.web.cors import Origin, OriginUrl, origin_of

__all__ = ["IssuerSettings"]


class IssuerSettings(BaseSettings):
    """Settings of the municipality's credential issuer (environment prefix ``ISSUER_``)."""

    model_config = SettingsConfigDict(env_prefix="ISSUER_", frozen=True, extra="ignore")

    public_url: str = "http://127.0.0.1:8001"
    """The Credential Issuer Identifier (OpenID4VCI §12.2.1): the URL wallets reach us at."""
    data_dir: Path = Path("data/issuer")
    """Where the SQLite database and, unless ``key_dir`` is set, the signing keys live."""
    database_url: str | None = None
    """``postgresql://user@host:5432/db`` in production; default: SQLite in ``data_dir``."""
    database_pool_size: int = Field(default=10, ge=1, le=200)
    """Connections each worker keeps open (PostgreSQL pool; SQLite reader threads, one writer)."""
    key_dir: Path | None = None
    """Signing keys, outside the database (file mode 600); default ``data_dir/keys``."""
    ca_dir: Path | None = None
    """The demo certificate authority (``regie keys ca``); default ``data_dir/../ca``."""

    municipality_name: str = "Gemeente Boxtel"
    municipality_code: str = "0757"

    batch_size: int = Field(default=5, ge=1, le=50)
    """Copies per credential (OpenID4VCI §8.2 batch), each bound to its own holder key."""
    credential_lifetime_days: int = Field(default=365, ge=1)
    """A credential's ``exp``: this many days after its (rounded) ``iat``."""
    credential_time_rounding_seconds: int = Field(default=86_400, ge=1, le=7 * 86_400)
    """RFC 9901 §10.1: a copy's ``iat`` is rounded down to a multiple of this (default: the
    start of the UTC day) and its ``exp`` follows from it, so that copies of one batch, and
    everyone's credentials of the same day, carry the same times and cannot be linked by them."""
    offer_ttl_seconds: int = Field(default=300, ge=30)
    """How long a credential offer (and its pre-authorized code) can be redeemed."""
    tx_code_length: int = Field(default=6, ge=4, le=12)
    tx_code_max_attempts: int = Field(default=5, ge=1)
    """Transaction codes compared per offer, right or wrong; a wrong one on the last attempt
    locks the offer (OpenID4VCI §13.6), and further tries are refused uncompared."""
    access_token_ttl_seconds: int = Field(default=300, ge=30)
    nonce_ttl_seconds: int = Field(default=300, ge=30)
    proof_max_age_seconds: int = Field(default=300, ge=30)
    status_list_size: int = Field(default=1_000_000, ge=1024)
    """Entries per status list; indices are drawn at random (Token Status List §12.3)."""
    status_list_ttl_seconds: int = Field(default=300, ge=30)

    register_source: Literal["seeded", "haal_centraal"] = "seeded"
    haal_centraal_url: HttpUrl | None = None
    haal_centraal_api_key: str | None = None
    register_check_seconds: float = Field(default=3600, ge=0)
    """How often the issuer asks the register about its credential holders; 0: never."""
    mailbox_delivery_seconds: float = Field(default=10, ge=0, le=3600)
    """How often queued re-issue prompts are posted to residents' mailboxes, and their read
    receipts fetched back; 0: never."""
    mailbox_state_check_seconds: float = Field(default=60, ge=1, le=86400)
    """How long the issuer waits before it asks the wallet provider again whether a delivered
    prompt was read (at the next delivery round after that)."""
    housekeeping_seconds: float = Field(default=3600, ge=0, le=86400)
    """How often expired nonces, wallet attestation PoP ids, access tokens and offers are
    deleted (:mod:`issuer.housekeeping`); 0: never."""
    expired_rows_keep_hours: int = Field(default=24, ge=0, le=8760)
    """How long after their expiry those rows are kept before housekeeping deletes them."""

    @property
    def expired_rows_keep(self) -> timedelta:
        """:attr:`expired_rows_keep_hours` as the margin housekeeping keeps past expiry."""
        return timedelta(hours=self.expired_rows_keep_hours)

    login: Literal["test", "oidc"] = "test"
    """``test``: the clearly marked test login over the seeded persons; ``oidc``: a provider."""
    oidc_issuer: str | None = None
    """The provider's issuer identifier; its metadata is at ``{issuer}/.well-known/...``."""
    oidc_client_id: str | None = None
    oidc_client_secret: str | None = None
    """Sent as ``client_secret_post``; leave empty for a public client (PKCE only)."""
    oidc_bsn_claim: str = "bsn"
    """The ID token claim that holds the BSN (brokers name it differently)."""
    oidc_scope: str = "openid"
    oidc_cache_seconds: int = Field(default=3600, ge=0)
    """How long the provider's metadata and JWKS are kept (an unknown ``kid`` refetches)."""

    session_max_age_seconds: int = Field(default=900, ge=60)
    """How long a resident stays logged in (the session cookie holds the BSN, encrypted)."""
    wallet_url: OriginUrl = "http://127.0.0.1:8003"
    """The wallet app, for the same-device button: ``{wallet_url}/#/offer?...``; its origin may
    call the token, nonce, credential and notification endpoints from the browser (CORS)."""
    wallet_origins: list[Origin] = []
    """More wallet origins allowed to call those endpoints (a JSON list of ``scheme://host[:port]``)."""
    wallet_attestation: Literal["off", "optional", "required"] = "optional"
    """Wallet attestations at the token endpoint (OpenID4VCI 1.0 Appendix E): ``off`` ignores
    them, ``optional`` checks one when sent, ``required`` refuses a request without a valid one."""
    wallet_provider_trust_demo_ca: bool = True
    """Accept wallet attestations whose ``x5c`` chain leads to the demo CA."""
    wallet_provider_anchor_files: list[Path] = []
    """Root certificates (PEM files, a JSON list) of wallet providers whose attestations count."""

    def allowed_wallet_origins(self) -> frozenset[str]:
        """The browser origins that may call the wallet-only endpoints."""
        return frozenset({origin_of(self.wallet_url), *self.wallet_origins})

    def resolved_database_url(self) -> str:
        """The configured database, or SQLite in the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'issuer.sqlite').resolve()}"

    def resolved_key_dir(self) -> Path:
        return self.key_dir or self.data_dir / "keys"

    def resolved_ca_dir(self) -> Path:
        return self.ca_dir or self.data_dir.parent / "ca"
