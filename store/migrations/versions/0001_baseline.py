"""baseline: the tables `create_all` made before migrations existed (an older database is stamped with it)

Revision ID: 0001
Revises: (none)
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("concierge_events",
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("seen_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key")
    )
    op.create_index("ix_concierge_events_seen_at", "concierge_events", ["seen_at"])

    op.create_table("concierge_leases",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("holder", sa.String(length=128), nullable=False),
        sa.Column("token", sa.Integer(), nullable=False),
        sa.Column("acquired_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name")
    )
    op.create_table("concierge_ledger",
        sa.Column("id", sa.Integer().with_variant(sa.BigInteger(), "postgresql"), autoincrement=True, nullable=False),
        sa.Column("case_id", sa.String(length=18), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("source_id", sa.String(length=64), nullable=False),
        sa.Column("slack_user_id", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("attempt_at", sa.DateTime(), nullable=True),
        sa.Column("attempt_by", sa.String(length=128), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("channel", sa.String(length=64), nullable=True),
        sa.Column("message_ts", sa.String(length=32), nullable=True),
        sa.Column("note_status", sa.String(length=16), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id", "kind", "source_id", name="uq_concierge_ledger_key")
    )
    op.create_index("ix_concierge_ledger_note", "concierge_ledger", ["note_status"])
    op.create_index("ix_concierge_ledger_status", "concierge_ledger", ["status"])
    op.create_index("ix_concierge_ledger_user_sent", "concierge_ledger", ["slack_user_id", "sent_at"])

    op.create_table("concierge_outbox",
        sa.Column("id", sa.Integer().with_variant(sa.BigInteger(), "postgresql"), autoincrement=True, nullable=False),
        sa.Column("op", sa.String(length=32), nullable=False),
        sa.Column("slack_user_id", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("dedupe_key", sa.String(length=255), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("claimed_by", sa.String(length=128), nullable=True),
        sa.Column("claimed_until", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("dedupe_key")
    )
    op.create_index("ix_concierge_outbox_due", "concierge_outbox", ["status", "next_attempt_at"])

    op.create_table("concierge_pending",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("slack_user_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id")
    )
    op.create_index("ix_concierge_pending_expires_at", "concierge_pending", ["expires_at"])

    op.create_table("concierge_tracked_cases",
        sa.Column("case_id", sa.String(length=18), nullable=False),
        sa.Column("contact_id", sa.String(length=18), nullable=True),
        sa.Column("slack_user_id", sa.String(length=64), nullable=True),
        sa.Column("case_number", sa.String(length=16), nullable=True),
        sa.Column("subject", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=255), nullable=True),
        sa.Column("state", sa.String(length=32), nullable=True),
        sa.Column("seen_status", sa.String(length=255), nullable=True),
        sa.Column("seen_state", sa.String(length=32), nullable=True),
        sa.Column("muted", sa.Boolean(), nullable=False),
        sa.Column("tracked_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("last_user_activity", sa.DateTime(), nullable=False),
        sa.Column("nudge_count", sa.Integer(), nullable=False),
        sa.Column("last_nudge_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("case_id")
    )
    op.create_index("ix_concierge_tracked_cases_contact_id", "concierge_tracked_cases", ["contact_id"])
    op.create_index("ix_concierge_tracked_cases_slack_user_id", "concierge_tracked_cases", ["slack_user_id"])

    op.create_table("concierge_users",
        sa.Column("slack_user_id", sa.String(length=64), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("contact_id", sa.String(length=18), nullable=True),
        sa.Column("contact_name", sa.String(length=255), nullable=True),
        sa.Column("tz", sa.String(length=64), nullable=True),
        sa.Column("refreshed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("slack_user_id")
    )
    op.create_index("ix_concierge_users_contact_id", "concierge_users", ["contact_id"])
    op.create_index("ix_concierge_users_email", "concierge_users", ["email"])

    op.create_table("concierge_watermarks",
        sa.Column("stream", sa.String(length=64), nullable=False),
        sa.Column("value", sa.DateTime(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("stream")
    )


def downgrade() -> None:
    op.drop_table("concierge_watermarks")
    op.drop_table("concierge_users")
    op.drop_table("concierge_tracked_cases")
    op.drop_table("concierge_pending")
    op.drop_table("concierge_outbox")
    op.drop_table("concierge_ledger")
    op.drop_table("concierge_leases")
    op.drop_table("concierge_events")
