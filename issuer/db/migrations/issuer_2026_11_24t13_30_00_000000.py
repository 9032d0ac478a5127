"""The client an access token was issued to: the ``sub`` of the wallet attestation that
authenticated its Token Request (OpenID4VCI 1.0 Appendix E) or a public client's
``client_id``, NULL after anonymous access (as every token issued before), so the credential
endpoint knows which ``iss`` a key proof may carry (Appendix F.1)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Text
from piccolo.columns.indexes import IndexMethod

ID = "2026-11-24T13:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "the attested client_id of an access token (key proof iss)"


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="issuer", description=DESCRIPTION)
    manager.add_column(
        table_class_name="AccessToken",
        tablename="access_token",
        column_name="client_id",
        db_column_name="client_id",
        column_class_name="Text",
        column_class=Text,
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
    return manager
