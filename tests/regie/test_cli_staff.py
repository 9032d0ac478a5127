"""``regie staff add|list`` and ``regie issuer check-register|housekeeping``: output, exit
codes, accounts."""

from __future__ import annotations

import asyncio
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from litestar.testing import TestClient

from issuer.app import create_app
from issuer.db.tables import Nonce
from issuer.register_watch import Report
from issuer.settings import IssuerSettings
from regie import issuer_commands
from regie.cli import EXIT_OK, EXIT_UNAVAILABLE, main

PASSWORD = "een-lang-genoeg-wachtwoord"


def _add(data_dir: Path, stdin: io.StringIO, username: str, password: str, *extra: str) -> int:
    stdin.seek(0)
    stdin.truncate()
    stdin.write(password + "\n")
    stdin.seek(0)
    args = ["staff", "add", username, "--password-stdin", "--data-dir", str(data_dir), *extra]
    return main(args)


def test_staff_add_and_list(
    data_dir: Path, stdin: io.StringIO, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _add(data_dir, stdin, "anne", PASSWORD, "--admin") == EXIT_OK
    assert _add(data_dir, stdin, "bas", PASSWORD) == EXIT_OK
    assert "account created: anne (beheerder / admin)" in capsys.readouterr().out

    assert main(["staff", "list", "--data-dir", str(data_dir)]) == EXIT_OK

    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["username", "admin", "active", "last", "login"]
    assert [line.split() for line in lines[1:]] == [
        ["anne", "ja", "ja", "-"],
        ["bas", "nee", "ja", "-"],
    ]
    assert PASSWORD not in "\n".join(lines)


def test_staff_list_when_there_are_none(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["staff", "list", "--data-dir", str(data_dir)]) == EXIT_OK
    assert "No accounts yet" in capsys.readouterr().out


@pytest.mark.parametrize("password", ["", "kort", "elf-tekens!", "pbkdf2_sha256$lang-genoeg"])
def test_staff_add_refuses_a_weak_password(
    data_dir: Path, stdin: io.StringIO, capsys: pytest.CaptureFixture[str], password: str
) -> None:
    assert _add(data_dir, stdin, "anne", password) == EXIT_UNAVAILABLE
    err = capsys.readouterr().err
    assert "te zwak: gebruik minstens 12 tekens" in err
    assert "too weak: use at least 12 characters" in err
    main(["staff", "list", "--data-dir", str(data_dir)])
    assert "No accounts yet" in capsys.readouterr().out


def test_staff_add_refuses_a_taken_username(
    data_dir: Path, stdin: io.StringIO, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _add(data_dir, stdin, "anne", PASSWORD) == EXIT_OK
    assert _add(data_dir, stdin, "anne", PASSWORD + "-anders") == EXIT_UNAVAILABLE
    assert "an account 'anne' already exists" in capsys.readouterr().err


def test_staff_add_asks_twice(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = iter([PASSWORD, PASSWORD + "x", PASSWORD, PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda _: next(answers))
    args = ["staff", "add", "anne", "--data-dir", str(data_dir)]

    assert main(args) == EXIT_UNAVAILABLE
    assert "the passwords do not match" in capsys.readouterr().err
    assert main(args) == EXIT_OK


def test_the_created_account_logs_in_to_the_back_office(data_dir: Path, stdin: io.StringIO) -> None:
    assert _add(data_dir, stdin, "anne", PASSWORD) == EXIT_OK
    settings = IssuerSettings(data_dir=data_dir / "issuer", status_list_size=4096)
    with TestClient(create_app(settings), base_url=settings.public_url) as client:
        client.get("/admin/")
        csrf = client.cookies.get("csrftoken") or ""
        login = client.post(
            "/admin/public/login/",
            json={"username": "anne", "password": PASSWORD},
            headers={"X-CSRFToken": csrf},
        )
        assert login.status_code == 200, login.text
        assert client.get("/admin/api/tables/").status_code == 200
        wrong = client.post(
            "/admin/public/login/",
            json={"username": "anne", "password": PASSWORD + "x"},
            headers={"X-CSRFToken": csrf},
        )
        assert wrong.status_code == 401


def test_check_register_once(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["issuer", "check-register", "--data-dir", str(data_dir)]) == EXIT_OK
    assert "asked: 0; gewijzigd / changed: 0" in capsys.readouterr().out


def test_check_register_with_the_register_unavailable(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    async def unavailable(*_: object) -> Report:
        return Report(checked=3, unavailable="timeout")

    monkeypatch.setattr(issuer_commands, "check_register", unavailable)

    assert main(["issuer", "check-register", "--data-dir", str(data_dir)]) == EXIT_UNAVAILABLE
    err = capsys.readouterr().err
    assert "the register is unavailable (timeout); nothing was changed" in err


def test_housekeeping_once_deletes_what_expired_more_than_the_margin_ago(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["issuer", "housekeeping", "--data-dir", str(data_dir)]) == EXIT_OK  # migrates
    assert "deleted: nonces 0;" in capsys.readouterr().out
    now = datetime.now(UTC)

    async def add_and_list(*expired_ago: timedelta) -> list[str]:
        for index, ago in enumerate(expired_ago):
            await Nonce.insert(Nonce(value=f"nonce-{index}", expires_at=now - ago)).run()
        return sorted(row["value"] for row in await Nonce.select(Nonce.value))

    # the default margin is 24 hours (ISSUER_EXPIRED_ROWS_KEEP_HOURS)
    kept = asyncio.run(add_and_list(timedelta(hours=25), timedelta(hours=23), timedelta(0)))
    assert kept == ["nonce-0", "nonce-1", "nonce-2"]

    assert main(["issuer", "housekeeping", "--data-dir", str(data_dir)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "deleted: nonces 1;" in out
    assert "access tokens 0" in out
    assert asyncio.run(add_and_list()) == ["nonce-1", "nonce-2"]


def test_regie_data_dir_is_the_default_data_dir(
    data_dir: Path,
    stdin: io.StringIO,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """As documented (docs/configuration.md ``REGIE_DATA_DIR``), and as ``regie keys`` does."""
    monkeypatch.setenv("REGIE_DATA_DIR", str(data_dir))
    stdin.write(PASSWORD + "\n")
    stdin.seek(0)
    assert main(["staff", "add", "anne", "--password-stdin"]) == EXIT_OK
    capsys.readouterr()
    assert main(["staff", "list", "--data-dir", str(data_dir)]) == EXIT_OK
    assert "anne" in capsys.readouterr().out
    assert (data_dir / "issuer").is_dir()
