"""The applicant's validated values, each with its provenance.

A presentation transaction keeps the verified claims per DCQL credential query id, with the
issuer, the ``vct`` and when they were verified. A case keeps them as a flat list of
:class:`ValidatedValue`: one per disclosed claim, so the officer (and the ZGW export) can see
for every value who vouched for it, in which credential, and in which transaction.

The values are listed in the order the relying party asked for them: its credential queries
in the order of the use case's DCQL query (OpenID4VP 1.0 §6.1 ``credentials``), and within one
credential its claims in the order of the query's ``claims`` (§6.3). The order is taken from
the query, not from the stored claims: PostgreSQL ``jsonb`` does not keep an object's key order.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, TypeAdapter

__all__ = ["ValidatedValue", "dump_applicant", "load_applicant", "validated_values"]


class ValidatedValue(BaseModel):
    """One disclosed claim and where it came from."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    path: tuple[str, ...]
    """The claim's path in the credential (``("given_name",)``)."""
    value: Any
    issuer: str
    """The credential's ``iss``: who validated the value."""
    vct: str
    credential_query_id: str
    verified_at: datetime
    transaction_id: str

    @property
    def name(self) -> str:
        return ".".join(self.path)

    @property
    def shown(self) -> str:
        """The value as a person reads it (intake form, back office): a boolean as
        "ja / yes" or "nee / no", an array as its items, comma-separated."""
        if isinstance(self.value, bool):
            return {True: "ja / yes", False: "nee / no"}[self.value]
        if isinstance(self.value, list):
            return ", ".join(str(item) for item in self.value)
        return str(self.value)


_VALUES = TypeAdapter(list[ValidatedValue])


def _credentials(entry: Any) -> Iterator[Mapping[str, Any]]:
    """A query id maps to one verified credential, or to a list of them (DCQL ``multiple``)."""
    if isinstance(entry, Mapping):
        yield entry
    elif isinstance(entry, list):
        for item in entry:
            if isinstance(item, Mapping):
                yield item


def _leaves(claims: Mapping[str, Any], prefix: tuple[str, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Objects are walked into (each member a value of its own); arrays are one value."""
    for key, value in claims.items():
        path = (*prefix, str(key))
        if isinstance(value, Mapping) and value:
            yield from _leaves(value, path)
        else:
            yield path, value


def _asked_order(dcql_query: Mapping[str, Any] | str) -> dict[str, list[tuple[Any, ...]]]:
    """Per credential query id, in the query's order, the claim paths it asks for."""
    query = json.loads(dcql_query) if isinstance(dcql_query, str) else dcql_query
    order: dict[str, list[tuple[Any, ...]]] = {}
    for credential in query.get("credentials") or ():
        claims = credential.get("claims") or ()
        order[str(credential.get("id"))] = [tuple(claim.get("path") or ()) for claim in claims]
    return order


def _claim_rank(path: tuple[str, ...], asked: Sequence[tuple[Any, ...]]) -> int:
    """Where the query asks for ``path``: the first claim path that is a prefix of it (an object
    asked as a whole) or that it is a prefix of (an array asked per element); else last."""
    for rank, wanted in enumerate(asked):
        common = min(len(wanted), len(path))
        if common and tuple(wanted[:common]) == path[:common]:
            return rank
    return len(asked)


def validated_values(
    verified_claims: Mapping[str, Any],
    *,
    transaction_id: str,
    dcql_query: Mapping[str, Any] | str,
) -> list[ValidatedValue]:
    """Flatten a transaction's ``verified_claims`` into validated values with provenance, in
    the order of the use case's ``dcql_query`` (see the module docstring).

    ``verified_claims`` maps each credential query id to ``{"issuer", "vct", "verified_at",
    "claims": {...}}`` (or a list of those). Only what is under ``claims`` becomes a value: the
    transaction holds nothing but the disclosed claims, and so does the case.
    """
    asked = _asked_order(dcql_query)
    positions = {query_id: index for index, query_id in enumerate(asked)}
    values: list[ValidatedValue] = []
    for query_id, entry in sorted(
        verified_claims.items(), key=lambda item: (positions.get(item[0], len(asked)), item[0])
    ):
        claim_paths = asked.get(query_id, [])
        for credential in _credentials(entry):
            claims = credential.get("claims")
            if not isinstance(claims, Mapping):
                raise TypeError(f"credential query {query_id!r} has no claims object")
            leaves = sorted(_leaves(claims), key=lambda leaf: _claim_rank(leaf[0], claim_paths))
            values.extend(
                ValidatedValue(
                    path=path,
                    value=value,
                    issuer=str(credential["issuer"]),
                    vct=str(credential["vct"]),
                    credential_query_id=str(query_id),
                    verified_at=credential["verified_at"],
                    transaction_id=transaction_id,
                )
                for path, value in leaves
            )
    return values


def dump_applicant(values: list[ValidatedValue]) -> list[dict[str, Any]]:
    """JSON-ready list for ``Case.applicant``."""
    return [value.model_dump(mode="json") for value in values]


def load_applicant(raw: Any) -> list[ValidatedValue]:
    """``Case.applicant`` back as values (Piccolo may hand JSON columns over as text)."""
    if isinstance(raw, str):
        return _VALUES.validate_json(raw)
    return _VALUES.validate_python(raw)
