"""OpenID4VCI 1.0 §4.1 (Credential Offer): the offer object and the link that carries it.

Regie's issuer sends offers by reference (§4.1.3): the QR code and the same-device button hold
``openid-credential-offer://?credential_offer_uri=...`` (or the wallet's own offer endpoint,
§12.1), and the wallet fetches the offer object from that https URL.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from pydantic import BaseModel, Field, StrictInt, StrictStr, field_validator

from standards.errors import CredentialOfferInvalid, CredentialOfferLinkInvalid, MalformedInput
from standards.jose import json_dumps, json_loads
from standards.oid4vci._base import WIRE, IssuerIdentifier, Message, https_url
from standards.urls import link_parameters, link_with_query

__all__ = [
    "MAX_OFFER_LINK_SIZE",
    "OFFER_SCHEME",
    "PRE_AUTHORIZED_CODE_GRANT",
    "AuthorizationCodeGrant",
    "CredentialOffer",
    "CredentialOfferLink",
    "Grants",
    "PreAuthorizedCodeGrant",
    "TxCode",
    "credential_offer_link",
    "parse_credential_offer_link",
]

PRE_AUTHORIZED_CODE_GRANT: Final = "urn:ietf:params:oauth:grant-type:pre-authorized_code"
"""OpenID4VCI 1.0 §4.1.1 and Appendix G.1: the Pre-Authorized Code grant type."""
OFFER_SCHEME: Final = "openid-credential-offer://"
"""OpenID4VCI 1.0 §12.1.1: the custom scheme when the wallet's offer endpoint is unknown."""
MAX_OFFER_LINK_SIZE: Final = 64 * 1024
"""Regie's bound on an offer link (characters); a QR code holds far less."""
_BY_VALUE: Final = "credential_offer"
_BY_REFERENCE: Final = "credential_offer_uri"


class TxCode(BaseModel):
    """OpenID4VCI 1.0 §4.1.1 ``tx_code``: present (even empty) means a code is required."""

    model_config = WIRE
    input_mode: Literal["numeric", "text"] | None = None
    """``numeric`` (the default when absent) or ``text``."""
    length: StrictInt | None = Field(default=None, ge=1)
    description: StrictStr | None = Field(default=None, max_length=300)
    """"The length of the string MUST NOT exceed 300 characters"."""


class PreAuthorizedCodeGrant(BaseModel):
    """OpenID4VCI 1.0 §4.1.1, grant ``urn:ietf:params:oauth:grant-type:pre-authorized_code``."""

    model_config = WIRE
    pre_authorized_code: StrictStr = Field(
        min_length=1,
        validation_alias="pre-authorized_code",
        serialization_alias="pre-authorized_code",
    )
    tx_code: TxCode | None = None
    authorization_server: StrictStr | None = None


class AuthorizationCodeGrant(BaseModel):
    """OpenID4VCI 1.0 §4.1.1, grant ``authorization_code`` (modelled, not served by Regie)."""

    model_config = WIRE
    issuer_state: StrictStr | None = None
    authorization_server: StrictStr | None = None


class Grants(BaseModel):
    """OpenID4VCI 1.0 §4.1.1 ``grants``: one member per grant type."""

    model_config = WIRE
    authorization_code: AuthorizationCodeGrant | None = None
    pre_authorized_code: PreAuthorizedCodeGrant | None = Field(
        default=None,
        validation_alias=PRE_AUTHORIZED_CODE_GRANT,
        serialization_alias=PRE_AUTHORIZED_CODE_GRANT,
    )


class CredentialOffer(Message):
    """OpenID4VCI 1.0 §4.1.1: the Credential Offer object."""

    invalid = CredentialOfferInvalid
    credential_issuer: IssuerIdentifier
    credential_configuration_ids: tuple[StrictStr, ...] = Field(min_length=1)
    """"A non-empty array of unique strings"."""
    grants: Grants | None = None

    @field_validator("credential_configuration_ids")
    @classmethod
    def _unique(cls, ids: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(ids)) != len(ids):
            raise ValueError("credential_configuration_ids must be unique")
        return ids

    @property
    def pre_authorized_code_grant(self) -> PreAuthorizedCodeGrant | None:
        return self.grants.pre_authorized_code if self.grants is not None else None


@dataclass(frozen=True, slots=True)
class CredentialOfferLink:
    """OpenID4VCI 1.0 §4.1: what a link carried, the offer by value or its https URI."""

    offer: CredentialOffer | None = None
    offer_uri: str | None = None


def credential_offer_link(
    *,
    offer_uri: str | None = None,
    offer: CredentialOffer | None = None,
    endpoint: str = OFFER_SCHEME,
) -> str:
    """OpenID4VCI 1.0 §4.1: a link to the wallet's offer ``endpoint`` carrying exactly one of
    ``credential_offer_uri`` (§4.1.3) and ``credential_offer`` (§4.1.2)."""
    if (offer_uri is None) == (offer is None):
        raise CredentialOfferLinkInvalid("give exactly one of offer_uri and offer")
    if offer_uri is not None:
        _checked_uri(offer_uri)
        query = {_BY_REFERENCE: offer_uri}
    else:
        assert offer is not None  # noqa: S101 - exactly one is given
        query = {_BY_VALUE: json_dumps(offer.to_json()).decode("utf-8")}
    return link_with_query(endpoint, query)


def parse_credential_offer_link(link: str) -> CredentialOfferLink:
    """OpenID4VCI 1.0 §4.1: read a scanned or clicked link; exactly one of the two parameters,
    once. An offer by value is validated here; one by reference is the caller's to fetch."""
    params = link_parameters(
        link, max_size=MAX_OFFER_LINK_SIZE, error=CredentialOfferLinkInvalid, what="offer link"
    )
    present = [name for name in (_BY_VALUE, _BY_REFERENCE) if name in params]
    if len(present) != 1:
        raise CredentialOfferLinkInvalid(
            "an offer link carries exactly one of credential_offer and credential_offer_uri"
        )
    (name,) = present
    if len(params[name]) != 1:
        raise CredentialOfferLinkInvalid(f"{name} appears more than once")
    value = params[name][0]
    if name == _BY_REFERENCE:
        return CredentialOfferLink(offer_uri=_checked_uri(value))
    try:
        document = json_loads(value, what="credential_offer")
    except MalformedInput as exc:
        raise CredentialOfferInvalid(exc.detail) from exc
    return CredentialOfferLink(offer=CredentialOffer.parse(document))


def _checked_uri(uri: str) -> str:
    """OpenID4VCI 1.0 §4.1: ``credential_offer_uri`` is a URL using the https scheme."""
    try:
        return https_url(uri, what="credential_offer_uri")
    except ValueError as exc:
        raise CredentialOfferLinkInvalid(str(exc)) from exc
