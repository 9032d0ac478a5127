"""SD-JWT-based Verifiable Digital Credentials (SD-JWT VC, IETF draft; ``typ dc+sd-jwt``).

- :mod:`.credential`: issuing and verifying SD-JWT VCs (§2), on top of :mod:`standards.sd_jwt`.
- :mod:`.issuer_keys`: issuer key discovery (§2.5): JWT VC Issuer Metadata (§4) and x5c.
- :mod:`.type_metadata`: Type Metadata documents (§5) with display names per language.
"""

from standards.sd_jwt_vc.credential import (
    PROTECTED_CLAIMS,
    SD_JWT_VC_TYP,
    CredentialTemplate,
    VerifiedCredential,
    issue_credential,
    prepare_credential,
    verify_credential,
    verify_credential_presentation,
)
from standards.sd_jwt_vc.issuer_keys import (
    JwtVcIssuerMetadata,
    TrustedIssuers,
    jwt_vc_issuer_metadata_url,
)
from standards.sd_jwt_vc.type_metadata import ClaimMetadata, TypeMetadata

__all__ = [
    "PROTECTED_CLAIMS",
    "SD_JWT_VC_TYP",
    "ClaimMetadata",
    "CredentialTemplate",
    "JwtVcIssuerMetadata",
    "TrustedIssuers",
    "TypeMetadata",
    "VerifiedCredential",
    "issue_credential",
    "jwt_vc_issuer_metadata_url",
    "prepare_credential",
    "verify_credential",
    "verify_credential_presentation",
]
