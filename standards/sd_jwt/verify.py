"""RFC 9901 §7.1 (verifying an SD-JWT), §7.2 (the Holder's check on receipt) and §7.3
(the Verifier's check of a presentation, with Key Binding), each step in the spec's order.

The caller's policy decides whether Key Binding is required (§7.3 step 1), never the input.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any, Final, NamedTuple

from standards.errors import (
    AudienceMismatch,
    ClaimNameCollision,
    DisclosureInvalidName,
    DisclosureMalformed,
    DisclosureWrongKind,
    DuplicateDigest,
    DuplicateDisclosure,
    ExpectedPresentationWithKeyBinding,
    HolderKeyMissing,
    KeyBindingIatInvalid,
    KeyBindingMissing,
    KeyBindingUnexpected,
    LimitExceeded,
    MissingClaim,
    MissingTrailingTilde,
    NonceMismatch,
    SdHashMismatch,
    StandardsError,
    TokenExpired,
    TokenNotYetValid,
    UnreferencedDisclosure,
    UnsupportedHashAlgorithm,
)
from standards.jose import (
    DEFAULT_ALGORITHMS,
    KeySource,
    PublicKey,
    verify_jws,
)
from standards.sd_jwt.disclosures import (
    DEFAULT_SD_ALG,
    HASH_ALGORITHMS,
    ClaimPath,
    Disclosure,
    digest,
)
from standards.sd_jwt.serialization import SDJWTParts, split_sd_jwt

__all__ = [
    "KB_JWT_TYP",
    "DisclosedClaim",
    "KeyBindingPolicy",
    "Limits",
    "VerifiedKeyBinding",
    "VerifiedSDJWT",
    "verify_issuance",
    "verify_presentation",
]

KB_JWT_TYP: Final = "kb+jwt"
"""RFC 9901 §4.3: the KB-JWT's explicit type."""

_HEADER_ONLY_CLAIMS: Final = ("_sd", "...")


@dataclass(frozen=True, slots=True)
class Limits:
    """Processing bounds; exceeding one rejects the input (RFC 9901 §9.1 spirit)."""

    max_disclosures: int = 256
    max_depth: int = 16
    max_size: int = 512 * 1024
    clock_skew: int = 60
    """Seconds of tolerance for ``exp`` and ``nbf`` (RFC 7519 §4.1.4 allows "some small leeway")."""


@dataclass(frozen=True, slots=True)
class KeyBindingPolicy:
    """What the Verifier expects of the KB-JWT (§7.3 steps 5.5 and 5.6)."""

    audience: str
    nonce: str
    max_age: int = 300
    """How old (seconds) an ``iat`` may be."""
    max_future: int = 60
    """How far ahead (seconds) an ``iat`` may be, for clocks that run fast."""
    algorithms: Collection[str] = DEFAULT_ALGORITHMS


class DisclosedClaim(NamedTuple):
    """Where a Disclosure sits: its claim path and the Disclosures needed to reach it."""

    disclosure: Disclosure
    path: ClaimPath
    ancestors: tuple[str, ...]
    """Digests of the enclosing Disclosures, outermost first (§7.2 step 2.2)."""


class VerifiedKeyBinding(NamedTuple):
    """A KB-JWT that passed §7.3 step 5."""

    header: Mapping[str, Any]
    payload: Mapping[str, Any]


class VerifiedSDJWT(NamedTuple):
    """The Processed SD-JWT Payload (§7.1) and what it was made from."""

    header: Mapping[str, Any]
    issuer_payload: Mapping[str, Any]
    """The Issuer-signed JWT payload as signed, digests and all."""
    claims: Mapping[str, Any]
    """The Processed SD-JWT Payload: visible claims plus the disclosed ones."""
    disclosures: tuple[DisclosedClaim, ...]
    sd_alg: str
    parts: SDJWTParts
    holder_key: PublicKey | None = None
    key_binding: VerifiedKeyBinding | None = None
    digests: frozenset[str] = frozenset()
    """Every digest found in the payload, decoys included."""


