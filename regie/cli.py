"""The ``regie`` command: ``demo``, ``serve``, ``migrate``, ``keys``, ``staff``, ``issuer``
and ``verifier``.

Every message for the user is in plain Dutch, then English. Exit codes: 0 when the command did
what it says, 2 when it cannot (a service that is not built yet, an unusable key file, or a usage
error).
"""

import argparse
import importlib.metadata
import sys
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pydantic import ValidationError

from issuer.keys import KeyStore, load_private_key, read_index
from issuer.settings import IssuerSettings
from regie import demo, issuer_commands, services, serving, verifier_commands
from regie.data_dir import data_dir_from_environment
from regie.pki import DemoCA, KeyFileError

__all__ = ["EXIT_OK", "EXIT_UNAVAILABLE", "main"]

EXIT_OK = 0
EXIT_UNAVAILABLE = 2

_DESCRIPTION = """\
Regie: regie op eigen gegevens. Een wallet voor gegevens die de gemeente heeft gecontroleerd.
Regie: a wallet for personal data validated by the municipality."""

_EPILOG = """\
exit codes:
  0  done; `migrate` also when there is nothing to migrate yet
  2  not possible (a part that is not built yet: `serve`; an unsafe or damaged key file:
     `keys`; a weak password, a taken username or an unknown relying party: `staff add`,
     `verifier officer add`; the register unavailable: `issuer check-register`) or wrong usage"""

_SERVE_HELP = """\
Start one service (on 127.0.0.1 unless --host says otherwise), in one process or --workers
processes sharing the port. A service that is not built yet is refused with exit code 2
({issues})."""

_MIGRATE_HELP = """\
Bring the databases of the built services up to date. While no service keeps a database there
is nothing to migrate: the command says so and succeeds (exit code 0)."""

_KEYS_HELP = """\
Manage the issuer's signing keys and the demo certificate authority.

  show    list the keys: kid, created, status (active or retired) and until when a retired key
          stays published; never any private material
  rotate  make a new signing key; the old one stays in the JWKS until every credential it
          signed has expired (--max-lifetime-days after now)
  ca      where the demo CA's certificate is, and its SHA-256 fingerprint (made if absent)

The keys and the CA are where the issuer finds them, from its settings: keys in
$ISSUER_KEY_DIR, else $ISSUER_DATA_DIR/keys (file mode 600); the demo CA in $ISSUER_CA_DIR,
else next to the issuer's data directory. The issuer's data directory is DATA_DIR/issuer when
--data-dir or $REGIE_DATA_DIR gives a DATA_DIR (as `regie demo` lays it out), else
$ISSUER_DATA_DIR, else ./data/issuer. The issuer makes its first key when it first starts.
A key file that others can read is refused with exit code 2."""


def _error(nl: str, en: str) -> int:
    print(f"regie: {nl}\nregie: {en}", file=sys.stderr)
    return EXIT_UNAVAILABLE


def _serve(
    name: str,
    host: str,
    port: int | None,
    workers: int,
    tls: tuple[Path, Path] | None = None,
    *,
    access_log: bool = False,
) -> int:
    service = next(service for service in services.SERVICES if service.name == name)
    if services.load(service) is None:
        return _error(
            f"'{name}' is nog niet gebouwd; het komt met issue {service.issue}.",
            f"'{name}' is not built yet; it arrives with issue {service.issue}.",
        )
    if workers < 1:
        return _error("--workers moet 1 of meer zijn.", "--workers must be 1 or more.")
    port = service.port if port is None else port
    scheme = "https" if tls else "http"
    print(f"{service.title}: {scheme}://{host}:{port}")
    factory = f"{service.module}:create_app"
    certfile, keyfile = tls or (None, None)
    serving.run(
        factory,
        host=host,
        port=port,
        workers=workers,
        certfile=certfile,
        keyfile=keyfile,
        access_log=access_log,
    )
    return EXIT_OK


def _serve_command(args: argparse.Namespace) -> int:
    if (args.tls_cert is None) != (args.tls_key is None):
        return _error(
            "--tls-cert en --tls-key horen bij elkaar: geef ze allebei.",
            "--tls-cert and --tls-key go together: give both.",
        )
    tls = (args.tls_cert, args.tls_key) if args.tls_cert else None
    return _serve(args.service, args.host, args.port, args.workers, tls, access_log=args.access_log)


