"""``regie demo``: the whole story on one machine, each part on its own origin.

The issuer, the verifier and the wallet provider (with the wallet app) run as ``regie serve``
processes, each on its own port with its own SQLite database, all under one data directory
(``--data-dir``, else ``$REGIE_DATA_DIR``, else ``./data``), wired to each other by
:func:`regie.services.wiring`. Each service migrates and seeds its own database when it starts
(the register's test persons, the relying parties and their certificates from the demo CA);
the demo adds the test accounts: a back-office account at the municipality
(``issuer/demo-staff.txt``) and one officer per relying party (``verifier/demo-officers.txt``,
made by the verifier with ``VERIFIER_DEMO_OFFICERS``). Logs go to ``DATA_DIR/logs``.

Once every part answers, the start screen says where each part is, the test accounts, and where
to begin. Ctrl-C (or SIGTERM) stops every part; if one stops by itself, the demo stops the
others and fails. A second start reuses the data; ``--reset`` deletes the data directory first,
and only one that holds nothing but Regie's folders. ``--lan`` serves it all over HTTPS on the
machine's address in the local network, for a phone (:mod:`regie.lan`).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import secrets
import shutil
import signal
import ssl
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import Any, Final

from issuer.login.testpersons import listed_persons
from issuer.register.seeded import SeededRegister
from issuer.settings import IssuerSettings
from regie import issuer_commands, lan, processes, services, serving, verifier_commands
from regie.data_dir import data_dir_from_environment
from regie.pki import load_or_create_private_file, read_private_file
from verifier.db.tables import RelyingParty
from verifier.settings import VerifierSettings

__all__ = [
    "DATA_ENTRIES",
    "POLL_SECONDS",
    "Accounts",
    "Demo",
    "add_parser",
    "looks_like_data_dir",
    "reset",
    "run",
    "start_screen",
]

POLL_SECONDS: Final = 0.5
DATA_ENTRIES: Final = frozenset({"issuer", "verifier", "wallet", "ca", lan.LAN_DIR, "logs"})
"""What a Regie data directory holds; ``--reset`` deletes no directory with anything else."""
STAFF_FILE: Final = "demo-staff.txt"
OFFICERS_FILE: Final = "demo-officers.txt"
"""The verifier's own file (``verifier.demo_officers.FILE``)."""
ACCOUNTS_HEADER: Final = "TESTACCOUNTS, alleen voor de demo / TEST ACCOUNTS, demo only"
STAFF_USERNAME: Final = "demo-medewerker"
PERSONS_SHOWN: Final = 3
EXIT_REFUSED: Final = 2

_HELP = """\
Start the issuer, the verifier and the wallet provider with the wallet app, each on its own
port and with its own database under one data directory, and show where to begin. Ctrl-C
stops everything; a second start reuses the data.

  --reset  delete the data directory first (only one that holds nothing but Regie's folders)
  --lan    everything over HTTPS on this machine's address in the local network, with
           certificates from a local CA of its own (DATA_DIR/lan/lan-ca.pem): a QR code
           opens the wallet on a phone on the same Wi-Fi"""