class _Processor:
    """§7.1 step 3: replace embedded digests with the claims their Disclosures hold.

    Objects and arrays are walked; scalars in objects hold no digests and are kept as they
    are (§7.1 step 3.2). ``max_depth`` bounds every path :meth:`process` is given.
    """

    def __init__(self, by_digest: Mapping[str, Disclosure], limits: Limits) -> None:
        self.by_digest = by_digest
        self.max_depth = limits.max_depth
        self.seen: set[str] = set()
        self.found: list[DisclosedClaim] = []

    def _take(self, value: Any) -> Disclosure | None:
        """§7.1 steps 3.3.1 and 4: one digest; a repeated one rejects the SD-JWT."""
        if not isinstance(value, str):
            raise DisclosureMalformed("a digest must be a string")
        if value in self.seen:
            raise DuplicateDigest(f"digest {value} appears more than once")
        self.seen.add(value)
        return self.by_digest.get(value)

    def process(self, value: Any, path: ClaimPath, ancestors: tuple[str, ...]) -> Any:
        """The processed form of ``value``, found at ``path``."""
        if len(path) > self.max_depth:
            raise LimitExceeded(f"claims nested deeper than {self.max_depth}")
        if isinstance(value, dict):
            return self._object(value, path, ancestors)
        if isinstance(value, list):
            return self._array(value, path, ancestors)
        return value

    def _object(
        self, value: Mapping[str, Any], path: ClaimPath, ancestors: tuple[str, ...]
    ) -> dict[str, Any]:
        if "_sd_alg" in value and path:
            raise UnsupportedHashAlgorithm("_sd_alg may only appear at the top level")
        result = dict(value)
        for name, child in value.items():
            if isinstance(child, dict | list) and name != "_sd":
                result[name] = self.process(child, (*path, name), ancestors)
        if "_sd" not in result:
            return result
        digests = result.pop("_sd")
        if not isinstance(digests, list):
            raise DisclosureMalformed("_sd must be an array of digests (§4.2.4.1)")
        for entry in digests:
            disclosure = self._take(entry)
            if disclosure is None:
                continue  # §7.1 step 3.3.1: a decoy, or withheld
            claim = disclosure.name
            if claim is None:
                raise DisclosureWrongKind("an array-element Disclosure was referenced from _sd")
            if claim in _HEADER_ONLY_CLAIMS:
                raise DisclosureInvalidName(f"a Disclosure may not be named {claim!r}")
            if claim in result:
                raise ClaimNameCollision(f"claim {claim!r} already exists at its level")
            claim_path = (*path, claim)
            self.found.append(DisclosedClaim(disclosure, claim_path, ancestors))
            result[claim] = self.process(disclosure.value, claim_path, (*ancestors, entry))
        return result

    def _array(self, value: list[Any], path: ClaimPath, ancestors: tuple[str, ...]) -> list[Any]:
        result: list[Any] = []
        for element in value:
            if isinstance(element, dict) and "..." in element:
                if len(element) != 1:
                    raise DisclosureMalformed("an array digest object has only the key '...'")
                entry = element["..."]
                disclosure = self._take(entry)
                if disclosure is None:
                    continue  # §7.1 step 3.4: removed
                if disclosure.name is not None:
                    raise DisclosureWrongKind(
                        "an object-property Disclosure was referenced from '...'"
                    )
                element_path = (*path, len(result))
                self.found.append(DisclosedClaim(disclosure, element_path, ancestors))
                result.append(self.process(disclosure.value, element_path, (*ancestors, entry)))
            else:
                result.append(self.process(element, (*path, len(result)), ancestors))
        return result


def _check_sd_alg(payload: Mapping[str, Any]) -> str:
    """§7.1 step 2.5 (and §4.1.1): ``_sd_alg`` understood and deemed secure."""
    sd_alg = payload.get("_sd_alg", DEFAULT_SD_ALG)
    if not isinstance(sd_alg, str) or sd_alg not in HASH_ALGORITHMS:
        raise UnsupportedHashAlgorithm(f"_sd_alg {sd_alg!r} is not supported")
    return sd_alg


def _check_time_claims(
    claims: Mapping[str, Any], now: float, skew: int, what: str = "the SD-JWT"
) -> None:
    """§7.1 step 6 with RFC 7519 §4.1.4/§4.1.5: ``exp`` and ``nbf`` when present."""
    for name in ("exp", "nbf", "iat"):
        if name in claims and (
            not isinstance(claims[name], int | float) or isinstance(claims[name], bool)
        ):
            raise MissingClaim(f"{name} must be a NumericDate")
    if "exp" in claims and now >= claims["exp"] + skew:
        raise TokenExpired(f"{what} has expired")
    if "nbf" in claims and now < claims["nbf"] - skew:
        raise TokenNotYetValid(f"{what} is not valid yet")


