"""Wallet instances and their challenges.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "wallet_instances",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("public_key", sa.JSON(), nullable=True),
        sa.Column("key_thumbprint", sa.String(64), nullable=True, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "wallet_challenges",
        sa.Column("nonce", sa.String(64), primary_key=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_wallet_challenges_expires_at", "wallet_challenges", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_wallet_challenges_expires_at", table_name="wallet_challenges")
    op.drop_table("wallet_challenges")
    op.drop_table("wallet_instances")
