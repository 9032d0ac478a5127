"""OpenID4VP 1.0 §5.9 (Client Identifier Prefixes): ``x509_san_dns`` and ``x509_hash``.

HAIP 1.0 §5 makes ``x509_hash`` mandatory for signed requests; Regie also accepts
``x509_san_dns``. The prefix is "the string before the (first) ``:``" (§5.9.1), and the full
Client Identifier, prefix included, is what the wallet uses everywhere, as the KB-JWT ``aud``
too (§14.8, Appendix B.3.6).
"""

from __future__ import annotations

import hashlib
from typing import Final, NamedTuple

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from standards.errors import ClientIdCertificateMismatch, ClientIdPrefixUnsupported
from standards.jose import b64url_encode

__all__ = [
    "SUPPORTED_PREFIXES",
    "X509_HASH",
    "X509_SAN_DNS",
    "ClientId",
    "check_client_id_certificate",
    "client_id_for",
    "parse_client_id",
    "x509_hash",
]

X509_SAN_DNS: Final = "x509_san_dns"
X509_HASH: Final = "x509_hash"
SUPPORTED_PREFIXES: Final = (X509_SAN_DNS, X509_HASH)


class ClientId(NamedTuple):
    """§5.9.1: ``<client_id_prefix>:<orig_client_id>``."""

    prefix: str
    original: str

    def __str__(self) -> str:
        return f"{self.prefix}:{self.original}"


def parse_client_id(client_id: str) -> ClientId:
    """§5.9.1: split at the first ``:``; a prefix Regie does not support (or none, a
    pre-registered client, §5.9.2) raises :class:`ClientIdPrefixUnsupported` (§8.5)."""
    prefix, colon, original = client_id.partition(":")
    if not colon or prefix not in SUPPORTED_PREFIXES or not original:
        raise ClientIdPrefixUnsupported(f"client_id {client_id!r} has no supported prefix")
    return ClientId(prefix, original)


def x509_hash(certificate: x509.Certificate) -> str:
    """§5.9.3 ``x509_hash``: base64url of the SHA-256 hash of the DER-encoded certificate."""
    der = certificate.public_bytes(serialization.Encoding.DER)
    return b64url_encode(hashlib.sha256(der).digest())


def _dns_names(certificate: x509.Certificate) -> list[str]:
    try:
        san = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName)
    except x509.ExtensionNotFound:
        return []
    return san.value.get_values_for_type(x509.DNSName)


def check_client_id_certificate(client_id: ClientId, leaf: x509.Certificate) -> None:
    """§5.9.3: an ``x509_san_dns`` client id is a ``dNSName`` SAN of the leaf; an
    ``x509_hash`` one is the leaf's hash. Raises :class:`ClientIdCertificateMismatch`."""
    if client_id.prefix == X509_SAN_DNS:
        if client_id.original not in _dns_names(leaf):
            raise ClientIdCertificateMismatch("the certificate does not name this DNS name")
    elif client_id.original != x509_hash(leaf):
        raise ClientIdCertificateMismatch("x509_hash is not the hash of the certificate")


def client_id_for(leaf: x509.Certificate, *, dns_name: str | None = None) -> str:
    """The verifier's Client Identifier for its signing certificate: ``x509_san_dns:`` with
    ``dns_name`` (which must be a SAN of ``leaf``), else ``x509_hash:`` (HAIP 1.0 §5)."""
    client_id = ClientId(X509_HASH, x509_hash(leaf))
    if dns_name is not None:
        client_id = ClientId(X509_SAN_DNS, dns_name)
    check_client_id_certificate(client_id, leaf)
    return str(client_id)
