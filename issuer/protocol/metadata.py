"""Discovery documents: Credential Issuer Metadata (OpenID4VCI §12.2), Authorization Server
Metadata (RFC 8414, OpenID4VCI §12.3), JWT VC Issuer Metadata (SD-JWT VC §4) and Type
Metadata per ``vct`` (SD-JWT VC §5)."""

from __future__ import annotations

from typing import Any

from litestar import Response, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath

from issuer.credentials import CATALOGUE, CredentialType
from issuer.state import Issuer
from standards.oid4vci import (
    PRE_AUTHORIZED_CODE_GRANT,
    SD_JWT_VC_FORMAT,
    AuthorizationServerMetadata,
    CredentialIssuerMetadata,
)

__all__ = ["metadata_handlers"]

PUBLIC_CACHE = {"Cache-Control": "public, max-age=300"}


def _configuration(credential: CredentialType, public_url: str) -> dict[str, Any]:
    """§12.2.4 with Appendix A.3.2: one ``dc+sd-jwt`` configuration, names from its metadata."""
    metadata = credential.metadata
    return {
        "format": SD_JWT_VC_FORMAT,
        "scope": credential.configuration_id,
        "vct": credential.vct,
        "cryptographic_binding_methods_supported": ["jwk"],
        "credential_signing_alg_values_supported": ["ES256"],
        "proof_types_supported": {"jwt": {"proof_signing_alg_values_supported": ["ES256"]}},
        "credential_metadata": {
            "display": [
                {"name": d.name, "locale": d.locale, "description": d.description}
                for d in metadata.display
            ],
            "claims": [
                {
                    "path": list(c.path),
                    "display": [{"name": d.label, "locale": d.locale} for d in c.display],
                }
                for c in metadata.claims
            ],
        },
        "type_metadata_uri": f"{public_url}/type-metadata/{credential.configuration_id}",
    }


def issuer_metadata(issuer: Issuer) -> CredentialIssuerMetadata:
    base = issuer.settings.public_url
    return CredentialIssuerMetadata.parse(
        {
            "credential_issuer": base,
            "credential_endpoint": f"{base}/credential",
            "nonce_endpoint": f"{base}/nonce",
            "notification_endpoint": f"{base}/notification",
            "batch_credential_issuance": {"batch_size": issuer.settings.batch_size}
            if issuer.settings.batch_size > 1
            else None,
            "display": [
                {"name": issuer.settings.municipality_name, "locale": "nl"},
                {"name": issuer.settings.municipality_name, "locale": "en"},
            ],
            "credential_configurations_supported": {
                t.configuration_id: _configuration(t, base) for t in CATALOGUE.values()
            },
        },
        expected_issuer=base,
    )


@get("/.well-known/openid-credential-issuer", sync_to_thread=False)
def credential_issuer_metadata(issuer: Issuer) -> Response[dict[str, Any]]:
    """OpenID4VCI §12.2.2: the Credential Issuer Metadata, unsigned, as JSON."""
    return Response(issuer_metadata(issuer).to_json(), headers=PUBLIC_CACHE)


@get("/.well-known/oauth-authorization-server", sync_to_thread=False)
def authorization_server_metadata(issuer: Issuer) -> Response[dict[str, Any]]:
    """RFC 8414 §3 with OpenID4VCI §12.3: the issuer is its own Authorization Server; wallet
    attestation as client authentication where configured (Attestation-Based Client
    Authentication §10.1)."""
    base = issuer.settings.public_url
    document = AuthorizationServerMetadata.parse(
        {
            "issuer": base,
            "token_endpoint": f"{base}/token",
            "grant_types_supported": [PRE_AUTHORIZED_CODE_GRANT],
            **issuer.attestations.metadata(),
        },
        expected_issuer=base,
    )
    return Response(document.to_json(), headers=PUBLIC_CACHE)


@get("/.well-known/jwt-vc-issuer", sync_to_thread=False)
def jwt_vc_issuer_metadata(issuer: Issuer) -> Response[dict[str, Any]]:
    """SD-JWT VC §4.2: the issuer's keys by value (``jwks``), for verifiers and wallets."""
    jwks = issuer.keys.jwks(issuer.clock())
    return Response({"issuer": issuer.settings.public_url, "jwks": jwks}, headers=PUBLIC_CACHE)


@get("/type-metadata/{configuration_id:str}", sync_to_thread=False)
def type_metadata(configuration_id: FromPath[str]) -> Response[dict[str, Any]]:
    """SD-JWT VC §5: the Type Metadata document of one credential type (names in nl and en)."""
    credential = CATALOGUE.get(configuration_id)
    if credential is None:
        raise NotFoundException("no such credential type")
    return Response(credential.metadata.to_document(), headers=PUBLIC_CACHE)


metadata_handlers = [
    credential_issuer_metadata,
    authorization_server_metadata,
    jwt_vc_issuer_metadata,
    type_metadata,
]
