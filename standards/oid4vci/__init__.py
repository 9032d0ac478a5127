"""OpenID for Verifiable Credential Issuance 1.0 (``../shared/specs/openid4vci-1_0.md``), the
pre-authorized code flow Regie uses, as pure messages and checks.

- :mod:`.offer`: the Credential Offer and its link (§4.1).
- :mod:`.token`: the Token Request and Response (§6).
- :mod:`.credential`: the Nonce Response (§7.2), Credential Request and Response (§8).
- :mod:`.notification`: the Notification Request (§11.1).
- :mod:`.metadata`, :mod:`.configurations`: issuer and authorization server metadata (§12).
- :mod:`.proofs`: ``jwt`` key proofs (Appendix F.1, F.4).
- :mod:`.client_attestation`: wallet attestations as client authentication (Appendix E, OAuth
  2.0 Attestation-Based Client Authentication).
- :mod:`.client`: the wallet's helpers.

Errors are in :mod:`standards.errors` (section "OpenID4VCI"); :func:`error_response` turns
one into the JSON error body of §6.3, §8.3.1.2 and §11.3, with its text through
:func:`error_description`.
"""

from standards.oid4vci._base import error_description, error_response
from standards.oid4vci.client_attestation import (
    AUTH_METHOD,
    AttestationPolicy,
    VerifiedClientAttestation,
    client_attestation_headers,
    create_client_attestation_pop,
    verify_client_attestation,
)
from standards.oid4vci.configurations import (
    SD_JWT_VC_FORMAT,
    ClaimDescription,
    ClaimDisplay,
    CredentialConfiguration,
    CredentialDisplay,
    CredentialMetadata,
    Logo,
    ProofTypeMetadata,
)
from standards.oid4vci.credential import (
    CredentialRequest,
    CredentialResponse,
    IssuedCredential,
    NonceResponse,
    Proofs,
)
from standards.oid4vci.metadata import (
    AuthorizationServerMetadata,
    BatchCredentialIssuance,
    CredentialIssuerMetadata,
    IssuerDisplay,
    authorization_server_metadata_url,
    credential_issuer_metadata_url,
)
from standards.oid4vci.notification import NotificationEvent, NotificationRequest
from standards.oid4vci.offer import (
    OFFER_SCHEME,
    PRE_AUTHORIZED_CODE_GRANT,
    CredentialOffer,
    CredentialOfferLink,
    Grants,
    PreAuthorizedCodeGrant,
    TxCode,
    credential_offer_link,
    parse_credential_offer_link,
)
from standards.oid4vci.proofs import (
    PROOF_TYP,
    ProofPolicy,
    VerifiedProof,
    create_proof_jwt,
    verify_proof_jwt,
    verify_proofs,
)
from standards.oid4vci.token import AuthorizationDetail, TokenRequest, TokenResponse

__all__ = [
    "AUTH_METHOD",
    "OFFER_SCHEME",
    "PRE_AUTHORIZED_CODE_GRANT",
    "PROOF_TYP",
    "SD_JWT_VC_FORMAT",
    "AttestationPolicy",
    "AuthorizationDetail",
    "AuthorizationServerMetadata",
    "BatchCredentialIssuance",
    "ClaimDescription",
    "ClaimDisplay",
    "CredentialConfiguration",
    "CredentialDisplay",
    "CredentialIssuerMetadata",
    "CredentialMetadata",
    "CredentialOffer",
    "CredentialOfferLink",
    "CredentialRequest",
    "CredentialResponse",
    "Grants",
    "IssuedCredential",
    "IssuerDisplay",
    "Logo",
    "NonceResponse",
    "NotificationEvent",
    "NotificationRequest",
    "PreAuthorizedCodeGrant",
    "ProofPolicy",
    "ProofTypeMetadata",
    "Proofs",
    "TokenRequest",
    "TokenResponse",
    "TxCode",
    "VerifiedClientAttestation",
    "VerifiedProof",
    "authorization_server_metadata_url",
    "client_attestation_headers",
    "create_client_attestation_pop",
    "create_proof_jwt",
    "credential_issuer_metadata_url",
    "credential_offer_link",
    "error_description",
    "error_response",
    "parse_credential_offer_link",
    "verify_client_attestation",
    "verify_proof_jwt",
    "verify_proofs",
]
