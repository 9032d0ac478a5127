"""Demo officers: made only when asked, random passwords in a private file, bound to their
relying party, and refused for an https (production) verifier."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from litestar.testing import TestClient

from tests.verifier.admin.back_office import login
from verifier.app import create_app
from verifier.demo_officers import FILE, HEADER, ensure_demo_officers
from verifier.settings import VerifierSettings

URL = "http://127.0.0.1:8002"


def _settings(tmp_path: Path, *, demo: bool, url: str = URL) -> VerifierSettings:
    return VerifierSettings(
        public_url=url, data_dir=tmp_path / "verifier", ca_dir=tmp_path / "ca", demo_officers=demo
    )


def test_demo_officers_log_in_and_see_their_party(tmp_path: Path) -> None:
    settings = _settings(tmp_path, demo=True)
    with TestClient(create_app(settings), base_url=URL) as client:
        path = settings.data_dir / FILE
        assert path.stat().st_mode & 0o777 == 0o600
        header, body = path.read_text().split("\n", 1)
        assert header == HEADER
        accounts = json.loads(body)
        assert set(accounts) == {"demo-woonstichting-de-kempen", "demo-vergunningen-boxtel"}
        assert len(set(accounts.values())) == 2
        answer, _ = login(client, "demo-vergunningen-boxtel", accounts["demo-vergunningen-boxtel"])
        assert answer.status_code == 200
    with TestClient(create_app(settings), base_url=URL):  # a restart keeps the same accounts
        assert json.loads(path.read_text().split("\n", 1)[1]) == accounts


def test_no_demo_officers_unless_asked(tmp_path: Path) -> None:
    settings = _settings(tmp_path, demo=False)
    with TestClient(create_app(settings), base_url=URL):
        assert not (settings.data_dir / FILE).exists()


def test_demo_officers_refused_for_https(tmp_path: Path) -> None:
    settings = _settings(tmp_path, demo=False, url="https://verifier.example")
    with TestClient(create_app(settings), base_url=URL) as client:
        state = client.app.state["verifier"]
        with client.portal() as portal, pytest.raises(ValueError, match="not for https"):
            portal.call(ensure_demo_officers, state)
