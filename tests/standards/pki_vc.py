"""Issuer certificates for SD-JWT VC §2.5 (x5c): a chain whose leaf names the issuer.

Builds on :mod:`tests.standards.pki` (its CAs and key usage); what it adds is the leaf's
Subject Alternative Name, which ties the signing certificate to an ``iss`` (a SAN URI equal
to ``iss``, or a SAN DNS name equal to its host).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.x509.oid import NameOID

from standards import jose
from tests.standards.pki import SIGNING_USAGE, IssuerKey, der_b64, make_ca

__all__ = ["IssuerChain", "make_issuer_chain"]


@dataclass(frozen=True)
class IssuerChain:
    """Root CA → intermediate CA → issuer leaf; ``x5c`` is leaf then intermediate."""

    root: x509.Certificate
    leaf_key: jose.PrivateKey
    x5c: list[str]


def _leaf(
    key: jose.PrivateKey,
    issuer: tuple[x509.Certificate, IssuerKey],
    now: datetime,
    names: Sequence[x509.GeneralName],
) -> x509.Certificate:
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Regie test issuer")]))
        .issuer_name(issuer[0].subject)
        .public_key(key.key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(SIGNING_USAGE, critical=True)
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(key.key.public_key()), critical=False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer[1].public_key()),
            critical=False,
        )
    )
    if names:
        builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
    return builder.sign(issuer[1], hashes.SHA256())


def make_issuer_chain(
    now: datetime, *, uris: Sequence[str] = (), dns_names: Sequence[str] = ()
) -> IssuerChain:
    """A fresh P-256 issuer chain valid at ``now``; the leaf's SAN holds ``uris``/``dns_names``."""
    root = make_ca("Regie VC test root CA", now, path_length=1)
    intermediate = make_ca("Regie VC test intermediate CA", now, issuer=root, path_length=0)
    key = jose.PrivateKey.generate()
    names: list[x509.GeneralName] = [x509.UniformResourceIdentifier(u) for u in uris]
    names += [x509.DNSName(d) for d in dns_names]
    leaf = _leaf(key, intermediate, now, names)
    return IssuerChain(root=root[0], leaf_key=key, x5c=[der_b64(leaf), der_b64(intermediate[0])])
