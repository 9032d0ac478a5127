"""OAuth 2.0 Attestation-Based Client Authentication ("ABCA",
draft-ietf-oauth-attestation-based-client-auth-07, the version OpenID4VCI 1.0 cites) as
OpenID4VCI 1.0 Appendix E ("Wallet Attestations in JWT format") and HAIP 1.0 §4.4.1 use it:
the wallet authenticates to the Authorization Server with a Client Attestation JWT from its
wallet provider (ABCA §5.1) and a Client Attestation PoP JWT signed with the instance key the
attestation binds (ABCA §5.2), in the headers ``OAuth-Client-Attestation`` and
``OAuth-Client-Attestation-PoP`` (ABCA §6.1).

The checks, in the order of ABCA §9 ("Verification and Processing"):

1. §6.2 steps 1-2: precisely one of each header, each one token68 value and one JWT
   (:func:`client_attestation_headers`);
2. §5.1: ``typ`` ``oauth-client-attestation+jwt``; §9 step 4: ``alg`` ES256 only;
3. §9 step 5 with Appendix E ("signed by an issuer that the Credential Issuer trusts") and HAIP
   1.0 §4.4.1: the ``x5c`` chain, without its trust anchor, leads to a configured wallet-provider
   anchor, the leaf names ``iss`` as SAN URI, and its key verifies the signature. No key is ever
   taken from elsewhere in the token (RFC 8725 §3.10);
4. §5.1: ``iss``, ``sub``, ``exp``, ``cnf.jwk`` present; ``exp`` not passed, ``nbf``/``iat``
   not in the future (clock skew allowed); §9 step 6: the ``cnf`` key is public;
5. §5.2: ``typ`` ``oauth-client-attestation-pop+jwt``; §6.2 step 3 and §9 step 7: signed by the
   ``cnf`` key; ``iss`` is the attestation's ``sub`` (§5.2 rule 4); ``aud`` is the server's RFC
   8414 issuer identifier (§9 step 10); ``jti`` present; ``iat`` within the window (§9 step 9);
   the server's ``challenge`` when it gave one (§9 step 8);
6. §6.3 and §9 step 13: a ``client_id`` sent with the request is the attestation's ``sub``.

Replay of a PoP (§12.1, §9 step 12) needs a store of seen ``jti`` values, the caller's: the
result carries ``jti`` and the moment until which it must be remembered.

Every failure is a :class:`~standards.errors.ClientAttestationInvalid`, OAuth ``invalid_client``
(RFC 6749 §5.2; ABCA §6.2 allows no other code for these but its challenge and freshness ones,
which this module does not raise). Pure: the clock and the trust anchors are parameters.
"""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, TypeGuard

from cryptography import x509

from standards.errors import (
    AlgorithmNotAllowed,
    CertificateChainInvalid,
    ClientAttestationAlgorithmNotAllowed,
    ClientAttestationClaimsInvalid,
    ClientAttestationClientIdMismatch,
    ClientAttestationExpired,
    ClientAttestationHeaderInvalid,
    ClientAttestationInvalid,
    ClientAttestationKeyInvalid,
    ClientAttestationMalformed,
    ClientAttestationNotYetValid,
    ClientAttestationPopAudienceMismatch,
    ClientAttestationPopChallengeMismatch,
    ClientAttestationPopIssuerMismatch,
    ClientAttestationPopJtiInvalid,
    ClientAttestationPopSignatureInvalid,
    ClientAttestationPopTimeInvalid,
    ClientAttestationPopTypMismatch,
    ClientAttestationSignatureInvalid,
    ClientAttestationTypMismatch,
    ClientAttestationUntrusted,
    InvalidJWK,
    KeyAlgorithmMismatch,
    KeyFromHeaderRefused,
    SignatureEncodingInvalid,
    SignatureInvalid,
    StandardsError,
    TypMismatch,
)
from standards.jose import (
    DEFAULT_ALGORITHMS,
    PrivateKey,
    PublicKey,
    b64url_encode,
    sign_jws,
    verify_jws,
    x5c_key_resolver,
)

__all__ = [
    "ATTESTATION_HEADER",
    "ATTESTATION_TYP",
    "AUTH_METHOD",
    "POP_HEADER",
    "POP_TYP",
    "AttestationPolicy",
    "VerifiedClientAttestation",
    "client_attestation_headers",
    "create_client_attestation_pop",
    "verify_client_attestation",
]

