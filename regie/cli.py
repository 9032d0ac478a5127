"""The ``regie`` command: ``demo``, ``serve``, ``migrate`` and ``keys``.

Every message for the user is in plain Dutch, then English. Exit codes: 0 when the command did
what it says, 2 when it cannot (a service or feature that is not built yet, or a usage error).
"""

import argparse
import importlib.metadata
import sys
from collections.abc import Sequence

from regie import services, serving
from regie.demo import run_demo

__all__ = ["EXIT_OK", "EXIT_UNAVAILABLE", "main"]

EXIT_OK = 0
EXIT_UNAVAILABLE = 2

_DESCRIPTION = """\
Regie: regie op eigen gegevens. Een wallet voor gegevens die de gemeente heeft gecontroleerd.
Regie: a wallet for personal data validated by the municipality."""

_EPILOG = """\
exit codes:
  0  done; `migrate` also when there is nothing to migrate yet
  2  not possible yet (a part that is not built: `serve`, `keys`) or wrong usage"""

_SERVE_HELP = """\
Start one service on 127.0.0.1. A service that is not built yet is refused with exit code 2
({issues})."""

_MIGRATE_HELP = """\
Bring the databases of the built services up to date. While no service keeps a database there
is nothing to migrate: the command says so and succeeds (exit code 0)."""

_KEYS_HELP = """\
Manage the issuer's signing keys. Keys arrive with the issuer (issue 3); until then this command
says so and exits with code 2."""


def _error(nl: str, en: str) -> int:
    print(f"regie: {nl}\nregie: {en}", file=sys.stderr)
    return EXIT_UNAVAILABLE


def _serve(name: str, port: int | None) -> int:
    service = next(service for service in services.SERVICES if service.name == name)
    built = services.load(service)
    if built is None:
        return _error(
            f"'{name}' is nog niet gebouwd; het komt met issue {service.issue}.",
            f"'{name}' is not built yet; it arrives with issue {service.issue}.",
        )
    port = service.port if port is None else port
    app = built.create_app()
    print(f"{service.title}: http://{serving.LOCALHOST}:{port}")
    try:
        serving.run(app, host=serving.LOCALHOST, port=port)
    except serving.ServerMissingError as exc:
        print(f"regie: {exc}", file=sys.stderr)
        return EXIT_UNAVAILABLE
    return EXIT_OK


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


def _keys() -> int:
    return _error(
        "sleutels komen met de uitgever (issue 3); er is nog niets te beheren.",
        "keys arrive with the issuer (issue 3); there is nothing to manage yet.",
    )


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
    commands.add_parser(
        "demo",
        help="show the start screen and run every built service",
        description="Show each part of Regie, and run the parts that are built until Ctrl-C.",
    )
    issues = ", ".join(f"{service.name}: issue {service.issue}" for service in services.SERVICES)
    serve = commands.add_parser(
        "serve", help="start one service", description=_SERVE_HELP.format(issues=issues)
    )
    serve.add_argument("service", choices=[service.name for service in services.SERVICES])
    serve.add_argument("--port", type=int, help="port on 127.0.0.1 (default: the service's own)")
    commands.add_parser("migrate", help="update the services' databases", description=_MIGRATE_HELP)
    commands.add_parser("keys", help="manage the issuer's signing keys", description=_KEYS_HELP)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``regie`` command with ``argv`` (default: the process arguments); return its code."""
    args = build_parser().parse_args(argv)
    command: str = args.command
    if command == "demo":
        return run_demo()
    if command == "serve":
        return _serve(args.service, args.port)
    if command == "migrate":
        return _migrate()
    return _keys()
