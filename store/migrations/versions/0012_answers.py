"""knowledge answers: the articles shown for a problem and what became of them (deflection)

Revision ID: 0012
Revises: 0011
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision, down_revision, branch_labels, depends_on = "0012", "0011", None, None


def upgrade() -> None:
    op.create_table("concierge_answers", sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
                    sa.Column("asked_by", sa.String(length=255), nullable=False),
                    sa.Column("slack_user_id", sa.String(length=64), nullable=False),
                    sa.Column("contact_id", sa.String(length=18), nullable=False),
                    sa.Column("text", sa.Text(), nullable=False),
                    sa.Column("case_type", sa.String(length=255), nullable=True),
                    sa.Column("articles", sa.JSON(), nullable=False),
                    sa.Column("shown_at", sa.DateTime(), nullable=False),
                    sa.Column("confirmed_at", sa.DateTime(), nullable=True),
                    sa.Column("opened_at", sa.DateTime(), nullable=True),
                    sa.Column("filed_at", sa.DateTime(), nullable=True),
                    sa.Column("case_id", sa.String(length=18), nullable=True),
                    sa.PrimaryKeyConstraint("id"), sa.UniqueConstraint("asked_by"))
    op.create_index("ix_concierge_answers_slack_user_id", "concierge_answers", ["slack_user_id"])
    op.create_index("ix_concierge_answers_shown_at", "concierge_answers", ["shown_at"])


def downgrade() -> None:
    op.drop_index("ix_concierge_answers_shown_at", table_name="concierge_answers")
    op.drop_index("ix_concierge_answers_slack_user_id", table_name="concierge_answers")
    op.drop_table("concierge_answers")
