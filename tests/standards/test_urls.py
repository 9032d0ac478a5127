"""standards.urls: https everywhere, plain http only to the machine itself."""

from __future__ import annotations

import pytest

from standards.urls import is_loopback_host, secure_url_parts

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
