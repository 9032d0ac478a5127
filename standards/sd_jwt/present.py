"""RFC 9901 §7.2 (the Holder presents) and §4.3 (the Key Binding JWT)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from standards.errors import SelectionInvalid
from standards.jose import PrivateKey, sign_jws
from standards.sd_jwt.disclosures import ClaimPath, Disclosure, digest
from standards.sd_jwt.serialization import join_sd_jwt
from standards.sd_jwt.verify import KB_JWT_TYP, DisclosedClaim, VerifiedSDJWT

__all__ = ["create_presentation", "select_disclosures"]


def _prefix_of(shorter: ClaimPath, longer: ClaimPath) -> bool:
    """``shorter`` leads to ``longer``; ``None`` in either stands for any array index."""
    return len(shorter) <= len(longer) and all(
        a == b or (a is None and isinstance(b, int)) or (b is None and isinstance(a, int))
        for a, b in zip(shorter, longer, strict=False)
    )


def _exists(claims: Any, path: ClaimPath) -> bool:
    """Does the Processed SD-JWT Payload hold a value at ``path`` (``None``: any element)?"""
    if not path:
        return True
    head, rest = path[0], path[1:]
    if isinstance(claims, dict) and isinstance(head, str):
        return head in claims and _exists(claims[head], rest)
    if isinstance(claims, list) and head is None:
        return any(_exists(element, rest) for element in claims)
    if isinstance(claims, list) and isinstance(head, int) and not isinstance(head, bool):
        return 0 <= head < len(claims) and _exists(claims[head], rest)
    return False


def select_disclosures(
    credential: VerifiedSDJWT, paths: Collection[ClaimPath]
) -> tuple[Disclosure, ...]:
    """§7.2 steps 1-2: the Disclosures that reveal exactly the claims at ``paths``.

    Asking for a path reveals the whole claim there (every Disclosure beneath it) and the
    Disclosures that enclose it (recursive disclosures, §4.2.6), so that each chosen
    Disclosure's digest is in the Issuer-signed JWT or in another chosen Disclosure.
    ``credential`` is the Holder's own verification of the SD-JWT as issued (§7.2).
    """
    chosen: set[str] = set()
    by_digest: dict[str, DisclosedClaim] = {}
    for item in credential.disclosures:
        by_digest[item.disclosure.digest(credential.sd_alg)] = item
    for path in paths:
        if not _exists(credential.claims, path):
            raise SelectionInvalid(f"the credential holds no claim at {list(path)}")
        for key, item in by_digest.items():
            if _prefix_of(path, item.path) or _prefix_of(item.path, path):
                chosen.add(key)
                chosen.update(item.ancestors)
    # Keep the order in which the Holder received them (§7.2 step 3 leaves it free).
    order = {encoded: i for i, encoded in enumerate(credential.parts.disclosures)}
    picked = (item.disclosure for key, item in by_digest.items() if key in chosen)
    return tuple(sorted(picked, key=lambda d: order[d.encoded]))


def create_presentation(
    issuer_jwt: str,
    disclosures: Sequence[Disclosure],
    *,
    holder_key: PrivateKey | None,
    audience: str | None = None,
    nonce: str | None = None,
    issued_at: int | None = None,
    sd_alg: str = "sha-256",
) -> str:
    """§7.2 steps 3-5: the SD-JWT with the chosen Disclosures, and a KB-JWT (§4.3) if keyed.

    With ``holder_key`` the result is an SD-JWT+KB whose KB-JWT carries ``iat``, ``aud``,
    ``nonce`` and ``sd_hash`` over exactly what is presented (§4.3.1).
    """
    sd_jwt = join_sd_jwt(issuer_jwt, [d.encoded for d in disclosures])
    if holder_key is None:
        return sd_jwt
    if audience is None or nonce is None or issued_at is None:
        raise SelectionInvalid("a KB-JWT needs an audience, a nonce and an issue time")
    kb_jwt = sign_jws(
        {"iat": issued_at, "aud": audience, "nonce": nonce, "sd_hash": digest(sd_jwt, sd_alg)},
        holder_key,
        typ=KB_JWT_TYP,
        include_kid=False,
    )
    return sd_jwt + kb_jwt
