"""OpenID4VCI 1.0 §12.2 (Credential Issuer Metadata) and §12.3 (OAuth 2.0 Authorization Server
Metadata, RFC 8414), with the well-known URLs they are published at.

The configurations themselves live in :mod:`standards.oid4vci.configurations`. Signed metadata
(§12.2.3) is not used by Regie.
"""

from __future__ import annotations

from typing import Any, Final
from urllib.parse import urlsplit, urlunsplit

from pydantic import (
    BaseModel,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    field_validator,
    model_validator,
)

from standards.errors import (
    AuthorizationServerMetadataInvalid,
    CredentialIssuerMetadataInvalid,
    StandardsError,
    UnknownCredentialConfiguration,
)
from standards.oid4vci._base import WIRE, HttpsUrl, IssuerIdentifier, Message, issuer_identifier
from standards.oid4vci.client_attestation import AUTH_METHOD
from standards.oid4vci.configurations import CredentialConfiguration, Logo, unique_locales

__all__ = [
    "AuthorizationServerMetadata",
    "BatchCredentialIssuance",
    "CredentialIssuerMetadata",
    "IssuerDisplay",
    "authorization_server_metadata_url",
    "credential_issuer_metadata_url",
]

CREDENTIAL_ISSUER_WELL_KNOWN: Final = "/.well-known/openid-credential-issuer"
AUTHORIZATION_SERVER_WELL_KNOWN: Final = "/.well-known/oauth-authorization-server"


def _well_known(identifier: str, suffix: str, error: type[StandardsError]) -> str:
    """Insert ``suffix`` between host and path (a lone ``/`` path counts as none)."""
    try:
        issuer_identifier(identifier)
    except ValueError as exc:
        raise error(str(exc)) from exc
    parts = urlsplit(identifier)
    path = "" if parts.path == "/" else parts.path
    return urlunsplit((parts.scheme, parts.netloc, suffix + path, "", ""))


def credential_issuer_metadata_url(credential_issuer: str) -> str:
    """OpenID4VCI 1.0 §12.2.2: ``https://issuer.example.com/tenant`` is described at
    ``https://issuer.example.com/.well-known/openid-credential-issuer/tenant``."""
    return _well_known(
        credential_issuer, CREDENTIAL_ISSUER_WELL_KNOWN, CredentialIssuerMetadataInvalid
    )


def authorization_server_metadata_url(issuer: str) -> str:
    """RFC 8414 §3.1 (OpenID4VCI 1.0 §12.2.4 ``authorization_servers``): the same insertion
    with ``/.well-known/oauth-authorization-server``."""
    return _well_known(issuer, AUTHORIZATION_SERVER_WELL_KNOWN, AuthorizationServerMetadataInvalid)


class IssuerDisplay(BaseModel):
    """§12.2.4 ``display``: the issuer's name and logo for one locale."""

    model_config = WIRE
    name: StrictStr | None = None
    locale: StrictStr | None = None
    logo: Logo | None = None


class BatchCredentialIssuance(BaseModel):
    """§12.2.4 ``batch_credential_issuance``: the most key proofs one request may carry."""

    model_config = WIRE
    batch_size: StrictInt = Field(ge=2)


