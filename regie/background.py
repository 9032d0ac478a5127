"""Work a service does in the background while it runs (a periodic check, a task queue)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Coroutine
from contextlib import asynccontextmanager
from typing import Any

__all__ = ["in_background"]


@asynccontextmanager
async def in_background(work: Coroutine[Any, Any, None] | None) -> AsyncIterator[None]:
    """Run ``work`` as a task for as long as the block runs, then cancel it and wait for it to
    end; ``None`` (the work is switched off) runs nothing."""
    task = asyncio.create_task(work) if work is not None else None
    try:
        yield
    finally:
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
