"""A service module that exists but fails to import: a real bug, never "not built yet"."""

import importlib

importlib.import_module("regie_tests_dependency_that_does_not_exist")


def create_app() -> object:  # pragma: no cover - never reached
    return object()
