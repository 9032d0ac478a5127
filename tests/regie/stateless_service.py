"""A built service for the CLI tests without a database: ``create_app`` but no ``migrate``."""


def create_app() -> object:
    return object()
