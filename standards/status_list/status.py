"""Token Status List §7: Status Types, and the checks on ``bits``, indices and values.

Section numbers refer to the copy in ``../shared/specs/token-status-list.md``
(draft-ietf-oauth-status-list).
"""

from __future__ import annotations

from enum import IntEnum
from typing import Final, TypeGuard

from standards.errors import StatusIndexInvalid, StatusListInvalid

__all__ = ["ALLOWED_BITS", "Status", "as_status", "check_bits", "check_index", "check_value"]

ALLOWED_BITS: Final[frozenset[int]] = frozenset({1, 2, 4, 8})
"""Token Status List §4.1 step 1 and §4.2: ``bits`` is 1, 2, 4 or 8."""


class Status(IntEnum):
    """Token Status List §7.1 and the OAuth Status Types registry (§14.5.2): registered values.

    0x0C-0x0F are application specific too, and other values may be registered later; the
    list carries them as plain integers (see :func:`as_status`).
    """

    VALID = 0x00
    INVALID = 0x01
    SUSPENDED = 0x02
    APPLICATION_SPECIFIC = 0x03


def as_status(value: int) -> Status | int:
    """A registered value as :class:`Status`; any other value (§7: 0-255) as a plain int."""
    try:
        return Status(value)
    except ValueError:
        return value


def _is_int(value: object) -> TypeGuard[int]:
    """A JSON integer; ``bool`` is an ``int`` subclass in Python, but not an integer here."""
    return isinstance(value, int) and not isinstance(value, bool)


def check_bits(bits: object) -> int:
    """Token Status List §4.1 step 1 / §4.2: ``bits`` must be one of 1, 2, 4, 8."""
    if not _is_int(bits) or bits not in ALLOWED_BITS:
        raise StatusListInvalid(f"bits must be 1, 2, 4 or 8, not {bits!r}")
    return bits


def check_index(index: object, size: int | None = None) -> int:
    """Token Status List §6.2 and §8.3 step 6: ``idx`` is a non-negative integer in the list."""
    if not _is_int(index):
        raise StatusIndexInvalid(f"idx must be a non-negative integer, not {index!r}")
    if index < 0:
        raise StatusIndexInvalid(f"idx must not be negative, got {index}")
    if size is not None and index >= size:
        raise StatusIndexInvalid(f"idx {index} is out of bounds of a list of {size} statuses")
    return index


def check_value(value: object, bits: int) -> int:
    """Token Status List §7: a status value fits in ``bits`` bits (at most 0-255)."""
    if not _is_int(value):
        raise StatusListInvalid(f"a status value is an integer, not {value!r}")
    if not 0 <= value < 1 << bits:
        raise StatusListInvalid(f"status value {value} does not fit in {bits} bits")
    return value
