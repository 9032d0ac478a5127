"""RFC 9901 Selective Disclosure for JSON Web Tokens (SD-JWT).

- :mod:`.disclosures`: Disclosures and their digests (§4.2).
- :mod:`.serialization`: the compact ``<JWT>~<D1>~…~<KB-JWT>`` form (§4).
- :mod:`.issue`: the Issuer's side (§4.1, §4.2): salts, digests, decoys, recursion.
- :mod:`.verify`: the checks of §7.1 (SD-JWT) and §7.3 (verifier, Key Binding), in order.
- :mod:`.present`: the Holder's side (§7.2): choosing Disclosures, the KB-JWT (§4.3).
"""

from standards.sd_jwt.disclosures import HASH_ALGORITHMS, ClaimPath, Disclosure
from standards.sd_jwt.issue import IssuedSDJWT, SDJWTTemplate, issue_sd_jwt, prepare_sd_jwt
from standards.sd_jwt.present import create_presentation, select_disclosures
from standards.sd_jwt.serialization import SDJWTParts, split_sd_jwt
from standards.sd_jwt.verify import (
    KB_JWT_TYP,
    KeyBindingPolicy,
    Limits,
    VerifiedKeyBinding,
    VerifiedSDJWT,
    verify_issuance,
    verify_presentation,
)

__all__ = [
    "HASH_ALGORITHMS",
    "KB_JWT_TYP",
    "ClaimPath",
    "Disclosure",
    "IssuedSDJWT",
    "KeyBindingPolicy",
    "Limits",
    "SDJWTParts",
    "SDJWTTemplate",
    "VerifiedKeyBinding",
    "VerifiedSDJWT",
    "create_presentation",
    "issue_sd_jwt",
    "prepare_sd_jwt",
    "select_disclosures",
    "split_sd_jwt",
    "verify_issuance",
    "verify_presentation",
]
