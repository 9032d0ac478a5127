"""The wallet provider's own keys and the anchors it trusts, loaded once per worker.

- The attestation key signs wallet attestations; its certificate (``x5c``, HAIP 1.0 §4.4.1:
  the chain without the trust anchor) comes from ``{key_dir}/wallet-provider.pem`` when that
  file is there (production: a real CA's), else the demo CA issues one and writes it there.
- The VAPID key (RFC 8292) signs the provider's requests to push services; its public key is
  the ``applicationServerKey`` the wallet app subscribes with.
- The trust anchors: whose ``x5c`` chains may sign messages to mailboxes (the demo CA unless
  switched off, plus ``WALLET_SENDER_TRUST_ANCHOR_FILES``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from regie.pki import (
    CA_CERTIFICATE,
    DemoCA,
    exclusive_lock,
    load_or_create_private_file,
    write_file_atomically,
)
from regie.pki import x5c as x5c_of
from standards.jose import PrivateKey, b64url_encode
from wallet_api.senders import san_uris
from wallet_api.settings import WalletSettings

__all__ = ["ProviderKeys", "load_provider_keys"]

ATTESTATION_KEY = "wallet-provider.jwk"
ATTESTATION_CERTIFICATE = "wallet-provider.pem"
VAPID_KEY = "vapid.pem"
CERTIFICATE_DAYS = 365


@dataclass
class ProviderKeys:
    """The provider's signing key, the VAPID key, and the senders' anchors.

    The demo CA belongs to the issuer and verifier, which make it; the provider only reads it,
    when first needed (an attestation, a message), so it may start before them.
    """

    settings: WalletSettings
    attestation_key: PrivateKey
    vapid_key: ec.EllipticCurvePrivateKey = field(repr=False)
    configured_anchors: list[x509.Certificate]
    _chain: list[x509.Certificate] = field(default_factory=list, repr=False)
    _demo_anchor: list[x509.Certificate] = field(default_factory=list, repr=False)

    def x5c(self, now: datetime) -> list[str]:
        """The attestation key's chain without the anchor (made once, then kept)."""
        if not self._chain:
            key_dir = self.settings.resolved_key_dir()
            ca = DemoCA.load_or_create(self.settings.resolved_ca_dir(), now=now)
            self._chain = [_certificate(key_dir, self.attestation_key, ca, self.settings, now)]
        return x5c_of(self._chain)

    def trust_anchors(self) -> list[x509.Certificate]:
        """The configured anchors, and the demo CA's certificate once it exists."""
        if self.settings.sender_trust_demo_ca and not self._demo_anchor:
            path = self.settings.resolved_ca_dir() / CA_CERTIFICATE
            if path.is_file():
                self._demo_anchor = [x509.load_pem_x509_certificate(path.read_bytes())]
        return [*self._demo_anchor, *self.configured_anchors]

    @property
    def vapid_private_pem(self) -> bytes:
        return self.vapid_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )

    @property
    def application_server_key(self) -> str:
        """The VAPID public key as the Push API wants it: base64url of the uncompressed point."""
        point = self.vapid_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return b64url_encode(point)


def _new_pem_key() -> bytes:
    return ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _certificate(
    key_dir: Path, key: PrivateKey, ca: DemoCA, settings: WalletSettings, now: datetime
) -> x509.Certificate:
    path = key_dir / ATTESTATION_CERTIFICATE
    with exclusive_lock(key_dir / f".{ATTESTATION_CERTIFICATE}.lock"):
        if path.exists():
            certificate = x509.load_pem_x509_certificate(path.read_bytes())
            if (
                certificate.public_key() == key.key.public_key()
                and certificate.not_valid_after_utc > now + timedelta(days=1)
                # it names the attestations' iss (issuers check it; the URL may have changed)
                and settings.public_url in san_uris(certificate)
            ):
                return certificate
        certificate = ca.issue_signing_certificate(
            key.key.public_key(),
            subject_cn=settings.wallet_name,
            san_uris=[settings.public_url],
            days=CERTIFICATE_DAYS,
            now=now,
        )
        write_file_atomically(
            path, certificate.public_bytes(serialization.Encoding.PEM), mode=0o644
        )
        return certificate


def load_provider_keys(settings: WalletSettings) -> ProviderKeys:
    """Load (or make, the first time, idempotently across workers) the provider's keys."""
    key_dir = settings.resolved_key_dir()
    key_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    raw = load_or_create_private_file(
        key_dir / ATTESTATION_KEY,
        lambda: json.dumps(PrivateKey.generate().to_private_jwk()).encode("utf-8"),
    )
    vapid = serialization.load_pem_private_key(
        load_or_create_private_file(key_dir / VAPID_KEY, _new_pem_key), password=None
    )
    if not isinstance(vapid, ec.EllipticCurvePrivateKey):  # pragma: no cover - made above
        raise TypeError(f"{key_dir / VAPID_KEY} is not an EC key")
    anchors: list[x509.Certificate] = []
    for path in settings.sender_trust_anchor_files:
        anchors.extend(x509.load_pem_x509_certificates(Path(path).read_bytes()))
    return ProviderKeys(
        settings=settings,
        attestation_key=PrivateKey.from_jwk(json.loads(raw)),
        vapid_key=vapid,
        configured_anchors=anchors,
    )
