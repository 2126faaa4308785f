"""channel cases: one case per channel thread, and the bursts of auto request channels

Revision ID: 0013
Revises: 0012
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision, down_revision, branch_labels, depends_on = "0013", "0012", None, None


def upgrade() -> None:
    op.create_table("concierge_channel_cases", sa.Column("channel", sa.String(length=64), nullable=False),
                    sa.Column("root_ts", sa.String(length=32), nullable=False),
                    sa.Column("case_key", sa.String(length=18), nullable=False),
                    sa.Column("case_id", sa.String(length=18), nullable=False),
                    sa.Column("case_number", sa.String(length=32), nullable=True),
                    sa.Column("requester", sa.String(length=64), nullable=False),
                    sa.Column("private", sa.Boolean(), nullable=False),
                    sa.Column("public_updates", sa.Boolean(), nullable=False),
                    sa.Column("created_at", sa.DateTime(), nullable=False),
                    sa.PrimaryKeyConstraint("channel", "root_ts"))
    op.create_index("ix_concierge_channel_cases_case", "concierge_channel_cases", ["case_key"])
    op.create_table("concierge_channel_bursts", sa.Column("channel", sa.String(length=64), nullable=False),
                    sa.Column("author", sa.String(length=64), nullable=False),
                    sa.Column("root_ts", sa.String(length=32), nullable=False),
                    sa.Column("last_at", sa.DateTime(), nullable=False),
                    sa.PrimaryKeyConstraint("channel", "author"))


def downgrade() -> None:
    op.drop_table("concierge_channel_bursts")
    op.drop_index("ix_concierge_channel_cases_case", table_name="concierge_channel_cases")
    op.drop_table("concierge_channel_cases")