def _verify_sd_jwt(
    parts: SDJWTParts,
    *,
    issuer_key: KeySource,
    typ: str | Collection[str] | None,
    algorithms: Collection[str],
    now: float,
    limits: Limits,
    key_binding: tuple[KeyBindingPolicy, str] | None = None,
) -> VerifiedSDJWT:
    """§7.1: the checks every receiver of an SD-JWT performs, in order.

    With ``key_binding`` (the Verifier's policy and the SD-JWT part of the presentation),
    §7.3 step 5 follows once every check of §7.1 has passed.
    """
    # Step 2: the Issuer-signed JWT (2.1 algorithm, 2.2 signature, 2.3 issuer key by resolver).
    issuer_jws = verify_jws(
        parts.issuer_jwt,
        issuer_key,
        typ=typ,
        algorithms=algorithms,
        max_size=limits.max_size,
        what="the Issuer-signed JWT",
    )
    sd_alg = _check_sd_alg(issuer_jws.payload)  # step 2.5
    # Step 3.1: a digest for each Disclosure; the same Disclosure twice is refused (§4).
    by_digest: dict[str, Disclosure] = {}
    for encoded in parts.disclosures:
        if not encoded:
            raise DisclosureMalformed("an empty Disclosure (two '~' in a row)")
        # Parse first: §4.2 makes a Disclosure base64url, so it is ASCII before it is hashed.
        disclosure = Disclosure.parse(encoded)
        key = digest(encoded, sd_alg)
        if key in by_digest:
            raise DuplicateDisclosure("the same Disclosure was sent more than once")
        by_digest[key] = disclosure
    # Steps 3.2-3.5 and 4: embedded digests, recursively.
    processor = _Processor(by_digest, limits)
    claims = processor.process(issuer_jws.payload, (), ())
    # Step 5: every Disclosure referenced.
    if len(processor.found) != len(by_digest):
        raise UnreferencedDisclosure("a Disclosure is not referenced by any digest")
    claims.pop("_sd_alg", None)  # step 3.6
    _check_time_claims(claims, now, limits.clock_skew)  # step 6
    holder_key = _holder_key(claims)
    bound = None
    if key_binding is not None:  # §7.3 step 5
        policy, sd_jwt = key_binding
        bound = _verify_key_binding(
            parts.key_binding_jwt, holder_key, sd_jwt=sd_jwt, sd_alg=sd_alg, policy=policy, now=now
        )
    return VerifiedSDJWT(
        issuer_jws.header,
        issuer_jws.payload,
        claims,
        tuple(processor.found),
        sd_alg,
        parts,
        holder_key,
        bound,
        frozenset(processor.seen),
    )


def _holder_key(claims: Mapping[str, Any]) -> PublicKey | None:
    """§4.1.2 (RFC 7800 §3.2): the Holder's key from ``cnf.jwk``, when there is one."""
    cnf = claims.get("cnf")
    if cnf is None:
        return None
    if not isinstance(cnf, Mapping) or not isinstance(cnf.get("jwk"), Mapping):
        raise HolderKeyMissing("cnf must hold a jwk")
    try:
        return PublicKey.from_jwk(cnf["jwk"])
    except StandardsError as exc:
        raise HolderKeyMissing(f"cnf.jwk is not a usable key: {exc.detail}") from exc


def verify_issuance(
    sd_jwt: str,
    *,
    issuer_key: KeySource,
    typ: str | Collection[str] | None,
    algorithms: Collection[str] = DEFAULT_ALGORITHMS,
    now: Callable[[], float] = time.time,
    limits: Limits = Limits(),
) -> VerifiedSDJWT:
    """§7.2: the Holder checks an SD-JWT received from the Issuer before storing it.

    An SD-JWT+KB from an Issuer is rejected; otherwise every check of §7.1 applies.
    """
    parts = split_sd_jwt(sd_jwt, max_size=limits.max_size, max_disclosures=limits.max_disclosures)
    if parts.key_binding_jwt:
        if parts.key_binding_jwt.count(".") == 2:  # noqa: PLR2004 - a JWT's two dots
            raise KeyBindingUnexpected("an Issuer sends an SD-JWT, never an SD-JWT+KB")
        raise MissingTrailingTilde("an SD-JWT must end with '~'")
    return _verify_sd_jwt(
        parts, issuer_key=issuer_key, typ=typ, algorithms=algorithms, now=now(), limits=limits
    )


