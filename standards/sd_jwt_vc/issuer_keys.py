"""SD-JWT VC §2.5 (Issuer Verification Key Discovery and Validation) and §4 (JWT VC Issuer
Metadata): which keys may sign for which issuer.

Fetching documents is the caller's job (a service with an HTTP client); this module only
validates what was fetched and turns the trusted set into a key resolver for
:func:`standards.jose.verify_jws`. Keys never come from the token under check: ``x5c`` is
accepted only when its chain ends in a configured trust anchor.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any
from urllib.parse import urlunsplit

from cryptography import x509

from standards.errors import (
    IssuerKeyUnresolved,
    IssuerMetadataInvalid,
    IssuerMismatch,
    StandardsError,
)
from standards.jose import PublicKey, verify_x5c_chain
from standards.urls import identifier_url_parts, split_url

__all__ = ["JwtVcIssuerMetadata", "TrustedIssuers", "jwt_vc_issuer_metadata_url"]

WELL_KNOWN = "/.well-known/jwt-vc-issuer"


def _https_identifier(iss: str) -> tuple[str, str, str]:
    """§4: ``iss`` is a case-sensitive https URL with host, optional port and path, no query
    or fragment (or ``http`` to a loopback host, see :mod:`standards.urls`)."""
    parts = identifier_url_parts(iss)
    if parts is None:
        raise IssuerMetadataInvalid(f"issuer {iss!r} is not an https URL without query or fragment")
    return parts.scheme, parts.netloc, parts.path


def jwt_vc_issuer_metadata_url(iss: str) -> str:
    """§4.1: insert ``/.well-known/jwt-vc-issuer`` between host and path (no trailing ``/``)."""
    scheme, netloc, path = _https_identifier(iss)
    return urlunsplit((scheme, netloc, WELL_KNOWN + path.rstrip("/"), "", ""))


@dataclass(frozen=True, slots=True)
class JwtVcIssuerMetadata:
    """§4.2: a validated JWT VC Issuer Metadata document with its keys by value."""

    issuer: str
    keys: tuple[PublicKey, ...]

    @classmethod
    def parse(
        cls,
        document: Mapping[str, Any],
        *,
        expected_issuer: str,
        jwks: Mapping[str, Any] | None = None,
    ) -> JwtVcIssuerMetadata:
        """§4.2 and §4.3: ``issuer`` identical to ``iss``; exactly one of ``jwks``/``jwks_uri``.

        When the document names a ``jwks_uri``, the caller fetches it and passes it as
        ``jwks``.
        """
        if not isinstance(document, Mapping):
            raise IssuerMetadataInvalid("issuer metadata must be a JSON object")
        _https_identifier(expected_issuer)
        if document.get("issuer") != expected_issuer:
            raise IssuerMetadataInvalid("issuer metadata names another issuer (§4.3)")
        has_jwks, has_uri = "jwks" in document, "jwks_uri" in document
        if has_jwks == has_uri:
            raise IssuerMetadataInvalid("issuer metadata needs jwks or jwks_uri, not both")
        key_set = document["jwks"] if has_jwks else jwks
        if key_set is None:
            raise IssuerMetadataInvalid("the jwks_uri document was not supplied")
        if not isinstance(key_set, Mapping) or not isinstance(key_set.get("keys"), list):
            raise IssuerMetadataInvalid("jwks must be a JWK Set (RFC 7517 §5)")
        keys: list[PublicKey] = []
        for jwk in key_set["keys"]:
            try:
                keys.append(PublicKey.from_jwk(jwk))
            except StandardsError:
                continue  # RFC 7517 §5: ignore keys of unsupported kinds
        if not keys:
            raise IssuerMetadataInvalid("the JWK Set holds no usable key")
        return cls(issuer=expected_issuer, keys=tuple(keys))


def _names_of(certificate: x509.Certificate) -> tuple[set[str], set[str]]:
    try:
        san = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return set(), set()
    return (
        set(san.get_values_for_type(x509.UniformResourceIdentifier)),
        set(san.get_values_for_type(x509.DNSName)),
    )


@lru_cache(maxsize=256)
def _names_issuer(certificate: x509.Certificate, iss: str) -> bool:
    """§2.5: the signing certificate names ``iss`` as a SAN URI, or its host as a SAN DNS name.

    A function of the certificate's contents (hashed and compared by its DER) and ``iss``
    alone, so its answers are kept: every credential of an issuer is signed by the same
    certificate. Whether the certificate is trusted now is :func:`verify_x5c_chain`'s answer,
    asked each time before this."""
    uris, dns_names = _names_of(certificate)
    parts = split_url(iss)
    host = parts.hostname if parts is not None else None
    return iss in uris or (host is not None and host in dns_names)


@dataclass(frozen=True)
class TrustedIssuers:
    """The verifier's (or wallet's) policy: which issuers it trusts and how (§2.5).

    ``metadata`` maps an ``iss`` to its validated JWT VC Issuer Metadata (or pinned keys);
    ``trust_anchors`` are root certificates for ``x5c``-signed credentials, whose end-entity
    certificate must name the ``iss`` as a SAN URI or its host as a SAN DNS name.
    """

    metadata: Mapping[str, JwtVcIssuerMetadata] = field(default_factory=dict)
    trust_anchors: Sequence[x509.Certificate] = ()
    now: Callable[[], datetime] = lambda: datetime.now(UTC)

    def resolve(self, header: Mapping[str, Any], payload: Mapping[str, Any]) -> PublicKey:
        """A :data:`standards.jose.KeySource`: the key permitted for this issuer, or refuse."""
        iss = payload.get("iss")
        if not isinstance(iss, str):
            raise IssuerKeyUnresolved("the credential names no issuer (iss)")
        if "x5c" in header and self.trust_anchors:
            return self._from_x5c(header["x5c"], iss)
        known = self.metadata.get(iss)
        if known is None:
            raise IssuerKeyUnresolved(f"issuer {iss!r} is not trusted")
        if known.issuer != iss:  # §4.3: metadata for another issuer must not be used
            raise IssuerMetadataInvalid(f"the metadata filed under {iss!r} is another issuer's")
        kid = header.get("kid")
        candidates = [k for k in known.keys if kid is None or k.kid == kid]
        if len(candidates) != 1:
            raise IssuerKeyUnresolved(f"no single key of issuer {iss!r} matches kid {kid!r}")
        return candidates[0]

    def _from_x5c(self, x5c: Any, iss: str) -> PublicKey:
        leaf, key = verify_x5c_chain(x5c, self.trust_anchors, now=self.now())
        if not _names_issuer(leaf, iss):
            raise IssuerMismatch("the signing certificate does not name this issuer")
        return key
