"""OpenID4VP 1.0 §5 (request by reference, RFC 9101 §5.2) and §5.10 (``request_uri_method``
``post``): the link or QR code that starts a presentation, and the wallet's POST to the
Request URI.

The link is the Authorization Request with ``client_id``, ``request_uri`` and optionally
``request_uri_method``, sent to the wallet's ``openid4vp://`` endpoint (§13.1.2); HAIP 1.0
§5.1 requires signed requests by ``request_uri``, so Regie's wallet takes nothing else.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final, Literal, NamedTuple

from standards.errors import (
    AuthorizationRequestInvalid,
    AuthorizationRequestLinkInvalid,
    InvalidRequestUriMethod,
    MalformedInput,
    StandardsError,
)
from standards.jose import json_dumps, json_loads
from standards.oid4vci._base import https_url
from standards.urls import link_parameters, link_with_query

__all__ = [
    "MAX_REQUEST_LINK_SIZE",
    "OPENID4VP_SCHEME",
    "RequestLink",
    "RequestUriPost",
    "authorization_request_link",
    "parse_authorization_request_link",
    "parse_request_uri_post",
    "request_uri_post_form",
    "single_parameter",
]

OPENID4VP_SCHEME: Final = "openid4vp://"
"""§13.1.2: the custom scheme of the static wallet configuration."""
MAX_REQUEST_LINK_SIZE: Final = 8 * 1024
"""Regie's bound on a request link (characters); a QR code holds far less."""
RequestUriMethod = Literal["get", "post"]

Form = Mapping[str, str | Sequence[str]]
"""A decoded ``application/x-www-form-urlencoded`` body or query: a name's value, or all of
its values in order (so a repeated parameter can be refused)."""


def single_parameter(form: Form, name: str, error: type[StandardsError]) -> str | None:
    """RFC 6749 §3.1: "Request and response parameters MUST NOT be included more than once"."""
    value = form.get(name)
    if value is None or isinstance(value, str):
        return value
    if len(value) != 1 or not isinstance(value[0], str):
        raise error(f"{name} is sent more than once")
    return value[0]


class RequestLink(NamedTuple):
    """What a scanned or clicked link carries (§5, §5.1)."""

    client_id: str
    request_uri: str
    request_uri_method: RequestUriMethod | None


def authorization_request_link(
    *,
    client_id: str,
    request_uri: str,
    request_uri_method: RequestUriMethod | None = None,
    endpoint: str = OPENID4VP_SCHEME,
) -> str:
    """§5 with RFC 9101 §5.2: ``openid4vp://?client_id=...&request_uri=...``, for the QR code
    (cross-device) and the button (same-device)."""
    https_url(request_uri, what="request_uri")
    query = {"client_id": client_id, "request_uri": request_uri}
    if request_uri_method is not None:
        query["request_uri_method"] = request_uri_method
    return link_with_query(endpoint, query)


def parse_authorization_request_link(link: str) -> RequestLink:
    """The wallet reads a link: ``client_id`` and ``request_uri`` (an https URL) once each,
    ``request_uri_method`` ``get`` or ``post`` if present (§5.1, §8.5
    ``invalid_request_uri_method``); a request by value or by plain parameters is refused."""
    form = link_parameters(
        link,
        max_size=MAX_REQUEST_LINK_SIZE,
        error=AuthorizationRequestLinkInvalid,
        what="request link",
    )
    client_id = single_parameter(form, "client_id", AuthorizationRequestLinkInvalid)
    request_uri = single_parameter(form, "request_uri", AuthorizationRequestLinkInvalid)
    method = single_parameter(form, "request_uri_method", AuthorizationRequestLinkInvalid)
    if method is not None and request_uri is None:
        raise InvalidRequestUriMethod("request_uri_method is only sent with request_uri")
    if not client_id or request_uri is None:
        raise AuthorizationRequestLinkInvalid(
            "Regie takes a signed request by reference: client_id and request_uri (HAIP §5.1)"
        )
    try:
        https_url(request_uri, what="request_uri")
    except ValueError as exc:
        raise AuthorizationRequestLinkInvalid(str(exc)) from exc
    if method is None:
        return RequestLink(client_id, request_uri, None)
    if method == "get":
        return RequestLink(client_id, request_uri, "get")
    if method == "post":
        return RequestLink(client_id, request_uri, "post")
    raise InvalidRequestUriMethod(f"request_uri_method {method!r} is neither get nor post")


class RequestUriPost(NamedTuple):
    """§5.10: the wallet's POST to the Request URI."""

    wallet_metadata: Mapping[str, Any] | None
    wallet_nonce: str | None


def request_uri_post_form(
    *, wallet_nonce: str | None = None, wallet_metadata: Mapping[str, Any] | None = None
) -> dict[str, str]:
    """§5.10: the form body; ``wallet_metadata`` is a JSON object as a string."""
    form: dict[str, str] = {}
    if wallet_metadata is not None:
        form["wallet_metadata"] = json_dumps(dict(wallet_metadata)).decode("utf-8")
    if wallet_nonce is not None:
        form["wallet_nonce"] = wallet_nonce
    return form


def parse_request_uri_post(form: Form) -> RequestUriPost:
    """§5.10, the verifier's side: both parameters optional, each once; ``wallet_metadata``
    a JSON object; unrecognized parameters ignored."""
    raw = single_parameter(form, "wallet_metadata", AuthorizationRequestInvalid)
    nonce = single_parameter(form, "wallet_nonce", AuthorizationRequestInvalid)
    metadata = None
    if raw is not None:
        try:
            metadata = json_loads(raw, what="wallet_metadata")
        except MalformedInput as exc:
            raise AuthorizationRequestInvalid(exc.detail) from exc
        if not isinstance(metadata, dict):
            raise AuthorizationRequestInvalid("wallet_metadata is a JSON object")
    if nonce is not None and not nonce:
        raise AuthorizationRequestInvalid("wallet_nonce is empty")
    return RequestUriPost(metadata, nonce)
