"""A small benchmark harness: a subject against a floor measured in the same run.

Targets are ratios (subject rate / floor rate), never absolute timings, so they hold on any
machine. Rates are per CPU second of this process, so time other processes hold the CPU is
not counted. Floor and subject are measured in alternating rounds, and each keeps its best round
(as ``timeit`` recommends: slower rounds measure other load on the machine, not the code); many
short rounds give both more chances at a quiet moment. The ratios of the paired rounds are
reported too, so a noisy run shows as a wide spread.

Benchmarks whose subject runs in other processes (servers) measure wall-clock rates instead
(:func:`wall_rate`, :func:`async_wall_rate`), with floors on the same clock; they report
through :class:`Report` and say :class:`Unavailable` when their infrastructure is missing.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

__all__ = [
    "Report",
    "Result",
    "Unavailable",
    "async_wall_rate",
    "compare",
    "cores",
    "in_pool",
    "rate",
    "spread",
    "wall_rate",
]


class Report(Protocol):
    """What ``python -m bench`` prints and judges."""

    @property
    def met(self) -> bool: ...

    def report(self) -> str: ...


class Unavailable(Exception):
    """The benchmark cannot run here (a database server is down, a port will not open)."""


@dataclass(frozen=True)
class Result:
    """One comparison: rates per second of the floor and the subject, and the target ratio."""

    name: str
    floor_name: str
    floor_rate: float
    rate: float
    target: float
    round_ratios: tuple[float, ...] = ()
    """Subject rate / floor rate of each pair of rounds, in the order measured."""

    @property
    def ratio(self) -> float:
        return self.rate / self.floor_rate

    @property
    def met(self) -> bool:
        return self.ratio >= self.target

    def report(self) -> str:
        verdict = "meets target" if self.met else "BELOW TARGET"
        report = (
            f"{self.name}\n"
            f"  floor   ({self.floor_name}): {self.floor_rate:10.0f} /CPU s\n"
            f"  subject: {self.rate:10.0f} /CPU s\n"
            f"  ratio:   {self.ratio:10.1%}   target >= {self.target:.0%}   {verdict}"
        )
        if self.round_ratios:
            ordered = sorted(self.round_ratios)
            report += (
                f"\n  rounds:  {len(ordered)} pairs, ratio median {statistics.median(ordered):.1%}"
                f" (min {ordered[0]:.1%}, max {ordered[-1]:.1%})"
            )
        return report


def rate(fn: Callable[[], object], *, number: int) -> float:
    """Calls per CPU second of ``fn`` over ``number`` calls.

    CPU time of this process, not wall-clock time: on a shared machine the time other
    processes hold the CPU does not count against whichever side happens to be running.
    """
    start = time.process_time()
    for _ in range(number):
        fn()
    return number / (time.process_time() - start)


def wall_rate(fn: Callable[[], object], *, number: int) -> float:
    """Calls per wall-clock second of ``fn`` over ``number`` calls."""
    start = time.perf_counter()
    for _ in range(number):
        fn()
    return number / (time.perf_counter() - start)


async def async_wall_rate(fn: Callable[[], Awaitable[object]], *, number: int) -> float:
    """Awaited calls per wall-clock second of ``fn``, one after the other."""
    start = time.perf_counter()
    for _ in range(number):
        await fn()
    return number / (time.perf_counter() - start)


def compare(
    name: str,
    subject: Callable[[], object],
    *,
    floor_name: str,
    floor: Callable[[], object],
    target: float,
    number: int = 500,
    rounds: int = 30,
) -> Result:
    """Best-of-``rounds`` rates of ``floor`` and ``subject``, measured alternately."""
    subject()
    floor()
    floor_rates: list[float] = []
    subject_rates: list[float] = []
    for _ in range(rounds):
        floor_rates.append(rate(floor, number=number))
        subject_rates.append(rate(subject, number=number))
    pairs = tuple(s / f for f, s in zip(floor_rates, subject_rates, strict=True))
    return Result(name, floor_name, max(floor_rates), max(subject_rates), target, pairs)


T = TypeVar("T")
R = TypeVar("R")


def cores() -> int:
    """The CPUs this process (and the servers it starts) may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


async def spread(
    workers: Sequence[R], items: Iterable[T], send: Callable[[R, T], Awaitable[None]]
) -> None:
    """``send`` every item, one at a time per worker (a connection, say) of ``workers``, all
    workers at once sharing one iterator: each takes the next item as soon as its last is
    done, so as many are in flight as there are workers."""
    iterator = iter(items)

    async def worker(own: R) -> None:
        for item in iterator:
            await send(own, item)

    await asyncio.gather(*(worker(own) for own in workers))


async def in_pool(
    items: Iterable[T], send: Callable[[T], Awaitable[None]], *, concurrency: int
) -> None:
    """``send`` every item, from ``concurrency`` tasks sharing one iterator (a load generator
    with that many requests in flight)."""
    await spread(range(concurrency), items, lambda _, item: send(item))
