"""The ``regie`` command: what the user sees and the exit code, for built and unbuilt services."""

import asyncio
import dataclasses
import re
import runpy
import socket
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from issuer.keys import KeyStore, default_key_dir, key_path
from regie import cli, services, serving
from regie.cli import EXIT_OK, EXIT_UNAVAILABLE, main
from regie.pki import DemoCA, default_ca_dir
from tests.regie import fake_service

ROOT = Path(__file__).resolve().parents[2]

UNBUILT = [(service.name, service.issue) for service in services.SERVICES]
Served = tuple[str, str, int, int, bool]
"""What ``regie serve`` asked :func:`regie.serving.run` for: factory, host, port, workers,
access log."""


def built_issuer(module: str = "tests.regie.fake_service") -> services.Service:
    return services.Service(
        name="issuer",
        module=module,
        title="Gemeente Testdorp",
        role_nl="geeft uit",
        role_en="issues",
        issue=3,
        port=8101,
    )


@pytest.fixture
def issuer_built(monkeypatch: pytest.MonkeyPatch) -> services.Service:
    service = built_issuer()
    monkeypatch.setattr(services, "SERVICES", (service,))
    return service


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[Served]:
    calls: list[Served] = []

    def run(
        factory: str,
        *,
        host: str,
        port: int,
        workers: int,
        certfile: Path | None = None,
        keyfile: Path | None = None,
        access_log: bool = False,
    ) -> None:
        calls.append((factory, host, port, workers, access_log))

    monkeypatch.setattr(serving, "run", run)
    return calls


# --- parts that are not built yet (each issue builds one; the registry says which) ---


@pytest.fixture
def nothing_built(monkeypatch: pytest.MonkeyPatch) -> None:
    """The registry as it was before any service existed: every module missing."""
    unbuilt = tuple(
        dataclasses.replace(service, module=f"tests.regie.not_built_{service.name}")
        for service in services.SERVICES
    )
    monkeypatch.setattr(services, "SERVICES", unbuilt)


@pytest.mark.parametrize(("name", "issue"), UNBUILT)
def test_serve_unbuilt_service_refuses_in_dutch_and_english(
    nothing_built: None, name: str, issue: int, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", name]) == EXIT_UNAVAILABLE
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"regie: '{name}' is nog niet gebouwd; het komt met issue {issue}.\n"
        f"regie: '{name}' is not built yet; it arrives with issue {issue}.\n"
    )


def test_migrate_with_no_database_succeeds_and_says_so(
    nothing_built: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["migrate"]) == EXIT_OK
    assert "Nothing to migrate: no service keeps a database yet." in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["serve"],
        ["serve", "bakery"],
        ["serve", "issuer", "--port", "x"],
        ["fly"],
        ["keys"],
        ["keys", "burn"],
        ["keys", "rotate", "--max-lifetime-days", "0"],
        ["keys", "show", "--max-lifetime-days", "30"],
    ],
    ids=[
        "no-command",
        "serve-without-service",
        "unknown-service",
        "bad-port",
        "unknown-command",
        "keys-without-action",
        "keys-unknown-action",
        "keys-lifetime-zero",
        "keys-show-takes-no-lifetime",
    ],
)
def test_usage_error_exits_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == EXIT_UNAVAILABLE
    assert "usage: regie" in capsys.readouterr().err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == EXIT_OK
    assert capsys.readouterr().out.startswith("regie ")


def test_python_m_regie_help_in_a_real_process() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "regie", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == EXIT_OK
    assert result.stderr == ""
    for command in ("demo", "serve", "migrate", "keys", "exit codes:"):
        assert command in result.stdout


# --- how a built service plugs in ---


def test_serve_built_service_runs_its_app_on_localhost(
    issuer_built: services.Service,
    served: list[Served],
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["serve", "issuer"]) == EXIT_OK
    assert served == [
        ("tests.regie.fake_service:create_app", "127.0.0.1", issuer_built.port, 1, False)
    ]
    assert capsys.readouterr().out == "Gemeente Testdorp: http://127.0.0.1:8101\n"


def test_serve_port_host_and_workers_options(
    issuer_built: services.Service, served: list[Served]
) -> None:
    arguments = ["serve", "issuer", "--port", "9123", "--host", "0.0.0.0", "--workers", "3"]  # noqa: S104
    assert main(arguments) == EXIT_OK
    assert served == [("tests.regie.fake_service:create_app", "0.0.0.0", 9123, 3, False)]  # noqa: S104


