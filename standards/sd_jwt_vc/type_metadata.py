"""SD-JWT VC §5 (SD-JWT VC Type Metadata): what a credential type is called, per language,
and what each claim means and whether it is selectively disclosable.

Regie's issuer publishes one document per ``vct``; the issuer derives the disclosable claims
from ``sd`` (§5.6.4), and wallets show ``display`` names in the resident's language.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any, Literal, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidationError,
    field_validator,
)

from standards.errors import TypeMetadataInvalid

__all__ = ["ClaimDisplay", "ClaimMetadata", "TypeDisplay", "TypeMetadata"]

_FROZEN = ConfigDict(frozen=True, extra="allow")  # §5.2: ignore what is not understood


class TypeDisplay(BaseModel):
    """§5.5 (Display Metadata): the type's name for end users in one locale."""

    model_config = _FROZEN
    locale: str = Field(min_length=2)
    name: str = Field(min_length=1)
    description: str | None = None


class ClaimDisplay(BaseModel):
    """§5.6.2 (Claim Display Metadata): a claim's label for end users in one locale."""

    model_config = _FROZEN
    locale: str = Field(min_length=2)
    label: str = Field(min_length=1)
    description: str | None = None


class ClaimMetadata(BaseModel):
    """§5.6 (Claim Metadata): one claim (or set of claims) addressed by ``path`` (§5.6.1)."""

    model_config = _FROZEN
    # Strict: pydantic would otherwise read ``true`` and ``1.0`` as the index 1 (§5.6.1),
    # and ``"yes"`` or ``1`` as a boolean (§5.6.3).
    path: tuple[StrictStr | StrictInt | None, ...] = Field(min_length=1)
    display: tuple[ClaimDisplay, ...] = ()
    mandatory: StrictBool = False
    sd: Literal["always", "allowed", "never"] = "allowed"
    svg_id: str | None = None

    @field_validator("path")
    @classmethod
    def _path_components(cls, path: tuple[str | int | None, ...]) -> tuple[str | int | None, ...]:
        """§5.6.1: strings, ``null``, or non-negative integers."""
        for component in path:
            if isinstance(component, bool) or (isinstance(component, int) and component < 0):
                raise ValueError("path components are strings, null or non-negative integers")
        return path


_D = TypeVar("_D", TypeDisplay, ClaimDisplay)


class TypeMetadata(BaseModel):
    """§5.2 (Type Metadata Format)."""

    model_config = _FROZEN
    vct: str = Field(min_length=1)
    name: str | None = None
    description: str | None = None
    extends: str | None = None
    display: tuple[TypeDisplay, ...] = ()
    claims: tuple[ClaimMetadata, ...] = ()

    @classmethod
    def parse(
        cls, document: Mapping[str, Any], *, require_locales: Collection[str] = ()
    ) -> TypeMetadata:
        """Validate a Type Metadata document; ``require_locales`` must all be displayed."""
        try:
            metadata = cls.model_validate(document)
        except ValidationError as exc:
            raise TypeMetadataInvalid(f"type metadata is not valid: {exc.errors()[:1]}") from exc
        for locale in require_locales:
            if not any(d.locale == locale for d in metadata.display):
                raise TypeMetadataInvalid(f"type metadata has no display name for {locale!r}")
            for claim in metadata.claims:
                if not any(d.locale == locale for d in claim.display):
                    raise TypeMetadataInvalid(
                        f"claim {list(claim.path)} has no label for {locale!r}"
                    )
        return metadata

    def display_name(self, locale: str) -> str:
        """The type's name in ``locale``, falling back to its language, then the first one."""
        display = _pick(self.display, locale)
        return display.name if display is not None else (self.name or self.vct)

    def claim(self, path: Collection[str | int | None]) -> ClaimMetadata | None:
        wanted = tuple(path)
        return next((c for c in self.claims if c.path == wanted), None)

    def claim_label(self, path: Collection[str | int | None], locale: str) -> str:
        """The label of the claim at ``path`` in ``locale``; the last path name otherwise."""
        claim = self.claim(path)
        display = _pick(claim.display, locale) if claim is not None else None
        if display is not None:
            return display.label
        names = [p for p in path if isinstance(p, str)]
        return names[-1] if names else "?"

    def selectively_disclosable(self) -> tuple[tuple[str | int | None, ...], ...]:
        """§5.6.4: the paths whose ``sd`` is ``always``; the issuer must make them disclosable."""
        return tuple(c.path for c in self.claims if c.sd == "always")

    def never_disclosable(self) -> tuple[tuple[str | int | None, ...], ...]:
        """§5.6.4: the paths whose ``sd`` is ``never``."""
        return tuple(c.path for c in self.claims if c.sd == "never")

    def to_document(self) -> dict[str, Any]:
        """The JSON document to publish (``None`` members left out)."""
        return self.model_dump(mode="json", exclude_none=True)


def _pick(displays: Collection[_D], locale: str) -> _D | None:
    """RFC 5646 language tags: exact match, then the same primary language, then the first."""
    displays = list(displays)
    exact = next((d for d in displays if d.locale.lower() == locale.lower()), None)
    if exact is not None:
        return exact
    language = locale.split("-", maxsplit=1)[0].lower()
    same = next(
        (d for d in displays if d.locale.split("-", maxsplit=1)[0].lower() == language), None
    )
    return same if same is not None else (displays[0] if displays else None)
