"""``regie verifier officer add|list``: the relying parties' back-office accounts.

An officer works for one relying party (``--relying-party SLUG``) and sees only its cases.
The commands use the verifier's settings (``VERIFIER_*``); ``--data-dir DATA_DIR`` points them
at ``DATA_DIR/verifier``. The relying parties are written when the verifier first starts.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any

from regie.accounts import create_account, password_weakness, read_password
from regie.data_dir import data_dir_from_environment
from regie.db.engine import bind, engine_from_url
from verifier.db.migrate import migrate
from verifier.db.tables import TABLES, Officer, OfficerRelyingParty, RelyingParty
from verifier.settings import VerifierSettings

__all__ = ["add_parsers", "run"]

EXIT_OK = 0
EXIT_REFUSED = 2
MIN_PASSWORD_LENGTH = Officer._min_password_length

_HELP = f"""\
Tasks of the verifier.

  officer add USERNAME --relying-party SLUG
                 make an officer's account for one relying party; asks for the password twice
                 (or reads one line from stdin with --password-stdin); at least
                 {MIN_PASSWORD_LENGTH} characters
  officer list   the officers and their relying parties (never a password)

Exit codes: 0 done; 2 refused (weak password, passwords differ, username taken, unknown
relying party)."""


def _error(nl: str, en: str) -> int:
    print(f"regie: {nl}\nregie: {en}", file=sys.stderr)
    return EXIT_REFUSED


def _settings(data_dir: Path | None) -> VerifierSettings:
    """The verifier's settings; ``--data-dir`` (else ``$REGIE_DATA_DIR``) names a DATA_DIR laid out
    as ``regie demo`` lays it out, the verifier's being ``DATA_DIR/verifier``."""
    data_dir = data_dir or data_dir_from_environment()
    if data_dir is None:
        return VerifierSettings()
    return VerifierSettings(data_dir=data_dir / "verifier")


async def _database(settings: VerifierSettings) -> None:
    engine = engine_from_url(settings.resolved_database_url())
    bind(engine, TABLES)
    await migrate(engine)


async def _add(settings: VerifierSettings, username: str, password: str, party: str) -> str | None:
    """``None`` when done, else what went wrong: ``party`` or ``taken``."""
    await _database(settings)
    row = await RelyingParty.select(RelyingParty.id).where(RelyingParty.slug == party).first()
    if row is None:
        return "party"
    officer = await create_account(
        Officer, username, password, superuser=False, email_domain="officer.invalid"
    )
    if officer is None:
        return "taken"
    await OfficerRelyingParty(officer=officer.id, relying_party=row["id"]).save()
    return None


def officer_add(data_dir: Path | None, username: str, party: str, *, password_stdin: bool) -> int:
    """``regie verifier officer add``."""
    password = read_password(from_stdin=password_stdin)
    if password is None:
        return _error("de wachtwoorden zijn niet gelijk.", "the passwords do not match.")
    if (weakness := password_weakness(Officer, password)) is not None:
        return _error(
            f"dit wachtwoord is te zwak: gebruik minstens {MIN_PASSWORD_LENGTH} tekens.",
            f"this password is too weak: use at least {MIN_PASSWORD_LENGTH} characters "
            f"({weakness})",
        )
    problem = asyncio.run(_add(_settings(data_dir), username, password, party))
    if problem == "party":
        return _error(
            f"onbekende organisatie '{party}'; start de verifier eerst (regie serve verifier).",
            f"unknown relying party '{party}'; start the verifier first (regie serve verifier).",
        )
    if problem == "taken":
        return _error(
            f"er is al een account '{username}'.", f"an account '{username}' already exists."
        )
    print(f"Account gemaakt / account created: {username} ({party})")
    return EXIT_OK


async def _list(settings: VerifierSettings) -> list[dict[str, Any]]:
    await _database(settings)
    rows: list[dict[str, Any]] = await OfficerRelyingParty.select(
        OfficerRelyingParty.officer._.username.as_alias("username"),
        OfficerRelyingParty.relying_party._.slug.as_alias("party"),
    ).order_by(OfficerRelyingParty.officer._.username)
    return rows


def officer_list(data_dir: Path | None) -> int:
    """``regie verifier officer list``."""
    rows = asyncio.run(_list(_settings(data_dir)))
    if not rows:
        print(
            "Nog geen accounts; maak er een met `regie verifier officer add`.\n"
            "No accounts yet; make one with `regie verifier officer add`."
        )
        return EXIT_OK
    print(f"{'username':<24}  relying party")
    for row in rows:
        print(f"{row['username']:<24}  {row['party']}")
    return EXIT_OK


def add_parsers(commands: Any, where: argparse.ArgumentParser) -> None:
    """Add ``verifier`` to the ``regie`` subcommands; ``where`` adds ``--data-dir``."""
    verifier = commands.add_parser(
        "verifier",
        help="tasks of the verifier: officer add, officer list",
        description=_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    tasks = verifier.add_subparsers(dest="action", required=True, metavar="action")
    officer = tasks.add_parser("officer", help="the officers' back-office accounts")
    actions = officer.add_subparsers(dest="officer_action", required=True, metavar="action")
    add = actions.add_parser("add", parents=[where], help="make an officer's account")
    add.add_argument("username")
    add.add_argument("--relying-party", required=True, help="the relying party's slug")
    add.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    actions.add_parser("list", parents=[where], help="list the officers")


def run(args: argparse.Namespace) -> int:
    """Run a ``verifier`` subcommand."""
    if args.officer_action == "add":
        return officer_add(
            args.data_dir, args.username, args.relying_party, password_stdin=args.password_stdin
        )
    return officer_list(args.data_dir)
