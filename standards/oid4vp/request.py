"""OpenID4VP 1.0 §5 (Authorization Request) as a signed Request Object (RFC 9101, JAR),
made by the verifier and verified by the wallet.

Regie follows HAIP 1.0 §5 and §5.1 where it narrows the choices: ``response_type``
``vp_token``, signed with ES256 by a certificate in ``x5c`` (no trust anchor in it), a Client
Identifier with the ``x509_hash`` or ``x509_san_dns`` prefix, a DCQL query, and the response
encrypted (``direct_post.jwt``) to a fresh ``ECDH-ES`` P-256 key per request; ``direct_post``
stays as a configurable fallback.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Annotated, Any, Final, Literal, NamedTuple, Self

from cryptography import x509
from pydantic import AfterValidator, BaseModel, Field, StrictInt, StrictStr, model_validator

from standards.dcql import SD_JWT_VC_FORMAT, DCQLQuery
from standards.errors import (
    ClientIdMismatch,
    InvalidTransactionData,
    RequestObjectInvalid,
    ResponseUriNotAllowed,
    TokenExpired,
    TokenNotYetValid,
    WalletNonceMismatch,
)
from standards.jose import (
    DEFAULT_ALGORITHMS,
    JWE_ENCRYPTIONS,
    MAX_JWS_SIZE,
    EncryptionKey,
    PrivateKey,
    b64url_encode,
    sign_jws,
    verify_jws,
    x5c_key_resolver,
)
from standards.oid4vci._base import WIRE, HttpsUrl, Message
from standards.oid4vp.client_id import (
    X509_SAN_DNS,
    ClientId,
    check_client_id_certificate,
    parse_client_id,
)
from standards.urls import split_url

__all__ = [
    "DIRECT_POST",
    "DIRECT_POST_JWT",
    "MIN_NONCE_BYTES",
    "REQUEST_OBJECT_MEDIA_TYPE",
    "REQUEST_OBJECT_TYP",
    "SELF_ISSUED_AUDIENCE",
    "VP_FORMATS_SUPPORTED",
    "AuthorizationRequest",
    "ClientMetadata",
    "VerifiedRequest",
    "authorization_request",
    "create_request_object",
    "new_nonce",
    "verify_request_object",
]

REQUEST_OBJECT_TYP: Final = "oauth-authz-req+jwt"
"""§5 and RFC 9101 §10.8: the Request Object's ``typ``; wallets refuse any other."""
REQUEST_OBJECT_MEDIA_TYPE: Final = "application/oauth-authz-req+jwt"
"""§5.10.1: the content type of the Request URI response (and the POST's ``Accept``)."""
SELF_ISSUED_AUDIENCE: Final = "https://self-issued.me/v2"
"""§5.8: the Request Object's ``aud`` with static discovery (``openid4vp://``)."""
DIRECT_POST: Final = "direct_post"
DIRECT_POST_JWT: Final = "direct_post.jwt"
MIN_NONCE_BYTES: Final = 16
"""§5.2 and §13.3 step (1): at least 16 fresh random bytes (128 bits)."""
VP_FORMATS_SUPPORTED: Final = {
    SD_JWT_VC_FORMAT: {"sd-jwt_alg_values": ["ES256"], "kb-jwt_alg_values": ["ES256"]}
}
"""§11.1 and Appendix B.3.4: what Regie's verifier accepts (HAIP 1.0 §7: ES256)."""
_URL_SAFE: Final = re.compile(r"[A-Za-z0-9._~-]+")
"""§5.2: ``nonce`` and ``state`` hold only ASCII URL safe characters."""
DEFAULT_LIFETIME: Final = 300
"""Seconds a Request Object stays valid (``exp - iat``)."""
CLOCK_SKEW: Final = 60


def _url_safe(value: str) -> str:
    if _URL_SAFE.fullmatch(value) is None:
        raise ValueError("only ASCII URL safe characters are allowed (§5.2)")
    return value


UrlSafe = Annotated[StrictStr, AfterValidator(_url_safe)]


