"""surveys: the satisfaction rating carried by resolution notices (issue 24)

Revision ID: 0011
Revises: 0010
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision, down_revision, branch_labels, depends_on = "0011", "0010", None, None


def upgrade() -> None:
    big = sa.Integer().with_variant(sa.BigInteger(), "postgresql")
    op.create_table("concierge_surveys",
                    sa.Column("id", big, primary_key=True, autoincrement=True),
                    sa.Column("ledger_id", big, nullable=False),
                    sa.Column("case_id", sa.String(length=18), nullable=False),
                    sa.Column("slack_user_id", sa.String(length=64), nullable=False),
                    sa.Column("resolution", sa.String(length=64), nullable=False),
                    sa.Column("kind", sa.String(length=32), nullable=False),
                    sa.Column("case_number", sa.String(length=32), nullable=True),
                    sa.Column("case_type", sa.String(length=255), nullable=True),
                    sa.Column("agent", sa.String(length=255), nullable=True),
                    sa.Column("status", sa.String(length=16), nullable=False),
                    sa.Column("offered_at", sa.DateTime(), nullable=False),
                    sa.Column("channel", sa.String(length=64), nullable=True),
                    sa.Column("message_ts", sa.String(length=32), nullable=True),
                    sa.Column("score", sa.Integer(), nullable=True),
                    sa.Column("comment", sa.Text(), nullable=True),
                    sa.Column("rated_at", sa.DateTime(), nullable=True),
                    sa.Column("changed_at", sa.DateTime(), nullable=True),
                    sa.Column("record_id", sa.String(length=18), nullable=True),
                    sa.UniqueConstraint("ledger_id", name="uq_concierge_surveys_ledger"))
    op.create_index("ix_concierge_surveys_user", "concierge_surveys", ["slack_user_id", "offered_at"])
    op.create_index("ix_concierge_surveys_case", "concierge_surveys", ["case_id", "status"])


def downgrade() -> None:
    op.drop_index("ix_concierge_surveys_case", table_name="concierge_surveys")
    op.drop_index("ix_concierge_surveys_user", table_name="concierge_surveys")
    op.drop_table("concierge_surveys")
