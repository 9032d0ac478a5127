"""``GET /api/trust-list``: the issuers and relying-party trust anchors the wallet app trusts,
from the provider's settings; a broken anchor file stops the start, in Dutch and English."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding
from litestar.testing import TestClient
from pydantic import ValidationError

from regie.pki import DemoCA
from tests.wallet_api.conftest import PUBLIC_URL
from wallet_api.app import create_app
from wallet_api.settings import WalletSettings
from wallet_api.trust import TrustAnchorError

NOW = datetime.now(UTC)


def _der_b64(certificate: x509.Certificate) -> str:
    return base64.b64encode(certificate.public_bytes(Encoding.DER)).decode("ascii")


def _get(settings: WalletSettings) -> dict[str, object]:
    with TestClient(create_app(settings), base_url=PUBLIC_URL) as client:
        response = client.get("/api/trust-list")
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-cache"
    body: dict[str, object] = response.json()
    return body


def test_the_demo_defaults_trust_the_demo_issuer_and_the_demo_ca(tmp_path: Path) -> None:
    settings = WalletSettings(public_url=PUBLIC_URL, data_dir=tmp_path / "wallet")
    ca = DemoCA.load_or_create(tmp_path / "ca", now=NOW)  # the issuer or verifier makes it
    body = _get(settings)
    assert body == {
        "issuers": [{"issuer": "http://127.0.0.1:8001", "name": "Gemeente Boxtel"}],
        "relying_party_anchors": [_der_b64(ca.certificate)],
        "relying_parties": [],
    }


def test_before_the_demo_ca_exists_there_is_no_anchor_and_then_there_is(tmp_path: Path) -> None:
    settings = WalletSettings(public_url=PUBLIC_URL, data_dir=tmp_path / "wallet")
    with TestClient(create_app(settings), base_url=PUBLIC_URL) as client:
        assert client.get("/api/trust-list").json()["relying_party_anchors"] == []
        ca = DemoCA.load_or_create(tmp_path / "ca", now=NOW)
        anchors = client.get("/api/trust-list").json()["relying_party_anchors"]
    assert anchors == [_der_b64(ca.certificate)]


def test_configured_issuers_anchors_and_registrations(tmp_path: Path) -> None:
    other = DemoCA.load_or_create(tmp_path / "other-ca", now=NOW)
    settings = WalletSettings(
        public_url=PUBLIC_URL,
        data_dir=tmp_path / "wallet",
        trusted_issuers=[{"issuer": "https://gemeente.example.nl/vc"}],  # type: ignore[list-item]
        trust_demo_ca=False,
        relying_party_anchor_files=[other.certificate_path],
        relying_parties=[
            {  # type: ignore[list-item]
                "client_id": "x509_san_dns:rp.example.nl",
                "registration": {"urn:example:pid": [["given_name"], ["address", None]]},
                "purpose": {"nl": "Om u in te schrijven", "en": "To register you"},
            }
        ],
    )
    DemoCA.load_or_create(tmp_path / "ca", now=NOW)  # there, but not trusted
    assert _get(settings) == {
        "issuers": [{"issuer": "https://gemeente.example.nl/vc", "name": None}],
        "relying_party_anchors": [_der_b64(other.certificate)],
        "relying_parties": [
            {
                "client_id": "x509_san_dns:rp.example.nl",
                "registration": {"urn:example:pid": [["given_name"], ["address", None]]},
                "purpose": {"nl": "Om u in te schrijven", "en": "To register you"},
            }
        ],
    }


def test_an_empty_issuer_list_is_allowed(tmp_path: Path) -> None:
    settings = WalletSettings(public_url=PUBLIC_URL, data_dir=tmp_path / "w", trusted_issuers=[])
    assert _get(settings)["issuers"] == []


def test_settings_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(
        "WALLET_TRUSTED_ISSUERS", '[{"issuer": "https://a.example.nl", "name": "Gemeente A"}]'
    )
    monkeypatch.setenv("WALLET_TRUST_DEMO_CA", "false")
    settings = WalletSettings()
    assert [i.issuer for i in settings.trusted_issuers] == ["https://a.example.nl"]
    assert settings.trust_demo_ca is False


@pytest.mark.parametrize(
    "issuer",
    ["http://gemeente.example.nl", "https://a.example.nl/?x=1", "https://a.example.nl/#f", "a"],
)
def test_an_issuer_that_is_no_identifier_is_refused(issuer: str) -> None:
    with pytest.raises(ValidationError, match="no issuer identifier"):
        WalletSettings(trusted_issuers=[{"issuer": issuer}])  # type: ignore[list-item]


def _leaf_pem(ca: DemoCA) -> bytes:
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = ca.issue_signing_certificate(
        key.public_key(), subject_cn="Niet een CA", san_dns=["rp.example.nl"], days=1, now=NOW
    )
    return leaf.public_bytes(Encoding.PEM)


@pytest.mark.parametrize(
    ("content", "nl", "en"),
    [
        (None, "niet te lezen", "cannot be read"),
        (b"geen certificaat", "geen leesbaar PEM-certificaat", "no readable PEM certificate"),
        ("leaf", "geen CA", "no CA"),
    ],
)
def test_a_broken_anchor_file_stops_the_start(
    tmp_path: Path, content: bytes | str | None, nl: str, en: str
) -> None:
    path = tmp_path / "anchor.pem"
    if content == "leaf":
        path.write_bytes(_leaf_pem(DemoCA.load_or_create(tmp_path / "ca", now=NOW)))
    elif isinstance(content, bytes):
        path.write_bytes(content)
    settings = WalletSettings(
        public_url=PUBLIC_URL, data_dir=tmp_path / "wallet", relying_party_anchor_files=[path]
    )
    with pytest.raises(TrustAnchorError) as refused:
        create_app(settings)
    assert nl in refused.value.nl
    assert en in refused.value.en
