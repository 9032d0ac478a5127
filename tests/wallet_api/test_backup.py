"""Encrypted backups over HTTP: write, versioning with If-Match, old versions kept N, the size
limit, and a restore from another (new) wallet instance with the recovery-phrase key only."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest
from httpx import Response
from litestar.testing import TestClient

from tests.wallet_api.conftest import PUBLIC_URL
from tests.wallet_api.provider import Client, Wallet, new_wallet
from tests.wallet_api.test_instances import assert_problem
from wallet_api.app import create_app
from wallet_api.settings import WalletSettings


@pytest.fixture
def backup_key() -> str:
    return secrets.token_urlsafe(32)


def put(wallet: Wallet, key: str, blob: bytes, **precondition: str) -> Response:
    headers = wallet.headers(**{"Backup-Key": key, **precondition})
    return wallet.client.put(f"{wallet.base}/backup", content=blob, headers=headers)


def get(wallet: Wallet, key: str, version: int | None = None) -> Response:
    query = f"?version={version}" if version else ""
    return wallet.client.get(
        f"{wallet.base}/backup{query}", headers=wallet.headers(**{"Backup-Key": key})
    )


def test_versions_and_restore_on_a_new_phone(client: Client, backup_key: str) -> None:
    phone = new_wallet(client)
    first = put(phone, backup_key, b"\x00cipher-1", **{"If-None-Match": "*"})
    assert first.status_code == 200, first.text
    assert first.headers["etag"] == '"1"'
    second = put(phone, backup_key, b"\x00cipher-2", **{"If-Match": '"1"'})
    assert second.json() == {"version": 2, "size": 9}

    new_phone = new_wallet(client)
    restored = get(new_phone, backup_key)
    assert restored.content == b"\x00cipher-2"
    assert restored.headers["etag"] == '"2"'
    assert get(new_phone, backup_key, version=1).content == b"\x00cipher-1"
    took_over = put(new_phone, backup_key, b"\x00cipher-3", **{"If-Match": '"2"'})
    assert took_over.status_code == 200
    assert_problem(get(new_phone, "w" * 43), 404, "not_found")


def test_a_stale_write_is_refused(client: Client, backup_key: str) -> None:
    wallet = new_wallet(client)
    put(wallet, backup_key, b"one", **{"If-None-Match": "*"})
    put(wallet, backup_key, b"two", **{"If-Match": '"1"'})
    body = assert_problem(
        put(wallet, backup_key, b"stale", **{"If-Match": '"1"'}), 412, "version_conflict"
    )
    assert "2" in body["detail"]
    assert_problem(
        put(wallet, backup_key, b"again", **{"If-None-Match": "*"}), 412, "version_conflict"
    )
    assert_problem(put(wallet, backup_key, b"blind"), 428, "precondition_required")
    assert_problem(put(wallet, backup_key, b"x", **{"If-Match": "two"}), 400, "invalid_request")
    assert get(wallet, backup_key).content == b"two"


def test_old_versions_are_kept_n(tmp_path: Path, backup_key: str) -> None:
    app = create_app(
        WalletSettings(public_url=PUBLIC_URL, data_dir=tmp_path / "wallet", backup_versions_kept=2)
    )
    with TestClient(app, base_url=PUBLIC_URL) as client:
        wallet = new_wallet(client)
        put(wallet, backup_key, b"v1", **{"If-None-Match": "*"})
        for version in range(1, 4):
            put(wallet, backup_key, f"v{version + 1}".encode(), **{"If-Match": f'"{version}"'})
        assert get(wallet, backup_key).content == b"v4"
        assert get(wallet, backup_key, version=3).content == b"v3"
        assert_problem(get(wallet, backup_key, version=2), 404, "not_found")


def test_size_limit(tmp_path: Path, backup_key: str) -> None:
    app = create_app(
        WalletSettings(public_url=PUBLIC_URL, data_dir=tmp_path / "wallet", backup_max_bytes=4096)
    )
    with TestClient(app, base_url=PUBLIC_URL) as client:
        wallet = new_wallet(client)
        assert_problem(
            put(wallet, backup_key, b"x" * 5000, **{"If-None-Match": "*"}), 413, "request_too_large"
        )
        assert_problem(get(wallet, backup_key), 404, "not_found")  # nothing half-written
        ok = put(wallet, backup_key, b"x" * 4096, **{"If-None-Match": "*"})
        assert ok.status_code == 200


def test_backup_needs_the_instance_and_a_strong_key(client: Client, backup_key: str) -> None:
    wallet = new_wallet(client)
    assert_problem(
        client.put(f"{wallet.base}/backup", content=b"x", headers={"Backup-Key": backup_key}),
        400,
        "invalid_request",
    )
    assert_problem(put(wallet, "short", b"x", **{"If-None-Match": "*"}), 400, "invalid_request")
    assert_problem(put(wallet, backup_key, b"", **{"If-None-Match": "*"}), 400, "invalid_request")


def test_one_backup_per_instance(client: Client) -> None:
    wallet = new_wallet(client)
    old_key, new_key = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    put(wallet, old_key, b"old phrase", **{"If-None-Match": "*"})
    assert put(wallet, new_key, b"new phrase", **{"If-None-Match": "*"}).status_code == 200
    assert_problem(get(wallet, old_key), 404, "not_found")
    assert get(wallet, new_key).content == b"new phrase"
