"""The production mode: the key issuer tests again, on PostgreSQL instead of SQLite.

The test bodies are the ones in the other modules, taken over by name; only the database
changes (``issuer_database_url``), so both modes assert the same outcomes.
"""

from __future__ import annotations

import pytest

from tests.issuer import test_credential_endpoint, test_issuance_flow, test_token_endpoint


@pytest.fixture
def issuer_database_url(postgres_url: str) -> str:
    return postgres_url


session = test_credential_endpoint.session

# Full issuance, single and batch, and revocation in the status list.
test_single_credential_is_issued_verified_and_valid = (
    test_issuance_flow.test_single_credential_is_issued_verified_and_valid
)
test_batch_gives_unlinkable_copies = test_issuance_flow.test_batch_gives_unlinkable_copies
test_revocation_shows_in_the_status_list = (
    test_issuance_flow.test_revocation_shows_in_the_status_list
)
# The pre-authorized code: single use, tx_code lockout, expiry.
test_pre_authorized_code_is_single_use = test_token_endpoint.test_pre_authorized_code_is_single_use
test_wrong_tx_code_is_counted_then_locks_the_offer = (
    test_token_endpoint.test_wrong_tx_code_is_counted_then_locks_the_offer
)
test_a_wrong_tx_code_does_not_use_up_the_offer = (
    test_token_endpoint.test_a_wrong_tx_code_does_not_use_up_the_offer
)
test_expired_offer_is_refused = test_token_endpoint.test_expired_offer_is_refused
# The c_nonce and the access token: single use, nothing consumed by a failure.
test_oid4vci_8_3_1_2_nonce_is_single_use = (
    test_credential_endpoint.test_oid4vci_8_3_1_2_nonce_is_single_use
)
test_invalid_proof_leaves_the_nonce_unused = (
    test_credential_endpoint.test_invalid_proof_leaves_the_nonce_unused
)
test_each_configuration_is_issued_once_per_token = (
    test_credential_endpoint.test_each_configuration_is_issued_once_per_token
)
test_credential_request_failure_consumes_nothing = (
    test_credential_endpoint.test_credential_request_failure_consumes_nothing
)
test_issuance_is_audited_without_personal_data = (
    test_credential_endpoint.test_issuance_is_audited_without_personal_data
)
test_notification_accepted_and_unknown_id = (
    test_credential_endpoint.test_notification_accepted_and_unknown_id
)
