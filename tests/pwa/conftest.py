"""Fixtures for the wallet's cross-language tests: the issuer and verifier apps of
``tests/issuer`` and ``tests/verifier``, unchanged."""

from __future__ import annotations

from tests.issuer.conftest import (  # noqa: F401
    holder,
    issuer_app,
    issuer_client,
    issuer_database_url,
    issuer_settings,
    issuer_state,
    offers,
    postgres_database,
    postgres_url,
)
from tests.verifier.conftest import (  # noqa: F401
    verifier_client,
    verifier_database_url,
    verifier_settings,
    verifier_state,
)
