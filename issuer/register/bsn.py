"""The burgerservicenummer (BSN) and its 11-test ("elfproef").

A BSN is nine digits ``d1 … d9`` (a number of eight digits is written with a leading zero) for
which ``9·d1 + 8·d2 + 7·d3 + 6·d4 + 5·d5 + 4·d6 + 3·d7 + 2·d8 - 1·d9`` is a multiple of 11
(Wet algemene bepalingen burgerservicenummer, art. 1; the Haal Centraal schema
``Burgerservicenummer`` states the same rule). ``000000000`` passes the sum but is no number.

The issuer checks this before it asks the register anything, so a mistyped number never becomes
a lookup. Test persons use the range 999990000 to 999999999, which is kept free for testing.
"""

from __future__ import annotations

import re
from typing import Final

from issuer.register.errors import InvalidBsn

__all__ = ["TEST_RANGE", "is_valid_bsn", "require_valid_bsn"]

TEST_RANGE: Final = range(999_990_000, 1_000_000_000)
"""The numbers set aside for test persons."""

_NINE_DIGITS: Final = re.compile(r"[0-9]{9}")
_WEIGHTS: Final = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def is_valid_bsn(value: str) -> bool:
    """True when ``value`` is nine ASCII digits that pass the 11-test and are not all zero."""
    if not _NINE_DIGITS.fullmatch(value) or value == "000000000":
        return False
    total = sum(weight * int(digit) for weight, digit in zip(_WEIGHTS, value, strict=True))
    return total % 11 == 0


def require_valid_bsn(value: str) -> str:
    """Return ``value`` when it is a valid BSN; raise :class:`InvalidBsn` otherwise."""
    if not is_valid_bsn(value):
        # The number itself stays out of the message: it is personal data.
        raise InvalidBsn("the BSN is not nine digits passing the 11-test")
    return value
