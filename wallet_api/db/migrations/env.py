"""Alembic environment of the wallet provider: runs on the connection it is handed."""

from alembic import context

from wallet_api.db.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run the wallet's migrations with wallet_api.db.migrate.migrate()")

context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
