"""standards.urls: https everywhere, plain http only to the machine itself."""

from __future__ import annotations

import pytest

from standards.errors import IssuerMetadataInvalid
from standards.sd_jwt_vc import jwt_vc_issuer_metadata_url
from standards.urls import identifier_url_parts, is_loopback_host, secure_url_parts

SECURE = [
    "https://gemeente.example.nl",
    "https://gemeente.example.nl:8443/issuer",
    "http://127.0.0.1:8001",
    "http://127.9.9.9/x",
    "http://localhost:8001",
    "http://issuer.localhost:8001",
    "http://[::1]:8001",
]
NOT_SECURE = [
    "http://gemeente.example.nl",
    "http://192.168.1.10:8001",
    "http://10.0.0.1",
    "http://localhost.example.com",
    "ftp://127.0.0.1",
    "https://",
    "https://[::1",
    "https://gemeente.example.nl:99999/mailbox",  # RFC 3986 §3.2.3: no such port
    "https://gemeente.example.nl:abc/mailbox",
    "http://127.0.0.1:-1/m",
    "gemeente.example.nl",
    "",
    None,
    42,
]


@pytest.mark.parametrize("url", SECURE)
def test_w3c_secure_contexts_3_1_potentially_trustworthy(url: str) -> None:
    assert secure_url_parts(url) is not None


@pytest.mark.parametrize("url", NOT_SECURE)
def test_w3c_secure_contexts_3_1_not_trustworthy(url: object) -> None:
    assert secure_url_parts(url) is None


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("localhost", True),
        ("LOCALHOST.", True),
        ("a.localhost", True),
        ("127.0.0.1", True),
        ("::1", True),
        ("example.com", False),
        ("", False),
        (None, False),
        ("10.0.0.1", False),
    ],
)
def test_is_loopback_host(host: str | None, loopback: bool) -> None:
    assert is_loopback_host(host) is loopback


@pytest.mark.parametrize(
    ("url", "identifier"),
    [
        ("https://gemeente.example.nl", True),
        ("https://gemeente.example.nl/tenant/1", True),
        ("http://127.0.0.1:8001", True),
        ("https://gemeente.example.nl?", False),
        ("https://gemeente.example.nl#", False),
        ("https://gemeente.example.nl/?a=1", False),
        ("http://gemeente.example.nl", False),
    ],
)
def test_oid4vci_12_2_1_and_sd_jwt_vc_4_issuer_identifier(url: str, identifier: bool) -> None:
    assert (identifier_url_parts(url) is not None) is identifier


def test_sd_jwt_vc_4_empty_query_is_not_an_issuer() -> None:
    with pytest.raises(IssuerMetadataInvalid):
        jwt_vc_issuer_metadata_url("https://gemeente.example.nl?")
