"""RFC 9901 §4.1-§4.2: the Issuer's side: salts, Disclosures, digests, decoys, recursion.

Issuing goes in two steps, so that a batch of copies over the same claims (OpenID4VCI §8.2:
one copy per holder key) walks the claims once. :func:`prepare_sd_jwt` decides which claims
become Disclosures (§4.2.1, §4.2.2; recursively, §4.2.6) and writes, once, the JSON of every
Disclosure whose value holds no digest; :meth:`SDJWTTemplate.issue` then gives each copy its
own salts and decoys (§9.3, §4.2.5: nothing shared, so copies cannot be linked by them), its
digests (§4.2.3), its holder key (§4.1.2) and its signature.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from standards.errors import SelectionInvalid
from standards.jose import PrivateKey, PublicKey, b64url_encode, sign_jws
from standards.sd_jwt.disclosures import (
    DEFAULT_SD_ALG,
    HASH_ALGORITHMS,
    ClaimPath,
    Disclosure,
    disclosure_tail,
)
from standards.sd_jwt.serialization import join_sd_jwt

__all__ = [
    "SALT_BYTES",
    "IssuedSDJWT",
    "SDJWTTemplate",
    "issue_sd_jwt",
    "path_matches",
    "prepare_sd_jwt",
]

SALT_BYTES = 16
"""RFC 9901 §9.3: 128 bits of CSPRNG output per salt."""

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


# --- the template: the claims with a place for each copy's digests --------------------------


class _Digest(NamedTuple):
    """In an array (§4.2.4.2): ``{"...": digest}`` of the copy's Disclosure ``number``."""

    number: int


class _Object(NamedTuple):
    """An object holding digests: its always-visible members (templates themselves), then
    ``_sd`` (§4.2.4.1): the digests of Disclosures ``disclosed`` and decoy group ``decoys``."""

    members: tuple[tuple[str, Any], ...]
    disclosed: tuple[int, ...]
    decoys: int


class _Array(NamedTuple):
    """An array holding digests: its elements, each a template or a :class:`_Digest`."""

    elements: tuple[Any, ...]


_TEMPLATES = (_Digest, _Object, _Array)


class _Planned(NamedTuple):
    """One Disclosure of every copy: its claim name (``None`` in an array, §4.2.2) and value
    (a template); ``tail`` is its JSON after the salt when the value holds no digest."""

    name: str | None
    value: Any
    tail: str | None


class _Planner:
    """Walks the claims depth first, so that nested choices become recursive Disclosures.

    It also notes, in ``draws``, the order in which a copy takes its random bytes, the order
    a walk over the claims would take them in: each Disclosure's salt (its number, counted
    from 0) after the Disclosures inside its value, and an object's decoys (``-1 - group``)
    after its members.
    """

    def __init__(self, disclosable: Collection[ClaimPath], *, decoys: int) -> None:
        self.patterns = tuple(disclosable)
        # Every claim is looked up: exact paths by hash, only the ``None`` patterns by scanning.
        self.exact = frozenset(p for p in self.patterns if None not in p)
        self.wildcards = tuple(p for p in self.patterns if None in p)
        self.used: set[ClaimPath] = set()
        self.decoys = decoys
        self.planned: list[_Planned] = []
        self.draws: list[int] = []
        self.decoy_groups = 0

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

    def _disclose(self, name: str | None, value: Any) -> int:
        index = len(self.planned)
        tail = None if isinstance(value, _TEMPLATES) else disclosure_tail(name, value)
        self.planned.append(_Planned(name, value, tail))
        self.draws.append(index)
        return index

    def plan(self, value: Any, path: ClaimPath) -> Any:
        kind = type(value)
        if kind is str or kind is int or kind is bool or value is None:  # most claims
            return value
        if isinstance(value, Mapping):
            return self.plan_object(value, path)
        if isinstance(value, list | tuple):
            return self._array(value, path)
        return value

    def plan_object(self, value: Mapping[str, Any], path: ClaimPath) -> Any:
        members: list[tuple[str, Any]] = []
        disclosed: list[int] = []
        for name, child in value.items():
            if not isinstance(name, str) or name in RESERVED_NAMES:
                raise SelectionInvalid(f"{name!r} cannot be a claim name (RFC 9901 §4.1)")
            child_path = (*path, name)
            kind = type(child)
            # most claims are plain values: no call to walk into them
            simple = kind is str or kind is int or kind is bool or child is None
            planned = child if simple else self.plan(child, child_path)
            if self._disclosable(child_path):
                disclosed.append(self._disclose(name, planned))
            else:
                members.append((name, planned))
        if not disclosed and not any(isinstance(v, _TEMPLATES) for _, v in members):
            return dict(members)  # no digest inside: the same in every copy
        group = -1
        if disclosed and self.decoys:
            group = self.decoy_groups
            self.decoy_groups += 1
            self.draws.append(-1 - group)
        return _Object(tuple(members), tuple(disclosed), group)

    def _array(self, value: Collection[Any], path: ClaimPath) -> Any:
        elements: list[Any] = []
        for index, child in enumerate(value):
            child_path = (*path, index)
            planned = self.plan(child, child_path)
            if self._disclosable(child_path):
                elements.append(_Digest(self._disclose(None, planned)))
            else:
                elements.append(planned)
        if any(isinstance(e, _TEMPLATES) for e in elements):
            return _Array(tuple(elements))
        return elements


