"""A small benchmark harness: a subject against a floor measured in the same run.

Targets are ratios (subject rate / floor rate), never absolute timings, so they hold on any
machine. Floor and subject are measured in alternating rounds, and each keeps its best round
(as ``timeit`` recommends: slower rounds measure other load on the machine, not the code).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Result", "compare", "rate"]


@dataclass(frozen=True)
class Result:
    """One comparison: rates per second of the floor and the subject, and the target ratio."""

    name: str
    floor_name: str
    floor_rate: float
    rate: float
    target: float

    @property
    def ratio(self) -> float:
        return self.rate / self.floor_rate

    @property
    def met(self) -> bool:
        return self.ratio >= self.target

    def report(self) -> str:
        verdict = "meets target" if self.met else "BELOW TARGET"
        return (
            f"{self.name}\n"
            f"  floor   ({self.floor_name}): {self.floor_rate:10.0f} /s\n"
            f"  subject: {self.rate:10.0f} /s\n"
            f"  ratio:   {self.ratio:10.1%}   target >= {self.target:.0%}   {verdict}"
        )


def rate(fn: Callable[[], object], *, number: int) -> float:
    """Calls per second of ``fn`` over ``number`` calls."""
    start = time.perf_counter()
    for _ in range(number):
        fn()
    return number / (time.perf_counter() - start)


def compare(
    name: str,
    subject: Callable[[], object],
    *,
    floor_name: str,
    floor: Callable[[], object],
    target: float,
    number: int = 2000,
    rounds: int = 7,
) -> Result:
    """Best-of-``rounds`` rates of ``floor`` and ``subject``, measured alternately."""
    subject()
    floor()
    floor_best = subject_best = 0.0
    for _ in range(rounds):
        floor_best = max(floor_best, rate(floor, number=number))
        subject_best = max(subject_best, rate(subject, number=number))
    return Result(name, floor_name, floor_best, subject_best, target)
