"""A Python test wallet for OpenID4VP: follows a link, fetches and verifies the Request
Object, chooses credentials with DCQL, presents them with Key Binding, and posts the response
(``direct_post.jwt`` or ``direct_post``). Each step can be altered by a test."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import httpx
from cryptography import x509
from litestar.testing import TestClient

from standards.oid4vp import (
    DIRECT_POST_JWT,
    VerifiedRequest,
    direct_post_form,
    direct_post_jwt_form,
    parse_authorization_request_link,
    present_credential,
    verify_request_object,
)
from standards.sd_jwt import ClaimPath
from tests.issuer.conftest import Offers
from tests.issuer.holder import HeldCredential, TestHolder
from verifier.state import VerifierState

__all__ = ["TestWallet", "wallet_with_credentials"]

ALL_CREDENTIALS = ["persoonsgegevens", "woonadres", "huishouden"]
WALLET_PRESENT = "/#/present?"
"""Where the same-device button addresses the wallet app; the query after it is the request."""


@dataclass
class TestWallet:
    __test__ = False

    client: httpx.Client
    """The verifier's origin: a Litestar TestClient in-process, or httpx to a worker."""
    origin: str
    anchors: list[x509.Certificate]
    credentials: list[HeldCredential]

    def fetch_request(self, link: str) -> VerifiedRequest:
        if WALLET_PRESENT in link:  # the same-device button opens the wallet app
            link = "openid4vp://?" + link.split(WALLET_PRESENT, 1)[1]
        parsed = parse_authorization_request_link(link)
        path = parsed.request_uri.removeprefix(self.origin)
        if parsed.request_uri_method == "post":
            response = self.client.post(path, data={})
        else:
            response = self.client.get(path)
        assert response.status_code == 200, response.text
        return verify_request_object(
            response.text, client_id=parsed.client_id, trust_anchors=self.anchors, now=time.time()
        )

    def vp_token(
        self, verified: VerifiedRequest, *, nonce: str | None = None, aud: str | None = None
    ) -> dict[str, tuple[str, ...]]:
        request = verified.request
        token: dict[str, tuple[str, ...]] = {}
        for query in request.dcql_query.credentials:
            held = next(c for c in self.credentials if c.verified.vct in query.vct_values)
            paths: list[ClaimPath] = [c.path for c in query.claims or ()]
            token[query.id] = (
                present_credential(
                    held.verified,
                    paths,
                    holder_key=held.key,
                    client_id=aud or request.client_id,
                    nonce=nonce or request.nonce,
                    issued_at=int(time.time()),
                ),
            )
        return token

    def form(
        self, verified: VerifiedRequest, vp_token: dict[str, tuple[str, ...]]
    ) -> dict[str, str]:
        request = verified.request
        if request.response_mode == DIRECT_POST_JWT:
            assert request.client_metadata is not None
            return direct_post_jwt_form(vp_token, request.state, metadata=request.client_metadata)
        return direct_post_form(vp_token, request.state)

    def post(self, verified: VerifiedRequest, form: dict[str, str]) -> Any:
        return self.client.post(verified.request.response_uri.removeprefix(self.origin), data=form)

    def present(self, link: str) -> Any:
        verified = self.fetch_request(link)
        return self.post(verified, self.form(verified, self.vp_token(verified)))


def wallet_with_credentials(
    holder: TestHolder, offers: Offers, client: TestClient[Any], state: VerifierState
) -> TestWallet:
    """A wallet holding the issuer's person, address and household credentials, trusting the
    demo CA the verifier's relying parties are certified by."""
    offer = offers.create(ALL_CREDENTIALS)
    held = holder.receive(offers.uri(offer), offer.tx_code)
    ca = x509.load_pem_x509_certificate((state.settings.resolved_ca_dir() / "ca.pem").read_bytes())
    return TestWallet(client, state.settings.public_url, [ca], held)
