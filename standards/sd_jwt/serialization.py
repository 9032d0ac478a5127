"""RFC 9901 §4: the compact serialization ``<JWT>~<Disclosure 1>~…~<Disclosure N>~[<KB-JWT>]``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from standards.errors import EmptyInput, InputTooLarge, LimitExceeded, MissingTrailingTilde

__all__ = ["MAX_SD_JWT_SIZE", "SDJWTParts", "join_sd_jwt", "split_sd_jwt"]

MAX_SD_JWT_SIZE = 512 * 1024
"""Upper bound (characters) on one SD-JWT or SD-JWT+KB; larger inputs are refused unread."""


class SDJWTParts(NamedTuple):
    """The parts of a compact SD-JWT (§4); ``key_binding_jwt`` is empty for a plain SD-JWT."""

    issuer_jwt: str
    disclosures: tuple[str, ...]
    key_binding_jwt: str

    @property
    def sd_jwt(self) -> str:
        """§4.3.1: the SD-JWT without the KB-JWT, ending in ``~``; what ``sd_hash`` covers."""
        return join_sd_jwt(self.issuer_jwt, self.disclosures)


def join_sd_jwt(issuer_jwt: str, disclosures: Sequence[str]) -> str:
    """§4: the Issuer-signed JWT and each Disclosure, each followed by ``~``."""
    return "".join([issuer_jwt, "~", *(f"{d}~" for d in disclosures)])


def split_sd_jwt(
    value: str, *, max_size: int = MAX_SD_JWT_SIZE, max_disclosures: int = 256
) -> SDJWTParts:
    """§7.1 step 1: separate the Issuer-signed JWT, the Disclosures and the KB-JWT (if any)."""
    if not isinstance(value, str) or not value:
        raise EmptyInput("the SD-JWT is empty")
    if len(value) > max_size:
        raise InputTooLarge(f"the SD-JWT is longer than {max_size} characters")
    if "~" not in value:
        raise MissingTrailingTilde("an SD-JWT is '<JWT>~', and this has no '~' at all")
    parts = value.split("~")
    if len(parts) - 2 > max_disclosures:
        raise LimitExceeded(f"more than {max_disclosures} Disclosures")
    return SDJWTParts(
        issuer_jwt=parts[0], disclosures=tuple(parts[1:-1]), key_binding_jwt=parts[-1]
    )
