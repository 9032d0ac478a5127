"""``regie staff`` and ``regie issuer``: the issuer's back-office accounts and register check.

Both work on the issuer's own settings (``ISSUER_*``, :class:`~issuer.settings.IssuerSettings`);
``--data-dir DATA_DIR`` points them at ``DATA_DIR/issuer``, as ``regie keys`` does. Both bring
the issuer's database up to date first.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from issuer.app import build_state
from issuer.db.migrate import migrate
from issuer.db.tables import TABLES, Staff
from issuer.housekeeping import Removed, remove_expired
from issuer.register_watch import Report, check_register
from issuer.settings import IssuerSettings
from regie.accounts import create_account, password_weakness, read_password
from regie.data_dir import data_dir_from_environment
from regie.db.engine import bind, engine_from_url

__all__ = ["add_parsers", "run"]

MIN_PASSWORD_LENGTH = Staff._min_password_length

_STAFF_HELP = f"""\
Back-office accounts of the issuer (piccolo-admin at /admin/).

  add USERNAME   make an account; asks for the password twice (or reads one line from stdin
                 with --password-stdin); at least {MIN_PASSWORD_LENGTH} characters.
                 --admin: may also manage other staff accounts (superuser)
  list           the accounts: username, admin, active, last login (never a password)

Exit codes: 0 done; 2 refused (weak password, passwords differ, username taken)."""

_ISSUER_HELP = """\
Tasks of the issuer.

  check-register  ask the register about everyone holding credentials, once: revoke what a
                  move, new name or death made stale and queue re-issue prompts. The running
                  issuer does this every ISSUER_REGISTER_CHECK_SECONDS (default 3600).
  housekeeping    delete nonces, access tokens and offers that expired more than
                  ISSUER_EXPIRED_ROWS_KEEP_HOURS (default 24) ago, once. The running issuer
                  does this every ISSUER_HOUSEKEEPING_SECONDS (default 3600; 0: never, then
                  run this command from cron instead).

Exit codes: 0 done; 2 the register could not be asked (nothing was changed)."""

EXIT_OK = 0
EXIT_REFUSED = 2


def _error(nl: str, en: str) -> int:
    print(f"regie: {nl}\nregie: {en}", file=sys.stderr)
    return EXIT_REFUSED


def _settings(data_dir: Path | None) -> IssuerSettings:
    """The issuer's settings; ``--data-dir`` (else ``$REGIE_DATA_DIR``) names a DATA_DIR laid out
    as ``regie demo`` lays it out, the issuer's being ``DATA_DIR/issuer``."""
    data_dir = data_dir or data_dir_from_environment()
    if data_dir is None:
        return IssuerSettings()
    return IssuerSettings(data_dir=data_dir / "issuer")


async def _database(settings: IssuerSettings) -> None:
    engine = engine_from_url(settings.resolved_database_url())
    bind(engine, TABLES)
    await migrate(engine)


async def _add(settings: IssuerSettings, username: str, password: str, *, admin: bool) -> bool:
    await _database(settings)
    created = await create_account(
        Staff, username, password, superuser=admin, email_domain="staff.invalid"
    )
    return created is not None


def staff_add(data_dir: Path | None, username: str, *, admin: bool, password_stdin: bool) -> int:
    """``regie staff add``."""
    password = read_password(from_stdin=password_stdin)
    if password is None:
        return _error("de wachtwoorden zijn niet gelijk.", "the passwords do not match.")
    if (weakness := password_weakness(Staff, password)) is not None:
        return _error(
            f"dit wachtwoord is te zwak: gebruik minstens {MIN_PASSWORD_LENGTH} tekens.",
            f"this password is too weak: use at least {MIN_PASSWORD_LENGTH} characters "
            f"({weakness})",
        )
    if not asyncio.run(_add(_settings(data_dir), username, password, admin=admin)):
        return _error(
            f"er is al een account '{username}'.", f"an account '{username}' already exists."
        )
    role = "beheerder / admin" if admin else "medewerker / staff"
    print(f"Account gemaakt / account created: {username} ({role})")
    return EXIT_OK


async def _list(settings: IssuerSettings) -> list[dict[str, Any]]:
    await _database(settings)
    rows: list[dict[str, Any]] = await Staff.select(
        Staff.username, Staff.superuser, Staff.active, Staff.last_login
    ).order_by(Staff.username)
    return rows


