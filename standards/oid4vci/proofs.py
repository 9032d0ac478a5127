"""OpenID4VCI 1.0 Appendix F.1 (``jwt`` proof type) and F.4 (Verifying Proof): the wallet
proves it holds the key each credential will be bound to (``cnf.jwk``).

This is the one place where a key comes from the token under check, as the spec intends: the
header ``jwk`` *is* the key being proven. It is read through
``standards.jose.verify_jws(..., allow_header_jwk=True)`` and imported with
:meth:`PublicKey.from_jwk`, which refuses private keys. ``kid`` and ``x5c`` are refused (Regie
binds to ``jwk`` only), and so are ``jku`` and ``x5u`` (RFC 8725 §3.10).

Nonces. The issuer must consume each ``c_nonce`` atomically in its database (one use, many
workers), which a pure function cannot do. So :func:`verify_proof_jwt` checks only that a
``nonce`` is present and a string (missing: ``invalid_proof``, §8.3.1.2 (3)) and returns it;
the caller consumes it and raises :class:`~standards.errors.InvalidNonce` (``invalid_nonce``)
when it is unknown, used or expired. Callers with one known nonce (tests, a wallet checking
its own proof) pass ``expected_nonce`` for an equality check with the same error.

Every failed check raises a subclass of :class:`~standards.errors.InvalidProof` (error
``invalid_proof``), except a stale nonce (``invalid_nonce``); JOSE errors are translated so the
web layer needs no knowledge of them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from standards.errors import (
    AlgorithmNotAllowed,
    CriticalHeaderUnsupported,
    InvalidJWK,
    InvalidNonce,
    InvalidProof,
    KeyAlgorithmMismatch,
    KeyFromHeaderRefused,
    MalformedInput,
    ProofAlgorithmNotAllowed,
    ProofAudienceMismatch,
    ProofIatInvalid,
    ProofIssuerMismatch,
    ProofKeyInvalid,
    ProofKeyReferenceInvalid,
    ProofKeyReused,
    ProofMalformed,
    ProofNonceMissing,
    ProofSignatureInvalid,
    ProofTypMismatch,
    SignatureEncodingInvalid,
    SignatureInvalid,
    StandardsError,
    TypMismatch,
)
from standards.jose import DEFAULT_ALGORITHMS, PrivateKey, PublicKey, sign_jws, verify_jws

__all__ = [
    "MAX_PROOF_SIZE",
    "PROOF_TYP",
    "ProofPolicy",
    "VerifiedProof",
    "create_proof_jwt",
    "verify_proof_jwt",
    "verify_proofs",
]

PROOF_TYP: Final = "openid4vci-proof+jwt"
"""Appendix F.1 ``typ`` (RFC 8725 §3.11 explicit typing)."""
MAX_PROOF_SIZE: Final = 16 * 1024
"""Regie's bound on one key proof (characters); a ``jwk`` proof is about 500."""
_PUBLIC_MEMBERS: Final = ("kty", "crv", "x", "y")
_JOSE_TO_PROOF: Final[tuple[tuple[type[StandardsError], type[InvalidProof]], ...]] = (
    (MalformedInput, ProofMalformed),
    (CriticalHeaderUnsupported, ProofMalformed),
    (TypMismatch, ProofTypMismatch),
    (AlgorithmNotAllowed, ProofAlgorithmNotAllowed),
    (KeyFromHeaderRefused, ProofKeyReferenceInvalid),
    (InvalidJWK, ProofKeyInvalid),
    (KeyAlgorithmMismatch, ProofKeyInvalid),
    (SignatureEncodingInvalid, ProofSignatureInvalid),
    (SignatureInvalid, ProofSignatureInvalid),
)
"""Each JOSE failure as the key-proof check it is (§8.3.1.2 ``invalid_proof``)."""


@dataclass(frozen=True, slots=True)
class ProofPolicy:
    """What the Credential Issuer expects of key proofs (Appendix F.1, F.4)."""

    audience: str
    """The Credential Issuer Identifier (``aud``, one string)."""
    client_id: str | None = None
    """The ``client_id`` the access token was issued to, the only ``iss`` a proof may carry
    (which is optional); ``None`` after anonymous access to the token endpoint, when ``iss``
    MUST be omitted."""
    require_nonce: bool = True
    """The issuer has a Nonce Endpoint, so ``nonce`` MUST be present."""
    expected_nonce: str | None = None
    """An exact ``c_nonce`` to compare with; ``None`` leaves freshness to the caller."""
    max_age: int = 300
    """How old (seconds) an ``iat`` may be (§13.8)."""
    max_future: int = 60
    """How far ahead (seconds) an ``iat`` may be, for clocks that run fast (§13.8)."""
    algorithms: Collection[str] = DEFAULT_ALGORITHMS
    """``proof_signing_alg_values_supported``: ES256 only unless told."""


@dataclass(frozen=True, slots=True)
class VerifiedProof:
    """A key proof that passed every check except nonce freshness (see the module text)."""

    holder_key: PublicKey
    """The key to bind the credential to (``cnf.jwk``)."""
    nonce: str | None
    """The ``nonce`` claim, for the caller to consume atomically."""
    iat: int | float


