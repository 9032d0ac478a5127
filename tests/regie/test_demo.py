"""``regie demo``: the start screen, one data directory for all, ``--reset``, a second start,
and Ctrl-C, the last two with the real command in a real process."""

from __future__ import annotations

import os
import signal
import socket
from pathlib import Path

import httpx
import pytest

from regie import services, serving
from regie.cli import EXIT_OK, EXIT_UNAVAILABLE, main
from regie.demo import DATA_ENTRIES, Accounts, looks_like_data_dir, reset, start_screen
from regie.processes import free_port
from tests.regie.running_demo import RunningDemo, start_demo

URLS = {
    "issuer": "http://127.0.0.1:8001",
    "verifier": "http://127.0.0.1:8002",
    "wallet": "http://127.0.0.1:8003",
}
ACCOUNTS = Accounts(
    persons=[("Jan Willem van der Berg", "999993653", "Gezin", "Family")],
    staff={"demo-medewerker": "geheim-1234567"},
    officers={"demo-woonstichting-de-kempen": "geheim-7654321"},
)


# --- the start screen ------------------------------------------------------------------------


def test_start_screen_says_where_each_part_is_the_accounts_and_where_to_begin(
    tmp_path: Path,
) -> None:
    screen = start_screen(URLS, ACCOUNTS, tmp_path)
    for service in services.SERVICES:
        assert service.title in screen
        for path, nl, en in service.pages:
            assert f"{URLS[service.name]}{path}  {nl} / {en}" in screen
    assert "Jan Willem van der Berg, BSN 999993653: Gezin / Family" in screen
    assert "(http://127.0.0.1:8001/admin/):\n    demo-medewerker  geheim-1234567" in screen
    assert "(http://127.0.0.1:8002/admin/):\n    demo-woonstichting-de-kempen  geheim-7654321" in (
        screen
    )
    assert (
        "Begin hier: open de wallet op http://127.0.0.1:8003/ "
        "en ga dan naar de gemeente op http://127.0.0.1:8001/"
    ) in screen
    assert (
        "Start here: open the wallet at http://127.0.0.1:8003/ "
        "then go to the municipality at http://127.0.0.1:8001/"
    ) in screen
    assert str(tmp_path.resolve()) in screen
    assert screen.endswith("Stoppen / stop: Ctrl-C\n")
    assert len(screen.splitlines()) < 40  # short


def test_wiring_puts_every_database_under_one_directory_and_each_part_knows_the_others(
    tmp_path: Path,
) -> None:
    wired = services.wiring(URLS, tmp_path)
    assert wired["issuer"]["ISSUER_DATA_DIR"] == str(tmp_path / "issuer")
    assert wired["verifier"]["VERIFIER_DATA_DIR"] == str(tmp_path / "verifier")
    assert wired["wallet"]["WALLET_DATA_DIR"] == str(tmp_path / "wallet")
    assert {
        wired["issuer"]["ISSUER_CA_DIR"],
        wired["verifier"]["VERIFIER_CA_DIR"],
        wired["wallet"]["WALLET_CA_DIR"],
    } == {str(tmp_path / "ca")}
    assert wired["issuer"]["ISSUER_WALLET_URL"] == URLS["wallet"]
    assert wired["verifier"]["VERIFIER_WALLET_URL"] == URLS["wallet"]
    assert wired["verifier"]["VERIFIER_WALLET_ORIGINS"] == '["http://127.0.0.1:8003"]'
    assert wired["verifier"]["VERIFIER_TRUSTED_ISSUERS"] == '["http://127.0.0.1:8001"]'
    assert '"issuer": "http://127.0.0.1:8001"' in wired["wallet"]["WALLET_TRUSTED_ISSUERS"]


# --- the data directory and refusals ---------------------------------------------------------