def test_serve_access_log_is_off_unless_asked_for(
    issuer_built: services.Service, served: list[Served]
) -> None:
    """regie.serving: query strings carry one-time codes; the reverse proxy logs access."""
    assert main(["serve", "issuer", "--access-log"]) == EXIT_OK
    assert served == [
        ("tests.regie.fake_service:create_app", "127.0.0.1", issuer_built.port, 1, True)
    ]


def test_serve_refuses_zero_workers(
    issuer_built: services.Service,
    served: list[Served],
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["serve", "issuer", "--workers", "0"]) == EXIT_UNAVAILABLE
    assert served == []
    err = capsys.readouterr().err
    assert "--workers moet 1 of meer zijn." in err
    assert "--workers must be 1 or more." in err


def test_listening_socket_connections_get_tcp_nodelay() -> None:
    """uvicorn issue #3149: a socket bound without IPPROTO_TCP leaves Nagle on per connection."""

    async def accepted_nodelay(sock: socket.socket) -> int:
        loop = asyncio.get_running_loop()
        seen: asyncio.Future[int] = loop.create_future()

        class Report(asyncio.Protocol):
            def connection_made(self, transport: asyncio.BaseTransport) -> None:
                accepted = transport.get_extra_info("socket")
                seen.set_result(accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
                transport.close()

        server = await loop.create_server(Report, sock=sock)
        async with server:
            _, writer = await asyncio.open_connection(*sock.getsockname()[:2])
            result = await asyncio.wait_for(seen, 5)
            writer.close()
        return result

    assert asyncio.run(accepted_nodelay(serving.listening_socket(serving.LOCALHOST, 0))) != 0
    plain = socket.socket(socket.AF_INET, socket.SOCK_STREAM)  # what uvicorn binds
    plain.bind((serving.LOCALHOST, 0))
    assert asyncio.run(accepted_nodelay(plain)) == 0


def test_migrate_runs_each_built_service_migrations(
    issuer_built: services.Service,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(fake_service, "MIGRATIONS", [])
    assert main(["migrate"]) == EXIT_OK
    assert fake_service.MIGRATIONS == ["migrated"]
    assert capsys.readouterr().out == "issuer: migreren / migrating\n"


@pytest.mark.parametrize(
    "module",
    ["json", "tests.regie.no_such_module", "regie_no_such_package.app"],
    ids=["no-create-app", "missing-module", "missing-package"],
)
def test_service_is_not_built_without_module_or_factory(module: str) -> None:
    assert services.load(built_issuer(module)) is None


def test_service_without_migrate_is_built_without_migrations() -> None:
    built = services.load(built_issuer("tests.regie.stateless_service"))
    assert built is not None
    assert built.migrate is None


def test_migrate_skips_services_without_database(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(services, "SERVICES", (built_issuer("tests.regie.stateless_service"),))
    assert main(["migrate"]) == EXIT_OK
    assert "Nothing to migrate" in capsys.readouterr().out


@pytest.mark.parametrize(
    "module",
    ["tests.regie.broken_service", "tests.regie.broken_service.app"],
    ids=["module", "parent-package"],
)
def test_broken_service_module_raises_instead_of_hiding(module: str) -> None:
    with pytest.raises(ModuleNotFoundError, match="regie_tests_dependency_that_does_not_exist"):
        services.load(built_issuer(module))


def test_python_m_regie_runs_the_command(
    nothing_built: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["regie", "migrate"])
    with pytest.raises(SystemExit) as exited:
        runpy.run_module("regie", run_name="__main__")
    assert exited.value.code == EXIT_OK
    assert "Nothing to migrate" in capsys.readouterr().out


# --- regie keys ---

KEYS_NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
KEYS_ISSUER = "http://127.0.0.1:8001"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data directory via $REGIE_DATA_DIR, and the command's clock fixed at KEYS_NOW."""
    monkeypatch.setenv("REGIE_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(cli, "_now", lambda: KEYS_NOW)
    return tmp_path


def issuer_started(data_dir: Path) -> KeyStore:
    """What the issuer does on its first start: the demo CA, then its first key."""
    ca = DemoCA.load_or_create(default_ca_dir(data_dir), now=KEYS_NOW)
    return KeyStore(default_key_dir(data_dir), ca=ca, issuer_id=KEYS_ISSUER, now=KEYS_NOW)


def columns(out: str, kid: str) -> list[str]:
    """The row of ``regie keys show`` for ``kid``, after the kid: created, status, until."""
    [row] = [line for line in out.splitlines() if line.startswith(kid)]
    return re.split(r"\s{2,}", row.strip())[1:]


def test_keys_show_before_the_issuer_started_says_so(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["keys", "show"]) == EXIT_OK
    out = capsys.readouterr().out
    assert f"No keys in {default_key_dir(data_dir)} yet" in out
    assert "Nog geen sleutels" in out
    assert not (data_dir / "issuer").exists()


def test_keys_show_lists_kids_and_status_never_private_material(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = issuer_started(data_dir)
    key, _ = store.active()
    assert main(["keys", "show"]) == EXIT_OK
    out = capsys.readouterr().out
    assert f"Uitgever / issuer: {KEYS_ISSUER}" in out
    assert columns(out, key.kid) == ["2025-03-01 12:00 UTC", "actief / active", "-"]
    assert key.to_private_jwk()["d"] not in out
    assert '"d"' not in out


def test_keys_rotate_prints_the_new_kid_and_the_issuer_uses_it(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = issuer_started(data_dir)
    old = store.active()[0].kid
    assert main(["keys", "rotate"]) == EXIT_OK
    out = capsys.readouterr().out
    new = store.active()[0].kid
    assert new != old
    assert f"Nieuwe ondertekensleutel / new signing key: {new}\n" in out
    assert f"({old}) blijft in de JWKS tot / the previous one stays in the JWKS until: " in out
    assert out.endswith("2026-03-01 12:00 UTC\n")  # a year: the default credential lifetime
    assert [key["kid"] for key in store.jwks(KEYS_NOW)["keys"]] == [old, new]

    assert main(["keys", "show"]) == EXIT_OK
    shown = capsys.readouterr().out
    assert columns(shown, old) == [
        "2025-03-01 12:00 UTC",
        "uitgefaseerd / retired",
        "2026-03-01 12:00 UTC",
    ]
    assert columns(shown, new) == ["2025-03-01 12:00 UTC", "actief / active", "-"]


def test_keys_rotate_max_lifetime_and_data_dir_options(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = tmp_path / "elsewhere"
    store = issuer_started(elsewhere)
    argv = ["keys", "rotate", "--data-dir", str(elsewhere), "--max-lifetime-days", "30"]
    assert main(argv) == EXIT_OK
    assert capsys.readouterr().out.endswith("until: 2025-03-31 12:00 UTC\n")
    assert len(store.records) == 2
    assert not (data_dir / "issuer").exists()


def test_keys_show_marks_a_retired_key_whose_credentials_expired(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    store = issuer_started(data_dir)
    old = store.active()[0].kid
    store.rotate(KEYS_NOW)
    monkeypatch.setattr(cli, "_now", lambda: KEYS_NOW + timedelta(days=365))
    assert main(["keys", "show"]) == EXIT_OK
    assert columns(capsys.readouterr().out, old)[1] == "verlopen / expired"


def test_keys_rotate_before_the_issuer_started_exits_2(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["keys", "rotate"]) == EXIT_UNAVAILABLE
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "start the issuer first (regie serve issuer)" in captured.err
    assert "start eerst de uitgever" in captured.err


def test_keys_ca_prints_the_certificate_path_and_fingerprint(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["keys", "ca"]) == EXIT_OK
    out = capsys.readouterr().out
    ca = DemoCA.load_or_create(default_ca_dir(data_dir), now=KEYS_NOW)
    assert f"(niet voor productie / not for production): {ca.certificate_path.resolve()}\n" in out
    assert f"SHA-256: {ca.fingerprint}\n" in out
    assert "Geldig tot / valid until: 2035-02-27 12:00 UTC" in out
    assert main(["keys", "ca"]) == EXIT_OK  # the same CA, not a new one
    assert f"SHA-256: {ca.fingerprint}\n" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [["keys", "show"], ["keys", "rotate"]], ids=["show", "rotate"])
def test_keys_with_a_key_file_others_can_read_exits_2_with_the_fix(
    argv: list[str], data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = issuer_started(data_dir)
    path = key_path(default_key_dir(data_dir), store.active()[0].kid)
    path.chmod(0o644)
    assert main(argv) == EXIT_UNAVAILABLE
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"regie: {path.resolve()} is leesbaar voor anderen (rechten 644). "
        f"Maak het bestand privé met: chmod 600 {path.resolve()}\n"
        f"regie: {path.resolve()} can be read by others (mode 644). "
        f"Make the file private with: chmod 600 {path.resolve()}\n"
    )
    assert len(store.records) == 1  # nothing rotated


def test_keys_with_a_data_dir_that_is_a_file_exits_2(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocked = data_dir / "blocked"
    blocked.write_text("not a folder")
    assert main(["keys", "ca", "--data-dir", str(blocked)]) == EXIT_UNAVAILABLE
    err = capsys.readouterr().err
    assert f"regie: kan {blocked / 'ca'} niet gebruiken" in err
    assert f"regie: cannot use {blocked / 'ca'}" in err


def test_keys_default_data_dir_is_data_in_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("REGIE_DATA_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    assert main(["keys", "ca"]) == EXIT_OK
    assert str(tmp_path / "data" / "ca" / "ca.pem") in capsys.readouterr().out


@pytest.fixture
def issuer_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """The issuer configured as in production (docs/production.md): its data, its keys and its
    CA each in a folder of their own (``ISSUER_*``), no ``$REGIE_DATA_DIR``; the working
    directory holds no ``data``. The key folder and the CA folder."""
    monkeypatch.delenv("REGIE_DATA_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cli, "_now", lambda: KEYS_NOW)
    key_dir, ca_dir = tmp_path / "secrets" / "keys", tmp_path / "pki"
    monkeypatch.setenv("ISSUER_DATA_DIR", str(tmp_path / "srv" / "issuer"))
    monkeypatch.setenv("ISSUER_KEY_DIR", str(key_dir))
    monkeypatch.setenv("ISSUER_CA_DIR", str(ca_dir))
    return key_dir, ca_dir


def test_keys_use_the_issuers_key_and_ca_dir_from_its_settings(
    tmp_path: Path, issuer_env: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    key_dir, ca_dir = issuer_env
    store = KeyStore(
        key_dir,
        ca=DemoCA.load_or_create(ca_dir, now=KEYS_NOW),
        issuer_id=KEYS_ISSUER,
        now=KEYS_NOW,
    )
    old = store.active()[0].kid
    assert main(["keys", "show"]) == EXIT_OK
    out = capsys.readouterr().out
    assert f"Sleutels / keys: {key_dir}\n" in out
    assert columns(out, old)[1] == "actief / active"
    assert main(["keys", "rotate"]) == EXIT_OK
    assert len(store.records) == 2
    assert main(["keys", "ca"]) == EXIT_OK
    assert f"{(ca_dir / 'ca.pem').resolve()}\n" in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pki", "secrets"]  # nothing elsewhere


def test_keys_rotate_keeps_the_old_key_as_long_as_the_issuers_credentials_live(
    issuer_env: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Without --max-lifetime-days the old key stays published for the issuer's own
    ``ISSUER_CREDENTIAL_LIFETIME_DAYS``, so no credential it signed outlives it."""
    key_dir, ca_dir = issuer_env
    monkeypatch.setenv("ISSUER_CREDENTIAL_LIFETIME_DAYS", "730")
    ca = DemoCA.load_or_create(ca_dir, now=KEYS_NOW)
    KeyStore(key_dir, ca=ca, issuer_id=KEYS_ISSUER, now=KEYS_NOW)
    assert main(["keys", "rotate"]) == EXIT_OK
    assert capsys.readouterr().out.endswith("until: 2027-03-01 12:00 UTC\n")


def test_keys_with_issuer_settings_that_are_not_valid_exit_2(
    issuer_env: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("ISSUER_CREDENTIAL_LIFETIME_DAYS", "0")
    assert main(["keys", "show"]) == EXIT_UNAVAILABLE
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "regie: de instellingen van de uitgever kloppen niet: ISSUER_CREDENTIAL_LIFETIME_DAYS.\n"
        "regie: the issuer's settings are not valid: ISSUER_CREDENTIAL_LIFETIME_DAYS.\n"
    )