def staff_list(data_dir: Path | None) -> int:
    """``regie staff list``."""
    rows = asyncio.run(_list(_settings(data_dir)))
    if not rows:
        print(
            "Nog geen accounts; maak er een met `regie staff add`.\n"
            "No accounts yet; make one with `regie staff add`."
        )
        return EXIT_OK
    print(f"{'username':<24}  {'admin':<5}  {'active':<6}  last login")
    for row in rows:
        last = row["last_login"]
        when = "-" if last is None else f"{last.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
        admin = "ja" if row["superuser"] else "nee"
        active = "ja" if row["active"] else "nee"
        print(f"{row['username']:<24}  {admin:<5}  {active:<6}  {when}")
    return EXIT_OK


async def _check(settings: IssuerSettings, now: datetime) -> Report:
    await _database(settings)
    state = build_state(settings)
    try:
        return await check_register(state, now)
    finally:
        close = getattr(state.register, "aclose", None)
        if close is not None:
            await close()


def check_register_once(data_dir: Path | None) -> int:
    """``regie issuer check-register``."""
    report = asyncio.run(_check(_settings(data_dir), datetime.now(UTC)))
    if report.unavailable is not None:
        return _error(
            f"de BRP is nu niet bereikbaar ({report.unavailable}); er is niets veranderd.",
            f"the register is unavailable ({report.unavailable}); nothing was changed.",
        )
    print(
        f"Gevraagd / asked: {report.checked}; gewijzigd / changed: {report.changed}; "
        f"ingetrokken / revoked: {len(report.revoked)}; "
        f"herinneringen / re-issue prompts: {report.prompts}; "
        f"niet meer gevolgd / no longer followed: {report.unfollowed}"
    )
    return EXIT_OK


async def _housekeep(settings: IssuerSettings, now: datetime) -> Removed:
    await _database(settings)
    return await remove_expired(now, settings.expired_rows_keep)


def housekeeping_once(data_dir: Path | None) -> int:
    """``regie issuer housekeeping``."""
    removed = asyncio.run(_housekeep(_settings(data_dir), datetime.now(UTC)))
    print(
        f"Verwijderd / deleted: nonces {removed.nonce}; "
        f"toegangsbewijzen / access tokens {removed.access_token}; "
        f"aanbiedingen / offers {removed.credential_offer}"
    )
    return EXIT_OK


def add_parsers(commands: Any, where: argparse.ArgumentParser) -> None:
    """Add ``staff`` and ``issuer`` to the ``regie`` subcommands; ``where`` adds ``--data-dir``."""
    raw = argparse.RawDescriptionHelpFormatter
    staff = commands.add_parser(
        "staff",
        help="the issuer's back-office accounts: add, list",
        description=_STAFF_HELP,
        formatter_class=raw,
    )
    staff_actions = staff.add_subparsers(dest="action", required=True, metavar="action")
    add = staff_actions.add_parser("add", parents=[where], help="make a back-office account")
    add.add_argument("username")
    add.add_argument("--admin", action="store_true", help="may manage other staff accounts")
    add.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    staff_actions.add_parser("list", parents=[where], help="list the back-office accounts")
    issuer = commands.add_parser(
        "issuer",
        help="tasks of the issuer: check-register, housekeeping",
        description=_ISSUER_HELP,
        formatter_class=raw,
    )
    issuer_actions = issuer.add_subparsers(dest="action", required=True, metavar="action")
    issuer_actions.add_parser(
        "check-register", parents=[where], help="act on register changes once"
    )
    issuer_actions.add_parser(
        "housekeeping", parents=[where], help="delete expired nonces, tokens and offers once"
    )


def run(args: argparse.Namespace) -> int:
    """Run a ``staff`` or ``issuer`` subcommand."""
    actions: dict[tuple[str, str], Callable[[], int]] = {
        ("staff", "add"): lambda: staff_add(
            args.data_dir, args.username, admin=args.admin, password_stdin=args.password_stdin
        ),
        ("staff", "list"): lambda: staff_list(args.data_dir),
        ("issuer", "check-register"): lambda: check_register_once(args.data_dir),
        ("issuer", "housekeeping"): lambda: housekeeping_once(args.data_dir),
    }
    return actions[(args.command, args.action)]()
