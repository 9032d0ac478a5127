"""The verifier's own check of a VP Token against its DCQL query (OpenID4VP 1.0 §8.1, §8.6
steps 1 and 2.2 and 3, §6.4, §14.9: never rely on the wallet), including that no presentation
discloses more than was asked (§6.4, §15.4), and whether a query stays within what a relying
party is registered to ask (§15.3 purpose legitimacy, §15.4.2 strictly necessary claims).

Pure: the presentations are verified elsewhere (``standards.oid4vp.presentation``); here only
their type, claims and holder binding are compared with the query.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any, NamedTuple

from standards.dcql.claims import ClaimMatch, match_claims
from standards.dcql.query import SD_JWT_VC_FORMAT, DCQLQuery
from standards.errors import (
    ClaimsBeyondRegistration,
    ClaimsNotRequested,
    CredentialSetsUnsatisfied,
    HolderBindingWaived,
    KeyBindingMissing,
    RequiredCredentialMissing,
    TooManyPresentations,
    UnknownCredentialQueryId,
    VctNotAllowed,
    VpFormatsNotSupported,
    VpTokenMalformed,
)
from standards.sd_jwt import ClaimPath

__all__ = [
    "MatchedCredential",
    "PresentedCredential",
    "Registration",
    "check_disclosures",
    "check_holder_binding",
    "check_presentations",
    "check_vp_token_ids",
    "check_within_registration",
]

Registration = Mapping[str, Collection[ClaimPath]]
"""What a relying party may ask: per ``vct``, the claims paths it is registered for. A path
covers itself and everything beneath it; ``None`` in it covers any array index."""


class PresentedCredential(NamedTuple):
    """What the verifier learned from one verified presentation."""

    vct: str
    claims: Mapping[str, Any]
    """The Processed SD-JWT Payload: visible and disclosed claims."""
    holder_bound: bool
    """A Key Binding JWT was verified (Cryptographic Holder Binding, §6.1)."""
    disclosed: tuple[ClaimPath, ...] = ()
    """The claim path of every Disclosure in the presentation (RFC 9901 §7.1 step 3, as the
    verifier processed it); always-visible claims are none of these."""


class MatchedCredential(NamedTuple):
    """A presentation that answers its Credential Query, with the claims it answers with."""

    query_id: str
    presented: PresentedCredential
    claims: ClaimMatch


def check_vp_token_ids(query: DCQLQuery, vp_token: Mapping[str, Sequence[object]]) -> None:
    """§8.1 and §6.4.2, before any presentation is verified: every key is a Credential Query
    ``id``, each array holds one presentation unless ``multiple`` is true (and never none),
    and the ids present satisfy the query: all of them without ``credential_sets``, else one
    option of every required Credential Set Query."""
    for query_id, presentations in vp_token.items():
        credential = query.credential(query_id)
        if credential is None:
            raise UnknownCredentialQueryId(f"{query_id!r} is not a Credential Query id")
        if not presentations:
            raise VpTokenMalformed(f"{query_id!r} has an empty array of presentations")
        if len(presentations) > 1 and not credential.multiple:
            raise TooManyPresentations(f"{query_id!r} allows one presentation, not several")
    present = set(vp_token)
    if query.credential_sets is None:
        missing = sorted(c.id for c in query.credentials if c.id not in present)
        if missing:
            raise RequiredCredentialMissing(f"no presentation for {missing}")
        return
    for number, credential_set in enumerate(query.credential_sets):
        met = any(set(option) <= present for option in credential_set.options)
        if credential_set.required and not met:
            raise CredentialSetsUnsatisfied(f"credential set {number} is required and not met")


def check_presentations(
    query: DCQLQuery, presented: Mapping[str, Sequence[PresentedCredential]]
) -> dict[str, tuple[MatchedCredential, ...]]:
    """§8.6 steps 2.2, 2.3 and 3: every presentation meets its Credential Query.

    Besides :func:`check_vp_token_ids`: a Cryptographic Holder Binding proof unless the query
    waives it (§6.1), a ``vct`` in ``meta.vct_values`` (Appendix B.3.5, exact match: Regie
    follows no type inheritance), the requested claims (§6.4.1, see
    :func:`standards.dcql.claims.match_claims`), and no Disclosure beyond them
    (:func:`check_disclosures`). Any failure rejects the whole VP Token.
    """
    check_vp_token_ids(query, presented)
    result: dict[str, tuple[MatchedCredential, ...]] = {}
    for query_id, credentials in presented.items():
        credential_query = query.credential(query_id)
        assert credential_query is not None  # noqa: S101 - check_vp_token_ids saw to it
        if credential_query.format != SD_JWT_VC_FORMAT:
            raise VpFormatsNotSupported(f"Regie verifies {SD_JWT_VC_FORMAT} only")
        matched = []
        for credential in credentials:
            if (
                credential_query.require_cryptographic_holder_binding
                and not credential.holder_bound
            ):
                raise KeyBindingMissing(f"{query_id!r} requires Cryptographic Holder Binding")
            if credential.vct not in credential_query.vct_values:
                raise VctNotAllowed(f"{query_id!r}: vct {credential.vct!r} was not asked for")
            claims = match_claims(credential_query, credential.claims)
            matched.append(MatchedCredential(query_id, credential, claims))
        result[query_id] = tuple(matched)
    check_disclosures(result)
    return result


def check_disclosures(matched: Mapping[str, Sequence[MatchedCredential]]) -> None:
    """§6.4: every Disclosure of a presentation lies on the way to or beneath a claim that was
    selected: a path of the claims its Credential Query matched (the option of ``claim_sets``
    taken, none without ``claims``, §6.4.1), or, as §6.4 allows one presentation to carry
    the claims "selected ... in a separate Credential Query in the same request", of another
    query answered with a credential of the same ``vct``. Disclosures that enclose a
    selected claim (recursive disclosures, RFC 9901 §4.2.6) are on its way; those beneath it
    are part of it, as the wallet selects them (:func:`standards.sd_jwt.select_disclosures`).
    Raises :class:`ClaimsNotRequested`."""
    selected: dict[str, set[ClaimPath]] = {}
    for matches in matched.values():
        for match in matches:
            selected.setdefault(match.presented.vct, set()).update(match.claims)
    for query_id, matches in matched.items():
        for match in matches:
            paths = selected[match.presented.vct]
            for disclosed in match.presented.disclosed:
                if not any(_leads_to(p, disclosed) for p in paths):
                    raise ClaimsNotRequested(
                        f"{query_id!r} discloses {list(disclosed)}, which was not asked for"
                    )


def _covers(allowed: ClaimPath, requested: ClaimPath) -> bool:
    """``allowed`` leads to (or is) ``requested``; an allowed ``None`` covers any index."""
    return len(allowed) <= len(requested) and _leads_to(allowed, requested)


def _leads_to(allowed: ClaimPath, requested: ClaimPath) -> bool:
    """``allowed`` and ``requested`` agree as far as both go (``_covers`` of ``allowed``
    cut to the length of ``requested``): equal components of the same type, or an allowed
    ``None`` where ``requested`` has ``None`` or an index."""
    for a, r in zip(allowed, requested, strict=False):
        if a is None:
            if r is not None and not isinstance(r, int):
                return False
        elif type(a) is not type(r) or a != r:
            return False
    return True


def check_holder_binding(query: DCQLQuery) -> None:
    """HAIP 1.0 §6.1.1.1: "If the credential has cryptographic holder binding, a KB-JWT ...
    MUST always be present when presenting an SD-JWT VC"; a verifier asking for bound
    credentials therefore never waives Key Binding in a Credential Query (OpenID4VP 1.0 §6.1,
    ``require_cryptographic_holder_binding``, default ``true``). Raises
    :class:`HolderBindingWaived` for the first query that does."""
    for credential in query.credentials:
        if not credential.require_cryptographic_holder_binding:
            raise HolderBindingWaived(
                f"{credential.id!r} sets require_cryptographic_holder_binding to false"
            )


def check_within_registration(query: DCQLQuery, registration: Registration) -> None:
    """Refuse a query that asks beyond ``registration`` (over-asking): every Credential Query
    is ``dc+sd-jwt``, each of its ``vct_values`` registered, and each claims path covered by
    a registered path for every one of them. Raises :class:`ClaimsBeyondRegistration`."""
    for credential in query.credentials:
        if credential.format != SD_JWT_VC_FORMAT:
            raise ClaimsBeyondRegistration(f"{credential.id!r} asks for {credential.format!r}")
        for vct in credential.vct_values:
            if vct not in registration:
                raise ClaimsBeyondRegistration(f"{credential.id!r} asks for type {vct!r}")
            for claim in credential.claims or ():
                if not any(_covers(tuple(a), claim.path) for a in registration[vct]):
                    raise ClaimsBeyondRegistration(
                        f"{credential.id!r} asks for {list(claim.path)} of {vct!r}"
                    )
