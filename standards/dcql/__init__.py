"""Digital Credentials Query Language, OpenID for Verifiable Presentations 1.0 §6 and §7
(``../shared/specs/openid4vp-1_0.md``).

- :mod:`.query`: the query and its rules (§6.1-§6.3, Appendix B.3.5 ``vct_values``).
- :mod:`.claims`: claims path pointers (§7.1) and claim selection (§6.3, §6.4.1).
- :mod:`.check`: the verifier's own check of what was presented (§8.1, §8.6, §14.9; nothing
  disclosed beyond what was asked, §6.4), and whether a query stays within a relying party's
  registration.
- :mod:`.select`: the wallet's choice of credentials and claims (§6.4).

Errors are in :mod:`standards.errors` (section "DCQL").
"""

from standards.dcql.check import (
    MatchedCredential,
    PresentedCredential,
    Registration,
    check_disclosures,
    check_holder_binding,
    check_presentations,
    check_vp_token_ids,
    check_within_registration,
)
from standards.dcql.claims import ClaimMatch, match_claims, process_claims_path
from standards.dcql.query import (
    SD_JWT_VC_FORMAT,
    ClaimsQuery,
    CredentialQuery,
    CredentialSetQuery,
    DCQLQuery,
    TrustedAuthoritiesQuery,
    claims_path,
)
from standards.dcql.select import Candidate, HeldCredential, Selection, select_credentials

__all__ = [
    "SD_JWT_VC_FORMAT",
    "Candidate",
    "ClaimMatch",
    "ClaimsQuery",
    "CredentialQuery",
    "CredentialSetQuery",
    "DCQLQuery",
    "HeldCredential",
    "MatchedCredential",
    "PresentedCredential",
    "Registration",
    "Selection",
    "TrustedAuthoritiesQuery",
    "check_disclosures",
    "check_holder_binding",
    "check_presentations",
    "check_vp_token_ids",
    "check_within_registration",
    "claims_path",
    "match_claims",
    "process_claims_path",
    "select_credentials",
]
