"""OpenID4VP 1.0 §8.5 error responses at the Response URI (``parse_authorization_response``):
in the clear (§8.3.1) or as the JWE payload (§8.3), each with the request's ``state``
(RFC 6749 §4.1.2.1: REQUIRED when the request had one; §14.3.2: the Response URI checks it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pytest

from standards import jose, oid4vp
from standards.errors import AuthorizationResponseInvalid, StandardsError, StateMismatch
from tests.standards import oid4vp_world as w


def _clear(payload: Mapping[str, Any]) -> dict[str, str]:
    return {k: str(v) for k, v in payload.items()}


def _encrypted(payload: Mapping[str, Any]) -> dict[str, str]:
    plaintext = jose.json_dumps(dict(payload))
    return {"response": jose.encrypt_jwe(plaintext, w.ENCRYPTION.public_jwk(), enc="A256GCM")}


FORMS: dict[str, Callable[[Mapping[str, Any]], dict[str, str]]] = {
    "clear": _clear,
    "encrypted": _encrypted,
}


def _parse(form: Mapping[str, str], mode: str = oid4vp.DIRECT_POST_JWT) -> object:
    return oid4vp.parse_authorization_response(
        form, response_mode=mode, decryption_keys=[w.ENCRYPTION], expected_state=w.STATE
    )


@pytest.mark.parametrize("form", list(FORMS))
def test_s8_5_error_response_with_the_requests_state(form: str) -> None:
    payload = {"error": "access_denied", "error_description": "nee", "state": w.STATE}
    assert _parse(FORMS[form](payload)) == oid4vp.AuthorizationErrorResponse(
        "access_denied", "nee", w.STATE
    )


@pytest.mark.parametrize("mode", [oid4vp.DIRECT_POST_JWT, oid4vp.DIRECT_POST])
def test_s8_5_error_response_in_the_clear_in_either_mode(mode: str) -> None:
    form = {"error": "access_denied", "state": w.STATE}
    assert _parse(form, mode) == oid4vp.AuthorizationErrorResponse("access_denied", None, w.STATE)


CASES: dict[str, tuple[dict[str, Any], type[StandardsError]]] = {
    "s14_3_2_error_response_without_state": ({"error": "access_denied"}, StateMismatch),
    "s14_3_2_error_response_of_another_state": (
        {"error": "access_denied", "state": "another-state"},
        StateMismatch,
    ),
    "s14_3_2_error_response_with_an_empty_state": (
        {"error": "access_denied", "state": ""},
        StateMismatch,
    ),
}
ENCRYPTED_ONLY: dict[str, tuple[dict[str, Any], type[StandardsError]]] = {
    "s8_3_error_not_a_string": ({"error": 1, "state": w.STATE}, AuthorizationResponseInvalid),
    "s8_3_error_empty": ({"error": "", "state": w.STATE}, AuthorizationResponseInvalid),
    "s8_3_error_description_not_a_string": (
        {"error": "access_denied", "error_description": ["x"], "state": w.STATE},
        AuthorizationResponseInvalid,
    ),
    "s8_3_state_not_a_string": (
        {"error": "access_denied", "state": 7},
        AuthorizationResponseInvalid,
    ),
}


@pytest.mark.parametrize("form", list(FORMS))
@pytest.mark.parametrize("name", list(CASES))
def test_error_response_refused(name: str, form: str) -> None:
    payload, error = CASES[name]
    with pytest.raises(error):
        _parse(FORMS[form](payload))


@pytest.mark.parametrize("name", list(ENCRYPTED_ONLY))
def test_encrypted_error_response_refused(name: str) -> None:
    payload, error = ENCRYPTED_ONLY[name]
    with pytest.raises(error):
        _parse(_encrypted(payload))


def test_error_response_to_a_request_without_state() -> None:
    """No ``state`` expected (a request that sent none): nothing to compare."""
    form = {"error": "access_denied"}
    parsed = oid4vp.parse_authorization_response(form, response_mode=oid4vp.DIRECT_POST)
    assert parsed == oid4vp.AuthorizationErrorResponse("access_denied", None, None)
