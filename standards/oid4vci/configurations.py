"""OpenID4VCI 1.0 §12.2.4 ``credential_configurations_supported``: one entry per kind of
credential, with the IETF SD-JWT VC profile (Appendix A.3.2: ``format`` ``dc+sd-jwt`` and a
top-level ``vct``) and the claims descriptions of Appendix B.2.

In 1.0 what a wallet shows lives in ``credential_metadata``: its ``display`` (name, logo,
colours per locale) and its ``claims`` (``path``, ``mandatory``, ``display``). SD-JWT VC Type
Metadata, when present, takes precedence over it (§12.2.4).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, Final, Protocol, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    field_validator,
    model_validator,
)

from standards.oid4vci._base import WIRE

__all__ = [
    "SD_JWT_VC_FORMAT",
    "BackgroundImage",
    "ClaimDescription",
    "ClaimDisplay",
    "ClaimPathPointer",
    "CredentialConfiguration",
    "CredentialDisplay",
    "CredentialMetadata",
    "Logo",
    "ProofTypeMetadata",
    "unique_locales",
]

SD_JWT_VC_FORMAT: Final = "dc+sd-jwt"
"""OpenID4VCI 1.0 Appendix A.3.1: the Credential Format Identifier of SD-JWT VC."""


class _Localised(Protocol):
    @property
    def locale(self) -> str | None: ...


_D = TypeVar("_D", bound=_Localised)


def unique_locales(displays: tuple[_D, ...] | None) -> tuple[_D, ...] | None:
    """§12.2.4 and Appendix B.2: "There MUST be only one object for each language identifier"."""
    locales = [d.locale for d in displays or () if d.locale is not None]
    if len(set(locales)) != len(locales):
        raise ValueError("each locale may appear in only one display object")
    return displays


def _claims_path(path: tuple[str | int | None, ...]) -> tuple[str | int | None, ...]:
    """Appendix C: a non-empty array of strings, nulls and non-negative integers."""
    if any(isinstance(part, int) and part < 0 for part in path):
        raise ValueError("a claims path pointer holds no negative integers")
    return path


ClaimPathPointer = Annotated[
    tuple[StrictStr | StrictInt | None, ...], Field(min_length=1), AfterValidator(_claims_path)
]


class Logo(BaseModel):
    """§12.2.4 ``logo``: a URI (``https:`` or ``data:``) and its alternative text."""

    model_config = WIRE
    uri: StrictStr = Field(min_length=1)
    alt_text: StrictStr | None = None


class BackgroundImage(BaseModel):
    """§12.2.4 ``background_image``."""

    model_config = WIRE
    uri: StrictStr = Field(min_length=1)


class CredentialDisplay(BaseModel):
    """§12.2.4 ``credential_metadata.display``: the credential's name for one locale."""

    model_config = WIRE
    name: StrictStr = Field(min_length=1)
    locale: StrictStr | None = None
    logo: Logo | None = None
    description: StrictStr | None = None
    background_color: StrictStr | None = None
    background_image: BackgroundImage | None = None
    text_color: StrictStr | None = None


class ClaimDisplay(BaseModel):
    """Appendix B.2 ``display``: a claim's name for one locale."""

    model_config = WIRE
    name: StrictStr | None = None
    locale: StrictStr | None = None


class ClaimDescription(BaseModel):
    """Appendix B.2: a claims description object in the issuer metadata."""

    model_config = WIRE
    path: ClaimPathPointer
    mandatory: StrictBool | None = None
    """``true``: the issuer always includes the claim; absent means ``false``."""
    display: tuple[ClaimDisplay, ...] | None = Field(default=None, min_length=1)

    _locales = field_validator("display")(unique_locales)


def _claims_conflict(a: Sequence[str | int | None], b: Sequence[str | int | None]) -> str | None:
    """Appendix B.3: why two claims paths contradict each other, or ``None``."""
    for x, y in zip(a, b, strict=False):
        if x == y and type(x) is type(y):
            continue
        if isinstance(x, str) != isinstance(y, str):
            return "one description treats a claim as an array, another as an object"
        if (x is None) != (y is None):
            return "one description addresses all elements of an array, another one element"
        return None  # different members or elements: different claims
    return "the same claim is described twice" if len(a) == len(b) else None


class CredentialMetadata(BaseModel):
    """§12.2.4 ``credential_metadata``: display and claims, the fallback for wallets."""

    model_config = WIRE
    display: tuple[CredentialDisplay, ...] | None = Field(default=None, min_length=1)
    claims: tuple[ClaimDescription, ...] | None = Field(default=None, min_length=1)

    _locales = field_validator("display")(unique_locales)

    @field_validator("claims")
    @classmethod
    def _consistent(
        cls, claims: tuple[ClaimDescription, ...] | None
    ) -> tuple[ClaimDescription, ...] | None:
        """Appendix B.3: "When a repeated or contradictory claim description is provided, the
        processing MUST be aborted"."""
        paths = [claim.path for claim in claims or ()]
        for i, first in enumerate(paths):
            for second in paths[i + 1 :]:
                reason = _claims_conflict(first, second)
                if reason is not None:
                    raise ValueError(f"{reason}: {list(first)} and {list(second)}")
        return claims


class ProofTypeMetadata(BaseModel):
    """§12.2.4 ``proof_types_supported`` value."""

    model_config = WIRE
    proof_signing_alg_values_supported: tuple[StrictStr, ...] = Field(min_length=1)
    key_attestations_required: dict[str, Any] | None = None


class CredentialConfiguration(BaseModel):
    """§12.2.4: one entry of ``credential_configurations_supported``."""

    model_config = WIRE
    format: StrictStr = Field(min_length=1)
    scope: StrictStr | None = None
    vct: StrictStr | None = Field(default=None, min_length=1)
    """Appendix A.3.2: REQUIRED for ``dc+sd-jwt``, at the top level of the configuration."""
    credential_signing_alg_values_supported: tuple[StrictStr | StrictInt, ...] | None = Field(
        default=None, min_length=1
    )
    cryptographic_binding_methods_supported: tuple[StrictStr, ...] | None = Field(
        default=None, min_length=1
    )
    proof_types_supported: dict[str, ProofTypeMetadata] | None = Field(default=None, min_length=1)
    credential_metadata: CredentialMetadata | None = None

    @model_validator(mode="after")
    def _profile_rules(self) -> CredentialConfiguration:
        """§12.2.4: ``proof_types_supported`` present exactly when key binding is
        (``cryptographic_binding_methods_supported``); Appendix A.3.2: ``vct`` for SD-JWT VC."""
        if (self.proof_types_supported is None) != (
            self.cryptographic_binding_methods_supported is None
        ):
            raise ValueError(
                "proof_types_supported and cryptographic_binding_methods_supported go together"
            )
        if self.format == SD_JWT_VC_FORMAT and self.vct is None:
            raise ValueError("a dc+sd-jwt configuration needs vct")
        return self

    @property
    def requires_proofs(self) -> bool:
        """§8.2: ``proofs`` MUST be sent when ``proof_types_supported`` is present."""
        return self.proof_types_supported is not None