def verify_presentation(
    presentation: str,
    *,
    issuer_key: KeySource,
    typ: str | Collection[str] | None,
    key_binding: KeyBindingPolicy | None,
    algorithms: Collection[str] = DEFAULT_ALGORITHMS,
    now: Callable[[], float] = time.time,
    limits: Limits = Limits(),
) -> VerifiedSDJWT:
    """§7.3: the Verifier checks a presentation.

    ``key_binding`` is the Verifier's policy (step 1): a :class:`KeyBindingPolicy` requires
    an SD-JWT+KB bound to that audience and nonce; ``None`` accepts an SD-JWT without one.
    """
    at = now()
    parts = split_sd_jwt(  # step 3
        presentation, max_size=limits.max_size, max_disclosures=limits.max_disclosures
    )
    kb_jwt = parts.key_binding_jwt
    if key_binding is not None and not kb_jwt:
        raise KeyBindingMissing("Key Binding is required but no KB-JWT was presented")  # step 2
    if kb_jwt and kb_jwt.count(".") != 2:  # noqa: PLR2004 - a JWT's two dots
        if key_binding is None:
            raise MissingTrailingTilde("an SD-JWT must end with '~'")
        raise ExpectedPresentationWithKeyBinding("the last component is not a KB-JWT")
    # Step 4 (§7.1), then step 5 when the policy requires Key Binding. ``sd_hash`` covers the
    # presentation up to and including the last '~' (§4.3.1), exactly as it was sent.
    sd_jwt = presentation[: len(presentation) - len(kb_jwt)]
    return _verify_sd_jwt(
        parts,
        issuer_key=issuer_key,
        typ=typ,
        algorithms=algorithms,
        now=at,
        limits=limits,
        key_binding=None if key_binding is None else (key_binding, sd_jwt),
    )


def _verify_key_binding(
    kb_jwt: str,
    holder_key: PublicKey | None,
    *,
    sd_jwt: str,
    sd_alg: str,
    policy: KeyBindingPolicy,
    now: float,
) -> VerifiedKeyBinding:
    """§7.3 step 5, in order."""
    if holder_key is None:  # 5.1
        raise HolderKeyMissing("Key Binding is required but the SD-JWT names no holder key")
    kb = verify_jws(  # 5.2-5.4
        kb_jwt, holder_key, typ=KB_JWT_TYP, algorithms=policy.algorithms, what="the KB-JWT"
    )
    payload = kb.payload
    iat = payload.get("iat")  # 5.5
    if not isinstance(iat, int | float) or isinstance(iat, bool):
        raise KeyBindingIatInvalid("the KB-JWT has no iat")
    if iat < now - policy.max_age:
        raise KeyBindingIatInvalid("the KB-JWT is too old")
    if iat > now + policy.max_future:
        raise KeyBindingIatInvalid("the KB-JWT is dated in the future")
    nonce = payload.get("nonce")  # 5.6
    if not isinstance(nonce, str) or nonce != policy.nonce:
        raise NonceMismatch("the KB-JWT nonce is not the one this verifier sent")
    aud = payload.get("aud")
    if not isinstance(aud, str):
        raise AudienceMismatch("the KB-JWT aud must be a single string (§4.3)")
    if aud != policy.audience:
        raise AudienceMismatch("the KB-JWT was made for another verifier")
    sd_hash = payload.get("sd_hash")  # 5.7
    if not isinstance(sd_hash, str) or sd_hash != digest(sd_jwt, sd_alg):
        raise SdHashMismatch("sd_hash does not cover exactly what was presented")
    if "exp" in payload or "nbf" in payload:  # 5.8
        _check_time_claims(payload, now, 0, "the KB-JWT")
    return VerifiedKeyBinding(kb.header, payload)
