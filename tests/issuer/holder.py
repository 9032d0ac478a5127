"""A Python test holder: a wallet in a few lines, speaking OpenID4VCI over HTTP with the
project's own ``standards`` code. Tests of the issuer (and later the verifier) use it."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from standards.jose import PrivateKey
from standards.oid4vci import CredentialIssuerMetadata, CredentialOffer, parse_credential_offer_link
from standards.oid4vci.client import (
    credential_request_body,
    issued_credentials,
    pre_authorized_code_grant,
    token_request_form,
)
from standards.sd_jwt_vc import (
    JwtVcIssuerMetadata,
    TrustedIssuers,
    VerifiedCredential,
    verify_credential,
)

__all__ = ["HeldCredential", "HttpClient", "TestHolder"]


HttpClient = httpx.Client
"""An HTTP client on the issuer's origin: httpx itself, or Litestar's TestClient (a subclass)."""


@dataclass(frozen=True)
class HeldCredential:
    """One credential copy as stored: the SD-JWT VC and the device key it is bound to."""

    compact: str
    key: PrivateKey
    verified: VerifiedCredential


@dataclass
class TestHolder:
    """Receives credentials as a wallet would; ``path`` strips the issuer's origin for
    in-process clients (TestClient speaks paths)."""

    __test__ = False  # not a pytest test class

    client: HttpClient
    issuer: str
    now: Any = field(default=time.time)
    credentials: list[HeldCredential] = field(default_factory=list)
    notification_ids: list[str] = field(default_factory=list)

    def path(self, url: str) -> str:
        return url.removeprefix(self.issuer) or "/"

    def fetch_offer(self, offer_uri: str) -> CredentialOffer:
        link = parse_credential_offer_link(
            f"openid-credential-offer://?credential_offer_uri={offer_uri}"
        )
        assert link.offer_uri is not None
        response = self.client.get(self.path(link.offer_uri))
        assert response.status_code == 200, response.text
        return CredentialOffer.parse(response.json())

    def metadata(self) -> CredentialIssuerMetadata:
        response = self.client.get("/.well-known/openid-credential-issuer")
        return CredentialIssuerMetadata.parse(response.json(), expected_issuer=self.issuer)

    def trusted_issuers(self) -> TrustedIssuers:
        document = self.client.get("/.well-known/jwt-vc-issuer").json()
        metadata = JwtVcIssuerMetadata.parse(document, expected_issuer=self.issuer)
        return TrustedIssuers(metadata={self.issuer: metadata})

    def redeem(
        self,
        offer: CredentialOffer,
        tx_code: str | None,
        *,
        headers: Mapping[str, str] | None = None,
    ) -> Any:
        """§6: the token response (the raw HTTP response, so tests can see errors); ``headers``
        may carry a wallet attestation and its PoP (Appendix E)."""
        form = token_request_form(pre_authorized_code_grant(offer), tx_code=tx_code)
        return self.client.post("/token", data=form, headers=headers)

    def nonce(self) -> str:
        response = self.client.post("/nonce")
        assert response.status_code == 200, response.text
        return str(response.json()["c_nonce"])

    def request_credential(
        self,
        access_token: str,
        configuration_id: str,
        keys: list[PrivateKey],
        *,
        nonce: str,
        client_id: str | None = None,
    ) -> Any:
        """§8.2, one key proof per key; ``client_id`` becomes their ``iss`` (Appendix F.1: only
        after an attested token request, never after anonymous access)."""
        body = credential_request_body(
            holder_keys=keys,
            audience=self.issuer,
            nonce=nonce,
            issued_at=int(self.now()),
            credential_configuration_id=configuration_id,
            client_id=client_id,
        )
        return self.client.post(
            "/credential", json=body, headers={"Authorization": f"Bearer {access_token}"}
        )

    def receive(self, offer_uri: str, tx_code: str, *, copies: int = 1) -> list[HeldCredential]:
        """The whole flow: offer → metadata → token → nonce → credential → verify → store."""
        offer = self.fetch_offer(offer_uri)
        metadata = self.metadata()
        token = self.redeem(offer, tx_code)
        assert token.status_code == 200, token.text
        access_token = token.json()["access_token"]
        trusted = self.trusted_issuers()
        received: list[HeldCredential] = []
        for configuration_id in offer.credential_configuration_ids:
            assert configuration_id in metadata.credential_configurations_supported
            keys = [PrivateKey.generate() for _ in range(copies)]
            response = self.request_credential(
                access_token, configuration_id, keys, nonce=self.nonce()
            )
            assert response.status_code == 200, response.text
            self.notification_ids.append(response.json()["notification_id"])
            for compact, key in zip(issued_credentials(response.json()), keys, strict=True):
                verified = verify_credential(compact, issuer_key=trusted.resolve, now=self.now)
                assert verified.holder_key is not None
                assert verified.holder_key.thumbprint() == key.public.thumbprint()
                received.append(HeldCredential(compact, key, verified))
        self.credentials.extend(received)
        return received