def add_parser(commands: Any) -> None:
    """Add ``demo`` to the ``regie`` subcommands."""
    demo = commands.add_parser(
        "demo",
        help="run every part of Regie on this machine and show where to begin",
        description=_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    demo.add_argument(
        "--data-dir", type=Path, help="data directory (default: $REGIE_DATA_DIR or ./data)"
    )
    demo.add_argument("--reset", action="store_true", help="start clean: delete the data first")
    demo.add_argument("--lan", action="store_true", help="HTTPS on the local network, for a phone")
    demo.add_argument(
        "--host", help="with --lan: this machine's address (default: that of the default route)"
    )
    demo.add_argument(
        "--ports",
        type=_ports,
        default=tuple(service.port for service in services.SERVICES),
        help="ports of issuer, verifier and wallet (default: 8001,8002,8003)",
    )


def _ports(value: str) -> tuple[int, ...]:
    try:
        ports = tuple(int(port) for port in value.split(","))
    except ValueError:
        ports = ()
    if len(ports) != len(services.SERVICES) or not all(0 < port < 65536 for port in ports):  # noqa: PLR2004
        raise argparse.ArgumentTypeError("three ports, e.g. 8001,8002,8003")
    return ports


def _error(nl: str, en: str) -> int:
    print(f"regie: {nl}\nregie: {en}", file=sys.stderr)
    return EXIT_REFUSED


# --- the data directory ------------------------------------------------------------------------


def looks_like_data_dir(path: Path) -> bool:
    """Whether ``path`` is a directory that holds Regie's folders and nothing else."""
    return (
        path.is_dir() and not path.is_symlink() and {p.name for p in path.iterdir()} <= DATA_ENTRIES
    )


def reset(data_dir: Path) -> int:
    """Delete ``data_dir`` after saying so; refuse (exit code 2) one that is not Regie's."""
    if not data_dir.exists():
        return 0
    if not looks_like_data_dir(data_dir):
        others = sorted(p.name for p in data_dir.iterdir()) if data_dir.is_dir() else []
        shown = ", ".join(name for name in others if name not in DATA_ENTRIES)
        return _error(
            f"{data_dir} lijkt geen datamap van Regie ({shown or 'geen map'}); niets verwijderd.",
            f"{data_dir} does not look like a Regie data directory ({shown or 'not a folder'}); "
            "nothing deleted.",
        )
    entries = ", ".join(sorted(p.name for p in data_dir.iterdir())) or "-"
    print(
        f"Verwijderen / deleting: {data_dir.resolve()} ({entries})\n"
        "  databases, sleutels, certificaten en testaccounts van de demo / "
        "the demo's databases, keys, certificates and test accounts"
    )
    shutil.rmtree(data_dir)
    return 0


# --- the world ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Demo:
    """Where every part runs and keeps its data."""

    data_dir: Path
    host: str
    ports: Mapping[str, int]
    tls: lan.LanCertificates | None = None

    @property
    def scheme(self) -> str:
        return "https" if self.tls else "http"

    def url(self, name: str) -> str:
        return f"{self.scheme}://{self.host}:{self.ports[name]}"

    def urls(self) -> dict[str, str]:
        return {service.name: self.url(service.name) for service in services.SERVICES}

    def env(self, name: str) -> dict[str, str]:
        """The environment of one part: this one's, with its wiring on top."""
        extra = {"VERIFIER_DEMO_OFFICERS": "false" if self.tls else "true"}
        if self.tls:  # the parts call each other over https: trust the LAN CA too
            extra["SSL_CERT_FILE"] = str(self.tls.trust)
        wired = services.wiring(self.urls(), self.data_dir)[name]
        return {**os.environ, **extra, **wired}

    def options(self) -> list[str]:
        options = ["--host", self.host]
        if self.tls:
            options += ["--tls-cert", str(self.tls.certificate), "--tls-key", str(self.tls.key)]
        return options

    def verify(self) -> ssl.SSLContext | bool:
        return ssl.create_default_context(cafile=self.tls.ca) if self.tls else True


def _plan(args: argparse.Namespace, data_dir: Path) -> Demo:
    ports = dict(zip((s.name for s in services.SERVICES), args.ports, strict=True))
    if not args.lan:
        return Demo(data_dir, serving.LOCALHOST, ports)
    host = lan.check_host(args.host) if args.host else lan.detect_host()
    return Demo(data_dir, host, ports, lan.lan_certificates(data_dir, host, now=datetime.now(UTC)))


def _busy(demo: Demo) -> str | None:
    """The first port already in use on the demo's host, as ``host:port``."""
    for port in demo.ports.values():
        try:
            serving.listening_socket(demo.host, port).close()
        except OSError:
            return f"{demo.host}:{port}"
    return None


# --- test accounts -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Accounts:
    """The test accounts the start screen lists."""

    persons: Sequence[tuple[str, str, str, str]]
    """(name, BSN, Dutch note, English note) of the register's first test persons."""
    staff: Mapping[str, str] = field(default_factory=dict)
    officers: Mapping[str, str] = field(default_factory=dict)


def _accounts_file(names: Sequence[str]) -> bytes:
    accounts = {name: secrets.token_urlsafe(12) for name in names}
    return (ACCOUNTS_HEADER + "\n" + json.dumps(accounts, indent=2) + "\n").encode()


def _read_accounts(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    raw = read_private_file(path)
    accounts: dict[str, str] = json.loads(raw.decode().split("\n", 1)[1])
    return accounts


def _seed_staff(demo: Demo) -> None:
    """The municipality's back-office test account (an admin), made while the issuer starts
    (migrations take turns), as ``regie staff add`` makes one."""
    path = demo.data_dir / "issuer" / STAFF_FILE
    load_or_create_private_file(path, lambda: _accounts_file([STAFF_USERNAME]))
    [(username, password)] = _read_accounts(path).items()
    settings = IssuerSettings(data_dir=demo.data_dir / "issuer")
    asyncio.run(issuer_commands._add(settings, username, password, admin=True))


def _seed_officers(demo: Demo) -> None:
    """With ``--lan`` the verifier will not make test officers for an https URL (it guards
    production), so the demo makes them, as ``regie verifier officer add`` does, once the
    verifier has seeded its relying parties."""
    asyncio.run(_make_officers(VerifierSettings(data_dir=demo.data_dir / "verifier")))


async def _make_officers(settings: VerifierSettings) -> None:
    await verifier_commands._database(settings)
    parties = sorted(row["slug"] for row in await RelyingParty.select(RelyingParty.slug))
    path = settings.data_dir / OFFICERS_FILE
    load_or_create_private_file(path, lambda: _accounts_file([f"demo-{s}" for s in parties]))
    for username, password in _read_accounts(path).items():
        party = username.removeprefix("demo-")
        if party in parties:  # an account already there stays as it is
            await verifier_commands._add(settings, username, password, party)


def _persons() -> list[tuple[str, str, str, str]]:
    listed = listed_persons(SeededRegister.load().all_persons())[:PERSONS_SHOWN]
    return [(p.name, p.bsn, _short(p.note_nl), _short(p.note_en)) for p in listed]


def _short(note: str) -> str:
    """A test person's note up to its first ``;`` (the screen stays short)."""
    return note.split(";", 1)[0]


def _accounts(demo: Demo) -> Accounts:
    return Accounts(
        persons=_persons(),
        staff=_read_accounts(demo.data_dir / "issuer" / STAFF_FILE),
        officers=_read_accounts(demo.data_dir / "verifier" / OFFICERS_FILE),
    )


# --- the start screen --------------------------------------------------------------------------


def start_screen(
    urls: Mapping[str, str], accounts: Accounts, data_dir: Path, phone: str = ""
) -> str:
    """What ``regie demo`` shows once every part answers: where each part is, the test
    accounts, and where to begin, in Dutch and English; ``phone``: how to open it on a phone
    (``--lan``)."""
    lines = ["", "Regie — regie op eigen gegevens (demo)"]
    for service in services.SERVICES:
        lines.append(f"\n  {service.title}")
        lines += [f"    {urls[service.name]}{path}  {nl} / {en}" for path, nl, en in service.pages]
    lines += ["", "Testaccounts (alleen voor de demo / demo only)"]
    lines.append("  Inwoners via de testlogin (geen echte DigiD) / residents via the test login:")
    lines += [f"    {name}, BSN {bsn}: {nl} / {en}" for name, bsn, nl, en in accounts.persons]
    if accounts.staff:
        lines.append(f"  Backoffice gemeente / municipality back office ({urls['issuer']}/admin/):")
        lines += [f"    {user}  {password}" for user, password in accounts.staff.items()]
    if accounts.officers:
        lines.append(f"  Backoffice verifier / verifier back office ({urls['verifier']}/admin/):")
        lines += [f"    {user}  {password}" for user, password in accounts.officers.items()]
    wallet, issuer = f"{urls['wallet']}/", f"{urls['issuer']}/"
    lines += [
        "",
        f"Begin hier: open de wallet op {wallet} en ga dan naar de gemeente op {issuer}",
        f"Start here: open the wallet at {wallet} then go to the municipality at {issuer}",
        "",
        f"Gegevens / data: {data_dir.resolve()}  (opnieuw beginnen / start clean: --reset)",
        phone,
        "Stoppen / stop: Ctrl-C",
    ]
    return "\n".join(lines) + "\n"


def _phone(demo: Demo) -> str:
    if demo.tls is None:
        return ""
    wallet = f"{demo.url('wallet')}/"
    return (
        "Op je telefoon (zelfde wifi) / on your phone (same Wi-Fi):\n"
        f"{lan.phone_instructions(demo.tls.ca)}\n"
        f"Scan dan deze code / then scan this code: {wallet}\n"
        f"{lan.terminal_qr(wallet, tty=sys.stdout.isatty())}"
    )


# --- running -----------------------------------------------------------------------------------


def _interrupt(_signal: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@contextlib.contextmanager
def _servers(demo: Demo) -> Iterator[list[processes.Server]]:
    """Every part started (not yet answering); all stopped on exit. They start together: the
    demo CA is made under a lock by whichever comes first, migrations take turns."""
    started: list[processes.Server] = []
    logs = demo.data_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    try:
        for service in services.SERVICES:
            started.append(
                processes.start(
                    service.name,
                    demo.env(service.name),
                    port=demo.ports[service.name],
                    log_path=logs / f"{service.name}.log",
                    options=demo.options(),
                    url=demo.url(service.name),
                    verify=demo.verify(),
                )
            )
        yield started
    finally:
        for number in (signal.SIGINT, signal.SIGTERM):  # a second Ctrl-C leaves none running
            signal.signal(number, signal.SIG_IGN)
        for server in started:
            processes.stop(server)


def _watch(started: Sequence[processes.Server]) -> int:
    """Until Ctrl-C (0) or until a part stops by itself (1)."""
    try:
        while all(server.process.poll() is None for server in started):
            time.sleep(POLL_SECONDS)
    except KeyboardInterrupt:
        print("\nGestopt. / Stopped.", flush=True)
        return 0
    for server in started:
        if (code := server.process.poll()) is not None:
            print(
                f"regie: '{server.service}' is gestopt (code {code}); de demo stopt.\n"
                f"regie: '{server.service}' stopped (code {code}); stopping the demo.\n"
                f"{server.log_tail()}",
                file=sys.stderr,
            )
    return 1


def _prepare(args: argparse.Namespace) -> Demo | int:
    """The demo to run, or the exit code of a refusal (already said)."""
    data_dir: Path = args.data_dir or data_dir_from_environment() or Path("data")
    if args.host and not args.lan:
        return _error("--host hoort bij --lan.", "--host goes with --lan.")
    if args.reset and (code := reset(data_dir)):
        return code
    if data_dir.exists() and not looks_like_data_dir(data_dir):
        return _error(
            f"{data_dir} lijkt geen datamap van Regie; kies een andere met --data-dir.",
            f"{data_dir} does not look like a Regie data directory; choose another with "
            "--data-dir.",
        )
    try:
        demo = _plan(args, data_dir)
    except lan.NotALanAddress as exc:
        return _error(exc.nl, exc.en)
    if (busy := _busy(demo)) is not None:
        return _error(
            f"{busy} is al in gebruik (draait de demo al?); kies andere poorten met --ports.",
            f"{busy} is already in use (is the demo running?); choose other ports with --ports.",
        )
    return demo


def run(args: argparse.Namespace) -> int:
    """``regie demo``: start every part, show the start screen, run until Ctrl-C."""
    demo = _prepare(args)
    if isinstance(demo, int):
        return demo
    stops = (signal.SIGINT, signal.SIGTERM)  # SIGINT also when started with it ignored
    previous = {number: signal.signal(number, _interrupt) for number in stops}
    print(f"Regie start... / starting... (logs: {(demo.data_dir / 'logs').resolve()})", flush=True)
    try:
        return _run(demo)
    except KeyboardInterrupt:
        print("\nGestopt. / Stopped.", flush=True)
        return 0
    except processes.ServerDidNotStart as exc:
        return _error("een onderdeel startte niet:", f"a part did not start: {exc}")
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _run(demo: Demo) -> int:
    with _servers(demo) as started:
        _seed_staff(demo)  # while the parts start
        for service, server in zip(services.SERVICES, started, strict=True):
            processes.wait_ready(server, service.ready_path)
        if demo.tls:
            _seed_officers(demo)
        screen = start_screen(demo.urls(), _accounts(demo), demo.data_dir, _phone(demo))
        print(screen, flush=True)
        return _watch(started)
