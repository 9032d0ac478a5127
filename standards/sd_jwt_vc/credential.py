"""SD-JWT VC §2: issuing and verifying SD-JWT VCs (``typ dc+sd-jwt``, ``vct`` required,
registered claims never selectively disclosable), on top of RFC 9901.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any, Final, NamedTuple

from standards.errors import HolderKeyMissing, MissingClaim, MissingVct, ProtectedClaimDisclosable
from standards.jose import DEFAULT_ALGORITHMS, KeySource, PrivateKey, PublicKey
from standards.sd_jwt import (
    ClaimPath,
    IssuedSDJWT,
    KeyBindingPolicy,
    Limits,
    SDJWTTemplate,
    VerifiedSDJWT,
    prepare_sd_jwt,
    verify_issuance,
    verify_presentation,
)
from standards.status_list import StatusReference, parse_status_claim

__all__ = [
    "PROTECTED_CLAIMS",
    "SD_JWT_VC_TYP",
    "CredentialTemplate",
    "VerifiedCredential",
    "issue_credential",
    "prepare_credential",
    "verify_credential",
    "verify_credential_presentation",
]

SD_JWT_VC_TYP: Final = "dc+sd-jwt"
"""§2.2.1 (JOSE Header): the ``typ`` of every SD-JWT VC."""

PROTECTED_CLAIMS: Final = frozenset(
    {"iss", "nbf", "exp", "cnf", "vct", "vct#integrity", "aka_vcts", "status"}
)
"""§2.2.2.3 (Registered JWT Claims): never in Disclosures, nor any of their sub-claims."""

_LIMITS: Final = Limits()


class VerifiedCredential(NamedTuple):
    """An SD-JWT VC that passed every check: its type, issuer, and processed claims."""

    vct: str
    issuer: str | None
    claims: Mapping[str, Any]
    """The Processed SD-JWT Payload (RFC 9901 §7.1), registered claims included."""
    holder_key: PublicKey | None
    status: StatusReference | None
    """Where the credential's status is kept (Token Status List §6.2), for the caller to
    check against the Status List Token it fetches; ``None`` when there is no ``status``."""
    sd_jwt: VerifiedSDJWT

    @property
    def expires_at(self) -> int | None:
        """``exp`` in whole seconds, rounded down (RFC 7519 §2: a NumericDate may be
        fractional); ``None`` only when the credential has no ``exp``."""
        exp = self.claims.get("exp")
        return int(exp) if isinstance(exp, int | float) and not isinstance(exp, bool) else None


@dataclass(frozen=True, slots=True)
class CredentialTemplate:
    """An SD-JWT VC prepared for issuing (:func:`prepare_credential`): the same claims for
    every copy of a batch (OpenID4VCI §8.2), each copy with its own salts, decoys, holder key
    and status entry, so that nothing but the claim values links two copies."""

    registered: Mapping[str, Any]
    sd_jwt: SDJWTTemplate

    def issue(
        self,
        *,
        key: PrivateKey,
        holder_key: PublicKey | None,
        status: Mapping[str, Any] | None = None,
        headers: Mapping[str, Any] | None = None,
        random: Callable[[int], bytes] = secrets.token_bytes,
    ) -> IssuedSDJWT:
        """One copy (§2.2), ``typ`` :data:`SD_JWT_VC_TYP`; ``status`` is the copy's own
        (Token Status List §6.1), an always-visible registered claim (§2.2.2.2)."""
        visible = dict(self.registered)
        if status is not None:
            visible["status"] = dict(status)
        return self.sd_jwt.issue(
            key=key,
            typ=SD_JWT_VC_TYP,
            holder_key=holder_key,
            visible=visible,
            headers=headers,
            random=random,
        )


def prepare_credential(
    *,
    vct: str,
    issuer: str,
    claims: Mapping[str, Any],
    disclosable: Collection[ClaimPath],
    issued_at: int,
    expires_at: int | None,
    not_before: int | None = None,
    decoys: int = 0,
) -> CredentialTemplate:
    """Prepare an SD-JWT VC (§2.2) over the subject's ``claims``, for one or more copies.

    ``iss``, ``iat``, ``exp``, ``nbf`` and ``vct`` (and each copy's ``status`` and ``cnf``)
    are added as always-visible claims; a disclosable path under a protected claim is
    refused (§2.2.2.3).
    """
    protected = [p for p in disclosable if p and p[0] in PROTECTED_CLAIMS]
    if protected:
        raise ProtectedClaimDisclosable(f"these claims must stay visible: {protected}")
    clashes = PROTECTED_CLAIMS.intersection(claims) | {"iat"}.intersection(claims)
    if clashes:
        raise ProtectedClaimDisclosable(f"subject claims may not set {sorted(clashes)}")
    registered: dict[str, Any] = {"iss": issuer, "iat": issued_at, "vct": vct}
    if expires_at is not None:
        registered["exp"] = expires_at
    if not_before is not None:
        registered["nbf"] = not_before
    return CredentialTemplate(
        registered, prepare_sd_jwt(claims, disclosable=disclosable, decoys=decoys)
    )


def issue_credential(
    *,
    vct: str,
    issuer: str,
    claims: Mapping[str, Any],
    disclosable: Collection[ClaimPath],
    key: PrivateKey,
    holder_key: PublicKey | None,
    issued_at: int,
    expires_at: int | None,
    not_before: int | None = None,
    status: Mapping[str, Any] | None = None,
    headers: Mapping[str, Any] | None = None,
    decoys: int = 0,
    random: Callable[[int], bytes] = secrets.token_bytes,
) -> IssuedSDJWT:
    """Issue one SD-JWT VC (§2.2): :func:`prepare_credential`, then
    :meth:`CredentialTemplate.issue`."""
    template = prepare_credential(
        vct=vct,
        issuer=issuer,
        claims=claims,
        disclosable=disclosable,
        issued_at=issued_at,
        expires_at=expires_at,
        not_before=not_before,
        decoys=decoys,
    )
    return template.issue(
        key=key, holder_key=holder_key, status=status, headers=headers, random=random
    )


def _check_vc(verified: VerifiedSDJWT, *, require_holder_key: bool) -> VerifiedCredential:
    """§2.2.2: the rules of an SD-JWT VC beyond RFC 9901."""
    for item in verified.disclosures:
        if item.path and item.path[0] in PROTECTED_CLAIMS:
            raise ProtectedClaimDisclosable(f"{item.path[0]!r} was sent as a Disclosure")
    claims = verified.claims
    vct = claims.get("vct")
    if not isinstance(vct, str) or not vct:
        raise MissingVct("the credential has no vct")
    issuer = claims.get("iss")
    if issuer is not None and not isinstance(issuer, str):
        raise MissingClaim("iss must be a string")
    status = parse_status_claim(claims) if "status" in claims else None
    if require_holder_key and verified.holder_key is None:
        raise HolderKeyMissing("the credential is not bound to a holder key (cnf)")
    return VerifiedCredential(vct, issuer, claims, verified.holder_key, status, verified)


def verify_credential(
    sd_jwt: str,
    *,
    issuer_key: KeySource,
    require_holder_key: bool = True,
    algorithms: Collection[str] = DEFAULT_ALGORITHMS,
    now: Callable[[], float] = time.time,
    limits: Limits = _LIMITS,
) -> VerifiedCredential:
    """§2.4 with RFC 9901 §7.2: the Holder checks a credential from the Issuer before storing.

    ``issuer_key`` is a key or resolver permitted by policy (§2.5), such as
    :meth:`standards.sd_jwt_vc.TrustedIssuers.resolve`.
    """
    verified = verify_issuance(
        sd_jwt,
        issuer_key=issuer_key,
        typ=SD_JWT_VC_TYP,
        algorithms=algorithms,
        now=now,
        limits=limits,
    )
    return _check_vc(verified, require_holder_key=require_holder_key)


def verify_credential_presentation(
    presentation: str,
    *,
    issuer_key: KeySource,
    key_binding: KeyBindingPolicy | None,
    algorithms: Collection[str] = DEFAULT_ALGORITHMS,
    now: Callable[[], float] = time.time,
    limits: Limits = _LIMITS,
) -> VerifiedCredential:
    """§2.4 with RFC 9901 §7.3: the Verifier checks a presented SD-JWT VC.

    ``key_binding`` is the Verifier's policy: required (with audience and nonce) or not.
    When it is required, the key is the one in ``cnf`` (§2.4).
    """
    verified = verify_presentation(
        presentation,
        issuer_key=issuer_key,
        typ=SD_JWT_VC_TYP,
        key_binding=key_binding,
        algorithms=algorithms,
        now=now,
        limits=limits,
    )
    return _check_vc(verified, require_holder_key=key_binding is not None)
