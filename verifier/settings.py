"""The verifier's settings: one typed object, read once from ``VERIFIER_*`` environment variables.

Every value has a sensible default for the embedded demo (SQLite under the data directory, the
local issuer as the one trusted issuer, the demo CA shared with the issuer); production sets a
PostgreSQL URL, its own public URL and the issuers it trusts. ``docs/configuration.md`` lists
them all.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any, Literal, Self

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from regie.web.cors import Origin, OriginUrl
from standards.errors import StandardsError
from verifier.verification.trust import pinned_metadata

__all__ = ["VerifierSettings"]


class VerifierSettings(BaseSettings):
    """Settings of the relying parties' verifier (environment prefix ``VERIFIER_``)."""

    model_config = SettingsConfigDict(env_prefix="VERIFIER_", frozen=True, extra="ignore")

    public_url: str = "http://127.0.0.1:8002"
    """The URL wallets and residents reach the verifier at (request_uri, response_uri)."""
    wallet_url: OriginUrl = "http://127.0.0.1:8003"
    """The wallet app, for the same-device button: ``{wallet_url}/#/present?client_id=...``
    (the QR code stays ``openid4vp://`` for any wallet)."""
    wallet_origins: list[Origin] = ["http://127.0.0.1:8003"]
    """Browser wallets allowed to post responses (CORS): a JSON list of ``scheme://host[:port]``."""
    data_dir: Path = Path("data/verifier")
    """Where the SQLite database and, unless ``key_dir`` is set, the keys live."""
    database_url: str | None = None
    """``postgresql://user@host:5432/db`` in production; default: SQLite in ``data_dir``."""
    database_pool_size: int = Field(default=10, ge=1, le=200)
    """Connections each worker keeps open (PostgreSQL pool; SQLite reader threads, one writer)."""
    key_dir: Path | None = None
    """The relying parties' signing keys and the verifier secret (mode 600); default
    ``data_dir/keys``."""
    ca_dir: Path | None = None
    """The demo certificate authority, shared with the issuer; default ``data_dir/../ca``."""

    trusted_issuers: list[str] = ["http://127.0.0.1:8001"]
    """Issuers whose keys come from their JWT VC Issuer Metadata (SD-JWT VC §4); a JSON list."""
    trust_demo_ca: bool = True
    """Also accept credentials signed with an ``x5c`` chain up to the demo CA (pinned anchor)."""
    trust_anchor_files: list[Path] = []
    """More pinned root certificates (PEM files) for ``x5c``-signed credentials; a JSON list."""
    pinned_issuer_jwks: dict[str, dict[str, Any]] = {}
    """Issuers trusted with pinned keys instead of fetched metadata: a JSON object
    ``{issuer URL: JWKS}`` (the issuer is trusted; its metadata is never fetched)."""
    issuer_metadata_ttl_seconds: int = Field(default=3600, ge=0)
    """How long a trusted issuer's metadata and keys are kept before they are fetched again."""

    mailbox_delivery_seconds: float = Field(default=5, ge=0, le=3600)
    """How often officers' status and result messages are posted to the cases' mailboxes (and
    read receipts fetched back); 0: never."""
    mailbox_state_check_seconds: float = Field(default=60, ge=1, le=86400)
    """How long the verifier waits before it asks the wallet provider again whether a delivered
    message was read (at the next delivery round after that)."""
    transaction_ttl_seconds: int = Field(default=120, ge=30, le=3600)
    """How long a presentation request can be answered; the RP page shows a new QR after it."""
    response_mode: Literal["direct_post.jwt", "direct_post"] = "direct_post.jwt"
    """OpenID4VP §8.3: encrypted responses by default; ``direct_post`` only as a fallback."""
    encryption_enc_values: list[Literal["A128GCM", "A256GCM"]] = ["A128GCM", "A256GCM"]
    """The content encryption the verifier accepts (``encrypted_response_enc_values_supported``)."""
    max_response_bytes: int = Field(default=256 * 1024, ge=1024)
    """Larger bodies at the response endpoint are refused unread."""

    status_list_cache_seconds: int = Field(default=300, ge=0)
    """How long a fetched status list is used (shorter if its ``ttl`` or ``exp`` says so)."""
    status_list_timeout_seconds: float = Field(default=5.0, gt=0, le=60)
    status_list_max_bytes: int = Field(default=2 * 1024 * 1024, ge=1024)
    status_list_cache_entries: int = Field(default=100, ge=1)
    status_list_retry_seconds: float = Field(default=10, ge=0, le=3600)
    """After a status list or an issuer's metadata could not be fetched, how long it is not
    asked for again (checks meanwhile find the list unavailable at once; the issuer keeps the
    keys of its last metadata); 0: ask every time."""
    reject_when_status_unreachable: bool = True
    """Refuse a credential whose status list cannot be fetched (rather than accept it unchecked)."""

    evidence_retention_days: int = Field(default=90, ge=1)
    """How long a case keeps the presentation as received before it is purged."""
    intake_minutes: int = Field(default=60, ge=5, le=24 * 60)
    """How long the resident's browser may open and submit the intake form after sharing
    (the lifetime of its intake cookie)."""
    abandoned_claims_hours: int = Field(default=24, ge=1)
    """How long verified claims wait on a transaction that did not become a case; then they
    are purged. At least the intake window (``intake_minutes``)."""
    zgw_endpoint: str | None = None
    """A ZGW Zaken API to push new cases to (``.../zaken/api/v1``); none: cases stay here."""
    zgw_token: str | None = None
    """The bearer token for ``zgw_endpoint``."""
    zgw_timeout_seconds: float = Field(default=10.0, gt=0, le=120)
    """How long one request to ``zgw_endpoint`` may take before the push is counted failed
    (and tried again next round)."""
    demo_officers: bool = False
    """Make one test officer per relying party, passwords in ``data_dir/demo-officers.txt``
    (``regie demo`` turns it on; refused with an ``https`` public URL)."""
    case_tasks_seconds: int = Field(default=300, ge=0)
    """How often the running verifier purges due evidence and pushes queued cases (0: never)."""
    zgw_rsin: str = "002220647"
    """The RSIN sent as ``bronorganisatie`` in the ZGW export (default: a demo value)."""
    issuer_names: dict[str, str] = {"http://127.0.0.1:8001": "Gemeente Boxtel"}
    """Display names of trusted issuers, for "gevalideerd door ..." on the intake form; a JSON
    object ``{issuer URL: name}`` (an issuer without a name is shown by its URL)."""

    @field_validator("pinned_issuer_jwks")
    @classmethod
    def _pinned_keys_are_key_sets(
        cls, pinned: dict[str, dict[str, Any]]
    ) -> dict[str, dict[str, Any]]:
        try:
            pinned_metadata(pinned)
        except StandardsError as exc:
            raise ValueError(f"VERIFIER_PINNED_ISSUER_JWKS: {exc.detail}") from exc
        return pinned

    @model_validator(mode="after")
    def _claims_outlive_the_intake(self) -> Self:
        if self.abandoned_claims_hours * 60 < self.intake_minutes:
            raise ValueError(
                "VERIFIER_ABANDONED_CLAIMS_HOURS must cover VERIFIER_INTAKE_MINUTES: the claims"
                " would be purged while the resident may still submit the form"
            )
        return self

    @property
    def https(self) -> bool:
        """Served over https (``public_url``): cookies are ``Secure``, the back office runs in
        production mode, and no demo officers are made."""
        return self.public_url.startswith("https://")

    @property
    def intake_window(self) -> timedelta:
        return timedelta(minutes=self.intake_minutes)

    @property
    def abandoned_claims_after(self) -> timedelta:
        return timedelta(hours=self.abandoned_claims_hours)

    def resolved_database_url(self) -> str:
        """The configured database, or SQLite in the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'verifier.sqlite').resolve()}"

    def resolved_key_dir(self) -> Path:
        return self.key_dir or self.data_dir / "keys"

    def resolved_ca_dir(self) -> Path:
        return self.ca_dir or self.data_dir.parent / "ca"
