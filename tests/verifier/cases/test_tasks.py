"""The running verifier's case tasks: evidence past retention purged, queued cases pushed."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import httpx
from litestar.testing import TestClient

from tests.verifier.cases.world import NOW, verified_transaction
from tests.verifier.cases.zaken_api import ROOT, TOKEN, ZakenApi
from verifier.app import create_app
from verifier.cases.intake import open_case
from verifier.cases.tasks import run_once
from verifier.db.tables import Case
from verifier.settings import VerifierSettings

URL = "http://127.0.0.1:8002"

PARKING_FORM = {"kenteken": "AB-123-C", "ingangsdatum": "2026-12-01"}


def test_one_round_purges_and_pushes(tmp_path: Path) -> None:
    api = ZakenApi()
    settings = VerifierSettings(
        public_url=URL,
        data_dir=tmp_path / "verifier",
        ca_dir=tmp_path / "ca",
        zgw_endpoint=ROOT,
        zgw_token=TOKEN,
        case_tasks_seconds=0,
        evidence_retention_days=30,
    )
    http = httpx.AsyncClient(transport=httpx.ASGITransport(app=api))  # type: ignore[arg-type]
    later = NOW + timedelta(days=31)
    app = create_app(settings, http=http, clock=lambda: later)
    with TestClient(app, base_url=URL) as client:
        state = client.app.state["verifier"]

        async def run() -> tuple[str, list[str], list[str], dict[str, object]]:
            transaction_id, _ = await verified_transaction(
                state, "parkeervergunning-bewoners", released=True
            )
            opened = await open_case(
                transaction_id,
                PARKING_FORM,
                now=NOW,
                retention=timedelta(days=30),
            )
            purged, report = await run_once(state)
            assert report is not None
            row = await Case.select(Case.evidence, Case.pushed_at).first()
            assert row is not None
            return opened.identification, purged, report.pushed, row

        with client.portal() as portal:
            identification, purged, pushed, row = portal.call(run)
    assert purged == pushed == [identification]
    assert row == {"evidence": None, "pushed_at": later}
    assert api.resources["zaken"][0]["identificatie"] == identification
    assert api.resources["zaken"][0]["bronorganisatie"] == settings.zgw_rsin
