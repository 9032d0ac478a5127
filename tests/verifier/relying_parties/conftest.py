"""Fixtures: a migrated verifier database (:mod:`tests.verifier.cases.database`)."""

from tests.verifier.cases.database import verifier_db

__all__ = ["verifier_db"]
