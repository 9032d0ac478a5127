"""The provider's attestation certificate names its public URL, the attestations' ``iss``,
which issuers check (``standards.oid4vci.client_attestation``): a provider that moves to another
URL on the same keys (``regie demo`` then ``regie demo --lan``) gets a certificate for it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from standards.jose import certificate_from_der_b64
from wallet_api.provider_keys import load_provider_keys
from wallet_api.senders import san_uris
from wallet_api.settings import WalletSettings


def _leaf_names(tmp_path: Path, public_url: str) -> list[str]:
    settings = WalletSettings(
        public_url=public_url, data_dir=tmp_path / "wallet", ca_dir=tmp_path / "ca"
    )
    (leaf, *_) = load_provider_keys(settings).x5c(datetime.now(UTC))
    return san_uris(certificate_from_der_b64(leaf))


def test_the_certificate_follows_the_public_url(tmp_path: Path) -> None:
    assert _leaf_names(tmp_path, "http://127.0.0.1:8003") == ["http://127.0.0.1:8003"]
    assert _leaf_names(tmp_path, "http://127.0.0.1:8003") == ["http://127.0.0.1:8003"]
    assert _leaf_names(tmp_path, "https://192.168.1.20:8003") == ["https://192.168.1.20:8003"]
