"""The same-device button: the QR code's request, addressed to the wallet app
(``{VERIFIER_WALLET_URL}/#/present?...``); the QR code itself stays ``openid4vp://``."""

from __future__ import annotations

import re
from urllib.parse import parse_qs

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from standards.errors import StandardsError
from standards.oid4vp import authorization_request_link
from verifier.settings import VerifierSettings
from verifier.web.start import same_device_link

REQUEST_URI = "https://verifier.example.nl/oid4vp/request/abc"


def test_same_device_link_keeps_every_parameter_of_the_request() -> None:
    link = authorization_request_link(
        client_id="x509_san_dns:verifier.example.nl",
        request_uri=REQUEST_URI,
        request_uri_method="post",
    )
    opened = same_device_link(link, "https://wallet.example.nl/")
    assert opened.startswith("https://wallet.example.nl/#/present?")
    query = parse_qs(opened.split("#/present?", 1)[1])
    assert query == {
        "client_id": ["x509_san_dns:verifier.example.nl"],
        "request_uri": [REQUEST_URI],
        "request_uri_method": ["post"],
    }


def test_same_device_link_refuses_what_is_no_request() -> None:
    with pytest.raises(StandardsError):
        same_device_link("openid4vp://?client_id=x", "https://wallet.example.nl")


def test_wallet_url_must_be_an_http_url() -> None:
    with pytest.raises(ValueError, match="wallet_url"):
        VerifierSettings(wallet_url="openid4vp://")


def test_the_button_opens_the_configured_wallet_app(
    verifier_client: TestClient[Litestar], verifier_settings: VerifierSettings
) -> None:
    started = verifier_client.post(
        "/verify/parkeervergunning-bewoners/same-device", follow_redirects=False
    )
    assert started.status_code == 303
    location = started.headers["location"]
    assert location.startswith(f"{verifier_settings.wallet_url}/#/present?client_id=x509_hash%3A")


def test_the_page_lets_its_same_device_form_go_to_the_wallet_app_only(
    verifier_client: TestClient[Litestar], verifier_settings: VerifierSettings
) -> None:
    """CSP ``form-action`` governs the form's redirect too: ``'self'`` and the wallet app."""
    page = verifier_client.get("/verify/parkeervergunning-bewoners")
    policy = page.headers["content-security-policy"]
    assert "form-action 'self' http://127.0.0.1:8003;" in policy
    result = verifier_client.get("/verify/unknown/result")
    assert "form-action 'self';" in result.headers["content-security-policy"]


@pytest.mark.parametrize(
    ("slug", "party"),
    [
        ("parkeervergunning-bewoners", "Gemeente Boxtel, balie vergunningen"),
        ("inschrijven-woningzoekende", "Woonstichting De Kempen"),
    ],
)
def test_the_page_shows_the_relying_partys_logo(
    verifier_client: TestClient[Litestar], slug: str, party: str
) -> None:
    page = verifier_client.get(f"/verify/{slug}")
    found = re.search(r'<img class="regie-party-logo" src="([^"]+)" alt="([^"]+)"', page.text)
    assert found is not None, page.text
    assert found.group(2) == f"Logo van {party}"
    logo = verifier_client.get(found.group(1))
    assert logo.status_code == 200
    assert logo.headers["content-type"].startswith("image/svg+xml")
