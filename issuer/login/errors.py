"""Why a login failed: one class per failed check, each naming what the resident is told.

``code`` is a stable machine code for logs and tests; ``message`` is the key of the text the
resident sees (in :mod:`issuer.web`'s message catalogue). Most failures share one message:
a resident cannot act on "the ID token's audience was wrong", only on "try again".
"""

from __future__ import annotations

from typing import ClassVar

__all__ = [
    "BsnInvalid",
    "BsnMissing",
    "IdTokenAudienceMismatch",
    "IdTokenExpired",
    "IdTokenIatInvalid",
    "IdTokenInvalid",
    "IdTokenIssuerMismatch",
    "IdTokenMalformed",
    "IdTokenNonceMismatch",
    "IdTokenSignatureInvalid",
    "LoginCancelled",
    "LoginExpired",
    "LoginFailed",
    "ProviderError",
    "ProviderMetadataInvalid",
    "ProviderUnavailable",
    "ResponseIssuerMismatch",
    "StateMismatch",
    "TokenRequestRefused",
]


class LoginFailed(Exception):
    """The root: the resident is not logged in, and ``message`` says what to tell them."""

    code: ClassVar[str] = "login_failed"
    message: ClassVar[str] = "login.failed"
    status_code: ClassVar[int] = 400


class ProviderUnavailable(LoginFailed):
    """The provider could not be reached, or answered with a server error."""

    code = "provider_unavailable"
    message = "login.unavailable"
    status_code = 503


class ProviderMetadataInvalid(LoginFailed):
    """OpenID Connect Discovery 1.0 §4.3: the metadata is unusable or names another issuer."""

    code = "provider_metadata_invalid"
    message = "login.unavailable"
    status_code = 503


class LoginCancelled(LoginFailed):
    """RFC 6749 §4.1.2.1 ``access_denied``: the resident (or the provider) stopped the login."""

    code = "login_cancelled"
    message = "login.cancelled"


class ProviderError(LoginFailed):
    """RFC 6749 §4.1.2.1: the provider answered the authorization request with another error."""

    code = "provider_error"


class LoginExpired(LoginFailed):
    """No login was started in this browser, or it was started too long ago."""

    code = "login_expired"
    message = "login.expired"


class StateMismatch(LoginFailed):
    """RFC 6749 §10.12: the ``state`` that came back is not the one this browser sent."""

    code = "state_mismatch"


class ResponseIssuerMismatch(LoginFailed):
    """RFC 9207 §2.4: the authorization response's ``iss`` is not the provider we asked."""

    code = "response_issuer_mismatch"


class TokenRequestRefused(LoginFailed):
    """RFC 6749 §5.2: the token endpoint refused the code (used, expired, wrong verifier)."""

    code = "token_request_refused"


class IdTokenInvalid(LoginFailed):
    """OpenID Connect Core 1.0 §3.1.3.7: the ID token failed a check."""

    code = "id_token_invalid"


class IdTokenMalformed(IdTokenInvalid):
    """Not a compact JWS with a JSON object as payload, or a required claim is missing."""

    code = "id_token_malformed"


class IdTokenSignatureInvalid(IdTokenInvalid):
    """§3.1.3.7 step 6: the signature does not verify with a key of the provider's JWKS."""

    code = "id_token_signature_invalid"


class IdTokenIssuerMismatch(IdTokenInvalid):
    """§3.1.3.7 step 2: ``iss`` is not exactly the provider's issuer identifier."""

    code = "id_token_issuer_mismatch"


class IdTokenAudienceMismatch(IdTokenInvalid):
    """§3.1.3.7 steps 3-5: ``aud`` does not hold our client_id (or ``azp`` names another)."""

    code = "id_token_audience_mismatch"


class IdTokenExpired(IdTokenInvalid):
    """§3.1.3.7 step 9: the current time is after ``exp``."""

    code = "id_token_expired"


class IdTokenIatInvalid(IdTokenInvalid):
    """§3.1.3.7 step 10: ``iat`` is too far in the past or lies in the future."""

    code = "id_token_iat_invalid"


class IdTokenNonceMismatch(IdTokenInvalid):
    """§3.1.3.7 step 11: ``nonce`` is not the one this browser's login sent."""

    code = "id_token_nonce_mismatch"


class BsnMissing(LoginFailed):
    """The ID token has no BSN in the configured claim (``ISSUER_OIDC_BSN_CLAIM``)."""

    code = "bsn_missing"


class BsnInvalid(LoginFailed):
    """The BSN in the ID token fails the 11-test."""

    code = "bsn_invalid"
