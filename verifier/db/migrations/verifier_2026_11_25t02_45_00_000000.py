from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import JSON
from piccolo.columns.column_types import Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-11-25T02:45:00:000000"
VERSION = "1.38.0"
DESCRIPTION = (
    "a relying party's registered purposes, and the one each use case serves (issue 4,"
    " OpenID4VP 1.0 §15.3); seeding fills both in for the seeded parties and use cases"
)


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="verifier", description=DESCRIPTION
    )

    manager.add_column(
        table_class_name="RelyingParty",
        tablename="relying_party",
        column_name="purposes",
        db_column_name="purposes",
        column_class_name="JSON",
        column_class=JSON,
        params={
            "default": "[]",
            "null": False,
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
        table_class_name="UseCase",
        tablename="use_case",
        column_name="purpose_id",
        db_column_name="purpose_id",
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
            "secret": False,
        },
        schema=None,
    )

    return manager
