"""Production mode: the provider's services on PostgreSQL (127.0.0.1:5432): a mailbox round
trip with the read receipt, the rate limit counted in the database, deleting an unused mailbox
(a message arriving meanwhile is kept), a backup version conflict, and the migration's tables
matching the models."""

from __future__ import annotations

import asyncio
import secrets
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
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


def test_deleting_a_mailbox_on_postgres(pg_client: Client, tmp_path: Path) -> None:
    wallet = new_wallet(pg_client)
    housing = new_sender(sender_ca(tmp_path), "Woonstichting", "dekempen.example")
    unused, unused_url, _ = wallet.new_mailbox_with_id(sender=housing.client_id)
    used, url, _ = wallet.new_mailbox_with_id(sender=housing.client_id)
    key = pg_client.get(path_of(url)).json()["encryption_key"]
    posted = pg_client.post(
        f"{path_of(url)}/messages", content=housing.message(url, encrypt_to(key, "a"))
    )
    assert posted.status_code == 201, posted.text
    assert wallet.delete_mailbox(unused).status_code == 204
    assert_problem(pg_client.get(path_of(unused_url)), 404, "not_found")
    assert_problem(wallet.delete_mailbox(used), 409, "mailbox_in_use")
    assert_problem(new_wallet(pg_client).delete_mailbox(used), 404, "not_found")
    assert [message["mailbox"] for message in wallet.messages()] == [used]


async def _waiting_on_a_lock(connection: asyncpg.Connection[Any]) -> None:
    """Until another session of this database waits for a lock (the delete, for the row)."""
    deadline = time.monotonic() + 10
    query = (
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    while not await connection.fetchval(query):
        assert time.monotonic() < deadline, "the delete never waited for the mailbox's lock"
        await asyncio.sleep(0.02)


def test_a_message_stored_while_its_mailbox_is_deleted_is_kept(
    pg_client: Client, postgres: str
) -> None:
    """A post holds the mailbox (``SELECT ... FOR UPDATE``, as ``open_mailbox`` does) and stores
    a message while the wallet deletes the mailbox: the delete waits, then sees the message and
    keeps the mailbox (409), never losing the message nor failing on the foreign key."""
    wallet = new_wallet(pg_client)
    mailbox_id, _, _ = wallet.new_mailbox_with_id()
    headers = wallet.headers()  # the proof first: the delete then only waits for the row
    answers: list[Any] = []
    deleting = threading.Thread(
        target=lambda: answers.append(wallet.delete_mailbox(mailbox_id, **headers))
    )

    async def post_in_flight() -> None:
        poster = await asyncpg.connect(postgres)
        watcher = await asyncpg.connect(postgres)
        try:
            async with poster.transaction():
                await poster.execute(
                    "SELECT id FROM mailboxes WHERE id = $1 FOR UPDATE", mailbox_id
                )
                await poster.execute(
                    "INSERT INTO mailbox_messages (id, mailbox_id, jti, sender, kind, "
                    "importance, content, received_at) "
                    "VALUES ('m1', $1, 'j1', 'x509_hash:abc', 'status', 'normal', 'a.b.c.d.e', $2)",
                    mailbox_id,
                    datetime.now(UTC),
                )
                deleting.start()
                await _waiting_on_a_lock(watcher)
            deleting.join(timeout=30)
        finally:
            await poster.close()
            await watcher.close()

    asyncio.run(post_in_flight())
    (answer,) = answers
    assert_problem(answer, 409, "mailbox_in_use")
    assert [message["mailbox"] for message in wallet.messages()] == [mailbox_id]


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