ATTESTATION_TYP: Final = "oauth-client-attestation+jwt"
"""ABCA §5.1 (OpenID4VCI 1.0 Appendix E)."""
POP_TYP: Final = "oauth-client-attestation-pop+jwt"
"""ABCA §5.2."""
ATTESTATION_HEADER: Final = "OAuth-Client-Attestation"
POP_HEADER: Final = "OAuth-Client-Attestation-PoP"
"""ABCA §6.1: the two request header fields (names compare case-insensitively, RFC 9110)."""
AUTH_METHOD: Final = "attest_jwt_client_auth"
"""ABCA §10.1 and §13.4: the ``token_endpoint_auth_methods_supported`` value."""
MAX_ATTESTATION_SIZE: Final = 16 * 1024
"""Regie's bound on each header value (characters): an attestation with a two-certificate
``x5c`` is about 2 KB, a PoP about 400 characters (ABCA §10.4 on header sizes)."""
MAX_JTI_LENGTH: Final = 256
_TOKEN68: Final = re.compile(r"[A-Za-z0-9\-._~+/]+=*")
"""RFC 9110 §11.2 ``token68``, the syntax of both header values (ABCA §6.1)."""
_JOSE: Final[tuple[tuple[type[StandardsError], type[ClientAttestationInvalid]], ...]] = (
    (TypMismatch, ClientAttestationTypMismatch),
    (AlgorithmNotAllowed, ClientAttestationAlgorithmNotAllowed),
    (KeyFromHeaderRefused, ClientAttestationUntrusted),
    (CertificateChainInvalid, ClientAttestationUntrusted),
    (KeyAlgorithmMismatch, ClientAttestationSignatureInvalid),
    (SignatureEncodingInvalid, ClientAttestationSignatureInvalid),
    (SignatureInvalid, ClientAttestationSignatureInvalid),
)
"""Each JOSE failure of the attestation as the ABCA check it is; anything else is malformed."""
_JOSE_POP: Final[tuple[tuple[type[StandardsError], type[ClientAttestationInvalid]], ...]] = (
    (TypMismatch, ClientAttestationPopTypMismatch),
    (AlgorithmNotAllowed, ClientAttestationAlgorithmNotAllowed),
    (KeyAlgorithmMismatch, ClientAttestationPopSignatureInvalid),
    (SignatureEncodingInvalid, ClientAttestationPopSignatureInvalid),
    (SignatureInvalid, ClientAttestationPopSignatureInvalid),
)
"""The same for the PoP JWT."""


@dataclass(frozen=True, slots=True)
class AttestationPolicy:
    """What the Authorization Server expects of a wallet attestation and its PoP."""

    audience: str
    """The server's RFC 8414 issuer identifier, the PoP's ``aud`` (ABCA §9 step 10)."""
    trust_anchors: Sequence[x509.Certificate]
    """The wallet providers' root certificates the server trusts (Appendix E, HAIP §4.4.1)."""
    pop_max_age: int = 300
    """How old (seconds) a PoP's ``iat`` may be (ABCA §5.2 "unreasonably far in the past")."""
    clock_skew: int = 60
    """Tolerance (seconds) for clocks that differ, on every time check (ABCA §5.1 ``exp``)."""
    challenge: str | None = None
    """The challenge the server gave the client, if any (ABCA §8, §9 step 8)."""
    algorithms: Collection[str] = DEFAULT_ALGORITHMS
    """ABCA §9 step 4 and §10.1: ES256 only unless told (the metadata lists the same)."""


@dataclass(frozen=True, slots=True)
class VerifiedClientAttestation:
    """A wallet attestation and PoP that passed every check but replay (see the module text)."""

    client_id: str
    """The attestation's ``sub``: the wallet's ``client_id``, shared by all its instances
    (OpenID4VCI 1.0 §15.4.4)."""
    attester: str
    """The attestation's ``iss``: the wallet provider, named by its certificate."""
    instance_key: PublicKey
    """The ``cnf`` key; the caller keeps it no longer than the request needs."""
    certificate: x509.Certificate
    """The wallet provider's certificate (the ``x5c`` leaf)."""
    expires_at: int
    """The attestation's ``exp``."""
    jti: str
    """The PoP's ``jti``, for the caller's replay check (ABCA §12.1)."""
    remember_until: int
    """Until when the ``jti`` must be remembered: after it the PoP is too old anyway."""
    wallet_name: str | None = None
    """OpenID4VCI 1.0 Appendix E ``wallet_name``, when a string."""
    wallet_link: str | None = None
    """OpenID4VCI 1.0 Appendix E ``wallet_link``, when a string."""


