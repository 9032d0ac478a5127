"""The JavaScript tests' certificates (``tests/pwa/js/fixtures/pki.json``), made with Python's
``cryptography`` so the wallet's DER reader is tested on certificates it did not write.

Run ``python -m tests.pwa.pki_fixture`` to write the file again. The certificates are valid
from 2025 to 2125 (UTCTime before 2050, GeneralizedTime after, RFC 5280 §4.1.2.5), except the
expired one. ``test_cross_language.py`` checks that the file matches what this module makes.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from standards import jose
from tests.standards.pki import SIGNING_USAGE, der_b64, make_ca

__all__ = ["FIXTURE", "RP_DNS", "build_fixture", "write_fixture"]

FIXTURE = Path(__file__).resolve().parent / "js" / "fixtures" / "pki.json"
RP_DNS = "rp.example.nl"
FROM = datetime(2025, 1, 1, tzinfo=UTC)
UNTIL = datetime(2125, 1, 1, tzinfo=UTC)


def _name(common_name: str, organisation: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "NL"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


CA_NOW = datetime(2025, 1, 2, tzinfo=UTC)
"""``make_ca`` starts validity one day before ``now``: 2025-01-01."""
CA_VALID_FOR = UNTIL - CA_NOW
IssuerKey = ec.EllipticCurvePrivateKey


def _leaf(
    public: ec.EllipticCurvePublicKey,
    issuer: tuple[x509.Certificate, IssuerKey],
    *,
    uri: str | None = None,
    valid: tuple[datetime, datetime] = (FROM, UNTIL),
) -> x509.Certificate:
    """A relying party's signing certificate, SAN DNS ``RP_DNS`` (and ``uri`` if given)."""
    names: list[x509.GeneralName] = [x509.DNSName(RP_DNS)]
    if uri:
        names.append(x509.UniformResourceIdentifier(uri))
    return (
        x509.CertificateBuilder()
        .subject_name(_name("Woningcorporatie Test", "Woningcorporatie De Test"))
        .issuer_name(issuer[0].subject)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(valid[0])
        .not_valid_after(valid[1])
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(SIGNING_USAGE, critical=True)
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .sign(issuer[1], hashes.SHA256())
    )


def _pem(certificate: x509.Certificate) -> str:
    return certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")


def build_fixture() -> dict[str, Any]:
    """Root → intermediate → relying party leaf (SAN DNS and URI); a second, untrusted root
    with its own leaf; an expired leaf; and a CA certificate used as a signer."""
    root = make_ca("Regie wallet test root CA", CA_NOW, path_length=1, valid_for=CA_VALID_FOR)
    mid = make_ca(
        "Regie wallet test intermediate CA",
        CA_NOW,
        issuer=root,
        path_length=0,
        valid_for=CA_VALID_FOR,
    )
    leaf_key = jose.PrivateKey.generate()
    public = leaf_key.key.public_key()
    leaf = _leaf(public, mid, uri=f"https://{RP_DNS}")
    expired_validity = (datetime(2000, 1, 1, tzinfo=UTC), datetime(2001, 1, 1, tzinfo=UTC))
    expired = _leaf(public, mid, valid=expired_validity)
    ca_signer, _ = make_ca("Woningcorporatie Test", CA_NOW, issuer=mid, valid_for=CA_VALID_FOR)
    other = make_ca("Untrusted root CA", CA_NOW, valid_for=CA_VALID_FOR)
    return {
        "root": _pem(root[0]),
        "other_root": _pem(other[0]),
        "leaf_private_jwk": leaf_key.to_private_jwk(),
        "rp_dns": RP_DNS,
        "x5c": [der_b64(leaf), der_b64(mid[0])],
        "x5c_expired": [der_b64(expired), der_b64(mid[0])],
        "x5c_ca_signer": [der_b64(ca_signer), der_b64(mid[0])],
        "x5c_untrusted": [der_b64(_leaf(public, other))],
        "x5c_with_root": [der_b64(leaf), der_b64(mid[0]), der_b64(root[0])],
    }


def write_fixture(path: Path = FIXTURE) -> None:
    path.write_text(json.dumps(build_fixture(), indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write_fixture()
