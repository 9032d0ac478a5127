"""OpenID4VP 1.0 §7.1 (claims path pointers over JSON-based credentials) and §6.3/§6.4.1
(which claims of a credential satisfy a Credential Query's ``claims`` and ``claim_sets``).

Shared by the verifier's check (:mod:`.check`) and the wallet's selection (:mod:`.select`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from standards.dcql.query import ClaimsQuery, CredentialQuery
from standards.errors import ClaimSetsUnsatisfied, ClaimValueMismatch, RequestedClaimMissing
from standards.sd_jwt import ClaimPath

__all__ = ["ClaimMatch", "match_claims", "process_claims_path"]

ClaimMatch = Mapping[ClaimPath, tuple[Any, ...]]
"""The requested claims paths a credential satisfies, each with the values it selects."""


def process_claims_path(claims: Mapping[str, Any], path: ClaimPath) -> tuple[Any, ...]:
    """§7.1.1: the JSON elements ``path`` selects in ``claims``, left to right.

    A string selects that key in every selected object (one without it drops out), ``null``
    every element of every selected array, an integer that index (an array without it drops
    out); a component meeting the wrong kind of element, or an empty selection at the end
    (step 3), raises :class:`RequestedClaimMissing`.
    """
    selected: list[Any] = [claims]
    for component in path:
        if isinstance(component, str):
            if not all(isinstance(element, dict) for element in selected):  # step 2.1
                raise RequestedClaimMissing(f"{list(path)}: {component!r} meets a non-object")
            selected = [element[component] for element in selected if component in element]
        elif component is None:
            if not all(isinstance(element, list) for element in selected):  # step 2.2
                raise RequestedClaimMissing(f"{list(path)}: null meets a non-array")
            selected = [item for element in selected for item in element]
        elif isinstance(component, int) and not isinstance(component, bool) and component >= 0:
            if not all(isinstance(element, list) for element in selected):  # step 2.3
                raise RequestedClaimMissing(f"{list(path)}: {component} meets a non-array")
            selected = [element[component] for element in selected if component < len(element)]
        else:  # step 2.4
            raise RequestedClaimMissing(f"{list(path)}: {component!r} is no path component")
    if not selected:  # step 3
        raise RequestedClaimMissing(f"the credential holds no claim at {list(path)}")
    return tuple(selected)


def _same(claim: Any, value: Any) -> bool:
    """§6.3: "the type and value of the claim both match exactly" (so ``1`` is not ``true``)."""
    return type(claim) is type(value) and claim == value


def _match_one(query: ClaimsQuery, claims: Mapping[str, Any]) -> tuple[Any, ...]:
    """§6.3: the selected elements, narrowed to those with one of ``values`` when given."""
    selected = process_claims_path(claims, query.path)
    if query.values is None:
        return selected
    matching = tuple(e for e in selected if any(_same(e, v) for v in query.values))
    if not matching:
        raise ClaimValueMismatch(f"no claim at {list(query.path)} has a requested value")
    return matching


def match_claims(query: CredentialQuery, claims: Mapping[str, Any]) -> ClaimMatch:
    """§6.4.1: the claims of ``claims`` that answer ``query``.

    Without ``claims`` nothing selectively disclosable is requested (an empty match); without
    ``claim_sets`` every Claims Query must match; with them, the first option (the verifier's
    preference) whose claims all match is taken, and none raises
    :class:`ClaimSetsUnsatisfied`. A claim with ``values`` matches when one selected element
    has one of them (§6.3; a verifier treats this as best effort, §6.4.1).
    """
    if query.claims is None:
        return {}
    if query.claim_sets is None:
        return {c.path: _match_one(c, claims) for c in query.claims}
    by_id = query.claims_by_id()
    for option in query.claim_sets:
        try:
            return {by_id[i].path: _match_one(by_id[i], claims) for i in option}
        except (RequestedClaimMissing, ClaimValueMismatch):
            continue
    raise ClaimSetsUnsatisfied(f"credential query {query.id!r}: no option of claim_sets is met")
