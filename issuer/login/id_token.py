"""OpenID Connect Core 1.0 §3.1.3.7: validating an ID token from the token endpoint.

Pure: the keys, the expected values and the time are parameters. ``ES256`` is checked with
:mod:`standards.jose`; ``RS256``, which OpenID Connect Core §15.1 makes every provider support
and which DigiD brokers commonly sign with, with an RSA key of the provider's JWKS of at least
2048 bits (RFC 7518 §3.3), here: the credential ecosystem of :mod:`standards` stays ES256-only
(HAIP), the login is a different trust relation.
"""

from __future__ import annotations

import hmac
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any, Final, TypeVar

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from issuer.login.errors import (
    IdTokenAudienceMismatch,
    IdTokenExpired,
    IdTokenIatInvalid,
    IdTokenIssuerMismatch,
    IdTokenMalformed,
    IdTokenNonceMismatch,
    IdTokenSignatureInvalid,
)
from standards.errors import BadBase64, InvalidJWK, MalformedInput, StandardsError
from standards.jose import (
    ParsedJWS,
    PublicKey,
    b64url_decode,
    check_header,
    parse_jws,
    verify_jws,
)

__all__ = [
    "ID_TOKEN_ALGORITHMS",
    "IdTokenPolicy",
    "ProviderKey",
    "RsaPublicKey",
    "provider_key",
    "select_key",
    "verify_id_token",
]

ID_TOKEN_ALGORITHMS: Final = ("ES256", "RS256")
"""RFC 8725 §3.1: the algorithms we accept; the provider's ``alg`` must be one of them."""
RSA_MIN_BITS: Final = 2048
"""RFC 7518 §3.3: "A key of size 2048 bits or larger MUST be used with these algorithms"."""


@dataclass(frozen=True, slots=True)
class RsaPublicKey:
    """A provider's RSA key for ``RS256`` ID tokens (RFC 7518 §3.3, §6.3.1)."""

    key: rsa.RSAPublicKey
    kid: str | None
    algorithm: str = "RS256"

    @classmethod
    def from_jwk(cls, jwk: Mapping[str, Any]) -> RsaPublicKey:
        """RFC 7517 §4 with RFC 7518 §6.3.1: ``n`` and ``e``, base64url; 2048 bits or more."""
        if jwk.get("kty") != "RSA" or "d" in jwk or jwk.get("use", "sig") != "sig":
            raise InvalidJWK("not a public RSA signing key")
        kid = jwk.get("kid")
        n, e = jwk.get("n"), jwk.get("e")
        if not isinstance(n, str) or not isinstance(e, str) or not isinstance(kid, str | None):
            raise InvalidJWK("an RSA JWK needs n and e (and a string kid, if any)")
        try:
            numbers = rsa.RSAPublicNumbers(
                int.from_bytes(b64url_decode(e, what="e"), "big"),
                int.from_bytes(b64url_decode(n, what="n"), "big"),
            )
            key = numbers.public_key()
        except (BadBase64, ValueError) as exc:
            raise InvalidJWK("n and e are not an RSA public key") from exc
        if key.key_size < RSA_MIN_BITS:
            raise InvalidJWK(f"an RSA key of {key.key_size} bits is too small (RFC 7518 §3.3)")
        return cls(key, kid)

    def verify(self, parsed: ParsedJWS) -> None:
        """RFC 7518 §3.3: RSASSA-PKCS1-v1_5 with SHA-256 over the signing input."""
        try:
            self.key.verify(
                parsed.signature, parsed.signing_input, padding.PKCS1v15(), hashes.SHA256()
            )
        except InvalidSignature as exc:
            raise IdTokenSignatureInvalid("the ID token's RS256 signature does not verify") from exc


ProviderKey = PublicKey | RsaPublicKey
"""A key of the provider's JWKS that can verify an ID token."""


def provider_key(jwk: Mapping[str, Any]) -> ProviderKey:
    """A JWKS entry as an ID-token key (EC for ``ES256``, RSA for ``RS256``); an entry whose
    ``alg`` is another, or a key that is neither, raises :class:`InvalidJWK`."""
    alg = jwk.get("alg")
    if jwk.get("kty") == "RSA" and alg in (None, "RS256"):
        return RsaPublicKey.from_jwk(jwk)
    if alg not in (None, "ES256"):
        raise InvalidJWK(f"a key for {alg!r}")
    return PublicKey.from_jwk(jwk)


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


K = TypeVar("K", PublicKey, RsaPublicKey)


def select_key(header: Mapping[str, Any], keys: Collection[K]) -> K:
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
    keys: Collection[ProviderKey],
    policy: IdTokenPolicy,
    *,
    now: int,
) -> Mapping[str, Any]:
    """§3.1.3.7 steps 2-11 (no encryption, no ``acr``/``auth_time`` request): the claims."""
    try:
        parsed = parse_jws(token, what="ID token") if isinstance(token, str) else token
    except MalformedInput as exc:
        raise IdTokenMalformed(f"the ID token is not a compact JWS: {exc.detail}") from exc
    # step 6; RFC 8725 §3.1: our algorithm list, and a key of the provider's for that algorithm
    # only (an RSA key never checks an ES256 token, nor the other way round)
    try:
        alg = check_header(parsed.header, typ=None, algorithms=ID_TOKEN_ALGORITHMS)
        if alg == "RS256":
            rsa_keys = [k for k in keys if isinstance(k, RsaPublicKey)]
            select_key(parsed.header, rsa_keys).verify(parsed)
            claims = parsed.payload
        else:
            ec_keys = [k for k in keys if isinstance(k, PublicKey)]
            claims = verify_jws(
                parsed,
                lambda header, _payload: select_key(header, ec_keys),
                typ=None,  # OpenID Connect sets no typ; "JWT" is allowed, nothing else checked
                algorithms=("ES256",),
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
