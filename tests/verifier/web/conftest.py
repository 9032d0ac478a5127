"""Fixtures: the verifier app alone (:mod:`tests.verifier.cases.database`)."""

from tests.verifier.cases.database import standalone_verifier

__all__ = ["standalone_verifier"]
