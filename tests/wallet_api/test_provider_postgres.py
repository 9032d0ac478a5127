"""Production mode: the provider's services on PostgreSQL (127.0.0.1:5432): a mailbox round
trip with the read receipt, the rate limit counted in the database, a backup version conflict,
and the migration's tables matching the models."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from litestar.testing import TestClient

import wallet_api.db.provider  # noqa: F401 - registers the issue-6 tables on Base.metadata
from tests.issuer.postgres import create_database, drop_database
from tests.wallet_api.conftest import PUBLIC_URL
from tests.wallet_api.provider import Client, encrypt_to, new_sender, new_wallet, path_of, sender_ca
from tests.wallet_api.test_instances import assert_problem
from wallet_api.app import create_app
from wallet_api.db.engine import create_engine
from wallet_api.db.models import Base
from wallet_api.settings import WalletSettings


@pytest.fixture
def postgres(worker_id: str) -> Iterator[str]:
    url = create_database(f"wallet6_{worker_id}", migrated=False)
    try:
        yield url
    finally:
        drop_database(url)


@pytest.fixture
def pg_client(postgres: str, tmp_path: Path) -> Iterator[Client]:
    settings = WalletSettings(
        public_url=PUBLIC_URL,
        data_dir=tmp_path / "wallet",
        database_url=postgres,
        mailbox_rate_limit=2,
    )
    with TestClient(create_app(settings), base_url=PUBLIC_URL) as client:
        yield client


def test_mailbox_on_postgres(pg_client: Client, tmp_path: Path) -> None:
    wallet = new_wallet(pg_client)
    housing = new_sender(sender_ca(tmp_path), "Woonstichting", "dekempen.example")
    url, _ = wallet.new_mailbox(sender=housing.client_id)
    key = pg_client.get(path_of(url)).json()["encryption_key"]
    posted = pg_client.post(
        f"{path_of(url)}/messages", content=housing.message(url, encrypt_to(key, "a"), jti="1")
    )
    assert posted.status_code == 201, posted.text
    again = pg_client.post(
        f"{path_of(url)}/messages", content=housing.message(url, encrypt_to(key, "a"), jti="1")
    )
    assert again.status_code == 200
    assert (
        pg_client.post(
            f"{path_of(url)}/messages", content=housing.message(url, encrypt_to(key, "b"))
        ).status_code
        == 201
    )
    limited = pg_client.post(
        f"{path_of(url)}/messages", content=housing.message(url, encrypt_to(key, "c"))
    )
    assert_problem(limited, 429, "rate_limited")
    messages = wallet.messages()
    assert len(messages) == 2
    read = pg_client.post(
        f"{wallet.base}/messages/read", json={"ids": [messages[0]["id"]]}, headers=wallet.headers()
    )
    assert read.json() == {"read": 1}
    state = pg_client.get(
        path_of(posted.headers["location"]), headers={"Mailbox-Sender-Proof": housing.proof(url)}
    )
    assert state.json()["state"] == "read"


def test_backup_on_postgres(pg_client: Client) -> None:
    wallet = new_wallet(pg_client)
    backup_key = secrets.token_urlsafe(32)
    headers = {"Backup-Key": backup_key}
    first = pg_client.put(
        f"{wallet.base}/backup",
        content=b"one",
        headers=wallet.headers(**headers, **{"If-None-Match": "*"}),
    )
    assert first.status_code == 200, first.text
    stale = pg_client.put(
        f"{wallet.base}/backup",
        content=b"two",
        headers=wallet.headers(**headers, **{"If-Match": '"7"'}),
    )
    assert_problem(stale, 412, "version_conflict")
    restored = pg_client.get(f"{wallet.base}/backup", headers=wallet.headers(**headers))
    assert restored.content == b"one"


def test_the_migration_matches_the_models(pg_client: Client, postgres: str) -> None:
    del pg_client  # started: the app migrated the database

    async def differences() -> list[object]:
        engine = create_engine(postgres)
        try:
            async with engine.connect() as connection:
                return await connection.run_sync(
                    lambda sync: compare_metadata(MigrationContext.configure(sync), Base.metadata)
                )
        finally:
            await engine.dispose()

    assert asyncio.run(differences()) == []
