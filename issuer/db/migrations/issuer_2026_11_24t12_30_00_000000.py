"""Read receipts of re-issue prompts: the mailbox each went to (for the state query), when
the wallet fetched it and the resident read it, and one state word for the back office
(filled in for earlier prompts by the next migration: Piccolo runs a migration's raw steps
before its new columns)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Text
from piccolo.columns.column_types import Timestamptz
from piccolo.columns.column_types import Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-11-24T12:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "read receipts of re-issue prompts and their state for the back office (issue 6)"

_PARAMS = {
    "default": None,
    "null": True,
    "primary_key": False,
    "unique": False,
    "index": False,
    "index_method": IndexMethod.btree,
    "choices": None,
    "db_column_name": None,
    "secret": False,
}


async def forwards() -> MigrationManager:
    manager = MigrationManager(
        migration_id=ID, app_name="issuer", description=DESCRIPTION
    )
    for name, column_class in (
        ("mailbox_url", Text),
        ("fetched_at", Timestamptz),
        ("read_at", Timestamptz),
    ):
        manager.add_column(
            table_class_name="ReissuePrompt",
            tablename="reissue_prompt",
            column_name=name,
            db_column_name=name,
            column_class_name=column_class.__name__,
            column_class=column_class,
            params=dict(_PARAMS),
            schema=None,
        )
    manager.add_column(
        table_class_name="ReissuePrompt",
        tablename="reissue_prompt",
        column_name="state",
        db_column_name="state",
        column_class_name="Varchar",
        column_class=Varchar,
        params={**_PARAMS, "length": 16, "default": "queued", "null": False},
        schema=None,
    )
    return manager
