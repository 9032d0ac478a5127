"""RFC 9901 §4.1-§4.2: the Issuer's side: salts, Disclosures, digests, decoys, recursion."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

from standards.errors import SelectionInvalid
from standards.jose import PrivateKey, PublicKey, b64url_encode, sign_jws
from standards.sd_jwt.disclosures import (
    DEFAULT_SD_ALG,
    HASH_ALGORITHMS,
    ClaimPath,
    Disclosure,
)
from standards.sd_jwt.serialization import join_sd_jwt

__all__ = ["SALT_BYTES", "IssuedSDJWT", "issue_sd_jwt", "path_matches"]

SALT_BYTES = 16
"""RFC 9901 §9.3: 128 bits of CSPRNG output per salt."""

_SALTS_PER_DRAW = 8
"""Salts (or decoy seeds) taken from one call to the random source."""

RESERVED_NAMES = frozenset({"_sd", "...", "_sd_alg"})
"""RFC 9901 §4.1 rule 7 and §4.2.1: names a claim must never have."""


@dataclass(frozen=True, slots=True)
class IssuedSDJWT:
    """An SD-JWT as issued (§4): the compact form and its Disclosures in order."""

    compact: str
    issuer_jwt: str
    disclosures: tuple[Disclosure, ...]
    payload: Mapping[str, Any]


_DEFAULT_HASH = HASH_ALGORITHMS[DEFAULT_SD_ALG]


def _default_digest(encoded: str) -> str:
    """:func:`~standards.sd_jwt.disclosures.digest` with the one ``_sd_alg`` Regie issues with
    (:data:`DEFAULT_SD_ALG`), without looking the hash up for every Disclosure."""
    return b64url_encode(_DEFAULT_HASH(encoded.encode("ascii")).digest())


def path_matches(pattern: ClaimPath, path: ClaimPath) -> bool:
    """A pattern matches a path of the same length; ``None`` matches any array index."""
    return len(pattern) == len(path) and all(
        p == q or (p is None and isinstance(q, int)) for p, q in zip(pattern, path, strict=True)
    )


class _Encoder:
    """Walks the claims depth first, so that nested choices become recursive Disclosures."""

    def __init__(
        self,
        disclosable: Collection[ClaimPath],
        *,
        random: Callable[[int], bytes],
        decoys: int,
    ) -> None:
        self.patterns = tuple(disclosable)
        # Every claim is looked up: exact paths by hash, only the ``None`` patterns by scanning.
        self.exact = frozenset(p for p in self.patterns if None not in p)
        self.wildcards = tuple(p for p in self.patterns if None in p)
        self.used: set[ClaimPath] = set()
        self.random = random
        self.random_bytes = b""
        self.decoys = decoys
        self.disclosures: list[Disclosure] = []

    def _disclosable(self, path: ClaimPath) -> bool:
        if self.wildcards:
            hits = [p for p in self.wildcards if path_matches(p, path)]
            if path in self.exact:
                hits.append(path)
            self.used.update(hits)
            return bool(hits)
        if path in self.exact:
            self.used.add(path)
            return True
        return False

    def _fresh(self) -> bytes:
        """``SALT_BYTES`` unused random bytes; drawn from ``random`` a few salts at a time,
        since one call to the operating system's CSPRNG costs more than the bytes."""
        if not self.random_bytes:
            self.random_bytes = self.random(SALT_BYTES * _SALTS_PER_DRAW)
        fresh, self.random_bytes = (
            self.random_bytes[:SALT_BYTES],
            self.random_bytes[SALT_BYTES:],
        )
        return fresh

    def _salt(self) -> str:
        return b64url_encode(self._fresh())

    def _decoy(self) -> str:
        """§4.2.5: a decoy digest is a digest over fresh random data."""
        return b64url_encode(HASH_ALGORITHMS[DEFAULT_SD_ALG](self._fresh()).digest())

    def encode(self, value: Any, path: ClaimPath) -> Any:
        kind = type(value)
        if kind is str or kind is int or kind is bool or value is None:  # most claims
            return value
        if isinstance(value, Mapping):
            return self.encode_object(value, path)
        if isinstance(value, list | tuple):
            return self._array(value, path)
        return value

    def encode_object(self, value: Mapping[str, Any], path: ClaimPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        digests: list[str] = []
        for name, child in value.items():
            if not isinstance(name, str) or name in RESERVED_NAMES:
                raise SelectionInvalid(f"{name!r} cannot be a claim name (RFC 9901 §4.1)")
            child_path = (*path, name)
            kind = type(child)
            # most claims are plain values: no call to walk into them
            simple = kind is str or kind is int or kind is bool or child is None
            encoded = child if simple else self.encode(child, child_path)
            if self._disclosable(child_path):
                disclosure = Disclosure.create(self._salt(), name, encoded)
                self.disclosures.append(disclosure)
                digests.append(_default_digest(disclosure.encoded))
            else:
                result[name] = encoded
        if digests:
            digests.extend(self._decoy() for _ in range(self.decoys))
            # §4.2.4.1: hide the original order; sorting does not depend on it.
            result["_sd"] = sorted(digests)
        return result

    def _array(self, value: Collection[Any], path: ClaimPath) -> list[Any]:
        result: list[Any] = []
        for index, child in enumerate(value):
            child_path = (*path, index)
            encoded = self.encode(child, child_path)
            if self._disclosable(child_path):
                disclosure = Disclosure.create(self._salt(), None, encoded)
                self.disclosures.append(disclosure)
                result.append({"...": _default_digest(disclosure.encoded)})
            else:
                result.append(encoded)
        return result


def issue_sd_jwt(
    claims: Mapping[str, Any],
    *,
    disclosable: Collection[ClaimPath],
    key: PrivateKey,
    typ: str,
    holder_key: PublicKey | None = None,
    headers: Mapping[str, Any] | None = None,
    decoys: int = 0,
    random: Callable[[int], bytes] = secrets.token_bytes,
) -> IssuedSDJWT:
    """Issue an SD-JWT (§4.1) over ``claims``; each path in ``disclosable`` becomes a Disclosure.

    Paths name object members and array elements (``None`` for every element). A disclosable
    path inside another disclosable path gives a recursive Disclosure (§4.2.6). ``decoys``
    decoy digests are added to every ``_sd`` array (§4.2.5). ``holder_key`` is bound as
    ``cnf.jwk`` (§4.1.2). Every disclosable path must exist in ``claims``: a typo must not
    silently leave a claim always visible.
    """
    encoder = _Encoder(disclosable, random=random, decoys=decoys)
    payload = encoder.encode_object(claims, ())
    missing = [p for p in encoder.patterns if p not in encoder.used]
    if missing:
        raise SelectionInvalid(f"disclosable paths not found in the claims: {missing}")
    payload["_sd_alg"] = DEFAULT_SD_ALG
    if holder_key is not None:
        payload["cnf"] = {"jwk": holder_key.to_jwk()}
    issuer_jwt = sign_jws(payload, key, typ=typ, headers=headers)
    disclosures = tuple(encoder.disclosures)
    return IssuedSDJWT(
        compact=join_sd_jwt(issuer_jwt, [d.encoded for d in disclosures]),
        issuer_jwt=issuer_jwt,
        disclosures=disclosures,
        payload=payload,
    )
