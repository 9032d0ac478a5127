"""Fixtures of the wallet provider's tests: the app on a fresh SQLite database, a client, and
a wallet's key that signs proofs of possession as the wallet app does."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from standards.jose import PrivateKey, sign_jws
from wallet_api.app import create_app
from wallet_api.instances import PROOF_TYP
from wallet_api.settings import WalletSettings

PUBLIC_URL = "http://127.0.0.1:8003"


@dataclass(frozen=True)
class WalletKey:
    """The key of one installed wallet app, and the proofs it signs."""

    private: PrivateKey

    @property
    def jwk(self) -> dict[str, Any]:
        return dict(self.private.public.jwk)

    def proof(self, nonce: str, *, aud: str = PUBLIC_URL, iat: int | None = None) -> str:
        payload = {"nonce": nonce, "aud": aud, "iat": int(time.time()) if iat is None else iat}
        return sign_jws(payload, self.private, typ=PROOF_TYP, include_kid=False)


@pytest.fixture
def wallet_settings(tmp_path: Path) -> WalletSettings:
    return WalletSettings(public_url=PUBLIC_URL, data_dir=tmp_path / "wallet")


@pytest.fixture
def wallet_app(wallet_settings: WalletSettings) -> Litestar:
    return create_app(wallet_settings)


@pytest.fixture
def client(wallet_app: Litestar) -> Iterator[TestClient[Litestar]]:
    with TestClient(wallet_app, base_url=PUBLIC_URL) as test_client:
        yield test_client


@pytest.fixture
def wallet_key() -> WalletKey:
    return WalletKey(PrivateKey.generate())


def challenge(client: TestClient[Litestar]) -> str:
    response = client.post("/api/wallet-instances/challenges")
    assert response.status_code == 201, response.text
    nonce: str = response.json()["nonce"]
    return nonce


def register(client: TestClient[Litestar], key: WalletKey) -> str:
    """Register ``key`` as the wallet app does; the new instance's id."""
    response = client.post(
        "/api/wallet-instances",
        json={"public_key": key.jwk, "proof": key.proof(challenge(client))},
    )
    assert response.status_code == 201, response.text
    instance_id: str = response.json()["id"]
    return instance_id
