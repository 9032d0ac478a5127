"""OpenID4VP 1.0 §8: the Authorization Response as the wallet posts it to ``response_uri``
(``direct_post``, §8.2; ``direct_post.jwt``, §8.3.1), the error response (§8.5), and the
Response URI's answer to the wallet (§8.2).

Both Response Modes parse into one :class:`AuthorizationResponse`, so the verifier's later
checks do not depend on the mode.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any, Final, NamedTuple

from standards.errors import (
    AuthorizationResponseInvalid,
    EncryptionRequired,
    InvalidJWK,
    JWEEncryptionNotAllowed,
    MalformedInput,
    StandardsError,
    StateMismatch,
    VerifierResponseInvalid,
    VpTokenMalformed,
)
from standards.jose import (
    JWE_ALGORITHM,
    JWE_ENCRYPTIONS,
    MAX_JWE_SIZE,
    EncryptionKey,
    decrypt_jwe,
    encrypt_jwe,
    json_dumps,
    json_loads,
)
from standards.oid4vci._base import HttpsUrl, Message, error_response
from standards.oid4vp.link import Form, single_parameter
from standards.oid4vp.request import DIRECT_POST, DIRECT_POST_JWT, ClientMetadata

__all__ = [
    "MAILBOX_URI",
    "AuthorizationErrorResponse",
    "AuthorizationResponse",
    "VerifierResponse",
    "direct_post_form",
    "direct_post_jwt_form",
    "error_response_form",
    "parse_authorization_response",
    "parse_vp_token",
    "select_encryption",
]

MAILBOX_URI: Final = "mailbox_uri"
"""The extension response parameter that carries the case's mailbox (docs/wallet-provider.md)."""

MAX_VP_TOKEN_SIZE: Final = 512 * 1024
"""Regie's bound on a ``vp_token`` (characters) in a ``direct_post`` form."""
_PREFERRED_ENC: Final = ("A256GCM", "A128GCM")
"""HAIP 1.0 §5: a wallet supporting both SHOULD use ``A256GCM``."""

VpToken = Mapping[str, tuple[str, ...]]


class AuthorizationResponse(NamedTuple):
    """§8.1: the VP Token and ``state``; ``encryption`` is the JWE header when encrypted."""

    vp_token: VpToken
    state: str | None
    encryption: Mapping[str, Any] | None
    mailbox_uri: str | None = None
    """Regie's extension response parameter (§8.1: "Additional response parameters MAY be
    defined and used"): the pairwise mailbox at the wallet provider where the relying party
    may send the resident status messages for this case; ``None`` when absent or not a string.
    Inside the JWE with ``direct_post.jwt`` (§8.3), so only the verifier sees it. Whether the
    URL is acceptable is the verifier's policy."""


class AuthorizationErrorResponse(NamedTuple):
    """§8.5 (RFC 6749 §4.1.2.1): the wallet declined or failed; ``state`` is the request's
    (checked by :func:`parse_authorization_response`)."""

    error: str
    error_description: str | None
    state: str | None


def parse_vp_token(value: Any) -> VpToken:
    """§8.1: a JSON object (as a string in a form) whose keys are Credential Query ids and
    whose values are non-empty arrays of presentations, strings for ``dc+sd-jwt``."""
    if isinstance(value, str):
        if len(value) > MAX_VP_TOKEN_SIZE:
            raise VpTokenMalformed(f"vp_token is longer than {MAX_VP_TOKEN_SIZE} characters")
        try:
            value = json_loads(value, what="vp_token")
        except MalformedInput as exc:
            raise VpTokenMalformed(f"vp_token is not JSON: {exc.detail}") from exc
    if not isinstance(value, dict) or not value:
        raise VpTokenMalformed("vp_token is a non-empty JSON object")
    token: dict[str, tuple[str, ...]] = {}
    for query_id, presentations in value.items():
        if (
            not isinstance(presentations, list)
            or not presentations
            or not all(isinstance(p, str) and p for p in presentations)
        ):
            raise VpTokenMalformed(f"{query_id!r} is not a non-empty array of presentations")
        token[query_id] = tuple(presentations)
    return token


def _state(value: Any, expected: str | None) -> str | None:
    if value is not None and not isinstance(value, str):
        raise AuthorizationResponseInvalid("state is a string")
    if expected is not None and value != expected:
        raise StateMismatch("the response's state is not the request's")
    return value


def _error_payload(
    payload: Mapping[str, Any], expected_state: str | None
) -> AuthorizationErrorResponse:
    """§8.3 with §8.5: an error response as the decrypted JWE payload's top-level members."""
    error, description = payload["error"], payload.get("error_description")
    if not isinstance(error, str) or not error:
        raise AuthorizationResponseInvalid("error is a non-empty string")
    if description is not None and not isinstance(description, str):
        raise AuthorizationResponseInvalid("error_description is a string")
    return AuthorizationErrorResponse(
        error, description, _state(payload.get("state"), expected_state)
    )


