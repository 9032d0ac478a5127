"""The status lists are out of the staff's reach: piccolo-admin does not show them (it would
have, with full write access, as the table the register points at), and the database refuses
to delete a list that still holds credentials (``ON DELETE RESTRICT``), so the register can
never be wiped with it."""

from __future__ import annotations

import importlib
import sqlite3

import asyncpg
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from issuer.db.tables import IssuedCredential, Staff, StatusListRecord
from issuer.state import IssuerState
from regie.accounts import create_account
from regie.db.engine import piccolo_conf
from tests.issuer.conftest import Offers
from tests.issuer.holder import TestHolder

PASSWORD = "een-lang-wachtwoord-42"
MIGRATION = "issuer.db.migrations.issuer_2026_11_24t21_50_00_000000"


def staff_login(client: TestClient[Litestar], username: str = "sam") -> dict[str, str]:
    """Log in as an account made the way ``regie staff add`` makes it (no superuser)."""
    with client.portal() as portal:
        portal.call(
            lambda: create_account(
                Staff, username, PASSWORD, superuser=False, email_domain="example.invalid"
            )
        )
    client.get("/admin/")
    csrf = client.cookies.get("csrftoken") or ""
    response = client.post(
        "/admin/public/login/",
        json={"username": username, "password": PASSWORD},
        headers={"X-CSRFToken": csrf},
    )
    assert response.status_code == 200, response.text
    return {"X-CSRFToken": csrf}


@pytest.fixture
def issued(holder: TestHolder, offers: Offers) -> int:
    """One batch issued; the number of credentials in the register."""
    offer = offers.create(["persoonsgegevens"])
    return len(holder.receive(offers.uri(offer), offer.tx_code))


def _counts(client: TestClient[Litestar]) -> tuple[int, int]:
    with client.portal() as portal:
        return portal.call(IssuedCredential.count().run), portal.call(StatusListRecord.count().run)


def test_staff_cannot_reach_the_status_lists(
    issued: int, issuer_client: TestClient[Litestar]
) -> None:
    headers = staff_login(issuer_client)
    tables = issuer_client.get("/admin/api/tables/").json()
    assert "status_list" not in tables
    assert "issued_credential" in tables
    before = _counts(issuer_client)
    assert before[0] == issued
    assert issuer_client.get("/admin/api/tables/status_list/").status_code == 404
    patch = issuer_client.patch(
        "/admin/api/tables/status_list/1/", json={"version": 99}, headers=headers
    )
    assert patch.status_code == 404
    delete = issuer_client.delete("/admin/api/tables/status_list/1/", headers=headers)
    assert delete.status_code == 404
    assert _counts(issuer_client) == before
    with issuer_client.portal() as portal:
        versions = portal.call(StatusListRecord.select(StatusListRecord.version).run)
    assert all(row["version"] != 99 for row in versions)
    assert issuer_client.get(_status_list_path(issuer_client)).status_code == 200


def _status_list_path(client: TestClient[Litestar]) -> str:
    with client.portal() as portal:
        [row] = portal.call(StatusListRecord.select(StatusListRecord.list_id).run)
    return f"/status-lists/{row['list_id']}"


def _delete_every_list(client: TestClient[Litestar]) -> BaseException | None:
    async def delete() -> BaseException | None:
        try:
            await StatusListRecord.delete(force=True)
        except (sqlite3.IntegrityError, asyncpg.ForeignKeyViolationError) as exc:
            return exc
        return None

    with client.portal() as portal:
        return portal.call(delete)


def test_a_list_holding_credentials_cannot_be_deleted(
    issued: int, issuer_client: TestClient[Litestar]
) -> None:
    before = _counts(issuer_client)
    assert before[0] == issued
    refused = _delete_every_list(issuer_client)
    assert refused is not None, "the database deleted a status list that holds credentials"
    assert _counts(issuer_client) == before


def test_the_migration_keeps_the_register_and_its_indexes(
    issued: int, issuer_client: TestClient[Litestar], issuer_state: IssuerState
) -> None:
    """From ``CASCADE`` (as before) to ``RESTRICT`` on a database that holds credentials: every
    row stays, a status slot is still unique, and the list can no longer be deleted."""
    migration = importlib.import_module(MIGRATION)

    async def again() -> None:
        with piccolo_conf("issuer.piccolo_conf", issuer_state.engine, "issuer"):
            await (await migration.forwards()).run(backwards=True)
            await (await migration.forwards()).run()

    before = _counts(issuer_client)
    with issuer_client.portal() as portal:
        rows = portal.call(IssuedCredential.select().order_by(IssuedCredential.id).run)
        portal.call(again)
        assert portal.call(IssuedCredential.select().order_by(IssuedCredential.id).run) == rows

        async def same_slot() -> BaseException | None:
            first = rows[0]
            try:
                await IssuedCredential.insert(
                    IssuedCredential(
                        **{
                            **{k: v for k, v in first.items() if k != "id"},
                            "credential_id": "00000000-0000-0000-0000-000000000000",
                        }
                    )
                )
            except (sqlite3.IntegrityError, asyncpg.UniqueViolationError) as exc:
                return exc
            return None

        assert portal.call(same_slot) is not None, "the status slot index was lost"
    assert _delete_every_list(issuer_client) is not None
    assert _counts(issuer_client) == before
