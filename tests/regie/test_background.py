"""regie.background.in_background: work runs while the block runs, and is cancelled after."""

from __future__ import annotations

import asyncio

from regie.background import in_background


def test_work_runs_during_the_block_and_is_cancelled_after() -> None:
    events: list[str] = []

    async def work() -> None:
        events.append("started")
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            events.append("cancelled")
            raise

    async def run() -> None:
        async with in_background(work()):
            await asyncio.sleep(0)
            assert events == ["started"]
        assert events == ["started", "cancelled"]

    asyncio.run(run())


def test_no_work_runs_nothing() -> None:
    async def run() -> int:
        before = len(asyncio.all_tasks())
        async with in_background(None):
            return len(asyncio.all_tasks()) - before

    assert asyncio.run(run()) == 0
