"""case book: the read model of employees' cases and when each source last synced it

Revision ID: 0004
Revises: 0003
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("concierge_case_book",
        sa.Column("case_id", sa.String(length=18), nullable=False),
        sa.Column("contact_id", sa.String(length=18), nullable=False),
        sa.Column("case_number", sa.String(length=16), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=255), nullable=False),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("is_closed", sa.Boolean(), nullable=False),
        sa.Column("assignee", sa.String(length=255), nullable=True),
        sa.Column("type", sa.String(length=255), nullable=True),
        sa.Column("priority", sa.String(length=255), nullable=True),
        sa.Column("origin", sa.String(length=255), nullable=True),
        sa.Column("url", sa.String(length=1024), nullable=True),
        sa.Column("created_date", sa.DateTime(), nullable=True),
        sa.Column("last_modified_date", sa.DateTime(), nullable=True),
        sa.Column("closed_date", sa.DateTime(), nullable=True),
        sa.Column("system_modstamp", sa.DateTime(), nullable=True),
        sa.Column("stored_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("case_id")
    )
    op.create_index("ix_concierge_case_book_contact_id", "concierge_case_book", ["contact_id"], unique=False)
    op.create_table("concierge_case_book_sync",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("synced_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key")
    )


def downgrade() -> None:
    op.drop_table("concierge_case_book_sync")
    op.drop_index("ix_concierge_case_book_contact_id", table_name="concierge_case_book")
    op.drop_table("concierge_case_book")
