"""The base of every model that mirrors the Haal Centraal wire format.

Python names are snake_case; on the wire they are the API's camelCase names
(``officiele_straatnaam`` ↔ ``officieleStraatnaam``). Parsing is strict (no string-to-number or
number-to-string coercion: a ``huisnummer`` of ``"12"`` is refused) and ignores fields Regie does
not use, so the API can grow without breaking the issuer. Models are frozen: a person read from
the register is a value, never edited in place.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

__all__ = ["WireModel"]


class WireModel(BaseModel):
    """A frozen, strictly parsed part of a Haal Centraal message, with camelCase wire names."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        validate_by_alias=True,
        validate_by_name=True,
        serialize_by_alias=True,
        strict=True,
        frozen=True,
        extra="ignore",
    )

    def to_wire(self) -> dict[str, object]:
        """The JSON object the API sends: wire names, fields without a value left out."""
        return self.model_dump(mode="json", exclude_defaults=True)
