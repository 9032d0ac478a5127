"""Plumbing shared by the OpenID4VCI 1.0 message models: one pydantic configuration, one way
to turn a validation failure into the spec's error, https URL types, and the error body.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Any, ClassVar, Final, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, StrictStr, ValidationError

from standards.errors import MalformedInput, StandardsError
from standards.urls import identifier_url_parts, secure_url_parts

__all__ = [
    "WIRE",
    "HttpsUrl",
    "IssuerIdentifier",
    "Message",
    "error_description",
    "error_response",
    "https_url",
    "issuer_identifier",
]

WIRE: Final = ConfigDict(
    frozen=True,
    extra="allow",  # every OpenID4VCI message: "MUST ignore any unrecognized parameters"
    validate_by_name=True,
    validate_by_alias=True,
    serialize_by_alias=True,
)
"""Frozen, unknown members kept but ignored, spec names with hyphens as aliases."""

_ERROR_DESCRIPTION: Final = re.compile(r"[^\x20-\x21\x23-\x5B\x5D-\x7E]")
"""OpenID4VCI 1.0 §8.3.1.2 and RFC 6749 §5.2: ``error_description`` is ASCII without ``"``
and ``\\``."""


def https_url(value: str, *, what: str = "URL") -> str:
    """An absolute ``https`` URL with a host (OpenID4VCI 1.0 §12.2.4 endpoints, §4.1 offer URI),
    or ``http`` to a loopback host for the local demo (see :mod:`standards.urls`)."""
    if secure_url_parts(value) is None:
        raise ValueError(f"{what} must be an https URL with a host")
    return value


def issuer_identifier(value: str) -> str:
    """OpenID4VCI 1.0 §12.2.1: an https URL with host, optional port and path, no query or
    fragment; compared as a plain case-sensitive string."""
    https_url(value, what="the Credential Issuer Identifier")
    if identifier_url_parts(value) is None:
        raise ValueError("the Credential Issuer Identifier has no query or fragment")
    return value


HttpsUrl = Annotated[StrictStr, AfterValidator(https_url)]
IssuerIdentifier = Annotated[StrictStr, AfterValidator(issuer_identifier)]


class Message(BaseModel):
    """A JSON message of OpenID4VCI 1.0; ``parse`` raises the message's own error class."""

    model_config = WIRE
    invalid: ClassVar[type[StandardsError]] = MalformedInput

    @classmethod
    def parse(cls, data: Any) -> Self:
        """Validate a decoded JSON value; any failure raises ``cls.invalid``."""
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            raise cls.invalid(_first_error(exc)) from exc

    def to_json(self) -> dict[str, Any]:
        """The wire form: spec names, absent members left out."""
        return self.model_dump(mode="json", exclude_none=True)


def _first_error(exc: ValidationError) -> str:
    """The first problem, located but without the input value (it may be personal data)."""
    error = exc.errors(include_url=False, include_input=False)[0]
    where = ".".join(str(part) for part in error["loc"]) or "message"
    return f"{where}: {error['msg']}"


def error_description(text: str) -> str:
    """``text`` as an ``error_description`` may hold it (OpenID4VCI 1.0 §8.3.1.2, RFC 6749
    §5.2: ``%x20-21 / %x23-5B / %x5D-7E``): a letter with an accent as the letter alone
    (``é`` as ``e``), any other character outside that set (``"``, ``\\``, control characters,
    other non-ASCII) as ``?``. For every OAuth-style error response, whatever made the text."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _ERROR_DESCRIPTION.sub("?", plain)


def error_response(error: StandardsError) -> dict[str, str]:
    """OpenID4VCI 1.0 §6.3, §8.3.1.2, §11.3 (RFC 6749 §5.2): the JSON body of an error
    response, ``{"error", "error_description"}``, the description reduced to allowed ASCII
    (:func:`error_description`)."""
    return {"error": error.error, "error_description": error_description(error.detail)}
