"""OpenID for Verifiable Presentations 1.0 (``../shared/specs/openid4vp-1_0.md``), as Regie
uses it with HAIP 1.0 §5 as a hardening checklist: signed requests by reference, ``x509_hash``
or ``x509_san_dns`` client ids, DCQL, SD-JWT VC presentations with Key Binding, responses
encrypted with ``direct_post.jwt``.

- :mod:`.client_id`: Client Identifier Prefixes (§5.9).
- :mod:`.request`: the Request Object (§5, RFC 9101): made by the verifier, verified by the
  wallet.
- :mod:`.link`: the ``openid4vp://`` link (§5) and the POST to the Request URI (§5.10).
- :mod:`.response`: the Authorization Response (§8.1-§8.3), errors (§8.5), the Response
  URI's answer (§8.2).
- :mod:`.presentation`: verifying (and making) SD-JWT VC presentations and the VP Token
  (Appendix B.3.6, §8.6).

DCQL is :mod:`standards.dcql`, JWE :mod:`standards.jose`; errors are in
:mod:`standards.errors` (sections "OpenID4VP", "DCQL" and the JWE part of "JOSE").
"""

from standards.oid4vci._base import error_response
from standards.oid4vp.client_id import (
    SUPPORTED_PREFIXES,
    X509_HASH,
    X509_SAN_DNS,
    ClientId,
    check_client_id_certificate,
    client_id_for,
    parse_client_id,
    x509_hash,
)
from standards.oid4vp.link import (
    OPENID4VP_SCHEME,
    RequestLink,
    RequestUriPost,
    authorization_request_link,
    parse_authorization_request_link,
    parse_request_uri_post,
    request_uri_post_form,
)
from standards.oid4vp.presentation import (
    VerifiedVpToken,
    present_credential,
    verify_presentation,
    verify_vp_token,
)
from standards.oid4vp.request import (
    DIRECT_POST,
    DIRECT_POST_JWT,
    REQUEST_OBJECT_MEDIA_TYPE,
    REQUEST_OBJECT_TYP,
    SELF_ISSUED_AUDIENCE,
    VP_FORMATS_SUPPORTED,
    AuthorizationRequest,
    ClientMetadata,
    VerifiedRequest,
    authorization_request,
    create_request_object,
    new_nonce,
    verify_request_object,
)
from standards.oid4vp.response import (
    AuthorizationErrorResponse,
    AuthorizationResponse,
    VerifierResponse,
    direct_post_form,
    direct_post_jwt_form,
    error_response_form,
    parse_authorization_response,
    parse_vp_token,
    select_encryption,
)

__all__ = [
    "DIRECT_POST",
    "DIRECT_POST_JWT",
    "OPENID4VP_SCHEME",
    "REQUEST_OBJECT_MEDIA_TYPE",
    "REQUEST_OBJECT_TYP",
    "SELF_ISSUED_AUDIENCE",
    "SUPPORTED_PREFIXES",
    "VP_FORMATS_SUPPORTED",
    "X509_HASH",
    "X509_SAN_DNS",
    "AuthorizationErrorResponse",
    "AuthorizationRequest",
    "AuthorizationResponse",
    "ClientId",
    "ClientMetadata",
    "RequestLink",
    "RequestUriPost",
    "VerifiedRequest",
    "VerifiedVpToken",
    "VerifierResponse",
    "authorization_request",
    "authorization_request_link",
    "check_client_id_certificate",
    "client_id_for",
    "create_request_object",
    "direct_post_form",
    "direct_post_jwt_form",
    "error_response",
    "error_response_form",
    "new_nonce",
    "parse_authorization_request_link",
    "parse_authorization_response",
    "parse_client_id",
    "parse_request_uri_post",
    "parse_vp_token",
    "present_credential",
    "request_uri_post_form",
    "select_encryption",
    "verify_presentation",
    "verify_request_object",
    "verify_vp_token",
    "x509_hash",
]