def _migrate() -> int:
    migrated = 0
    for service in services.SERVICES:
        built = services.load(service)
        if built is not None and built.migrate is not None:
            print(f"{service.name}: migreren / migrating")
            built.migrate()
            migrated += 1
    if not migrated:
        print(
            "Niets te migreren: nog geen enkele dienst heeft een database.\n"
            "Nothing to migrate: no service keeps a database yet."
        )
    return EXIT_OK


def _now() -> datetime:
    return datetime.now(UTC)


def _when(moment: datetime | None) -> str:
    return "-" if moment is None else f"{moment.astimezone(UTC):%Y-%m-%d %H:%M} UTC"


def _keys_show(key_dir: Path, now: datetime) -> int:
    index = read_index(key_dir)
    if index is None:
        print(
            f"Nog geen sleutels in {key_dir}: de uitgever maakt de eerste als hij start.\n"
            f"No keys in {key_dir} yet: the issuer makes the first when it first starts."
        )
        return EXIT_OK
    for record in index.keys:  # each key file present, private, and the key it claims to be
        load_private_key(key_dir, record.kid)
    print(f"Sleutels / keys: {key_dir}\nUitgever / issuer: {index.issuer_id}")
    print(f"{'kid':<43}  {'aangemaakt / created':<20}  {'status':<22}  gepubliceerd tot / until")
    for record in index.keys:
        if record.retired_at is None:
            status = "actief / active"
        elif record.published(now):
            status = "uitgefaseerd / retired"
        else:
            status = "verlopen / expired"
        print(
            f"{record.kid:<43}  {_when(record.created_at):<20}  {status:<22}  "
            f"{_when(record.retire_after)}"
        )
    return EXIT_OK


def _keys_rotate(settings: IssuerSettings, now: datetime, max_lifetime_days: int | None) -> int:
    key_dir = settings.resolved_key_dir()
    index = read_index(key_dir)
    if index is None:
        return _error(
            f"nog geen sleutels in {key_dir}; start eerst de uitgever (regie serve issuer).",
            f"no keys in {key_dir} yet; start the issuer first (regie serve issuer).",
        )
    store = KeyStore(
        key_dir,
        ca=DemoCA.load_or_create(settings.resolved_ca_dir(), now=now),
        issuer_id=index.issuer_id,
        subject_cn=index.subject_cn,
        now=now,
        max_lifetime=timedelta(days=max_lifetime_days or settings.credential_lifetime_days),
    )
    new = store.rotate(now)
    old = next(record for record in store.records if record.kid == index.active.kid)
    print(f"Nieuwe ondertekensleutel / new signing key: {new.kid}")
    print(
        f"De vorige ({old.kid}) blijft in de JWKS tot / "
        f"the previous one stays in the JWKS until: {_when(old.retire_after)}"
    )
    return EXIT_OK


def _keys_ca(ca_dir: Path, now: datetime) -> int:
    ca = DemoCA.load_or_create(ca_dir, now=now)
    print(f"Demo-CA (niet voor productie / not for production): {ca.certificate_path.resolve()}")
    print(f"SHA-256: {ca.fingerprint}")
    print(f"Geldig tot / valid until: {_when(ca.certificate.not_valid_after_utc)}")
    return EXIT_OK


def _issuer_settings(data_dir: Path | None) -> IssuerSettings:
    """The issuer's settings as ``regie serve issuer`` reads them (``ISSUER_*``), its data
    directory ``DATA_DIR/issuer`` when ``--data-dir`` or ``$REGIE_DATA_DIR`` names a DATA_DIR."""
    data_dir = data_dir or data_dir_from_environment()
    if data_dir is None:
        return IssuerSettings()
    return IssuerSettings(data_dir=data_dir / "issuer")


