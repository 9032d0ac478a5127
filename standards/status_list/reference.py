"""Token Status List §6: the Referenced Token's ``status.status_list`` claim, and its check
against a verified Status List Token (§8.3 steps 1, 4a, 6 and 7).

The Referenced Token itself (signature, ``exp``, ...) is verified first, elsewhere (§8.3).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from standards.errors import MissingClaim, StatusListSubjectMismatch
from standards.status_list.status import Status, check_index
from standards.status_list.token import VerifiedStatusList

__all__ = ["StatusReference", "check_status", "parse_status_claim"]


@dataclass(frozen=True, slots=True)
class StatusReference:
    """Token Status List §6.2: where a Referenced Token's status is kept: list ``uri``, ``idx``."""

    idx: int
    uri: str

    def __post_init__(self) -> None:
        check_index(self.idx)
        _check_uri(self.uri)


def _check_uri(uri: object) -> None:
    """Token Status List §6.2: ``uri`` is a string (a URI that identifies the list)."""
    if not isinstance(uri, str) or not uri:
        raise MissingClaim("status.status_list.uri must be a non-empty string (§6.2)")


def parse_status_claim(claims: Mapping[str, Any]) -> StatusReference:
    """Token Status List §8.3 step 1 and §6.2: read ``status.status_list`` from ``claims``.

    ``claims`` is the verified claim set of the Referenced Token.
    """
    status = claims.get("status")
    if not isinstance(status, dict):
        raise MissingClaim("the token has no status claim, or it is not an object (§6.2)")
    entry = status.get("status_list")
    if not isinstance(entry, dict):
        raise MissingClaim("status.status_list is absent or not an object (§6.2)")
    if "idx" not in entry:
        raise MissingClaim("status.status_list needs idx (§6.2)")
    if "uri" not in entry:
        raise MissingClaim("status.status_list needs uri (§6.2)")
    return StatusReference(entry["idx"], entry["uri"])


def check_status(reference: StatusReference, status_list: VerifiedStatusList) -> Status | int:
    """Token Status List §8.3 steps 4a, 6 and 7: the referenced status in a verified list.

    Raises :class:`~standards.errors.StatusListSubjectMismatch` when the list is not the one
    the reference names, and :class:`~standards.errors.StatusIndexInvalid` when ``idx`` is
    outside it (no statement about the status can be made then).
    """
    if reference.uri != status_list.sub:
        raise StatusListSubjectMismatch(
            f"the reference names {reference.uri!r}, the list is {status_list.sub!r}"
        )
    return status_list.get(reference.idx)