def new_nonce(random: Callable[[int], bytes] = secrets.token_bytes, size: int = 32) -> str:
    """§5.2: a fresh, cryptographically random ``nonce`` (or ``state``), base64url."""
    if size < MIN_NONCE_BYTES:
        raise ValueError(f"a nonce has at least {MIN_NONCE_BYTES} random bytes")
    return b64url_encode(random(size))


class ClientMetadata(BaseModel):
    """§5.1 ``client_metadata``: the response encryption keys and ``enc`` values (§8.3), and
    ``vp_formats_supported`` (§11.1). Other members are ignored (§5.1)."""

    model_config = WIRE
    jwks: dict[str, Any] | None = None
    encrypted_response_enc_values_supported: tuple[StrictStr, ...] | None = Field(
        default=None, min_length=1
    )
    vp_formats_supported: dict[str, Any] | None = None

    @model_validator(mode="after")
    def _keys(self) -> Self:
        if self.jwks is None:
            return self
        keys = self.jwks.get("keys")
        if not isinstance(keys, list) or not keys or not all(isinstance(k, dict) for k in keys):
            raise ValueError("jwks.keys is a non-empty array of JWKs")
        kids = [k.get("kid") for k in keys]
        if not all(isinstance(kid, str) for kid in kids) or len(set(kids)) != len(kids):
            raise ValueError("each JWK in jwks has a kid, unique within the request (§5.1)")
        return self

    @property
    def enc_values(self) -> tuple[str, ...]:
        """§8.3: the offered ``enc`` values, ``A128GCM`` when absent."""
        return self.encrypted_response_enc_values_supported or ("A128GCM",)


class AuthorizationRequest(Message):
    """§5 (with §8.2 and §8.3.1): the parameters of a Request Object, as Regie uses them."""

    invalid = RequestObjectInvalid
    client_id: StrictStr = Field(min_length=1)
    response_type: Literal["vp_token"]
    response_mode: Literal["direct_post", "direct_post.jwt"]
    response_uri: HttpsUrl
    nonce: UrlSafe
    state: UrlSafe | None = None
    dcql_query: DCQLQuery
    client_metadata: ClientMetadata | None = None
    aud: Literal["https://self-issued.me/v2"]
    iat: StrictInt | None = None
    exp: StrictInt
    wallet_nonce: StrictStr | None = None

    @model_validator(mode="before")
    @classmethod
    def _refused(cls, data: Any) -> Any:
        if isinstance(data, Mapping):
            if "transaction_data" in data:  # §5.1: "MUST reject requests that contain it"
                raise InvalidTransactionData("Regie supports no transaction data type")
            if "redirect_uri" in data:  # §8.2: not with response_uri
                raise ResponseUriNotAllowed("redirect_uri is not sent with direct_post")
            if "scope" in data:  # §5.1: dcql_query or scope, never both
                raise RequestObjectInvalid("scope is not sent with dcql_query")
        return data

    @model_validator(mode="after")
    def _encryption(self) -> Self:
        if self.response_mode == DIRECT_POST_JWT and (
            self.client_metadata is None or self.client_metadata.jwks is None
        ):
            raise ValueError("direct_post.jwt needs client_metadata.jwks (§8.3)")
        return self


def authorization_request(
    *,
    client_id: str,
    response_uri: str,
    dcql_query: DCQLQuery,
    nonce: str,
    state: str,
    issued_at: int,
    encryption_key: EncryptionKey | None,
    encryptions: Sequence[str] = JWE_ENCRYPTIONS,
    lifetime: int = DEFAULT_LIFETIME,
    wallet_nonce: str | None = None,
    verifier_info: Sequence[Mapping[str, Any]] = (),
) -> AuthorizationRequest:
    """The verifier's request (§5): ``direct_post.jwt`` with ``encryption_key`` (HAIP 1.0 §5:
    fresh per request, both ``enc`` values listed), ``direct_post`` without one; with
    ``verifier_info`` (§5.1: attestations about the verifier that may "enrich the End-User
    consent dialog", each ``{format, data}``), signed with the rest of the Request Object."""
    if len(nonce) * 6 < MIN_NONCE_BYTES * 8 or len(state) * 6 < MIN_NONCE_BYTES * 8:
        raise RequestObjectInvalid("nonce and state carry at least 128 bits (§5.2, §5.3)")
    metadata: dict[str, Any] = {"vp_formats_supported": VP_FORMATS_SUPPORTED}
    if encryption_key is not None:
        metadata["jwks"] = {"keys": [encryption_key.public_jwk()]}
        metadata["encrypted_response_enc_values_supported"] = list(encryptions)
    return AuthorizationRequest.parse(
        {
            "client_id": client_id,
            "response_type": "vp_token",
            "response_mode": DIRECT_POST_JWT if encryption_key is not None else DIRECT_POST,
            "response_uri": response_uri,
            "nonce": nonce,
            "state": state,
            "dcql_query": dcql_query.to_json(),
            "client_metadata": metadata,
            "aud": SELF_ISSUED_AUDIENCE,
            "iat": issued_at,
            "exp": issued_at + lifetime,
            **({"wallet_nonce": wallet_nonce} if wallet_nonce is not None else {}),
            **({"verifier_info": [dict(info) for info in verifier_info]} if verifier_info else {}),
        }
    )


