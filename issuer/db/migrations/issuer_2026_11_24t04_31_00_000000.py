"""Token Status List §12.3: one credential per (list, index), even with many workers.

A unique index rather than a constraint: SQLite cannot ``ALTER TABLE ... ADD CONSTRAINT``.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-24T04:31:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "unique status slot per list"


class RawTable(Table, tablename="issued_credential"):
    pass


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="issuer", description=DESCRIPTION)

    async def unique_status_slot() -> None:
        await RawTable.raw(
            "CREATE UNIQUE INDEX IF NOT EXISTS issued_credential_status_slot "
            "ON issued_credential (status_list, status_index)"
        )

    async def drop_unique_status_slot() -> None:
        await RawTable.raw("DROP INDEX IF EXISTS issued_credential_status_slot")

    manager.add_raw(unique_status_slot)
    manager.add_raw_backwards(drop_unique_status_slot)
    return manager
