"""The verifier's own refusals beyond the standards' checks: status, trust, transactions.

Subclasses of :class:`standards.errors.StandardsError`, so the one web-layer handler answers
them with their ``error`` code; ``code`` is what a failed transaction stores.
"""

from __future__ import annotations

from standards.errors import StandardsError

__all__ = [
    "CredentialRevoked",
    "CredentialSuspended",
    "IssuerNotTrusted",
    "PurposeNotRegistered",
    "ResponseTooLarge",
    "StatusUnavailable",
    "TransactionExpired",
    "TransactionUnknown",
    "TransactionUnusable",
]


class CredentialRevoked(StandardsError):
    code = "verifier.credential_revoked"
    title_en = "The issuer has withdrawn this data."
    title_nl = "De uitgever heeft deze gegevens ingetrokken."


class CredentialSuspended(StandardsError):
    code = "verifier.credential_suspended"
    title_en = "The issuer has suspended this data for now."
    title_nl = "De uitgever heeft deze gegevens tijdelijk geblokkeerd."


class StatusUnavailable(StandardsError):
    code = "verifier.status_unavailable"
    title_en = "We could not check whether this data is still valid."
    title_nl = "We konden niet nagaan of deze gegevens nog geldig zijn."


class IssuerNotTrusted(StandardsError):
    code = "verifier.issuer_not_trusted"
    title_en = "The issuer of this data is not on our list of trusted issuers."
    title_nl = "De uitgever van deze gegevens staat niet op onze lijst van vertrouwde uitgevers."


class PurposeNotRegistered(StandardsError):
    """OpenID4VP 1.0 §15.3 (purpose legitimacy): the use case does not serve a purpose its
    relying party is registered for (its ``purpose_id`` is missing or not among the party's
    ``purposes``), so it asks for nothing: no transaction starts, and a Request Object is not
    built for one started before."""

    code = "verifier.purpose_not_registered"
    error = "invalid_request"
    title_en = "The organisation asks for your data for a purpose it is not registered for."
    title_nl = "De organisatie vraagt uw gegevens voor een doel waarvoor zij niet geregistreerd is."


class TransactionUnknown(StandardsError):
    code = "verifier.transaction_unknown"
    error = "not_found"
    title_en = "This request is not known (any more)."
    title_nl = "Dit verzoek is (niet meer) bekend."


class TransactionExpired(StandardsError):
    code = "verifier.transaction_expired"
    title_en = "This request has expired. Scan the new QR code."
    title_nl = "Dit verzoek is verlopen. Scan de nieuwe QR-code."


class TransactionUnusable(StandardsError):
    code = "verifier.transaction_unusable"
    title_en = "This request has been answered already or has failed."
    title_nl = "Dit verzoek is al beantwoord of mislukt."


class ResponseTooLarge(StandardsError):
    code = "verifier.response_too_large"
    error = "request_too_large"
    title_en = "The answer is too large."
    title_nl = "Het antwoord is te groot."
