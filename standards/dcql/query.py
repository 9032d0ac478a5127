"""OpenID4VP 1.0 §6 (Digital Credentials Query Language): the query and its rules.

A query is parsed with :meth:`DCQLQuery.parse`, which raises the error of the rule it breaks
(``standards.errors``, section "DCQL"): §6.1 Credential Queries (``id`` unique and of allowed
characters, ``meta``; Appendix B.3.5 ``vct_values`` for ``dc+sd-jwt``), §6.2 Credential Set
Queries (options name Credential Query ids), §6.3 Claims Queries (``id`` required with
``claim_sets``, unique; ``values``), §6.4.1 (no ``claim_sets`` without ``claims``) and §7
(claims path pointers). Unknown properties are ignored (§6: "Implementations MUST ignore any
unknown properties").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Annotated, Any, Final, Self

from pydantic import (
    BaseModel,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    field_validator,
    model_validator,
)

from standards.errors import (
    ClaimsPathInvalid,
    DCQLClaimIdMissing,
    DCQLIdDuplicate,
    DCQLIdInvalid,
    DCQLMetaInvalid,
    DCQLQueryInvalid,
    DCQLReferenceUnknown,
)
from standards.oid4vci._base import WIRE, Message
from standards.sd_jwt import ClaimPath

__all__ = [
    "SD_JWT_VC_FORMAT",
    "ClaimsQuery",
    "CredentialQuery",
    "CredentialSetQuery",
    "DCQLQuery",
    "TrustedAuthoritiesQuery",
    "claims_path",
]

SD_JWT_VC_FORMAT: Final = "dc+sd-jwt"
"""Appendix B.3.1: the Credential Format Identifier of SD-JWT VCs (HAIP 1.0 §5.3.2)."""
_IDENTIFIER: Final = re.compile(r"[A-Za-z0-9_-]+")
"""§6.1 and §6.3: "a non-empty string consisting of alphanumeric, underscore or hyphen"."""

ClaimValue = StrictStr | StrictInt | StrictBool
"""§6.3 ``values``: strings, integers or booleans."""
IdList = Annotated[tuple[StrictStr, ...], Field(min_length=1)]


def claims_path(value: Any) -> ClaimPath:
    """§7: a claims path pointer is a non-empty array of strings, nulls and non-negative
    integers; anything else raises :class:`ClaimsPathInvalid`."""
    if not isinstance(value, list | tuple) or not value:
        raise ClaimsPathInvalid("a claims path pointer is a non-empty array")
    for component in value:
        if component is None or isinstance(component, str):
            continue
        if isinstance(component, int) and not isinstance(component, bool) and component >= 0:
            continue
        raise ClaimsPathInvalid(f"{component!r} is not a string, null or non-negative integer")
    return tuple(value)


def _identifier(value: str, what: str) -> None:
    if _IDENTIFIER.fullmatch(value) is None:
        raise DCQLIdInvalid(f"{what} {value!r} is not made of letters, digits, '_' and '-'")


def _unique(values: Iterable[Any], what: str) -> None:
    seen: set[Any] = set()
    for value in values:
        if value in seen:
            raise DCQLIdDuplicate(f"{what} {value!r} appears more than once")
        seen.add(value)


class TrustedAuthoritiesQuery(BaseModel):
    """§6.1.1: a ``type`` (``aki``, ``etsi_tl``, ``openid_federation``) and its values."""

    model_config = WIRE
    type: StrictStr
    values: IdList


class ClaimsQuery(BaseModel):
    """§6.3: one requested claim, by claims path pointer (§7), optionally with values."""

    model_config = WIRE
    id: StrictStr | None = None
    path: ClaimPath
    values: tuple[ClaimValue, ...] | None = Field(default=None, min_length=1)

    @field_validator("path", mode="before")
    @classmethod
    def _path(cls, value: Any) -> ClaimPath:
        return claims_path(value)

    @model_validator(mode="after")
    def _rules(self) -> Self:
        if self.id is not None:
            _identifier(self.id, "claim id")
        return self


class CredentialQuery(BaseModel):
    """§6.1: a request for one (or, with ``multiple``, several) matching credentials."""

    model_config = WIRE
    id: StrictStr
    format: StrictStr = Field(min_length=1)
    multiple: StrictBool = False
    meta: dict[str, Any]
    trusted_authorities: tuple[TrustedAuthoritiesQuery, ...] | None = Field(
        default=None, min_length=1
    )
    require_cryptographic_holder_binding: StrictBool = True
    claims: tuple[ClaimsQuery, ...] | None = Field(default=None, min_length=1)
    claim_sets: tuple[IdList, ...] | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _rules(self) -> Self:
        _identifier(self.id, "credential query id")
        if self.format == SD_JWT_VC_FORMAT:  # Appendix B.3.5
            vct_values = self.meta.get("vct_values")
            if (
                not isinstance(vct_values, list)
                or not vct_values
                or not all(isinstance(v, str) and v for v in vct_values)
            ):
                raise DCQLMetaInvalid("meta.vct_values is a non-empty array of strings")
        claims = self.claims or ()
        _unique((c.id for c in claims if c.id is not None), "claim id")
        _unique((c.path for c in claims), "claims path")  # §6.1: never the same claim twice
        if self.claim_sets is not None:
            if not claims:
                raise DCQLClaimIdMissing("claim_sets is not present without claims (§6.4.1)")
            if any(c.id is None for c in claims):
                raise DCQLClaimIdMissing("every claim needs an id when claim_sets is present")
            known = {c.id for c in claims}
            unknown = sorted({i for option in self.claim_sets for i in option} - known)
            if unknown:
                raise DCQLReferenceUnknown(f"claim_sets name unknown claim ids {unknown}")
        return self

    @property
    def vct_values(self) -> tuple[str, ...]:
        """Appendix B.3.5: the allowed ``vct`` values (empty for other formats)."""
        values = self.meta.get("vct_values") if self.format == SD_JWT_VC_FORMAT else None
        return tuple(values) if isinstance(values, list) else ()

    def claims_by_id(self) -> Mapping[str, ClaimsQuery]:
        return {c.id: c for c in self.claims or () if c.id is not None}


class CredentialSetQuery(BaseModel):
    """§6.2: alternatives (``options``) of Credential Query ids; ``required`` by default."""

    model_config = WIRE
    options: tuple[IdList, ...] = Field(min_length=1)
    required: StrictBool = True


class DCQLQuery(Message):
    """§6: the query, ``credentials`` and optional ``credential_sets``."""

    invalid = DCQLQueryInvalid
    credentials: tuple[CredentialQuery, ...] = Field(min_length=1)
    credential_sets: tuple[CredentialSetQuery, ...] | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _rules(self) -> Self:
        _unique((c.id for c in self.credentials), "credential query id")  # §6.1
        known = {c.id for c in self.credentials}
        named = {i for s in self.credential_sets or () for option in s.options for i in option}
        if named - known:  # §6.2
            raise DCQLReferenceUnknown(f"credential_sets name unknown ids {sorted(named - known)}")
        return self

    def credential(self, query_id: str) -> CredentialQuery | None:
        """The Credential Query with this ``id``, if there is one."""
        return next((c for c in self.credentials if c.id == query_id), None)

    def to_json(self) -> dict[str, Any]:
        """The wire form, as given (defaults not spelled out)."""
        return self.model_dump(mode="json", exclude_none=True, exclude_unset=True)
