"""OpenID Connect Core 1.0 §3.1.3.7: validating an ID token from the token endpoint.

Pure: the keys, the expected values and the time are parameters. The signature is checked with
:mod:`standards.jose`, which accepts ES256 only. DigiD brokers often sign RS256; such a provider
needs RSA support in :mod:`standards.jose` (an ``RS256`` entry in its algorithm table and an RSA
:class:`~standards.jose.PublicKey`) before this client can log in against it.
"""

from __future__ import annotations

import hmac
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any, Final

from issuer.login.errors import (
    IdTokenAudienceMismatch,
    IdTokenExpired,
    IdTokenIatInvalid,
    IdTokenIssuerMismatch,
    IdTokenMalformed,
    IdTokenNonceMismatch,
    IdTokenSignatureInvalid,
)
from standards.errors import MalformedInput, StandardsError
from standards.jose import ParsedJWS, PublicKey, parse_jws, verify_jws

__all__ = ["ID_TOKEN_ALGORITHMS", "IdTokenPolicy", "select_key", "verify_id_token"]

ID_TOKEN_ALGORITHMS: Final = ("ES256",)
"""RFC 8725 §3.1: the algorithms we accept; the provider's ``alg`` must be one of them."""


@dataclass(frozen=True, slots=True)
class IdTokenPolicy:
    """What the ID token must say, and how much clock skew is tolerated."""

    issuer: str
    client_id: str
    nonce: str
    leeway: int = 60
    """Seconds of clock difference accepted on ``exp`` and a future ``iat``."""
    max_age: int = 600
    """Seconds an ID token may have been issued before it reaches us (§3.1.3.7 step 10)."""


def select_key(header: Mapping[str, Any], keys: Collection[PublicKey]) -> PublicKey:
    """The provider's key the header names by ``kid``; the only key when there is no ``kid``."""
    kid = header.get("kid")
    if kid is None and len(keys) == 1:
        return next(iter(keys))
    for key in keys:
        if kid is not None and key.kid == kid:
            return key
    raise IdTokenSignatureInvalid("no key of the provider's JWKS matches the ID token's kid")


def verify_id_token(
    token: str | ParsedJWS,
    keys: Collection[PublicKey],
    policy: IdTokenPolicy,
    *,
    now: int,
) -> Mapping[str, Any]:
    """§3.1.3.7 steps 2-11 (no encryption, no ``acr``/``auth_time`` request): the claims."""
    try:
        parsed = parse_jws(token, what="ID token") if isinstance(token, str) else token
    except MalformedInput as exc:
        raise IdTokenMalformed(f"the ID token is not a compact JWS: {exc.detail}") from exc
    try:  # step 6; RFC 8725 §3.1: our algorithm list, the provider's key only
        claims = verify_jws(
            parsed,
            lambda header, _payload: select_key(header, keys),
            typ=None,  # OpenID Connect sets no typ; "JWT" is allowed, nothing else is checked
            algorithms=ID_TOKEN_ALGORITHMS,
            what="ID token",
        ).payload
    except StandardsError as exc:
        raise IdTokenSignatureInvalid(f"the ID token's signature: {exc.detail}") from exc
    if claims.get("iss") != policy.issuer:  # step 2: exact match
        raise IdTokenIssuerMismatch("the ID token was issued by another provider")
    audience = claims.get("aud")
    audiences = [audience] if isinstance(audience, str) else audience
    if not isinstance(audiences, list) or policy.client_id not in audiences:  # step 3
        raise IdTokenAudienceMismatch("the ID token is not meant for this client")
    azp = claims.get("azp")
    if (len(audiences) > 1 or azp is not None) and azp != policy.client_id:  # steps 4-5
        raise IdTokenAudienceMismatch("the ID token was issued to another party (azp)")
    exp, iat = _time(claims.get("exp")), _time(claims.get("iat"))
    if exp is None or iat is None or not isinstance(claims.get("sub"), str):
        raise IdTokenMalformed("the ID token lacks sub, exp or iat")
    if now >= exp + policy.leeway:  # step 9
        raise IdTokenExpired("the ID token has expired")
    if iat > now + policy.leeway or iat < now - policy.max_age:  # step 10
        raise IdTokenIatInvalid("the ID token was issued too long ago, or in the future")
    nonce = claims.get("nonce")
    if not isinstance(nonce, str) or not hmac.compare_digest(nonce, policy.nonce):  # step 11
        raise IdTokenNonceMismatch("the ID token's nonce is not the one this login sent")
    return claims


def _time(value: object) -> float | None:
    """RFC 7519 §2 NumericDate: a number (not a boolean); ``None`` otherwise."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)
