"""OpenID4VCI 1.0 §6 (Token Endpoint) for the Pre-Authorized Code grant: the form-encoded
Token Request (§6.1) and the JSON Token Response (§6.2).

Whether the code exists, is fresh and unused, and whether the Transaction Code matches is the
issuer's database question; it answers with :class:`~standards.errors.PreAuthorizedCodeInvalid`
or :class:`~standards.errors.TxCodeWrong` (both ``invalid_grant``, §6.3).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal
from urllib.parse import parse_qs

from pydantic import BaseModel, Field, StrictInt, StrictStr, model_validator

from standards.errors import (
    InvalidClient,
    IssuerResponseInvalid,
    TokenRequestInvalid,
    TxCodeMissing,
    TxCodeUnexpected,
    UnsupportedGrantType,
)
from standards.oid4vci._base import WIRE, Message
from standards.oid4vci.offer import PRE_AUTHORIZED_CODE_GRANT

__all__ = ["AuthorizationDetail", "TokenRequest", "TokenResponse"]

FormData = Mapping[str, str | Sequence[str]]
"""A decoded ``application/x-www-form-urlencoded`` body: one value or the list of values."""


class TokenRequest(Message):
    """OpenID4VCI 1.0 §6.1: a Token Request with the Pre-Authorized Code grant."""

    invalid = TokenRequestInvalid
    grant_type: Literal["urn:ietf:params:oauth:grant-type:pre-authorized_code"] = (
        PRE_AUTHORIZED_CODE_GRANT
    )
    pre_authorized_code: StrictStr = Field(
        min_length=1,
        validation_alias="pre-authorized_code",
        serialization_alias="pre-authorized_code",
    )
    tx_code: StrictStr | None = Field(default=None, min_length=1)
    client_id: StrictStr | None = Field(default=None, min_length=1)

    @classmethod
    def from_form(cls, form: FormData, *, anonymous_access: bool = True) -> TokenRequest:
        """Read a decoded form (RFC 6749 §4.1.3 and §3.2), raising the §6.3 errors. Give every
        value of a repeated name (``parse_qs``, a multidict's ``dict()`` of lists).

        RFC 6749 §3.1: parameters without a value count as absent, and none may repeat.
        ``anonymous_access`` is the server's ``pre-authorized_grant_anonymous_access_supported``
        (§12.3): without it a request lacking ``client_id`` is ``invalid_client`` (§6.3).
        """
        values: dict[str, str] = {}
        for name, value in form.items():
            listed = [value] if isinstance(value, str) else list(value)
            if len(listed) > 1:
                raise TokenRequestInvalid(f"parameter {name!r} is repeated")
            if listed and listed[0] != "":
                values[name] = listed[0]
        grant_type = values.get("grant_type")
        if grant_type is None:
            raise TokenRequestInvalid("grant_type is missing")
        if grant_type != PRE_AUTHORIZED_CODE_GRANT:
            # The value is not echoed: it is the client's, and may be anything.
            raise UnsupportedGrantType(
                f"this grant_type is not supported; use {PRE_AUTHORIZED_CODE_GRANT}"
            )
        if "pre-authorized_code" not in values:
            raise TokenRequestInvalid("pre-authorized_code is missing")
        if not anonymous_access and "client_id" not in values:
            raise InvalidClient("this server does not accept anonymous Token Requests")
        return cls.parse(values)

    @classmethod
    def from_body(cls, body: bytes | str, *, anonymous_access: bool = True) -> TokenRequest:
        """Read a raw ``application/x-www-form-urlencoded`` body (RFC 6749 §4.1.3, UTF-8);
        repeated parameters stay visible, as :meth:`from_form` needs them to be."""
        try:
            text = body.decode("utf-8") if isinstance(body, bytes) else body
        except UnicodeDecodeError as exc:
            raise TokenRequestInvalid("the form body is not UTF-8") from exc
        return cls.from_form(
            parse_qs(text, keep_blank_values=True), anonymous_access=anonymous_access
        )

    def check_tx_code_presence(self, *, expected: bool) -> None:
        """OpenID4VCI 1.0 §6.3 ``invalid_request``: a code the offer asked for is missing, or
        one it did not ask for was sent. (A wrong code is ``invalid_grant``.)"""
        if expected and self.tx_code is None:
            raise TxCodeMissing("the offer requires a Transaction Code")
        if not expected and self.tx_code is not None:
            raise TxCodeUnexpected("the offer requires no Transaction Code")

    def to_form(self) -> dict[str, str]:
        """The form body to send (string values, spec names)."""
        return {name: str(value) for name, value in self.to_json().items()}


class AuthorizationDetail(BaseModel):
    """OpenID4VCI 1.0 §6.2 and §5.1.1: an ``authorization_details`` entry of a Token Response."""

    model_config = WIRE
    type: StrictStr
    credential_configuration_id: StrictStr | None = None
    credential_identifiers: tuple[StrictStr, ...] | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _identifiers(self) -> AuthorizationDetail:
        """§6.2: ``credential_identifiers`` is REQUIRED for type ``openid_credential``."""
        if self.type == "openid_credential" and not self.credential_identifiers:
            raise ValueError("an openid_credential entry needs credential_identifiers")
        return self


class TokenResponse(Message):
    """OpenID4VCI 1.0 §6.2 (RFC 6749 §5.1): sent with ``Cache-Control: no-store``."""

    invalid = IssuerResponseInvalid
    access_token: StrictStr = Field(min_length=1)
    token_type: StrictStr = Field(min_length=1)
    expires_in: StrictInt | None = Field(default=None, ge=1)
    authorization_details: tuple[AuthorizationDetail, ...] | None = Field(
        default=None, min_length=1
    )
