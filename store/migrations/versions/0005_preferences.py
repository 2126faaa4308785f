"""preferences: notification kinds a person switched on or off

Revision ID: 0005
Revises: 0004
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision, down_revision, branch_labels, depends_on = "0005", "0004", None, None


def upgrade() -> None:
    op.create_table("concierge_preferences", sa.Column("slack_user_id", sa.String(length=64), nullable=False),
                    sa.Column("kind", sa.String(length=32), nullable=False),
                    sa.Column("enabled", sa.Boolean(), nullable=False),
                    sa.Column("updated_at", sa.DateTime(), nullable=False),
                    sa.PrimaryKeyConstraint("slack_user_id", "kind"))


def downgrade() -> None:
    op.drop_table("concierge_preferences")
