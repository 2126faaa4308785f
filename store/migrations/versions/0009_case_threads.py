"""case threads: one thread per case in each person's DM

Revision ID: 0009
Revises: 0008
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision, down_revision, branch_labels, depends_on = "0009", "0008", None, None


def upgrade() -> None:
    op.create_table("concierge_case_threads", sa.Column("slack_user_id", sa.String(length=64), nullable=False),
                    sa.Column("case_key", sa.String(length=18), nullable=False),
                    sa.Column("case_id", sa.String(length=18), nullable=False),
                    sa.Column("channel", sa.String(length=64), nullable=False),
                    sa.Column("thread_ts", sa.String(length=32), nullable=False),
                    sa.Column("created_at", sa.DateTime(), nullable=False),
                    sa.PrimaryKeyConstraint("slack_user_id", "case_key"))
    op.create_index("ix_concierge_case_threads_ts", "concierge_case_threads", ["channel", "thread_ts"])


def downgrade() -> None:
    op.drop_index("ix_concierge_case_threads_ts", table_name="concierge_case_threads")
    op.drop_table("concierge_case_threads")
