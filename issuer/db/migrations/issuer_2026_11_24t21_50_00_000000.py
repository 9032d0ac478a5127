"""A status list that still holds credentials can no longer be deleted: the foreign key from
``issued_credential.status_list`` to ``status_list`` becomes ``ON DELETE RESTRICT`` (it was
``CASCADE``, so deleting a list deleted every credential on it from the register).

Piccolo cannot change a foreign key on SQLite, so the migration does it itself: PostgreSQL
drops the constraint and adds it again; SQLite rebuilds the table as its manual describes
(https://www.sqlite.org/lang_altertable.html §7): a copy made from the table's own
``CREATE TABLE`` text with the new action, the rows copied over, the old table dropped, the
copy renamed, and the table's indexes (``issued_credential_status_slot`` with them) made again
from their own text. Going back restores ``CASCADE`` the same way.
"""

from collections.abc import Awaitable, Callable

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.postgres import PostgresEngine
from piccolo.table import Table

ID = "2026-11-24T21:50:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "a status list holding credentials cannot be deleted (ON DELETE RESTRICT)"

_REFERENCE = 'REFERENCES "status_list" ("id") ON DELETE '


class RawTable(Table, tablename="issued_credential"):
    pass


async def _postgres(action: str) -> None:
    [row] = await RawTable.raw(
        "SELECT conname FROM pg_constraint WHERE contype = 'f'"
        " AND conrelid = 'issued_credential'::regclass AND confrelid = 'status_list'::regclass"
    )
    name = str(row["conname"]).replace('"', '""')
    await RawTable.raw(
        f'ALTER TABLE issued_credential DROP CONSTRAINT "{name}", ADD CONSTRAINT "{name}"'
        " FOREIGN KEY (status_list) REFERENCES status_list (id)"
        f" ON DELETE {action} ON UPDATE CASCADE"
    )


def _literal(sql: str) -> str:
    """``sql`` as Piccolo's ``raw`` takes it: its braces are placeholders, so double them."""
    return sql.replace("{", "{{").replace("}", "}}")


async def _sqlite(old: str, new: str) -> None:
    [table] = await RawTable.raw(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'issued_credential'"
    )
    create = str(table["sql"])
    if _REFERENCE + new in create:
        return
    if _REFERENCE + old not in create:
        raise RuntimeError(f"issued_credential.status_list is not ON DELETE {old}: {create}")
    indexes = await RawTable.raw(
        "SELECT sql FROM sqlite_master WHERE type = 'index'"
        " AND tbl_name = 'issued_credential' AND sql IS NOT NULL"
    )
    copy = create.replace(_REFERENCE + old, _REFERENCE + new).replace(
        '"issued_credential"', '"issued_credential_on_delete"', 1
    )
    await RawTable.raw(_literal(copy))
    await RawTable.raw(
        'INSERT INTO "issued_credential_on_delete" SELECT * FROM "issued_credential"'
    )
    await RawTable.raw('DROP TABLE "issued_credential"')
    await RawTable.raw('ALTER TABLE "issued_credential_on_delete" RENAME TO "issued_credential"')
    for index in indexes:
        await RawTable.raw(_literal(str(index["sql"])))


def _on_delete(old: str, new: str) -> Callable[[], Awaitable[None]]:
    async def change() -> None:
        if isinstance(RawTable._meta.db, PostgresEngine):
            await _postgres(new)
        else:
            await _sqlite(old, new)

    return change


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="issuer", description=DESCRIPTION)
    manager.add_raw(_on_delete("CASCADE", "RESTRICT"))
    manager.add_raw_backwards(_on_delete("RESTRICT", "CASCADE"))
    return manager