def client_attestation_headers(headers: Iterable[tuple[str, str]]) -> tuple[str, str] | None:
    """ABCA §6.1 and §6.2 steps 1-2: the attestation and PoP of a request's header fields.

    ``headers`` are all (name, value) pairs, repeated names kept. ``None`` when the request
    carries neither header (no attestation-based authentication); refused when it carries one
    without the other, either of them twice, or a value that is not one token68.
    """
    found: dict[str, list[str]] = {ATTESTATION_HEADER.lower(): [], POP_HEADER.lower(): []}
    for name, value in headers:
        if name.lower() in found:
            found[name.lower()].append(value)
    attestations, pops = found[ATTESTATION_HEADER.lower()], found[POP_HEADER.lower()]
    if not attestations and not pops:
        return None
    if len(attestations) != 1 or len(pops) != 1:
        raise ClientAttestationHeaderInvalid(
            f"precisely one {ATTESTATION_HEADER} and one {POP_HEADER} header field are needed"
        )
    for value in (attestations[0], pops[0]):
        if len(value) > MAX_ATTESTATION_SIZE or not _TOKEN68.fullmatch(value):
            raise ClientAttestationHeaderInvalid(
                "a header value is not one token68 of sensible size"
            )
    return attestations[0], pops[0]


def _san_uris(certificate: x509.Certificate) -> list[str]:
    try:
        san = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName)
    except x509.ExtensionNotFound:
        return []
    return list(san.value.get_values_for_type(x509.UniformResourceIdentifier))


def _translated(
    exc: StandardsError,
    table: tuple[tuple[type[StandardsError], type[ClientAttestationInvalid]], ...],
) -> ClientAttestationInvalid:
    if isinstance(exc, ClientAttestationInvalid):
        return exc
    kind = next((mine for jose, mine in table if isinstance(exc, jose)), ClientAttestationMalformed)
    return kind(exc.detail)


def _number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_attestation_claims(
    payload: Mapping[str, Any], policy: AttestationPolicy, at: float
) -> PublicKey:
    """ABCA §5.1 claims and times, and the ``cnf`` key (§9 step 6)."""
    for name in ("iss", "sub"):
        if not isinstance(payload.get(name), str) or not payload[name]:
            raise ClientAttestationClaimsInvalid(f"the attestation has no {name}")
    exp, cnf = payload.get("exp"), payload.get("cnf")
    if not _number(exp):
        raise ClientAttestationClaimsInvalid("the attestation has no numeric exp")
    if not isinstance(cnf, Mapping) or not isinstance(cnf.get("jwk"), Mapping):
        raise ClientAttestationClaimsInvalid("the attestation has no cnf.jwk")
    if at >= exp + policy.clock_skew:
        raise ClientAttestationExpired("the attestation has expired")
    for name in ("nbf", "iat"):
        value = payload.get(name)
        if value is not None and (not _number(value) or value > at + policy.clock_skew):
            raise ClientAttestationNotYetValid(f"the attestation's {name} is not a past time")
    try:
        key = PublicKey.from_jwk(cnf["jwk"])  # refuses ``d`` (§9 step 6) and non-EC keys
    except InvalidJWK as exc:
        raise ClientAttestationKeyInvalid(exc.detail) from exc
    if key.algorithm not in policy.algorithms:
        raise ClientAttestationKeyInvalid(f"the cnf key is for {key.algorithm}")
    return key


