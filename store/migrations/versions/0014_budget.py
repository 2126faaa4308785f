"""budget: per-person counters (messages a minute, cases a day), shared by replicas

Revision ID: 0014
Revises: 0013
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision, down_revision, branch_labels, depends_on = "0014", "0013", None, None


def upgrade() -> None:
    op.create_table(
        "concierge_budget",
        sa.Column("key", sa.String(255), primary_key=True),
        sa.Column("used", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_concierge_budget_expires_at", "concierge_budget", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_concierge_budget_expires_at", table_name="concierge_budget")
    op.drop_table("concierge_budget")
