"""The wallet's side of OpenID4VCI 1.0, pure: what to send and how to read the answers.

Small helpers for Regie's Python test holder, the benchmarks and the wallet tests; HTTP is the
caller's. The flow (§3.5, pre-authorized code): read the offer link (§4.1), fetch the offer and
the metadata (§12.2.2), redeem the code (§6.1), fetch a ``c_nonce`` (§7), and request the
credentials with one key proof per copy (§8.2).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from standards.errors import CredentialOfferInvalid, IssuerResponseInvalid
from standards.jose import PrivateKey
from standards.oid4vci.credential import CredentialRequest, CredentialResponse, Proofs
from standards.oid4vci.notification import NotificationEvent, NotificationRequest
from standards.oid4vci.offer import CredentialOffer, PreAuthorizedCodeGrant
from standards.oid4vci.proofs import create_proof_jwt
from standards.oid4vci.token import TokenRequest

__all__ = [
    "credential_request_body",
    "issued_credentials",
    "notification_request_body",
    "pre_authorized_code_grant",
    "token_request_form",
]


def pre_authorized_code_grant(offer: CredentialOffer) -> PreAuthorizedCodeGrant:
    """§4.1.1: the offer's Pre-Authorized Code grant; Regie's wallet uses no other."""
    grant = offer.pre_authorized_code_grant
    if grant is None:
        raise CredentialOfferInvalid("the offer has no pre-authorized code grant")
    return grant


def token_request_form(
    grant: PreAuthorizedCodeGrant, *, tx_code: str | None = None, client_id: str | None = None
) -> dict[str, str]:
    """§6.1: the form body redeeming ``grant``; ``tx_code`` is what the resident typed, sent
    when the offer had a ``tx_code`` object (even an empty one)."""
    request = TokenRequest(
        pre_authorized_code=grant.pre_authorized_code, tx_code=tx_code, client_id=client_id
    )
    return request.to_form()


def credential_request_body(
    *,
    holder_keys: Sequence[PrivateKey],
    audience: str,
    nonce: str | None,
    issued_at: int,
    credential_configuration_id: str | None = None,
    credential_identifier: str | None = None,
    client_id: str | None = None,
) -> dict[str, Any]:
    """§8.2: a Credential Request with one ``jwt`` key proof (Appendix F.1) per holder key; as
    many keys as copies wanted (a batch, up to the issuer's ``batch_size``)."""
    proofs = tuple(
        create_proof_jwt(
            key, audience=audience, nonce=nonce, issued_at=issued_at, client_id=client_id
        )
        for key in holder_keys
    )
    request = CredentialRequest(
        credential_configuration_id=credential_configuration_id,
        credential_identifier=credential_identifier,
        proofs=Proofs(jwt=proofs),
    )
    return request.to_json()


def issued_credentials(body: Mapping[str, Any]) -> tuple[str, ...]:
    """§8.3 and Appendix A.3.4: the SD-JWT VCs of an immediate Credential Response, in order."""
    response = CredentialResponse.parse(body)
    if response.credentials is None:
        raise IssuerResponseInvalid("the issuer deferred issuance; Regie expects credentials")
    credentials = tuple(entry.credential for entry in response.credentials)
    strings = tuple(c for c in credentials if isinstance(c, str))
    if len(strings) != len(credentials):
        raise IssuerResponseInvalid("a dc+sd-jwt credential is a string")
    return strings


def notification_request_body(
    notification_id: str, event: NotificationEvent, *, description: str | None = None
) -> dict[str, Any]:
    """§11.1: tell the issuer the credentials were stored, failed, or were deleted."""
    request = NotificationRequest(
        notification_id=notification_id, event=event, event_description=description
    )
    return request.to_json()
