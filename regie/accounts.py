"""Back-office accounts on the command line, for every service's piccolo user table."""

from __future__ import annotations

import getpass
import sys

from piccolo.apps.user.tables import BaseUser

__all__ = ["create_account", "password_weakness", "read_password"]


def read_password(*, from_stdin: bool) -> str | None:
    """One line from stdin, or asked twice at the terminal (``None`` when the two differ)."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Wachtwoord / password: ")
    second = getpass.getpass("Nog een keer / again: ")
    return first if first == second else None


def password_weakness(table: type[BaseUser], password: str) -> str | None:
    """Why ``table`` would refuse ``password`` (too short, ...), or ``None``."""
    try:
        table._validate_password(password)
    except ValueError as exc:
        return str(exc)
    return None


async def create_account(
    table: type[BaseUser], username: str, password: str, *, superuser: bool, email_domain: str
) -> BaseUser | None:
    """A new active back-office account, or ``None`` when the username is taken."""
    if await table.exists().where(table.username == username):
        return None
    return await table.create_user(  # ``email`` is unique in piccolo's table: a placeholder
        username=username,
        password=password,
        email=f"{username}@{email_domain}",
        admin=True,
        superuser=superuser,
        active=True,
    )
