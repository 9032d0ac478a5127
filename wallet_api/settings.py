"""The wallet provider's settings: one typed object, read once from ``WALLET_*`` variables.

Every value has a default for the embedded demo (SQLite under the data directory); production
sets a PostgreSQL URL and its public https URL. ``docs/configuration.md`` lists them all.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from standards.urls import identifier_url_parts

__all__ = ["RelyingPartyRegistration", "TrustedIssuer", "WalletSettings"]

ClaimsPathPart = str | int | None
"""OpenID4VP 1.0 §7: a name, an array index, or ``null`` for every element."""


class TrustedIssuer(BaseModel):
    """One issuer on the wallet's trust list (exact Credential Issuer Identifier)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    issuer: str
    name: str | None = None

    @field_validator("issuer")
    @classmethod
    def _identifier(cls, value: str) -> str:
        if identifier_url_parts(value) is None:
            raise ValueError(f"{value!r} is no issuer identifier (https, no query or fragment)")
        return value


class RelyingPartyRegistration(BaseModel):
    """A relying party's registration (OpenID4VP 1.0 §15.3): the claims it may ask for."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    client_id: str = Field(min_length=3)
    registration: dict[str, list[list[ClaimsPathPart]]]
    purpose: dict[str, str] | None = None
    """Why it asks, per language (``{"nl": ..., "en": ...}``), shown on the consent screen."""


class WalletSettings(BaseSettings):
    """Settings of the wallet provider (environment prefix ``WALLET_``)."""

    model_config = SettingsConfigDict(env_prefix="WALLET_", frozen=True, extra="ignore")

    public_url: str = "http://127.0.0.1:8003"
    """Where residents open the wallet app; the ``aud`` of a wallet instance proof."""
    data_dir: Path = Path("data/wallet")
    """Where the SQLite database lives."""
    minify_scripts: bool = True
    """Serve the wallet app's own scripts minified (comments out); off to debug in the browser."""
    database_url: str | None = None
    """``postgresql://user@host:5432/db`` in production; default: SQLite in ``data_dir``."""
    database_pool_size: int = Field(default=10, ge=1, le=200)
    """Connections each worker keeps open (PostgreSQL pool)."""
    challenge_ttl_seconds: int = Field(default=300, ge=30, le=3600)
    """How long a registration or deletion challenge can be signed and used (once)."""
    proof_max_age_seconds: int = Field(default=300, ge=30, le=3600)
    """How old a proof's ``iat`` may be."""
    registration_rate_limit: int = Field(default=30, ge=1)
    """Challenge and registration requests per minute from one address, per worker."""

    # --- the wallet's trust list (GET /api/trust-list, wallet_api/trust.py) ----------------
    trusted_issuers: list[TrustedIssuer] = [
        TrustedIssuer(issuer="http://127.0.0.1:8001", name="Gemeente Boxtel")
    ]
    """Issuers the wallet app takes credentials from without a warning: a JSON list of
    ``{"issuer": identifier URL, "name": optional display name}``."""
    trust_demo_ca: bool = True
    """The demo CA (``ca_dir/ca.pem``, made by the issuer and verifier) is a trust anchor for
    relying parties' request objects."""
    relying_party_anchor_files: list[Path] = []
    """More root certificates (PEM files) that relying parties' ``x5c`` chains may end at; a
    JSON list."""
    relying_parties: list[RelyingPartyRegistration] = []
    """Known relying parties and the claims each is registered for: a JSON list of
    ``{"client_id", "registration": {vct: [claims path, ...]}, "purpose"?: {"nl", "en"}}``;
    the app refuses a request beyond its registration and warns about a party it does not
    know (none listed: no check)."""

    # --- issue 6: the provider's services (attestation, mailboxes, push, backup) ------------
    key_dir: Path | None = None
    """The provider's signing key and certificate and the VAPID key (mode 600); default
    ``data_dir/keys``."""
    ca_dir: Path | None = None
    """The demo certificate authority shared with the issuer and verifier; default
    ``data_dir/../ca``."""
    attestation_ttl_seconds: int = Field(default=900, ge=60, le=86400)
    """How long a wallet attestation (``oauth-client-attestation+jwt``) is valid."""
    wallet_name: str = "Regie wallet"
    """``wallet_name`` in wallet attestations (OpenID4VCI 1.0 Appendix E)."""
    sender_trust_demo_ca: bool = True
    """Accept mailbox messages signed with an ``x5c`` chain up to the demo CA."""
    sender_trust_anchor_files: list[Path] = []
    """More root certificates (PEM) for the relying parties and issuers that post to mailboxes."""
    mailbox_max_message_bytes: int = Field(default=256 * 1024, ge=1024, le=4 * 1024 * 1024)
    """The largest message (the signed JWS as posted) a mailbox accepts."""
    mailbox_rate_limit: int = Field(default=60, ge=1)
    """Messages per hour one mailbox accepts (counted in the database, over all workers)."""
    mailbox_message_max_age_seconds: int = Field(default=300, ge=30, le=3600)
    """How old a posted message's ``iat`` may be."""
    push_subject: str = "mailto:wallet@regie.invalid"
    """The VAPID ``sub`` (RFC 8292 §2.1): a ``mailto:`` or https URL push services can contact."""
    push_worker_seconds: float = Field(default=5.0, gt=0, le=3600)
    """How often the running provider looks for pushes that are due (0 is not allowed)."""
    push_retry_base_seconds: float = Field(default=30.0, gt=0, le=86400)
    """The first retry after a failed push; each next one waits twice as long."""
    push_retry_max_seconds: float = Field(default=3600.0, gt=0)
    """The longest wait between two attempts."""
    push_max_attempts: int = Field(default=8, ge=1, le=100)
    """Attempts per push before it is given up (the message itself stays in the mailbox)."""
    push_timeout_seconds: float = Field(default=10.0, gt=0, le=60)
    backup_max_bytes: int = Field(default=5 * 1024 * 1024, ge=1024, le=100 * 1024 * 1024)
    """The largest encrypted backup accepted."""
    backup_versions_kept: int = Field(default=3, ge=1, le=50)
    """Older backup versions kept next to the newest (for a restore after a bad write)."""

    def resolved_key_dir(self) -> Path:
        return self.key_dir or self.data_dir / "keys"

    def resolved_ca_dir(self) -> Path:
        return self.ca_dir or self.data_dir.parent / "ca"

    def resolved_database_url(self) -> str:
        """The configured database, or SQLite in the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'wallet.sqlite').resolve()}"