def create_request_object(
    request: AuthorizationRequest, key: PrivateKey, x5c: Sequence[str]
) -> str:
    """§5 and RFC 9101 §4: the signed Request Object, ``typ oauth-authz-req+jwt``, the
    certificate chain in ``x5c`` (leaf first, no trust anchor: HAIP 1.0 §5)."""
    return sign_jws(
        request.to_json(),
        key,
        typ=REQUEST_OBJECT_TYP,
        headers={"x5c": list(x5c)},
        include_kid=False,
    )


class VerifiedRequest(NamedTuple):
    """A Request Object that passed every check; ``certificate`` says who asks (§5.9.3)."""

    request: AuthorizationRequest
    client_id: ClientId
    certificate: x509.Certificate


def verify_request_object(
    token: str,
    *,
    client_id: str,
    trust_anchors: Sequence[x509.Certificate],
    now: float,
    wallet_nonce: str | None = None,
    algorithms: Collection[str] = DEFAULT_ALGORITHMS,
    max_size: int = MAX_JWS_SIZE,
) -> VerifiedRequest:
    """The wallet's checks of a Request Object fetched from ``request_uri`` (§5.10.1).

    In order: ``typ`` ``oauth-authz-req+jwt`` and ES256 (§5, HAIP 1.0 §7), the ``x5c``
    chain to one of ``trust_anchors`` and the signature by its leaf (§5.9.3), the parameters
    (§5: ``response_type``, ``response_mode``, ``aud`` §5.8, ``nonce``, ``dcql_query``
    §6, no ``transaction_data``), ``exp`` and ``iat`` at ``now``, the ``client_id`` equal
    to the link's (§5.10.1) with a supported prefix naming the leaf (§5.9.3), the
    ``response_uri`` host for ``x509_san_dns`` (§5.9.3, §8.2), and ``wallet_nonce``
    (§5.10.1) when the wallet posted one. ``iss`` is ignored (§5).
    """
    found: list[x509.Certificate] = []
    parsed = verify_jws(
        token,
        x5c_key_resolver(trust_anchors, at=now, found=found, what="the Request Object"),
        typ=REQUEST_OBJECT_TYP,
        algorithms=algorithms,
        max_size=max_size,
        what="the Request Object",
    )
    request = AuthorizationRequest.parse(parsed.payload)
    if now >= request.exp + CLOCK_SKEW:
        raise TokenExpired("the Request Object has expired")
    if request.iat is not None and request.iat > now + CLOCK_SKEW:
        raise TokenNotYetValid("the Request Object is dated in the future")
    if request.client_id != client_id:
        raise ClientIdMismatch("the Request Object's client_id is not the link's")
    prefixed = parse_client_id(request.client_id)
    check_client_id_certificate(prefixed, found[0])
    if prefixed.prefix == X509_SAN_DNS:
        parts = split_url(request.response_uri)
        if parts is None or parts.hostname != prefixed.original:
            raise ResponseUriNotAllowed("the response_uri is not on the client id's host")
    if wallet_nonce is not None and request.wallet_nonce != wallet_nonce:
        raise WalletNonceMismatch("the Request Object lacks the wallet_nonce that was posted")
    return VerifiedRequest(request, prefixed, found[0])
