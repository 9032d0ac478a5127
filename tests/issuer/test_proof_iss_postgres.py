"""Appendix F.1 ``iss`` on PostgreSQL: the issuer's migration adding ``access_token.client_id``
there, and the tokens that remember their client (``issuer_database_url`` as in
``test_production_mode.py``). One app only, as in ``test_client_attestation_postgres.py``."""

from __future__ import annotations

import pytest

from tests.issuer import test_proof_iss as proof_iss

wallet = proof_iss.wallet
attested = proof_iss.attested

test_an_attested_wallet_may_name_itself_in_iss = (
    proof_iss.test_an_attested_wallet_may_name_itself_in_iss
)
test_an_attested_wallet_naming_another_client_is_invalid_proof = (
    proof_iss.test_an_attested_wallet_naming_another_client_is_invalid_proof
)
test_the_token_remembers_its_client = proof_iss.test_the_token_remembers_its_client
test_a_token_from_before_the_migration_is_anonymous = (
    proof_iss.test_a_token_from_before_the_migration_is_anonymous
)


@pytest.fixture
def issuer_database_url(postgres_url: str) -> str:
    return postgres_url
