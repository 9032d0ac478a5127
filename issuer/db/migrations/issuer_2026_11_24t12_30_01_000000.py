"""The state word of re-issue prompts queued before it existed, from their times, and the
mailbox each delivered one went to, from its state URL (``{mailbox}/messages/{id}``, the
provider's ``Location``), so their read receipts are asked for too."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-24T12:30:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "the state of earlier re-issue prompts"


class RawTable(Table, tablename="reissue_prompt"):
    pass


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="issuer", description=DESCRIPTION)

    async def backfill() -> None:
        await RawTable.raw(
            "UPDATE reissue_prompt SET state = CASE"
            " WHEN failed_at IS NOT NULL THEN 'failed'"
            " WHEN delivered_at IS NOT NULL THEN 'delivered'"
            " WHEN last_error IS NOT NULL THEN 'retrying'"
            " ELSE 'queued' END"
        )
        delivered = await RawTable.raw(
            "SELECT id, state_url FROM reissue_prompt"
            " WHERE state_url IS NOT NULL AND mailbox_url IS NULL"
        )
        for row in delivered:
            mailbox, found, _ = str(row["state_url"]).rpartition("/messages/")
            if found:
                await RawTable.raw(
                    "UPDATE reissue_prompt SET mailbox_url = {} WHERE id = {}", mailbox, row["id"]
                )

    manager.add_raw(backfill)
    return manager
