"""SD-JWT VC presentations in OpenID4VP 1.0 (Appendix B.3.6, §8.6, §14.1.2): the verifier
checks each presentation and then the VP Token against its DCQL query; the wallet makes them.

Composes :mod:`standards.sd_jwt_vc` (every check of SD-JWT VC §2.4 and RFC 9901 §7.3) with the
OpenID4VP rules: Key Binding required unless the Credential Query waives it (§6.1) and the
credential has no holder key (HAIP 1.0 §6.1.1.1), the KB-JWT ``nonce`` the request's, its
``aud`` the full Client Identifier with its prefix (§14.8); and :mod:`standards.dcql` for what
was asked (§6.4, §14.9).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Mapping
from typing import NamedTuple

from standards.dcql import (
    DCQLQuery,
    MatchedCredential,
    PresentedCredential,
    check_presentations,
    check_vp_token_ids,
)
from standards.jose import DEFAULT_ALGORITHMS, KeySource, PrivateKey
from standards.sd_jwt import ClaimPath, KeyBindingPolicy, Limits, create_presentation
from standards.sd_jwt import select_disclosures as _select_disclosures
from standards.sd_jwt_vc import VerifiedCredential, verify_credential_presentation

__all__ = ["VerifiedVpToken", "present_credential", "verify_presentation", "verify_vp_token"]

_LIMITS = Limits()


def verify_presentation(
    presentation: str,
    *,
    client_id: str,
    nonce: str,
    issuer_key: KeySource,
    require_holder_binding: bool = True,
    algorithms: Collection[str] = DEFAULT_ALGORITHMS,
    now: Callable[[], float] = time.time,
    limits: Limits = _LIMITS,
) -> VerifiedCredential:
    """Appendix B.3.6: one SD-JWT VC presentation; with holder binding (the default, §6.1)
    an SD-JWT+KB whose KB-JWT ``nonce`` is ``nonce`` and whose ``aud`` is ``client_id``, the
    full Client Identifier, prefix included (§14.1.2, §14.8). Status is the caller's to check
    (:attr:`VerifiedCredential.status`).

    A query may waive holder binding (``require_holder_binding=False``), but not for a
    credential that has it: HAIP 1.0 §6.1.1.1, "If the credential has cryptographic holder
    binding, a KB-JWT ... MUST always be present", so a credential with ``cnf`` is verified
    with Key Binding all the same (:class:`~standards.errors.KeyBindingMissing` without one).
    """
    policy = KeyBindingPolicy(audience=client_id, nonce=nonce)
    if not require_holder_binding:
        unbound = verify_credential_presentation(
            presentation,
            issuer_key=issuer_key,
            key_binding=None,
            algorithms=algorithms,
            now=now,
            limits=limits,
        )
        if unbound.holder_key is None:
            return unbound
    return verify_credential_presentation(
        presentation,
        issuer_key=issuer_key,
        key_binding=policy,
        algorithms=algorithms,
        now=now,
        limits=limits,
    )


class VerifiedVpToken(NamedTuple):
    """A VP Token whose every presentation verified and which answers its query."""

    matched: Mapping[str, tuple[MatchedCredential, ...]]
    credentials: Mapping[str, tuple[VerifiedCredential, ...]]


def verify_vp_token(
    vp_token: Mapping[str, tuple[str, ...]],
    *,
    query: DCQLQuery,
    client_id: str,
    nonce: str,
    issuer_key: KeySource,
    now: Callable[[], float] = time.time,
    limits: Limits = _LIMITS,
) -> VerifiedVpToken:
    """§8.6: the ids and counts first (step 1, before any signature work), then every
    presentation (step 2: "If any Verifiable Presentation in the response does not contain
    the correct nonce value, the response MUST be rejected", §14.1.2), then what they hold
    against the query (step 3). Any failure raises; nothing of the VP Token is accepted."""
    check_vp_token_ids(query, vp_token)
    verified: dict[str, tuple[VerifiedCredential, ...]] = {}
    presented: dict[str, list[PresentedCredential]] = {}
    for query_id, presentations in vp_token.items():
        credential_query = query.credential(query_id)
        assert credential_query is not None  # noqa: S101 - check_vp_token_ids saw to it
        binding = credential_query.require_cryptographic_holder_binding
        results = tuple(
            verify_presentation(
                p,
                client_id=client_id,
                nonce=nonce,
                issuer_key=issuer_key,
                require_holder_binding=binding,
                now=now,
                limits=limits,
            )
            for p in presentations
        )
        verified[query_id] = results
        presented[query_id] = [
            PresentedCredential(
                r.vct,
                r.claims,
                r.sd_jwt.key_binding is not None,
                tuple(d.path for d in r.sd_jwt.disclosures),
            )
            for r in results
        ]
    return VerifiedVpToken(check_presentations(query, presented), verified)


def present_credential(
    credential: VerifiedCredential,
    paths: Collection[ClaimPath],
    *,
    holder_key: PrivateKey,
    client_id: str,
    nonce: str,
    issued_at: int,
) -> str:
    """The wallet's presentation for one Credential Query (Appendix B.3.6): the Disclosures
    of exactly ``paths`` (RFC 9901 §7.2, as chosen by ``standards.dcql.select_credentials``)
    and a KB-JWT over the request's ``nonce`` with ``aud`` the full ``client_id``."""
    disclosures = _select_disclosures(credential.sd_jwt, paths)
    return create_presentation(
        credential.sd_jwt.parts.issuer_jwt,
        disclosures,
        holder_key=holder_key,
        audience=client_id,
        nonce=nonce,
        issued_at=issued_at,
        sd_alg=credential.sd_jwt.sd_alg,
    )
