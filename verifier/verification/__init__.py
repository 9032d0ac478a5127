"""Verifying a wallet's response (OpenID4VP 1.0 §8.6): every presentation (standards), the
DCQL check, the relying party's registration, the trust list, and each credential's status.

Returns only the claims that were asked for and disclosed, per Credential Query id, with who
vouched for them; any failure raises and nothing of the response is kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from standards.dcql import DCQLQuery, check_holder_binding, check_within_registration
from standards.dcql.check import Registration
from standards.jose import json_dumps, json_loads
from standards.oid4vp import verify_vp_token
from standards.sd_jwt_vc import VerifiedCredential
from verifier.relying_parties.seeded import registration
from verifier.verification.status import StatusLists
from verifier.verification.trust import TrustList

__all__ = ["Asked", "asked", "verify_response"]


@dataclass(frozen=True)
class Asked:
    """What a use case asks (its DCQL query), checked to lie within its relying party's
    registration; made by :func:`asked` only, and shared by every response: read only."""

    query: DCQLQuery
    registration: Registration


def asked(dcql_query: Mapping[str, Any] | str, allowed_claims: Mapping[str, Any] | str) -> Asked:
    """The use case's stored DCQL query, parsed (OpenID4VP 1.0 §6), checked to ask for holder
    binding everywhere (:func:`standards.dcql.check_holder_binding`) and against the party's
    stored registration (:func:`standards.dcql.check_within_registration`); each as stored
    (JSON text) or decoded.

    Every response to a use case asks the same, so the answer is kept by the stored values
    themselves (their JSON): an edited use case or registration is parsed and checked anew,
    and one that fails is never kept."""
    return _asked(_json(dcql_query), _json(allowed_claims))


def _json(value: Mapping[str, Any] | str) -> str:
    return value if isinstance(value, str) else json_dumps(value).decode()


@lru_cache(maxsize=64)
def _asked(dcql_query: str, allowed_claims: str) -> Asked:
    query = DCQLQuery.parse(json_loads(dcql_query))
    allowed = registration(json_loads(allowed_claims))
    check_holder_binding(query)  # issue 4: every presentation with Key Binding
    check_within_registration(query, allowed)
    return Asked(query, allowed)


def _nested(matched: Mapping[tuple[Any, ...], tuple[Any, ...]]) -> dict[str, Any]:
    """The matched claims as an object again: ``{("a", "b"): (1,)}`` → ``{"a": {"b": 1}}``;
    a path through an array (``None``) keeps the list of values."""
    claims: dict[str, Any] = {}
    for path, values in matched.items():
        names = [p for p in path if isinstance(p, str)]
        if not names or len(names) != len(path):
            claims[".".join(str(p) for p in path)] = list(values)
            continue
        target = claims
        for name in names[:-1]:
            target = target.setdefault(name, {})
        target[names[-1]] = values[0] if len(values) == 1 else list(values)
    return claims


async def _check_status(
    credential: VerifiedCredential, trust: TrustList, status: StatusLists
) -> None:
    if credential.status is None:
        return
    policy = trust.policy()
    issuer = credential.issuer

    def key(header: Mapping[str, Any], _payload: Mapping[str, Any]) -> Any:
        return policy.resolve(header, {"iss": issuer})

    await status.check(credential.status, key, issuer=issuer)


async def verify_response(
    vp_token: Mapping[str, tuple[str, ...]],
    *,
    asked: Asked,
    client_id: str,
    nonce: str,
    trust: TrustList,
    status: StatusLists,
    now: datetime,
) -> dict[str, Any]:
    """The verified claims ``{query_id: {issuer, vct, verified_at, claims}}`` (a list of those
    where the query allows ``multiple``). ``asked``: the use case's query, within its
    registration (:func:`asked`)."""
    query = asked.query
    await trust.refresh()
    verified = verify_vp_token(
        vp_token,
        query=query,
        client_id=client_id,
        nonce=nonce,
        issuer_key=trust.resolver(),
        now=now.timestamp,
    )
    for credentials in verified.credentials.values():
        for credential in credentials:
            await _check_status(credential, trust, status)
    result: dict[str, Any] = {}
    for query_id, matches in verified.matched.items():
        entries = [
            {
                "issuer": credential.issuer,
                "vct": match.presented.vct,
                "verified_at": now.isoformat(),
                "claims": _nested(match.claims),
            }
            for match, credential in zip(matches, verified.credentials[query_id], strict=True)
        ]
        credential_query = query.credential(query_id)
        multiple = credential_query is not None and credential_query.multiple
        result[query_id] = entries if multiple else entries[0]
    return result
