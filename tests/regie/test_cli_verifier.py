"""``regie verifier officer add|list``: accounts bound to a relying party, exit codes."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from litestar.testing import TestClient

from regie.cli import EXIT_OK, EXIT_UNAVAILABLE, main
from verifier.app import create_app
from verifier.settings import VerifierSettings

PASSWORD = "een-lang-genoeg-wachtwoord"
PARTY = "vergunningen-boxtel"


def _seed(data_dir: Path) -> None:
    """Start the verifier once: it writes its relying parties."""
    settings = VerifierSettings(data_dir=data_dir / "verifier", ca_dir=data_dir / "ca")
    with TestClient(create_app(settings)):
        pass


def _add(data_dir: Path, stdin: io.StringIO, username: str, password: str, party: str) -> int:
    stdin.seek(0)
    stdin.truncate()
    stdin.write(password + "\n")
    stdin.seek(0)
    return main(
        [
            "verifier",
            "officer",
            "add",
            username,
            "--relying-party",
            party,
            "--password-stdin",
            "--data-dir",
            str(data_dir),
        ]
    )


def test_officer_add_and_list(
    data_dir: Path, stdin: io.StringIO, capsys: pytest.CaptureFixture[str]
) -> None:
    _seed(data_dir)
    assert _add(data_dir, stdin, "piet", PASSWORD, PARTY) == EXIT_OK
    assert "account created: piet (vergunningen-boxtel)" in capsys.readouterr().out
    assert main(["verifier", "officer", "list", "--data-dir", str(data_dir)]) == EXIT_OK
    lines = capsys.readouterr().out.splitlines()
    assert [line.split() for line in lines[1:]] == [["piet", PARTY]]
    assert PASSWORD not in "\n".join(lines)


def test_officer_refused_for_unknown_party_weak_password_or_taken_name(
    data_dir: Path, stdin: io.StringIO, capsys: pytest.CaptureFixture[str]
) -> None:
    _seed(data_dir)
    assert _add(data_dir, stdin, "piet", PASSWORD, "no-such-party") == EXIT_UNAVAILABLE
    assert "unknown relying party 'no-such-party'" in capsys.readouterr().err
    assert _add(data_dir, stdin, "piet", "short", PARTY) == EXIT_UNAVAILABLE
    assert "too weak" in capsys.readouterr().err
    assert _add(data_dir, stdin, "piet", PASSWORD, PARTY) == EXIT_OK
    assert _add(data_dir, stdin, "piet", PASSWORD, PARTY) == EXIT_UNAVAILABLE
    assert "already exists" in capsys.readouterr().err


def test_officer_list_when_there_are_none(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["verifier", "officer", "list", "--data-dir", str(data_dir)]) == EXIT_OK
    assert "No accounts yet" in capsys.readouterr().out
