"""Token Status List §5.1 and §8.3: the Status List Token in JWT form (``statuslist+jwt``).

Signing and signature checks go through :mod:`standards.jose` (ES256, explicit ``typ``, the
key from the caller, never from the token). The clock is the ``now`` parameter.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Final, TypeGuard

from standards.errors import (
    MissingClaim,
    StatusListInvalid,
    StatusListSubjectMismatch,
    TokenExpired,
    TokenNotYetValid,
)
from standards.jose import MAX_JWS_SIZE, KeySource, PrivateKey, sign_jws, verify_jws
from standards.status_list.array import StatusArray, StatusList, decode_lst
from standards.status_list.compression import DEFAULT_MAX_BYTES
from standards.status_list.status import Status, check_bits

__all__ = [
    "DEFAULT_SKEW",
    "STATUS_LIST_JWT_TYP",
    "VerifiedStatusList",
    "create_status_list_token",
    "verify_status_list_token",
]

STATUS_LIST_JWT_TYP: Final = "statuslist+jwt"
"""Token Status List §5.1: the JWT ``typ`` header of a Status List Token."""

DEFAULT_SKEW: Final = 60
"""Seconds of clock difference allowed when checking ``exp`` and ``nbf``."""


@dataclass(frozen=True, slots=True)
class VerifiedStatusList:
    """A Status List Token that passed Token Status List §8.3 steps 3-5."""

    sub: str
    iat: int | float
    exp: int | float | None
    ttl: int | None
    status_list: StatusArray
    aggregation_uri: str | None
    header: Mapping[str, Any]
    claims: Mapping[str, Any]

    @property
    def bits(self) -> int:
        return self.status_list.bits

    def get(self, index: int) -> Status | int:
        """Token Status List §8.3 steps 6-7: the status at ``index``."""
        return self.status_list.get(index)


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> TypeGuard[int | float]:
    """RFC 7519 §2 NumericDate: a JSON number (never a boolean)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def create_status_list_token(
    status_list: StatusList | StatusArray,
    key: PrivateKey,
    *,
    uri: str,
    now: int | float,
    exp: int | None = None,
    ttl: int | None = None,
    aggregation_uri: str | None = None,
    x5c: Sequence[str] = (),
) -> str:
    """Token Status List §5.1: sign ``status_list`` as a Status List Token for ``uri``.

    ``iat`` is ``now``; ``exp`` (absolute) and ``ttl`` (seconds) are RECOMMENDED (§13.7).
    ``aggregation_uri`` goes inside the ``status_list`` claim (§4.2, §9.2). ``x5c``, the
    signing key's certificate chain (RFC 7515 §4.1.6), lets a verifier with pinned trust
    anchors check the token as it checks the issuer's credentials (§11.3).
    """
    if not isinstance(uri, str) or not uri:
        raise StatusListInvalid("the Status List Token needs a uri for its sub")
    iat = int(now)
    if exp is not None and (not _is_int(exp) or exp <= iat):
        raise StatusListInvalid("exp must be an integer after iat")
    if ttl is not None and (not _is_int(ttl) or ttl <= 0):
        raise StatusListInvalid("ttl must be a positive integer")
    claims: dict[str, Any] = {"sub": uri, "iat": iat}
    if exp is not None:
        claims["exp"] = exp
    if ttl is not None:
        claims["ttl"] = ttl
    content: dict[str, Any] = {"bits": status_list.bits, "lst": status_list.encode()}
    if aggregation_uri is not None:
        content["aggregation_uri"] = aggregation_uri
    claims["status_list"] = content
    return sign_jws(
        claims, key, typ=STATUS_LIST_JWT_TYP, headers={"x5c": list(x5c)} if x5c else None
    )