class CredentialIssuerMetadata(Message):
    """OpenID4VCI 1.0 §12.2.4: what the issuer publishes at
    :func:`credential_issuer_metadata_url`."""

    invalid = CredentialIssuerMetadataInvalid
    credential_issuer: IssuerIdentifier
    authorization_servers: tuple[StrictStr, ...] | None = Field(default=None, min_length=1)
    credential_endpoint: HttpsUrl
    nonce_endpoint: HttpsUrl | None = None
    deferred_credential_endpoint: HttpsUrl | None = None
    notification_endpoint: HttpsUrl | None = None
    credential_request_encryption: dict[str, Any] | None = None
    credential_response_encryption: dict[str, Any] | None = None
    batch_credential_issuance: BatchCredentialIssuance | None = None
    display: tuple[IssuerDisplay, ...] | None = Field(default=None, min_length=1)
    credential_configurations_supported: dict[str, CredentialConfiguration]

    _locales = field_validator("display")(unique_locales)

    @classmethod
    def parse(cls, data: Any, *, expected_issuer: str | None = None) -> CredentialIssuerMetadata:
        """§12.2.4: with ``expected_issuer`` (the identifier the URL was built from),
        ``credential_issuer`` must be identical, "simple string comparison with no
        normalization", or the document MUST NOT be used."""
        metadata = super().parse(data)
        if expected_issuer is not None and metadata.credential_issuer != expected_issuer:
            raise CredentialIssuerMetadataInvalid(
                "credential_issuer is not the identifier the metadata was fetched for"
            )
        return metadata

    @property
    def batch_size(self) -> int:
        """§12.2.4: how many key proofs one Credential Request may carry (1 without batches)."""
        batch = self.batch_credential_issuance
        return batch.batch_size if batch is not None else 1

    @property
    def authorization_server_ids(self) -> tuple[str, ...]:
        """§12.2.4: without ``authorization_servers`` the issuer is its own server."""
        return self.authorization_servers or (self.credential_issuer,)

    def configuration(self, configuration_id: str) -> CredentialConfiguration:
        """§8.3.1.2: the named configuration, or ``unknown_credential_configuration``."""
        configuration = self.credential_configurations_supported.get(configuration_id)
        if configuration is None:
            raise UnknownCredentialConfiguration(f"no configuration {configuration_id!r}")
        return configuration


class AuthorizationServerMetadata(Message):
    """RFC 8414 §2 (the subset Regie uses) with OpenID4VCI 1.0 §12.3. A server with only the
    Pre-Authorized Code grant may omit ``response_types_supported`` (§12.2.4)."""

    invalid = AuthorizationServerMetadataInvalid
    issuer: IssuerIdentifier
    token_endpoint: HttpsUrl
    grant_types_supported: tuple[StrictStr, ...] | None = Field(default=None, min_length=1)
    response_types_supported: tuple[StrictStr, ...] | None = None
    pre_authorized_grant_anonymous_access_supported: StrictBool = Field(
        default=False,
        validation_alias="pre-authorized_grant_anonymous_access_supported",
        serialization_alias="pre-authorized_grant_anonymous_access_supported",
    )
    token_endpoint_auth_methods_supported: tuple[StrictStr, ...] | None = Field(
        default=None, min_length=1
    )
    """RFC 8414 §2; ``attest_jwt_client_auth`` for wallet attestations (Attestation-Based Client
    Authentication §10.1), ``none`` where a request may come without client authentication."""
    client_attestation_signing_alg_values_supported: tuple[StrictStr, ...] | None = Field(
        default=None, min_length=1
    )
    client_attestation_pop_signing_alg_values_supported: tuple[StrictStr, ...] | None = Field(
        default=None, min_length=1
    )
    """Attestation-Based Client Authentication §10.1: both MUST be present with
    ``attest_jwt_client_auth``."""

    @model_validator(mode="after")
    def _attestation_algorithms(self) -> AuthorizationServerMetadata:
        """Attestation-Based Client Authentication §10.1: listing ``attest_jwt_client_auth``
        requires both algorithm lists."""
        methods = self.token_endpoint_auth_methods_supported or ()
        if AUTH_METHOD in methods and not (
            self.client_attestation_signing_alg_values_supported
            and self.client_attestation_pop_signing_alg_values_supported
        ):
            raise ValueError(f"{AUTH_METHOD} needs the client attestation algorithm lists")
        return self

    @property
    def attestation_required(self) -> bool:
        """The server authenticates wallets only by attestation: it lists
        ``attest_jwt_client_auth`` and not ``none`` (RFC 7591 §2, a public client)."""
        methods = self.token_endpoint_auth_methods_supported or ()
        return AUTH_METHOD in methods and "none" not in methods

    @classmethod
    def parse(cls, data: Any, *, expected_issuer: str | None = None) -> AuthorizationServerMetadata:
        """RFC 8414 §3.3: ``issuer`` identical to the identifier the URL was built from."""
        metadata = super().parse(data)
        if expected_issuer is not None and metadata.issuer != expected_issuer:
            raise AuthorizationServerMetadataInvalid(
                "issuer is not the identifier the metadata was fetched for"
            )
        return metadata