def test_reset_deletes_a_regie_data_directory_after_saying_what(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    for name in ("issuer", "verifier", "ca"):
        (data / name).mkdir(parents=True)
    (data / "issuer" / "issuer.sqlite").write_bytes(b"x")
    assert reset(data) == EXIT_OK
    assert not data.exists()
    out = capsys.readouterr().out
    assert f"Verwijderen / deleting: {data.resolve()} (ca, issuer, verifier)" in out


@pytest.mark.parametrize("other", ["notes.txt", "Documents", "untrusting_wallet"])
def test_reset_refuses_a_directory_that_is_not_a_regie_data_directory(
    tmp_path: Path, other: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "issuer").mkdir()
    (tmp_path / other).write_text("keep me")
    assert main(["demo", "--reset", "--data-dir", str(tmp_path)]) == EXIT_UNAVAILABLE
    assert (tmp_path / other).read_text() == "keep me"
    assert (tmp_path / "issuer").is_dir()
    err = capsys.readouterr().err
    assert f"lijkt geen datamap van Regie ({other}); niets verwijderd." in err
    assert f"does not look like a Regie data directory ({other}); nothing deleted." in err


def test_reset_refuses_a_file(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("keep me")
    assert reset(tmp_path / "data") == EXIT_UNAVAILABLE
    assert (tmp_path / "data").read_text() == "keep me"


def test_a_data_directory_holds_only_regies_folders(tmp_path: Path) -> None:
    assert not looks_like_data_dir(tmp_path / "missing")
    for name in DATA_ENTRIES:
        (tmp_path / name).mkdir()
    assert looks_like_data_dir(tmp_path)
    (tmp_path / "other").mkdir()
    assert not looks_like_data_dir(tmp_path)


def test_demo_will_not_use_a_directory_with_other_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "thesis.tex").write_text("keep me")
    assert main(["demo", "--data-dir", str(tmp_path)]) == EXIT_UNAVAILABLE
    assert "choose another with --data-dir" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["thesis.tex"]


def test_demo_refuses_a_port_in_use(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with serving.listening_socket("127.0.0.1", 0) as taken:
        taken.listen()
        busy = taken.getsockname()[1]
        ports = f"{free_port()},{busy},{free_port()}"
        assert main(["demo", "--data-dir", str(tmp_path / "d"), "--ports", ports]) == 2
    err = capsys.readouterr().err
    assert f"127.0.0.1:{busy} is al in gebruik (draait de demo al?)" in err
    assert f"127.0.0.1:{busy} is already in use (is the demo running?)" in err
    assert not (tmp_path / "d").exists()


@pytest.mark.parametrize("ports", ["8001,8002", "8001,8002,x", "8001,8002,70000"])
def test_demo_wants_three_ports(ports: str) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["demo", "--ports", ports])
    assert exit_.value.code == EXIT_UNAVAILABLE


def test_host_goes_with_lan(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--host", "192.168.1.5"]) == EXIT_UNAVAILABLE
    assert "--host goes with --lan." in capsys.readouterr().err


# --- the real command ------------------------------------------------------------------------


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def answers(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def check_first_start(demo: RunningDemo, data_dir: Path) -> None:
    """Every part answers on its own port; the screen names them and the accounts; all three
    databases are under the one data directory."""
    issuer, verifier, wallet = (f"http://127.0.0.1:{port}" for port in demo.ports)
    for url, path in (
        (issuer, "/.well-known/openid-credential-issuer"),
        (verifier, "/verify/inschrijven-woningzoekende"),
        (wallet, "/manifest.webmanifest"),
    ):
        assert httpx.get(url + path, timeout=10).status_code == 200
    out = demo.output
    assert f"open the wallet at {wallet}/ then go to the municipality at {issuer}/" in out
    assert "BSN 999993653" in out  # the register's test persons
    assert f"({issuer}/admin/):\n    demo-medewerker  " in out
    assert "    demo-woonstichting-de-kempen  " in out
    assert "    demo-vergunningen-boxtel  " in out
    assert {p.name for p in data_dir.iterdir()} == {"issuer", "verifier", "wallet", "ca", "logs"}
    for database in ("issuer/issuer.sqlite", "verifier/verifier.sqlite", "wallet/wallet.sqlite"):
        assert (data_dir / database).stat().st_size > 0
    assert sorted(p.name for p in (data_dir / "logs").iterdir()) == [
        "issuer.log",
        "verifier.log",
        "wallet.log",
    ]


def accounts(demo: RunningDemo) -> list[str]:
    return [line for line in demo.output.splitlines() if line.startswith("    demo-")]


def test_demo_runs_until_ctrl_c_and_a_second_start_reuses_the_data(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    first = start_demo(data_dir)
    try:
        check_first_start(first, data_dir)
        children = first.children()
        assert len(children) == 3
        assert all(alive(pid) for pid in children)
        assert first.interrupt() == 0  # Ctrl-C
    finally:
        first.kill()
    assert first.output.endswith("Gestopt. / Stopped.\n")
    assert not any(alive(pid) for pid in children)
    assert not any(answers(port) for port in first.ports)

    keys = sorted(p.name for p in (data_dir / "issuer" / "keys").iterdir())
    ca = (data_dir / "ca" / "ca.pem").read_bytes()
    wallet_database = (data_dir / "wallet" / "wallet.sqlite").stat().st_ino
    second = start_demo(data_dir)
    try:
        assert accounts(second) == accounts(first)  # the same accounts and passwords
        assert sorted(p.name for p in (data_dir / "issuer" / "keys").iterdir()) == keys
        assert (data_dir / "ca" / "ca.pem").read_bytes() == ca
        assert (data_dir / "wallet" / "wallet.sqlite").stat().st_ino == wallet_database
        issuer, *others = second.children()
        os.killpg(issuer, signal.SIGKILL)  # a part that stops by itself stops the demo
        assert second.wait() == 1
    finally:
        second.kill()
    assert not any(alive(pid) for pid in others)
    assert "'issuer' stopped (code -9); stopping the demo." in second.output