def _keys(action: str, data_dir: Path | None, max_lifetime_days: int | None) -> int:
    now = _now()
    try:
        settings = _issuer_settings(data_dir)
    except ValidationError as exc:
        fields = ", ".join(f"ISSUER_{'_'.join(map(str, e['loc'])).upper()}" for e in exc.errors())
        return _error(
            f"de instellingen van de uitgever kloppen niet: {fields}.",
            f"the issuer's settings are not valid: {fields}.",
        )
    try:
        if action == "ca":
            return _keys_ca(settings.resolved_ca_dir(), now)
        if action == "show":
            return _keys_show(settings.resolved_key_dir(), now)
        return _keys_rotate(settings, now, max_lifetime_days)
    except KeyFileError as exc:
        return _error(exc.nl, exc.en)
    except OSError as exc:
        return _error(
            f"kan {exc.filename} niet gebruiken: {exc.strerror}.",
            f"cannot use {exc.filename}: {exc.strerror}.",
        )


def _days(value: str) -> int:
    days = int(value)
    if days < 1:
        raise argparse.ArgumentTypeError("at least 1 day")
    return days


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with one subcommand per action."""
    parser = argparse.ArgumentParser(
        prog="regie",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version", action="version", version=f"regie {importlib.metadata.version('regie')}"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="command")
    demo.add_parser(commands)
    issues = ", ".join(f"{service.name}: issue {service.issue}" for service in services.SERVICES)
    serve = commands.add_parser(
        "serve", help="start one service", description=_SERVE_HELP.format(issues=issues)
    )
    serve.add_argument("service", choices=[service.name for service in services.SERVICES])
    serve.add_argument("--port", type=int, help="port (default: the service's own)")
    serve.add_argument(
        "--host",
        default=serving.LOCALHOST,
        help="address to listen on (default: 127.0.0.1; behind a load balancer, its side)",
    )
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        help="worker processes sharing the port (default: 1); every worker uses the same database",
    )
    serve.add_argument("--tls-cert", type=Path, help="serve HTTPS with this certificate (PEM)")
    serve.add_argument("--tls-key", type=Path, help="... and this private key (PEM)")
    serve.add_argument(
        "--access-log",
        action="store_true",
        help="a line per request on standard output (default: off; it shows query strings,"
        " which may carry one-time codes; access logging belongs to the reverse proxy)",
    )
    commands.add_parser("migrate", help="update the services' databases", description=_MIGRATE_HELP)
    keys = commands.add_parser(
        "keys",
        help="the issuer's signing keys and the demo CA: show, rotate, ca",
        description=_KEYS_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    where = argparse.ArgumentParser(add_help=False)
    where.add_argument(
        "--data-dir", type=Path, help="data directory (default: $REGIE_DATA_DIR or ./data)"
    )
    issuer_where = argparse.ArgumentParser(add_help=False)
    issuer_where.add_argument(
        "--data-dir",
        type=Path,
        help="data directory, the issuer's being DATA_DIR/issuer (default: $REGIE_DATA_DIR, "
        "else the issuer's settings: $ISSUER_DATA_DIR, $ISSUER_KEY_DIR, $ISSUER_CA_DIR)",
    )
    actions = keys.add_subparsers(dest="action", required=True, metavar="action")
    actions.add_parser(
        "show", parents=[issuer_where], help="list the keys (never private material)"
    )
    rotate = actions.add_parser("rotate", parents=[issuer_where], help="make a new signing key")
    rotate.add_argument(
        "--max-lifetime-days",
        type=_days,
        default=None,
        help="longest credential lifetime, so how long the old key stays published "
        "(default: the issuer's credential lifetime, $ISSUER_CREDENTIAL_LIFETIME_DAYS, "
        f"else {IssuerSettings.model_fields['credential_lifetime_days'].default})",
    )
    actions.add_parser(
        "ca", parents=[issuer_where], help="the demo CA certificate and its fingerprint"
    )
    issuer_commands.add_parsers(commands, where)
    verifier_commands.add_parsers(commands, where)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``regie`` command with ``argv`` (default: the process arguments); return its code."""
    args = build_parser().parse_args(argv)
    command: str = args.command
    if command == "demo":
        return demo.run(args)
    if command == "serve":
        return _serve_command(args)
    if command == "migrate":
        return _migrate()
    if command in {"staff", "issuer"}:
        return issuer_commands.run(args)
    if command == "verifier":
        return verifier_commands.run(args)
    return _keys(args.action, args.data_dir, getattr(args, "max_lifetime_days", None))
