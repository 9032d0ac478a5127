"""A relying party's request-signing key and its certificate from the demo CA.

The key is a private JWK in ``{key_dir}/{slug}.jwk`` (mode 600, made once); the certificate
(``{slug}.pem``) is issued by the demo CA with the party's SAN DNS name and kept until it
expires or no longer certifies the key, so that an ``x509_hash`` client id stays the same
across restarts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from regie.pki import DemoCA, exclusive_lock, load_or_create_private_file, write_file_atomically
from regie.pki import x5c as x5c_of
from standards.jose import PrivateKey
from standards.oid4vp import client_id_for

__all__ = ["CERTIFICATE_DAYS", "Signer", "load_signer"]

CERTIFICATE_DAYS = 365


@dataclass(frozen=True)
class Signer:
    """What signs a party's Request Objects: the key, its chain (leaf only, HAIP 1.0 §5: no
    trust anchor), and the client id the leaf certifies."""

    key: PrivateKey
    certificate: x509.Certificate
    client_id: str
    key_file: str

    @property
    def x5c(self) -> list[str]:
        return x5c_of([self.certificate])

    @property
    def certificate_pem(self) -> str:
        return self.certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")


def _usable(
    path: Path, key: PrivateKey, ca: DemoCA, now: datetime, dns_name: str
) -> x509.Certificate | None:
    """The certificate on disk, unless it expires soon, is not for this key or CA, or does not
    name ``dns_name`` (the public URL's host changed): then a new one is issued."""
    if not path.exists():
        return None
    certificate = x509.load_pem_x509_certificate(path.read_bytes())
    fresh = certificate.not_valid_after_utc > now + timedelta(days=1)
    ours = certificate.public_key() == key.key.public_key()
    signed_by_ca = certificate.issuer == ca.certificate.subject
    try:
        names = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName)
        named = dns_name in names.value.get_values_for_type(x509.DNSName)
    except x509.ExtensionNotFound:
        named = False
    return certificate if fresh and ours and signed_by_ca and named else None


def load_signer(
    key_dir: Path,
    *,
    slug: str,
    legal_name: str,
    dns_name: str,
    use_san_dns: bool,
    ca: DemoCA,
    now: datetime,
) -> Signer:
    """The party's signer, making its key and certificate the first time (idempotent)."""
    key_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    key_file = f"{slug}.jwk"
    raw = load_or_create_private_file(
        key_dir / key_file,
        lambda: json.dumps(PrivateKey.generate().to_private_jwk()).encode("utf-8"),
    )
    key = PrivateKey.from_jwk(json.loads(raw))
    pem_path = key_dir / f"{slug}.pem"
    # Workers starting together must agree on one certificate: an x509_hash client id is its
    # hash, and the Key Binding JWTs are checked against the one in the database.
    with exclusive_lock(key_dir / f".{slug}.pem.lock"):
        certificate = _usable(pem_path, key, ca, now, dns_name)
        if certificate is None:
            certificate = ca.issue_signing_certificate(
                key.key.public_key(),
                subject_cn=legal_name,
                san_dns=[dns_name],
                days=CERTIFICATE_DAYS,
                now=now,
            )
            pem = certificate.public_bytes(serialization.Encoding.PEM)
            write_file_atomically(pem_path, pem, mode=0o644)
    client_id = client_id_for(certificate, dns_name=dns_name if use_san_dns else None)
    return Signer(key=key, certificate=certificate, client_id=client_id, key_file=key_file)
