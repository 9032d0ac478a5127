"""Wallet attestations on PostgreSQL: the PoP replay check relies on the unique index of the
single-use values, whose refusal PostgreSQL reports in its own way (``issuer_database_url``
as in ``test_production_mode.py``). One app only: two would share the tables' engine across
event loops, so this issuer is the one that requires attestations."""

from __future__ import annotations

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from issuer.settings import IssuerSettings
from tests.issuer import test_client_attestation


@pytest.fixture
def issuer_database_url(postgres_url: str) -> str:
    return postgres_url


@pytest.fixture
def issuer_settings(issuer_settings: IssuerSettings) -> IssuerSettings:
    return issuer_settings.model_copy(update={"wallet_attestation": "required"})


@pytest.fixture
def required(issuer_client: TestClient[Litestar]) -> TestClient[Litestar]:
    return issuer_client


wallet = test_client_attestation.wallet

test_abca_12_1_a_pop_is_accepted_once = (
    test_client_attestation.test_abca_12_1_a_pop_is_accepted_once
)
test_appendix_e_a_valid_wallet_attestation_gets_an_access_token = (
    test_client_attestation.test_appendix_e_a_valid_wallet_attestation_gets_an_access_token
)
