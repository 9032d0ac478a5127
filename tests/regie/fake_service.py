"""A built service for the CLI tests: it has ``create_app`` and ``migrate``."""

APP = object()
MIGRATIONS: list[str] = []


def create_app() -> object:
    return APP


def migrate() -> None:
    MIGRATIONS.append("migrated")
