"""The verifier's periods are settings: the intake window, how long unsubmitted claims wait,
the ZGW push timeout and how long an unreachable status list is left alone; a combination that
would purge claims while the resident may still submit is refused at start-up."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from litestar.testing import TestClient
from pydantic import ValidationError

from tests.verifier.cases.world import verified_transaction
from verifier.app import create_app
from verifier.settings import VerifierSettings

URL = "http://127.0.0.1:8002"


def test_defaults() -> None:
    settings = VerifierSettings()
    assert settings.intake_window == timedelta(hours=1)
    assert settings.abandoned_claims_after == timedelta(days=1)
    assert settings.zgw_timeout_seconds == 10.0


def test_claims_must_wait_at_least_the_intake_window(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VERIFIER_INTAKE_MINUTES", "180")
    monkeypatch.setenv("VERIFIER_ABANDONED_CLAIMS_HOURS", "2")
    with pytest.raises(ValidationError, match="must cover VERIFIER_INTAKE_MINUTES"):
        VerifierSettings()
    monkeypatch.setenv("VERIFIER_ABANDONED_CLAIMS_HOURS", "3")
    assert VerifierSettings().abandoned_claims_after == timedelta(hours=3)


def test_the_intake_cookie_lives_as_long_as_the_intake_window(tmp_path: Path) -> None:
    settings = VerifierSettings(
        public_url=URL, data_dir=tmp_path / "verifier", ca_dir=tmp_path / "ca", intake_minutes=15
    )
    with TestClient(create_app(settings), base_url=URL) as client:
        with client.portal() as portal:
            transaction_id, secret = portal.call(
                verified_transaction, client.app.state["verifier"], "parkeervergunning-bewoners"
            )
        answer = client.post(
            f"/intake/{transaction_id}", data={"poll_secret": secret}, follow_redirects=False
        )
    assert answer.status_code == 303
    assert "Max-Age=900" in answer.headers["set-cookie"]


def test_the_status_list_retry_time_reaches_the_status_lists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert VerifierSettings().status_list_retry_seconds == 10
    monkeypatch.setenv("VERIFIER_STATUS_LIST_RETRY_SECONDS", "30")
    settings = VerifierSettings(
        public_url=URL, data_dir=tmp_path / "verifier", ca_dir=tmp_path / "ca"
    )
    with TestClient(create_app(settings), base_url=URL) as client:
        assert client.app.state["verifier"].status_lists.retry_seconds == 30
    monkeypatch.setenv("VERIFIER_STATUS_LIST_RETRY_SECONDS", "-1")
    with pytest.raises(ValidationError):
        VerifierSettings()
