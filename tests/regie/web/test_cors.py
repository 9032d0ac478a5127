"""``regie.web.cors``: origins as a browser sends them, and the preflight decision."""

from __future__ import annotations

import pytest

from regie.web.cors import CrossOrigin, origin_of


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("http://127.0.0.1:8003", "http://127.0.0.1:8003"),
        ("HTTPS://Wallet.Example.NL:443/app/#/offer", "https://wallet.example.nl"),
        ("http://localhost:80/", "http://localhost"),
        ("http://[::1]:8003", "http://[::1]:8003"),
    ],
)
def test_origin_of_a_url(url: str, origin: str) -> None:
    assert origin_of(url) == origin


@pytest.mark.parametrize(
    "url", ["ftp://wallet.example", "wallet.example", "https://", "https://w.example/app"]
)
def test_an_exact_origin_has_nothing_but_scheme_host_and_port(url: str) -> None:
    with pytest.raises(ValueError, match=r"origin|URL"):
        origin_of(url, exact=True)


WALLETS = CrossOrigin.wallets(
    ["https://wallet.example"], ["POST"], headers=["Authorization", "Content-Type"]
)


def test_preflight_from_a_wallet_for_what_it_needs() -> None:
    headers = WALLETS.preflight_headers(
        "https://wallet.example", "POST", "authorization, content-type"
    )
    assert headers["Access-Control-Allow-Origin"] == "https://wallet.example"
    assert headers["Access-Control-Allow-Methods"] == "POST"
    assert headers["Access-Control-Allow-Headers"] == "Authorization, Content-Type"
    assert headers["Vary"] == "Origin"
    assert "Access-Control-Allow-Credentials" not in headers


@pytest.mark.parametrize(
    ("origin", "method", "requested"),
    [
        ("https://evil.example", "POST", ""),
        ("null", "POST", ""),
        ("https://wallet.example", "DELETE", ""),
        ("https://wallet.example", "POST", "x-custom"),
    ],
)
def test_preflight_that_asks_too_much_allows_nothing(
    origin: str, method: str, requested: str
) -> None:
    assert WALLETS.preflight_headers(origin, method, requested) == {"Vary": "Origin"}


def test_public_preflight_allows_any_origin_without_vary() -> None:
    policy = CrossOrigin.public(["GET"])
    headers = policy.preflight_headers("https://anyone.example", "GET", "accept")
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert "Vary" not in headers
    assert "Access-Control-Allow-Headers" not in headers