class _Copy:
    """One copy's digests and decoys, filling the template in."""

    __slots__ = ("decoys", "digests")

    def __init__(self, planned: int, groups: int) -> None:
        self.digests: list[str] = [""] * planned
        self.decoys: list[list[str]] = [[] for _ in range(groups)]

    def fill(self, value: Any) -> Any:
        kind = type(value)
        if kind is _Object:
            result = {name: self.fill(child) for name, child in value.members}
            if value.disclosed:
                digests = [self.digests[i] for i in value.disclosed]
                if value.decoys >= 0:
                    digests.extend(self.decoys[value.decoys])
                # §4.2.4.1: hide the original order; sorting does not depend on it.
                result["_sd"] = sorted(digests)
            return result
        if kind is _Array:
            return [self.fill(element) for element in value.elements]
        if kind is _Digest:
            return {"...": self.digests[value.number]}
        return value


@dataclass(frozen=True, slots=True)
class SDJWTTemplate:
    """Claims prepared for issuing (:func:`prepare_sd_jwt`): issue as many copies as needed."""

    payload: Any
    """The claims with their Disclosures taken out: a dict, or an ``_Object`` template."""
    names: frozenset[str]
    planned: tuple[_Planned, ...]
    draws: tuple[int, ...]
    decoy_groups: int
    decoys: int

    def issue(
        self,
        *,
        key: PrivateKey,
        typ: str,
        holder_key: PublicKey | None = None,
        visible: Mapping[str, Any] | None = None,
        headers: Mapping[str, Any] | None = None,
        random: Callable[[int], bytes] = secrets.token_bytes,
    ) -> IssuedSDJWT:
        """Issue one copy (§4.1): fresh salts and decoys, ``holder_key`` bound as ``cnf.jwk``
        (§4.1.2), ``visible`` claims (always visible, before the prepared ones: say the
        copy's own status entry) added to the payload.

        One call to ``random`` gives every salt and decoy of the copy, ``SALT_BYTES`` each, in
        the order the claims are walked.
        """
        if visible:
            clash = (self.names | RESERVED_NAMES).intersection(visible)
            if clash:
                raise SelectionInvalid(f"claims given twice or reserved: {sorted(clash)}")
        copy = _Copy(len(self.planned), self.decoy_groups)
        fresh = random(SALT_BYTES * (len(self.planned) + self.decoy_groups * self.decoys))
        start = 0
        disclosures: list[Disclosure] = []
        for draw in self.draws:
            if draw < 0:
                copy.decoys[-1 - draw] = [
                    b64url_encode(_DEFAULT_HASH(fresh[at : at + SALT_BYTES]).digest())
                    for at in range(start, start + self.decoys * SALT_BYTES, SALT_BYTES)
                ]
                start += self.decoys * SALT_BYTES
                continue
            salt = b64url_encode(fresh[start : start + SALT_BYTES])
            start += SALT_BYTES
            name, value, tail = self.planned[draw]
            if tail is None:  # the value holds digests of this copy
                value = copy.fill(value)
                tail = disclosure_tail(name, value)
            disclosure = Disclosure.from_tail(salt, name, value, tail)
            disclosures.append(disclosure)
            copy.digests[draw] = _default_digest(disclosure.encoded)
        payload: dict[str, Any] = dict(visible or {})
        payload.update(copy.fill(self.payload))
        payload["_sd_alg"] = DEFAULT_SD_ALG
        if holder_key is not None:
            payload["cnf"] = {"jwk": holder_key.to_jwk()}
        issuer_jwt = sign_jws(payload, key, typ=typ, headers=headers)
        return IssuedSDJWT(
            compact=join_sd_jwt(issuer_jwt, [d.encoded for d in disclosures]),
            issuer_jwt=issuer_jwt,
            disclosures=tuple(disclosures),
            payload=payload,
        )


def prepare_sd_jwt(
    claims: Mapping[str, Any], *, disclosable: Collection[ClaimPath], decoys: int = 0
) -> SDJWTTemplate:
    """Prepare ``claims`` for issuing (§4.1); each path in ``disclosable`` becomes a Disclosure.

    Paths name object members and array elements (``None`` for every element). A disclosable
    path inside another disclosable path gives a recursive Disclosure (§4.2.6). ``decoys``
    decoy digests are added to every ``_sd`` array (§4.2.5). Every disclosable path must exist
    in ``claims``: a typo must not silently leave a claim always visible.
    """
    planner = _Planner(disclosable, decoys=decoys)
    payload = planner.plan_object(claims, ())
    missing = [p for p in planner.patterns if p not in planner.used]
    if missing:
        raise SelectionInvalid(f"disclosable paths not found in the claims: {missing}")
    return SDJWTTemplate(
        payload=payload,
        names=frozenset(claims),
        planned=tuple(planner.planned),
        draws=tuple(planner.draws),
        decoy_groups=planner.decoy_groups,
        decoys=decoys,
    )


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
    """Issue one SD-JWT (§4.1) over ``claims``: :func:`prepare_sd_jwt`, then
    :meth:`SDJWTTemplate.issue`; ``holder_key`` is bound as ``cnf.jwk`` (§4.1.2)."""
    return prepare_sd_jwt(claims, disclosable=disclosable, decoys=decoys).issue(
        key=key, typ=typ, holder_key=holder_key, headers=headers, random=random
    )