def _check_pop_claims(
    payload: Mapping[str, Any], client_id: str, policy: AttestationPolicy, at: float
) -> tuple[str, int]:
    """ABCA §5.2 claims and §9 steps 8-10; returns the ``jti`` and until when to keep it."""
    if payload.get("iss") != client_id:
        raise ClientAttestationPopIssuerMismatch("the PoP's iss is not the attestation's sub")
    aud = payload.get("aud")
    audiences = aud if isinstance(aud, list) else [aud]
    if policy.audience not in audiences:
        raise ClientAttestationPopAudienceMismatch("the PoP's aud is not this server's issuer")
    jti = payload.get("jti")
    if not isinstance(jti, str) or not jti or len(jti) > MAX_JTI_LENGTH:
        raise ClientAttestationPopJtiInvalid("the PoP has no jti")
    iat = payload.get("iat")
    if not _number(iat):
        raise ClientAttestationPopTimeInvalid("the PoP has no numeric iat")
    if iat < at - policy.pop_max_age:
        raise ClientAttestationPopTimeInvalid("the PoP is too old")
    if iat > at + policy.clock_skew:
        raise ClientAttestationPopTimeInvalid("the PoP is dated in the future")
    nbf, exp = payload.get("nbf"), payload.get("exp")
    if nbf is not None and (not _number(nbf) or nbf > at + policy.clock_skew):
        raise ClientAttestationPopTimeInvalid("the PoP's nbf is not a past time")
    if exp is not None and (not _number(exp) or at >= exp + policy.clock_skew):
        raise ClientAttestationPopTimeInvalid("the PoP has expired")
    if policy.challenge is not None and payload.get("challenge") != policy.challenge:
        raise ClientAttestationPopChallengeMismatch("the PoP does not carry the server's challenge")
    return jti, int(iat) + policy.pop_max_age + policy.clock_skew


def verify_client_attestation(
    attestation: str,
    pop: str,
    policy: AttestationPolicy,
    *,
    client_id: str | None = None,
    now: Callable[[], float] = time.time,
) -> VerifiedClientAttestation:
    """ABCA §9: verify a wallet attestation and its PoP (see the module text for the order).

    ``client_id`` is the request's ``client_id`` parameter, when it had one (§6.3).
    """
    at = now()
    found: list[x509.Certificate] = []
    try:
        parsed = verify_jws(
            attestation,
            x5c_key_resolver(policy.trust_anchors, at=at, found=found, what="the attestation"),
            typ=ATTESTATION_TYP,
            algorithms=policy.algorithms,
            max_size=MAX_ATTESTATION_SIZE,
            what="the client attestation",
        )
    except StandardsError as exc:
        raise _translated(exc, _JOSE) from exc
    payload = parsed.payload
    instance_key = _check_attestation_claims(payload, policy, at)
    if payload["iss"] not in _san_uris(found[0]):
        raise ClientAttestationUntrusted("the certificate does not name the attestation's iss")
    subject = str(payload["sub"])
    try:
        pop_payload = verify_jws(
            pop,
            instance_key,
            typ=POP_TYP,
            algorithms=policy.algorithms,
            max_size=MAX_ATTESTATION_SIZE,
            what="the client attestation PoP",
        ).payload
    except StandardsError as exc:
        raise _translated(exc, _JOSE_POP) from exc
    jti, remember_until = _check_pop_claims(pop_payload, subject, policy, at)
    if client_id is not None and client_id != subject:
        raise ClientAttestationClientIdMismatch("client_id is not the attestation's sub")
    name, link = payload.get("wallet_name"), payload.get("wallet_link")
    return VerifiedClientAttestation(
        client_id=subject,
        attester=str(payload["iss"]),
        instance_key=instance_key,
        certificate=found[0],
        expires_at=int(payload["exp"]),
        jti=jti,
        remember_until=remember_until,
        wallet_name=name if isinstance(name, str) else None,
        wallet_link=link if isinstance(link, str) else None,
    )


def create_client_attestation_pop(
    instance_key: PrivateKey,
    *,
    client_id: str,
    audience: str,
    issued_at: int,
    jti: str | None = None,
    challenge: str | None = None,
) -> str:
    """ABCA §5.2: the PoP the wallet sends next to its attestation (Regie's test wallet, the
    benchmarks; ``pwa/js/oid4vci.js`` builds the same). ``jti``: random unless given."""
    payload: dict[str, Any] = {
        "iss": client_id,
        "aud": audience,
        "jti": jti or b64url_encode(secrets.token_bytes(16)),
        "iat": issued_at,
    }
    if challenge is not None:
        payload["challenge"] = challenge
    return sign_jws(payload, instance_key, typ=POP_TYP, include_kid=False)
