"""A small test PKI: root CA → intermediate CA → end-entity signing certificate.

The certificates carry the extensions a real CA would set (RFC 5280 §4.2): basic constraints
(critical), key usage (critical), subject and authority key identifiers. Every helper takes
``now`` so tests fix the clock; certificates are valid from one day before ``now``.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from standards import jose

__all__ = [
    "SIGNING_USAGE",
    "Chain",
    "IssuerKey",
    "der_b64",
    "make_ca",
    "make_chain",
    "make_leaf",
]

IssuerKey = ec.EllipticCurvePrivateKey
SubjectKey = ec.EllipticCurvePublicKey | rsa.RSAPublicKey

_CA_USAGE = x509.KeyUsage(
    digital_signature=False,
    content_commitment=False,
    key_encipherment=False,
    data_encipherment=False,
    key_agreement=False,
    key_cert_sign=True,
    crl_sign=True,
    encipher_only=False,
    decipher_only=False,
)
SIGNING_USAGE = x509.KeyUsage(
    digital_signature=True,
    content_commitment=False,
    key_encipherment=False,
    data_encipherment=False,
    key_agreement=False,
    key_cert_sign=False,
    crl_sign=False,
    encipher_only=False,
    decipher_only=False,
)


@dataclass(frozen=True)
class Chain:
    """A three-level chain; ``x5c`` is leaf then intermediate (RFC 7515 §4.1.6), no root."""

    root: x509.Certificate
    root_key: IssuerKey
    intermediate: x509.Certificate
    intermediate_key: IssuerKey
    leaf: x509.Certificate
    leaf_key: jose.PrivateKey
    x5c: list[str]


def der_b64(certificate: x509.Certificate) -> str:
    """RFC 7515 §4.1.6: an ``x5c`` entry is standard base64 of the DER certificate."""
    return base64.b64encode(certificate.public_bytes(serialization.Encoding.DER)).decode("ascii")


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "NL"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Regie test PKI"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _builder(
    subject: str,
    public_key: SubjectKey,
    issuer: tuple[x509.Certificate, IssuerKey] | None,
    now: datetime,
    valid_for: timedelta,
) -> x509.CertificateBuilder:
    issuer_name = issuer[0].subject if issuer else _name(subject)
    issuer_public = issuer[1].public_key() if issuer else public_key
    return (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(issuer_name)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + valid_for)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_public), critical=False
        )
    )


def make_ca(
    subject: str,
    now: datetime,
    *,
    issuer: tuple[x509.Certificate, IssuerKey] | None = None,
    path_length: int | None = None,
    valid_for: timedelta = timedelta(days=3650),
) -> tuple[x509.Certificate, IssuerKey]:
    """A P-256 CA certificate: self-signed when ``issuer`` is None, else issued by it."""
    key = ec.generate_private_key(ec.SECP256R1())
    certificate = (
        _builder(subject, key.public_key(), issuer, now, valid_for)
        .add_extension(x509.BasicConstraints(ca=True, path_length=path_length), critical=True)
        .add_extension(_CA_USAGE, critical=True)
        .sign(issuer[1] if issuer else key, hashes.SHA256())
    )
    return certificate, key


def make_leaf(
    subject: str,
    public_key: SubjectKey,
    issuer: tuple[x509.Certificate, IssuerKey],
    now: datetime,
    *,
    valid_for: timedelta = timedelta(days=365),
    key_usage: x509.KeyUsage = SIGNING_USAGE,
    san_uris: tuple[str, ...] = (),
) -> x509.Certificate:
    """An end-entity certificate for signing (``digitalSignature``), as a CA issues one;
    ``san_uris`` as subject alternative names (RFC 5280 §4.2.1.6)."""
    builder = (
        _builder(subject, public_key, issuer, now, valid_for)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(key_usage, critical=True)
    )
    if san_uris:
        names = [x509.UniformResourceIdentifier(uri) for uri in san_uris]
        builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
    return builder.sign(issuer[1], hashes.SHA256())


def make_chain(
    now: datetime,
    *,
    leaf_valid_for: timedelta = timedelta(days=365),
    root_valid_for: timedelta = timedelta(days=3650),
) -> Chain:
    """Root CA → intermediate CA → P-256 signing leaf, all valid at ``now``."""
    root, root_key = make_ca("Regie test root CA", now, path_length=1, valid_for=root_valid_for)
    intermediate, intermediate_key = make_ca(
        "Regie test intermediate CA", now, issuer=(root, root_key), path_length=0
    )
    leaf_key = jose.PrivateKey.generate()
    leaf = make_leaf(
        "Regie test issuer",
        leaf_key.key.public_key(),
        (intermediate, intermediate_key),
        now,
        valid_for=leaf_valid_for,
    )
    return Chain(
        root=root,
        root_key=root_key,
        intermediate=intermediate,
        intermediate_key=intermediate_key,
        leaf=leaf,
        leaf_key=leaf_key,
        x5c=[der_b64(leaf), der_b64(intermediate)],
    )


# RFC 7638 §3.1: the example RSA key and its thumbprint (an RSA key Regie never accepts).
RFC7638_RSA_JWK = {
    "kty": "RSA",
    "n": "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc"
    "_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0"
    "_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI"
    "4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
    "e": "AQAB",
    "alg": "RS256",
    "kid": "2011-04-29",
}
RFC7638_THUMBPRINT = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
