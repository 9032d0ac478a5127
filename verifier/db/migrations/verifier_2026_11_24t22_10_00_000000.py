from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import JSON
from piccolo.columns.column_types import Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-11-24T22:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = (
    "same-device results bound to the starting browser's session; what a transaction asked"
    " (its DCQL query, registration and client id) kept with it (issue 4)"
)


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="verifier", description=DESCRIPTION
    )

    manager.add_column(
        table_class_name="PresentationTransaction",
        tablename="presentation_transaction",
        column_name="browser_session_hash",
        db_column_name="browser_session_hash",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 64,
            "default": None,
            "null": True,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": True,
        },
        schema=None,
    )

    manager.add_column(
        table_class_name="PresentationTransaction",
        tablename="presentation_transaction",
        column_name="dcql_query",
        db_column_name="dcql_query",
        column_class_name="JSON",
        column_class=JSON,
        params={
            "default": None,
            "null": True,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    manager.add_column(
        table_class_name="PresentationTransaction",
        tablename="presentation_transaction",
        column_name="allowed_claims",
        db_column_name="allowed_claims",
        column_class_name="JSON",
        column_class=JSON,
        params={
            "default": None,
            "null": True,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    manager.add_column(
        table_class_name="PresentationTransaction",
        tablename="presentation_transaction",
        column_name="client_id",
        db_column_name="client_id",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 300,
            "default": None,
            "null": True,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    return manager