def parse_authorization_response(
    form: Form,
    *,
    response_mode: str,
    decryption_keys: Sequence[EncryptionKey] = (),
    encryptions: Collection[str] = JWE_ENCRYPTIONS,
    expected_state: str | None = None,
    max_size: int = MAX_JWE_SIZE,
) -> AuthorizationResponse | AuthorizationErrorResponse:
    """The verifier reads what was posted to its Response URI (§8.2, §8.3.1, §8.5).

    ``response_mode`` is the request's. With ``direct_post.jwt`` the form carries
    ``response``, a JWE to one of ``decryption_keys`` with one of ``encryptions`` (§8.3);
    a ``vp_token`` in the clear is refused (:class:`EncryptionRequired`). An error response
    may come unencrypted in either mode (§8.3.1), or inside the JWE like any response
    parameters (§8.3). ``state`` must equal ``expected_state`` when given, in an error
    response too: it was sent in the request, so it comes back (§8.5 follows RFC 6749
    §4.1.2.1, where ``state`` is REQUIRED if it was in the request), and checking it is how
    the Response URI protects itself from requests that answer no request of its own
    (§14.3.2). Unrecognized parameters are ignored (§8.1).
    """
    error = single_parameter(form, "error", AuthorizationResponseInvalid)
    if error is not None:
        description = single_parameter(form, "error_description", AuthorizationResponseInvalid)
        state = single_parameter(form, "state", AuthorizationResponseInvalid)
        return AuthorizationErrorResponse(error, description, _state(state, expected_state))
    if response_mode == DIRECT_POST:
        vp_token = single_parameter(form, "vp_token", AuthorizationResponseInvalid)
        if vp_token is None:
            raise AuthorizationResponseInvalid("the response has no vp_token")
        state = single_parameter(form, "state", AuthorizationResponseInvalid)
        mailbox = single_parameter(form, MAILBOX_URI, AuthorizationResponseInvalid)
        return AuthorizationResponse(
            parse_vp_token(vp_token), _state(state, expected_state), None, mailbox
        )
    if response_mode != DIRECT_POST_JWT:
        raise AuthorizationResponseInvalid(f"response mode {response_mode!r} is not supported")
    if "vp_token" in form:
        raise EncryptionRequired("vp_token was sent in the clear; direct_post.jwt encrypts it")
    response = single_parameter(form, "response", AuthorizationResponseInvalid)
    if response is None:
        raise AuthorizationResponseInvalid("the response has no response parameter (§8.3.1)")
    decrypted = decrypt_jwe(response, decryption_keys, encryptions=encryptions, max_size=max_size)
    try:
        payload = json_loads(decrypted.plaintext, what="the response payload")
    except MalformedInput as exc:
        raise AuthorizationResponseInvalid(exc.detail) from exc
    if isinstance(payload, dict) and "error" in payload:
        return _error_payload(payload, expected_state)
    if not isinstance(payload, dict) or "vp_token" not in payload:
        raise AuthorizationResponseInvalid("the response payload is an object with vp_token")
    if not isinstance(payload["vp_token"], dict):
        raise VpTokenMalformed("vp_token in an encrypted response is a JSON object")
    mailbox = payload.get(MAILBOX_URI)
    return AuthorizationResponse(
        parse_vp_token(payload["vp_token"]),
        _state(payload.get("state"), expected_state),
        decrypted.header,
        mailbox if isinstance(mailbox, str) else None,
    )


# --- the wallet's side ---------------------------------------------------------------------------


def _payload(
    vp_token: VpToken, state: str | None, mailbox_uri: str | None = None
) -> dict[str, Any]:
    payload: dict[str, Any] = {"vp_token": {k: list(v) for k, v in vp_token.items()}}
    if state is not None:
        payload["state"] = state
    if mailbox_uri is not None:
        payload[MAILBOX_URI] = mailbox_uri
    return payload


def direct_post_form(
    vp_token: VpToken, state: str | None, *, mailbox_uri: str | None = None
) -> dict[str, str]:
    """§8.2: ``vp_token`` (JSON as a string) and ``state``, form-encoded by the caller; the
    extension ``mailbox_uri`` when given."""
    payload = _payload(vp_token, state)
    form = {"vp_token": json_dumps(payload["vp_token"]).decode("utf-8")}
    if state is not None:
        form["state"] = state
    if mailbox_uri is not None:
        form[MAILBOX_URI] = mailbox_uri
    return form


def select_encryption(metadata: ClientMetadata) -> tuple[Mapping[str, Any], str]:
    """§8.3: the verifier's ``ECDH-ES`` P-256 key (``alg`` present and equal to the JWE's)
    and an offered ``enc`` Regie supports, ``A256GCM`` first (HAIP 1.0 §5)."""
    keys = (metadata.jwks or {}).get("keys") or []
    usable = [
        k
        for k in keys
        if k.get("kty") == "EC"
        and k.get("crv") == "P-256"
        and k.get("alg") == JWE_ALGORITHM
        and k.get("use", "enc") == "enc"
    ]
    if not usable:
        raise InvalidJWK("client_metadata.jwks holds no ECDH-ES P-256 key")
    enc = next((e for e in _PREFERRED_ENC if e in metadata.enc_values), None)
    if enc is None:
        raise JWEEncryptionNotAllowed(f"none of {list(metadata.enc_values)} is supported")
    return usable[0], enc


def direct_post_jwt_form(
    vp_token: VpToken,
    state: str | None,
    *,
    metadata: ClientMetadata,
    mailbox_uri: str | None = None,
) -> dict[str, str]:
    """§8.3.1: ``response``, the JWE of ``{"vp_token": ..., "state": ...}`` (§8.3), with the
    extension ``mailbox_uri`` when given."""
    recipient, enc = select_encryption(metadata)
    plaintext = json_dumps(_payload(vp_token, state, mailbox_uri))
    return {"response": encrypt_jwe(plaintext, recipient, enc=enc)}


def error_response_form(error: StandardsError, state: str | None) -> dict[str, str]:
    """§8.5 (RFC 6749 §4.1.2.1): ``error``, ``error_description`` and ``state``, sent without
    encryption (§8.3.1)."""
    form = error_response(error)
    if state is not None:
        form["state"] = state
    return form


class VerifierResponse(Message):
    """§8.2: the Response URI's JSON answer; the wallet follows ``redirect_uri`` if given
    (HAIP 1.0 §5.1: the verifier sends one in the same-device flow)."""

    invalid = VerifierResponseInvalid
    redirect_uri: HttpsUrl | None = None
