"""OpenID4VP 1.0 §8.1 extension response parameter ``mailbox_uri``: the wallet puts the case's
mailbox inside the encrypted response (§8.3), the verifier reads it back; a value that is not
a string is ignored, and a response without it parses as before."""

from __future__ import annotations

from typing import Any

import pytest

from standards import oid4vp
from standards.jose import encrypt_jwe, json_dumps
from standards.oid4vp.response import MAILBOX_URI
from tests.standards import oid4vp_world as w

MAILBOX = "https://wallet.example/api/mailboxes/abc"


def _metadata() -> oid4vp.ClientMetadata:
    return oid4vp.ClientMetadata.model_validate(w.good_request()["client_metadata"])


def _parse(form: dict[str, str], mode: str = oid4vp.DIRECT_POST_JWT) -> Any:
    response = oid4vp.parse_authorization_response(
        form, response_mode=mode, decryption_keys=[w.ENCRYPTION], expected_state=w.STATE
    )
    assert isinstance(response, oid4vp.AuthorizationResponse)
    return response


def test_oid4vp_8_1_mailbox_uri_inside_the_encrypted_response() -> None:
    vp_token = w.presentations(client_id=w.CLIENT_ID, nonce=w.NONCE)
    form = oid4vp.direct_post_jwt_form(vp_token, w.STATE, metadata=_metadata(), mailbox_uri=MAILBOX)
    assert set(form) == {"response"}  # nothing in the clear
    assert MAILBOX not in form["response"]
    assert _parse(form).mailbox_uri == MAILBOX


def test_oid4vp_8_1_without_mailbox_uri() -> None:
    vp_token = w.presentations(client_id=w.CLIENT_ID, nonce=w.NONCE)
    form = oid4vp.direct_post_jwt_form(vp_token, w.STATE, metadata=_metadata())
    response = _parse(form)
    assert response.mailbox_uri is None
    assert response.vp_token == vp_token


@pytest.mark.parametrize("value", [42, ["https://x"], {"url": MAILBOX}, None])
def test_oid4vp_8_1_a_mailbox_uri_that_is_no_string_is_ignored(value: object) -> None:
    vp_token = w.presentations(client_id=w.CLIENT_ID, nonce=w.NONCE)
    payload: dict[str, object] = {
        "vp_token": {k: list(v) for k, v in vp_token.items()},
        "state": w.STATE,
    }
    payload[MAILBOX_URI] = value
    recipient, enc = oid4vp.select_encryption(_metadata())
    form = {"response": encrypt_jwe(json_dumps(payload), recipient, enc=enc)}
    assert _parse(form).mailbox_uri is None


def test_oid4vp_8_2_mailbox_uri_in_a_direct_post_form() -> None:
    vp_token = w.presentations(client_id=w.CLIENT_ID, nonce=w.NONCE)
    form = oid4vp.direct_post_form(vp_token, w.STATE, mailbox_uri=MAILBOX)
    assert _parse(form, oid4vp.DIRECT_POST).mailbox_uri == MAILBOX
