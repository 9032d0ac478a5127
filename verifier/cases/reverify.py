"""Re-verify a case's evidence: the presentation as received, checked again in full.

The presentation is checked as at the moment it was first verified (signatures, disclosures,
key binding over the transaction's nonce and the relying party's client id, DCQL, the
registration), against what its transaction asked (the DCQL query, registration and client id
kept with the transaction, :func:`verifier.transactions.asked_by`: an officer's later edit of
the use case does not make a good case fail), with the issuer's keys from today's trust list
and each credential's status as it is now, so a credential revoked since shows. The claims
must be the ones the case holds.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from regie.db.audit import audit_insert
from standards.errors import StandardsError
from verifier.cases.applicant import load_applicant, validated_values
from verifier.cases.handling import case_for_officer
from verifier.db.tables import AuditEntry, PresentationTransaction, UseCase
from verifier.state import VerifierState
from verifier.transactions import asked_by, verify_for_use_case

__all__ = ["Reverified", "reverify"]


@dataclass(frozen=True, slots=True)
class Reverified:
    ok: bool
    reason: str
    """``valid``, ``evidence_purged``, ``claims_differ`` or the failed check's error code."""


async def _check(state: VerifierState, case: dict[str, Any]) -> Reverified:
    if not case["evidence"]:
        return Reverified(ok=False, reason="evidence_purged")
    transaction = (
        await PresentationTransaction.select(
            PresentationTransaction.transaction_id,
            PresentationTransaction.nonce,
            PresentationTransaction.nonce_consumed_at,
            PresentationTransaction.dcql_query,
            PresentationTransaction.allowed_claims,
            PresentationTransaction.client_id,
        )
        .where(PresentationTransaction.id == case["transaction"])
        .first()
    )
    use_case = (
        await UseCase.select(
            UseCase.dcql_query,
            UseCase.relying_party._.client_id.as_alias("client_id"),
            UseCase.relying_party._.allowed_claims.as_alias("allowed_claims"),
        )
        .where(UseCase.id == case["use_case"])
        .output(load_json=True)
        .first()
    )
    if transaction is None or use_case is None:
        return Reverified(ok=False, reason="transaction_missing")
    asked_for = asked_by(transaction, use_case)
    held = load_applicant(case["applicant"])
    try:
        vp_token = {k: tuple(v) for k, v in json.loads(str(case["evidence"])).items()}
    except (ValueError, AttributeError, TypeError):
        return Reverified(ok=False, reason="evidence_unreadable")
    # As at the first verification: the key binding's iat is checked against that moment.
    verified_at: datetime = transaction["nonce_consumed_at"] or min(
        (v.verified_at for v in held), default=case["registered_at"]
    )
    try:
        claims = await verify_for_use_case(
            state, vp_token, asked_for=asked_for, nonce=transaction["nonce"], now=verified_at
        )
    except StandardsError as exc:
        return Reverified(ok=False, reason=exc.code)
    again = validated_values(
        claims, transaction_id=transaction["transaction_id"], dcql_query=asked_for["dcql_query"]
    )
    same = {(v.path, json.dumps(v.value)) for v in again} == {
        (v.path, json.dumps(v.value)) for v in held
    }
    return (
        Reverified(ok=True, reason="valid")
        if same
        else Reverified(ok=False, reason="claims_differ")
    )


async def reverify(
    state: VerifierState,
    identification: str,
    *,
    relying_parties: Collection[int],
    actor: str,
    now: datetime,
) -> Reverified:
    """Check the case's evidence again (scoped to the officer's parties); audited."""
    case = await case_for_officer(identification, relying_parties)
    outcome = await _check(state, case)
    await audit_insert(
        AuditEntry,
        at=now,
        actor=actor,
        action="case.reverified",
        subject=identification,
        detail={"ok": outcome.ok, "reason": outcome.reason},
    )
    return outcome
