"""Fixtures: a migrated verifier database and the verifier app alone
(:mod:`tests.verifier.cases.database`)."""

from tests.verifier.cases.database import standalone_verifier, verifier_db

__all__ = ["standalone_verifier", "verifier_db"]