def create_proof_jwt(
    holder_key: PrivateKey,
    *,
    audience: str,
    nonce: str | None,
    issued_at: int,
    client_id: str | None = None,
) -> str:
    """Appendix F.1: a key proof for ``holder_key``, by the wallet (and Regie's test holder).

    Header ``typ openid4vci-proof+jwt``, ``alg`` of the key, ``jwk`` the bare public key (no
    ``kid``); payload ``aud``, ``iat``, ``nonce`` when the issuer gave one, ``iss`` only with a
    ``client_id`` (never after anonymous access).
    """
    payload: dict[str, Any] = {"aud": audience, "iat": issued_at}
    if nonce is not None:
        payload["nonce"] = nonce
    if client_id is not None:
        payload["iss"] = client_id
    jwk = {name: holder_key.public.jwk[name] for name in _PUBLIC_MEMBERS}
    return sign_jws(payload, holder_key, typ=PROOF_TYP, headers={"jwk": jwk}, include_kid=False)


def _header_key(header: Mapping[str, Any]) -> PublicKey:
    """Appendix F.1: exactly one key reference, and Regie takes ``jwk`` (F.4: not private)."""
    if "kid" in header or "x5c" in header:
        raise ProofKeyReferenceInvalid("the proof must name its key by jwk alone, not kid or x5c")
    if "jwk" not in header:
        raise ProofKeyReferenceInvalid("the proof header has no jwk")
    return PublicKey.from_jwk(header["jwk"])  # refuses ``d`` (F.4) and non-EC keys


def verify_proof_jwt(
    proof: str, policy: ProofPolicy, *, now: Callable[[], float] = time.time
) -> VerifiedProof:
    """Appendix F.4: verify one ``jwt`` key proof against ``policy``.

    Order: the compact form; the header (``alg`` allowed, never ``none`` or a MAC; ``typ``);
    the key reference and the ``jwk``; the signature; then ``aud``, ``iat``, ``iss`` and
    ``nonce`` (F.4: "These checks may be performed in any order").
    """
    keys: list[PublicKey] = []

    def header_key(header: Mapping[str, Any], _payload: Mapping[str, Any]) -> PublicKey:
        keys.append(_header_key(header))
        return keys[-1]

    try:
        parsed = verify_jws(
            proof,
            header_key,
            typ=PROOF_TYP,
            algorithms=policy.algorithms,
            allow_header_jwk=True,
            max_size=MAX_PROOF_SIZE,
            what="the key proof",
        )
    except InvalidProof:
        raise
    except StandardsError as exc:
        proof_error = next((p for j, p in _JOSE_TO_PROOF if isinstance(exc, j)), InvalidProof)
        raise proof_error(exc.detail) from exc
    payload, (holder_key,) = parsed.payload, keys
    aud = payload.get("aud")
    if not isinstance(aud, str) or aud != policy.audience:
        raise ProofAudienceMismatch("aud must be the Credential Issuer Identifier, one string")
    iat = payload.get("iat")
    if not isinstance(iat, int | float) or isinstance(iat, bool):
        raise ProofIatInvalid("the key proof has no numeric iat")
    at = now()
    if iat < at - policy.max_age:
        raise ProofIatInvalid("the key proof is too old")
    if iat > at + policy.max_future:
        raise ProofIatInvalid("the key proof is dated in the future")
    _check_iss(payload, policy.client_id)
    return VerifiedProof(holder_key=holder_key, nonce=_nonce(payload, policy), iat=iat)


def _check_iss(payload: Mapping[str, Any], client_id: str | None) -> None:
    """Appendix F.1 ``iss``: OPTIONAL, and when present the ``client_id`` of the Client making
    the Credential request; it MUST be omitted after anonymous access to the token endpoint
    (``client_id`` ``None``). Present means present: ``"iss": null`` is not an omission."""
    if "iss" not in payload:
        return
    if client_id is None:
        raise ProofIssuerMismatch("iss must be omitted: the access token was obtained anonymously")
    if payload["iss"] != client_id:
        raise ProofIssuerMismatch("iss must be the client_id the access token was issued to")


def _nonce(payload: Mapping[str, Any], policy: ProofPolicy) -> str | None:
    """§8.3.1.2: a missing ``c_nonce`` is ``invalid_proof`` (3); a wrong one ``invalid_nonce``."""
    nonce = payload.get("nonce")
    if nonce is None and not policy.require_nonce:
        return None
    if not isinstance(nonce, str) or not nonce:
        raise ProofNonceMissing("the key proof holds no c_nonce")
    if policy.expected_nonce is not None and nonce != policy.expected_nonce:
        raise InvalidNonce("the key proof's nonce is not the current c_nonce")
    return nonce


def verify_proofs(
    proofs: Sequence[str], policy: ProofPolicy, *, now: Callable[[], float] = time.time
) -> tuple[VerifiedProof, ...]:
    """§8.2 and §8.3: verify a batch at one instant; each key may bind one credential only,
    so a batch naming one key twice is refused (:class:`~standards.errors.ProofKeyReused`).

    The caller then consumes every distinct ``nonce`` of the result atomically.
    """
    at = now()
    verified = tuple(verify_proof_jwt(proof, policy, now=lambda: at) for proof in proofs)
    # The public members as :meth:`~standards.jose.PublicKey.from_jwk` kept them: one
    # spelling per key (full-length base64url coordinates), so equal members mean one key, as
    # equal RFC 7638 thumbprints would, without hashing every key.
    points = {
        (p.holder_key.jwk["crv"], p.holder_key.jwk["x"], p.holder_key.jwk["y"]) for p in verified
    }
    if len(points) != len(verified):
        raise ProofKeyReused("two key proofs in one request name the same key")
    return verified
