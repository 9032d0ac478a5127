"""Who may post to a mailbox: a relying party (or issuer) proven by its certificate.

A sender signs what it sends as a compact JWS (RFC 7515) with ES256 and puts its certificate
chain in ``x5c`` (RFC 7515 §4.1.6), as it signs its OpenID4VP Request Objects (HAIP 1.0 §5).
The provider checks the chain up to its configured trust anchors (RFC 5280 §6), the signature
with the leaf's key (never a key from elsewhere in the token, RFC 8725 §3.10), the explicit
``typ`` (RFC 8725 §3.11), and that the leaf is the mailbox's sender: its client id in the form
of OpenID4VP 1.0 §5.9.3, ``x509_hash:<hash of the leaf>`` or ``x509_san_dns:<SAN dNSName>``.
No mutual TLS is needed: the proof travels in the body (or a header), so it works through any
proxy, and each message carries its own signature as evidence of who sent it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final

from cryptography import x509

from standards.errors import StandardsError
from standards.jose import parse_jws, verify_jws, verify_x5c_chain
from standards.oid4vp.client_id import (
    X509_HASH,
    ClientId,
    check_client_id_certificate,
    parse_client_id,
    x509_hash,
)
from standards.urls import identifier_url_parts
from wallet_api.errors import WalletError

__all__ = [
    "MESSAGE_TYP",
    "SENDER_PROOF_TYP",
    "SenderCheck",
    "VerifiedSender",
    "check_sender_id",
    "san_uris",
    "sender_of",
    "verify_sender_jws",
]

MESSAGE_TYP: Final = "mailbox-message+jwt"
SENDER_PROOF_TYP: Final = "mailbox-sender-proof+jwt"
CLOCK_SKEW: Final = timedelta(seconds=60)


@dataclass(frozen=True, slots=True)
class SenderCheck:
    """What a sender's JWS must say: for which URL (``aud``), checked when, how old at most."""

    audience: str
    now: datetime
    max_age: timedelta
    anchors: Sequence[x509.Certificate]


@dataclass(frozen=True, slots=True)
class VerifiedSender:
    """A JWS whose chain, signature, ``typ``, ``aud`` and ``iat`` were checked."""

    leaf: x509.Certificate
    payload: Mapping[str, Any]


def _refused(detail_en: str, detail_nl: str, reason: str) -> WalletError:
    return WalletError(
        "invalid_sender_proof",
        401,
        title_en="The sender could not be authenticated.",
        title_nl="De afzender kon niet worden gecontroleerd.",
        detail_en=detail_en,
        detail_nl=detail_nl,
        reason=reason,
    )


def check_sender_id(sender: str) -> str:
    """A sender as the wallet names it: an OpenID4VP 1.0 §5.9 ``x509_hash``/``x509_san_dns``
    client id (a relying party), or a Credential Issuer Identifier (OpenID4VCI 1.0 §12.2.1),
    which its certificate names as SAN URI (SD-JWT VC §2.5) whatever key signs; refused with
    ``invalid_request`` otherwise."""
    if identifier_url_parts(sender) is not None:
        return sender
    try:
        return str(parse_client_id(sender))
    except StandardsError as exc:
        raise WalletError(
            "invalid_request",
            400,
            title_en="The sender is not an x509_hash or x509_san_dns client id.",
            title_nl="De afzender is geen x509_hash- of x509_san_dns-client-id.",
            detail_en=exc.detail,
            reason=exc.code,
        ) from exc


def verify_sender_jws(token: str, *, typ: str, check: SenderCheck, max_size: int) -> VerifiedSender:
    """Verify a sender's JWS (see the module docstring); ``invalid_sender_proof`` (401) if not."""
    try:
        parsed = parse_jws(token, max_size=max_size, what="the message")
        chain = parsed.header.get("x5c")
        if not isinstance(chain, list):
            raise _refused("the JWS has no x5c", "de JWS heeft geen x5c", "sender.x5c_missing")
        leaf, key = verify_x5c_chain(chain, check.anchors, now=check.now)
        verified = verify_jws(parsed, key, typ=typ, what="the message")
    except StandardsError as exc:
        raise _refused(exc.detail, exc.title_nl, exc.code) from exc
    payload = verified.payload
    if payload.get("aud") != check.audience:
        raise _refused(
            f"aud is {payload.get('aud')!r}, not this mailbox",
            "de JWS is voor een ander adres",
            "sender.aud_mismatch",
        )
    iat = payload.get("iat")
    if not isinstance(iat, int) or isinstance(iat, bool):
        raise _refused("the JWS has no iat", "de JWS heeft geen tijdstip (iat)", "sender.iat")
    age = check.now.timestamp() - iat
    if age > check.max_age.total_seconds() or -age > CLOCK_SKEW.total_seconds():
        raise _refused(
            "the JWS is too old or from the future",
            "de JWS is te oud of komt uit de toekomst",
            "sender.iat",
        )
    return VerifiedSender(leaf, payload)


def san_uris(leaf: x509.Certificate) -> list[str]:
    """The certificate's SAN URIs (RFC 5280 §4.2.1.6), none without the extension."""
    try:
        san = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName)
    except x509.ExtensionNotFound:
        return []
    return san.value.get_values_for_type(x509.UniformResourceIdentifier)


def sender_of(leaf: x509.Certificate, pinned: str | None) -> str:
    """The sender the leaf proves: ``pinned`` if the leaf matches it, else refused (403); with
    nothing pinned yet, the leaf's ``x509_hash`` client id (trust on first use)."""
    if pinned is None:
        return str(ClientId(X509_HASH, x509_hash(leaf)))
    if identifier_url_parts(pinned) is not None:
        if pinned not in san_uris(leaf):
            raise _another_sender(
                "the certificate does not name this issuer (SAN URI)", "sender.san_uri_mismatch"
            )
        return pinned
    try:
        check_client_id_certificate(parse_client_id(pinned), leaf)
    except StandardsError as exc:
        raise _another_sender(exc.detail, exc.code) from exc
    return pinned


def _another_sender(detail: str, reason: str) -> WalletError:
    return WalletError(
        "sender_not_allowed",
        403,
        title_en="This mailbox belongs to another sender.",
        title_nl="Deze brievenbus hoort bij een andere afzender.",
        detail_en=detail,
        reason=reason,
    )
