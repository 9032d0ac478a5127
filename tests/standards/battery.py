"""The bad-input battery: one named row per attack or malformed input.

Each area keeps its rows in its own ``cases_*.py`` module as a list of :class:`Case`;
``test_battery.py`` runs them all. A new case is a new row, not a new test function. Each row
asserts the exact error class (not a parent) and so its stable machine code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from standards.errors import StandardsError

__all__ = ["Case"]


@dataclass(frozen=True)
class Case:
    """One bad input: ``run`` must raise exactly ``expected``.

    ``name`` follows the check it guards, e.g. ``rfc9901_7_1_step5_unreferenced_disclosure``.
    """

    name: str
    run: Callable[[], object]
    expected: type[StandardsError]
