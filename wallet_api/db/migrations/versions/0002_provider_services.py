"""The provider's services: instance revocation, mailboxes and messages, push, backups.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

INSTANCE = "wallet_instances.id"


def upgrade() -> None:
    op.create_table(
        "wallet_instance_revocations",
        sa.Column("instance_id", sa.String(64), sa.ForeignKey(INSTANCE), primary_key=True),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "mailboxes",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("instance_id", sa.String(64), sa.ForeignKey(INSTANCE), nullable=False),
        sa.Column("sender", sa.String(300), nullable=True),
        sa.Column("encryption_key", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_mailboxes_instance_id", "mailboxes", ["instance_id"])
    op.create_table(
        "mailbox_messages",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("mailbox_id", sa.String(32), sa.ForeignKey("mailboxes.id"), nullable=False),
        sa.Column("jti", sa.String(128), nullable=False),
        sa.Column("sender", sa.String(300), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("importance", sa.String(16), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("mailbox_id", "jti", name="uq_mailbox_messages_jti"),
    )
    op.create_index("ix_mailbox_messages_mailbox_id", "mailbox_messages", ["mailbox_id"])
    op.create_index("ix_mailbox_messages_received_at", "mailbox_messages", ["received_at"])
    op.create_table(
        "push_subscriptions",
        sa.Column("instance_id", sa.String(64), sa.ForeignKey(INSTANCE), primary_key=True),
        sa.Column("endpoint", sa.Text(), nullable=False),
        sa.Column("p256dh", sa.String(200), nullable=False),
        sa.Column("auth", sa.String(100), nullable=False),
        sa.Column("allow_by_default", sa.Boolean(), nullable=False),
        sa.Column("senders", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "push_deliveries",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "message_id",
            sa.String(32),
            sa.ForeignKey("mailbox_messages.id"),
            nullable=False,
            unique=True,
        ),
        sa.Column("instance_id", sa.String(64), sa.ForeignKey(INSTANCE), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("given_up_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(300), nullable=True),
    )
    op.create_index("ix_push_deliveries_instance_id", "push_deliveries", ["instance_id"])
    op.create_index("ix_push_deliveries_next_attempt_at", "push_deliveries", ["next_attempt_at"])
    op.create_table(
        "backups",
        sa.Column("lookup", sa.String(64), primary_key=True),
        sa.Column(
            "instance_id", sa.String(64), sa.ForeignKey(INSTANCE), nullable=False, unique=True
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "backup_versions",
        sa.Column("lookup", sa.String(64), sa.ForeignKey("backups.lookup"), primary_key=True),
        sa.Column("version", sa.Integer(), primary_key=True),
        sa.Column("ciphertext", sa.LargeBinary(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("backup_versions")
    op.drop_table("backups")
    op.drop_index("ix_push_deliveries_next_attempt_at", table_name="push_deliveries")
    op.drop_index("ix_push_deliveries_instance_id", table_name="push_deliveries")
    op.drop_table("push_deliveries")
    op.drop_table("push_subscriptions")
    op.drop_index("ix_mailbox_messages_received_at", table_name="mailbox_messages")
    op.drop_index("ix_mailbox_messages_mailbox_id", table_name="mailbox_messages")
    op.drop_table("mailbox_messages")
    op.drop_index("ix_mailboxes_instance_id", table_name="mailboxes")
    op.drop_table("mailboxes")
    op.drop_table("wallet_instance_revocations")
