"""The wallet's side of DCQL (OpenID4VP 1.0 §6.4): which held credentials answer a query,
and which claims of each to disclose.

Pure: the wallet passes what it holds (type, processed claims, whether it is key-bound); the
result names, per Credential Query, the matching credentials and the claims paths to disclose,
ready for ``standards.sd_jwt.select_disclosures``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from standards.dcql.claims import match_claims
from standards.dcql.query import SD_JWT_VC_FORMAT, CredentialQuery, DCQLQuery
from standards.errors import (
    ClaimSetsUnsatisfied,
    ClaimValueMismatch,
    NoMatchingCredentials,
    RequestedClaimMissing,
)
from standards.sd_jwt import ClaimPath

__all__ = ["Candidate", "HeldCredential", "Selection", "select_credentials"]


class HeldCredential(NamedTuple):
    """A credential in the wallet, as far as DCQL needs to know it."""

    ref: str
    """The wallet's own name for it; handed back in :class:`Candidate`."""
    vct: str
    claims: Mapping[str, Any]
    """The Processed SD-JWT Payload (every claim the wallet could disclose)."""
    holder_bound: bool = True
    """It has ``cnf`` and the wallet holds the key (a KB-JWT can be made)."""
    format: str = SD_JWT_VC_FORMAT


class Candidate(NamedTuple):
    """A held credential that answers a Credential Query, and what to disclose from it."""

    credential: HeldCredential
    paths: tuple[ClaimPath, ...]
    """§6.4.1: the claims of ``claims`` (or of the first ``claim_sets`` option it meets)."""


class Selection(NamedTuple):
    """Every match, and the default answer (§6.4.2) the wallet shows the holder first."""

    candidates: Mapping[str, tuple[Candidate, ...]]
    """Per Credential Query id, every matching credential, in the wallet's order."""
    chosen: Mapping[str, Candidate]
    """Per Credential Query id to answer, the first candidate: all queries without
    ``credential_sets``; else the first option met of each set (optional sets when met)."""


def _candidate(query: CredentialQuery, held: HeldCredential) -> Candidate | None:
    """§6.4.2: "Credentials not matching the respective constraints ... MUST NOT be
    returned"; §6.4.1 picks the claims; Appendix B.3: a KB-JWT needs ``cnf``."""
    if held.format != query.format or held.format != SD_JWT_VC_FORMAT:
        return None
    if held.vct not in query.vct_values:
        return None
    if query.require_cryptographic_holder_binding and not held.holder_bound:
        return None
    try:
        return Candidate(held, tuple(match_claims(query, held.claims)))
    except (RequestedClaimMissing, ClaimValueMismatch, ClaimSetsUnsatisfied):
        return None


def select_credentials(query: DCQLQuery, held: Sequence[HeldCredential]) -> Selection:
    """§6.4: match every Credential Query, then choose the default answer.

    Raises :class:`NoMatchingCredentials` (``access_denied``) when a required query or
    Credential Set Query cannot be met: "it MUST NOT return any Credential(s)" (§6.4.2).
    """
    candidates = {
        q.id: tuple(c for c in (_candidate(q, h) for h in held) if c is not None)
        for q in query.credentials
    }
    if query.credential_sets is None:
        wanted = [q.id for q in query.credentials]
        missing = [i for i in wanted if not candidates[i]]
        if missing:
            raise NoMatchingCredentials(f"no credential answers {missing}")
    else:
        wanted = []
        for number, credential_set in enumerate(query.credential_sets):
            met = [o for o in credential_set.options if all(candidates[i] for i in o)]
            if met:
                wanted.extend(i for i in met[0] if i not in wanted)
            elif credential_set.required:
                raise NoMatchingCredentials(f"no option of credential set {number} can be met")
    return Selection(candidates, {i: candidates[i][0] for i in wanted})
