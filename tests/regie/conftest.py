"""Fixtures of the command-line tests: a data directory, and a stdin to type passwords into."""

from __future__ import annotations

import io
from pathlib import Path

import pytest


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def stdin(monkeypatch: pytest.MonkeyPatch) -> io.StringIO:
    buffer = io.StringIO()
    monkeypatch.setattr("sys.stdin", buffer)
    return buffer