def _required_claims(claims: Mapping[str, Any]) -> tuple[str, int | float, Mapping[str, Any]]:
    """Token Status List §8.3 step 3b and §5.1: ``sub``, ``iat`` and ``status_list``."""
    sub = claims.get("sub")
    if not isinstance(sub, str) or not sub:
        raise MissingClaim("the Status List Token needs sub, a string (§5.1)")
    iat = claims.get("iat")
    if not _is_number(iat):
        raise MissingClaim("the Status List Token needs iat, a NumericDate (§5.1)")
    content = claims.get("status_list")
    if not isinstance(content, dict):
        raise MissingClaim("the Status List Token needs status_list, an object (§5.1)")
    return sub, iat, content


def _check_time(claims: Mapping[str, Any], *, now: int | float, skew: int | float) -> None:
    """Token Status List §8.3 step 4c; RFC 7519 §4.1.4 and §4.1.5 (step 3a, §7.2)."""
    exp = claims.get("exp")
    if exp is not None:
        if not _is_number(exp):
            raise MissingClaim("exp must be a NumericDate")
        if now >= exp + skew:
            raise TokenExpired(f"the Status List Token expired at {exp}")
    nbf = claims.get("nbf")
    if nbf is not None:
        if not _is_number(nbf):
            raise MissingClaim("nbf must be a NumericDate")
        if now < nbf - skew:
            raise TokenNotYetValid(f"the Status List Token is not valid before {nbf}")


def _ttl(claims: Mapping[str, Any]) -> int | None:
    """Token Status List §5.1 and §8.3 step 4d: ``ttl``, if present, is a positive number."""
    ttl = claims.get("ttl")
    if ttl is not None and (not _is_int(ttl) or ttl <= 0):
        raise StatusListInvalid(f"ttl must be a positive integer, not {ttl!r}")
    return ttl


def _content(content: Mapping[str, Any]) -> tuple[int, str, str | None]:
    """Token Status List §4.2: ``bits`` (1, 2, 4 or 8), ``lst``, optional ``aggregation_uri``."""
    if "bits" not in content:
        raise MissingClaim("status_list needs bits (§4.2)")
    bits = check_bits(content["bits"])
    lst = content.get("lst")
    if not isinstance(lst, str):
        raise MissingClaim("status_list needs lst, a string (§4.2)")
    aggregation_uri = content.get("aggregation_uri")
    if aggregation_uri is not None and not isinstance(aggregation_uri, str):
        raise StatusListInvalid("status_list.aggregation_uri must be a string (§4.2)")
    return bits, lst, aggregation_uri


def verify_status_list_token(
    token: str,
    *,
    uri: str,
    key: KeySource,
    now: int | float,
    skew: int | float = DEFAULT_SKEW,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_size: int = MAX_JWS_SIZE,
) -> VerifiedStatusList:
    """Token Status List §8.3 steps 3-5 for a Status List Token in JWT form (§5.1), in order.

    ``uri`` is the one from the Referenced Token (§6.2), ``key`` the caller's (a key or a
    resolver over trusted keys, §11.3), ``now`` the current time in seconds since the epoch.
    """
    # Step 3a (RFC 7519 §7.2, §5.1 rule 2): typ statuslist+jwt, ES256, the caller's key.
    parsed = verify_jws(
        token, key, typ=STATUS_LIST_JWT_TYP, max_size=max_size, what="Status List Token"
    )
    claims = parsed.payload
    sub, iat, content = _required_claims(claims)  # step 3b
    if sub != uri:  # step 4a
        raise StatusListSubjectMismatch(f"the Status List Token is for {sub!r}, not {uri!r}")
    _check_time(claims, now=now, skew=skew)  # step 4c
    ttl = _ttl(claims)  # step 4d (caching is the caller's; the value is checked here)
    bits, lst, aggregation_uri = _content(content)  # step 4, §4.2
    array = decode_lst(lst, bits, max_bytes=max_bytes)  # step 5, bounded
    return VerifiedStatusList(
        sub=sub,
        iat=iat,
        exp=claims.get("exp"),
        ttl=ttl,
        status_list=array,
        aggregation_uri=aggregation_uri,
        header=MappingProxyType(dict(parsed.header)),
        claims=MappingProxyType(dict(claims)),
    )
