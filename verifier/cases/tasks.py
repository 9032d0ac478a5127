"""The cases' periodic work in the running verifier: purge due evidence, push queued cases.

Every ``VERIFIER_CASE_TASKS_SECONDS``: :func:`~verifier.cases.retention.purge_evidence` and
:func:`~verifier.cases.retention.purge_abandoned`, then,
when ``VERIFIER_ZGW_ENDPOINT`` is set, :func:`~verifier.cases.export.push_pending`. A round
that fails is logged and the next round tries again; cases are never lost (a failed push stays
queued with its error on the case). Several workers may run it: purging is one conditional
UPDATE, and pushing finds the remote zaak before making one.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

from regie.background import in_background
from verifier.cases.export import PushReport, push_pending
from verifier.cases.push import ZgwEndpoint
from verifier.cases.retention import purge_abandoned, purge_evidence
from verifier.state import VerifierState

__all__ = ["case_tasks_lifespan", "run_case_tasks", "run_once"]

log = logging.getLogger(__name__)


async def run_once(state: VerifierState) -> tuple[list[str], PushReport | None]:
    """One round: the cases whose evidence was purged, and the push report (if configured)."""
    settings = state.settings
    purged = await purge_evidence(state.clock())
    await purge_abandoned(state.clock(), settings.abandoned_claims_after)
    if not settings.zgw_endpoint:
        return purged, None
    report = await push_pending(
        state.http,
        ZgwEndpoint(
            api_root=settings.zgw_endpoint,
            token=settings.zgw_token or "",
            timeout=settings.zgw_timeout_seconds,
        ),
        api_root=f"{settings.public_url}/zgw/api/v1",
        bronorganisatie=settings.zgw_rsin,
        now=state.clock(),
    )
    return purged, report


async def run_case_tasks(state: VerifierState, interval: float) -> None:
    """:func:`run_once` every ``interval`` seconds until cancelled."""
    while True:
        await asyncio.sleep(interval)
        try:
            purged, report = await run_once(state)
        except Exception:
            log.exception("case tasks failed; trying again in %s seconds", interval)
            continue
        if purged or (report and (report.pushed or report.failed)):
            log.info("cases: evidence purged %s; push %s", purged, report)


def case_tasks_lifespan(
    state: VerifierState,
) -> Callable[[Any], AbstractAsyncContextManager[None]]:
    """A Litestar lifespan that runs :func:`run_case_tasks` while the app runs (after the
    database is up: list it after the app's own lifespan)."""

    @asynccontextmanager
    async def lifespan(_: Any) -> AsyncIterator[None]:
        interval = state.settings.case_tasks_seconds
        async with in_background(run_case_tasks(state, interval) if interval else None):
            yield

    return lifespan
