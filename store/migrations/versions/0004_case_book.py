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


# (name, type, nullable) of concierge_case_book, as store/schema/cases.py declares them
_CASE_BOOK = (
    ("case_id", sa.String(length=18), False), ("contact_id", sa.String(length=18), False),
    ("case_number", sa.String(length=16), False), ("subject", sa.Text(), False), ("description", sa.Text(), True),
    ("status", sa.String(length=255), False), ("state", sa.String(length=32), False),
    ("is_closed", sa.Boolean(), False), ("assignee", sa.String(length=255), True),
    ("type", sa.String(length=255), True), ("priority", sa.String(length=255), True),
    ("origin", sa.String(length=255), True), ("url", sa.String(length=1024), True),
    ("created_date", sa.DateTime(), True), ("last_modified_date", sa.DateTime(), True),
    ("closed_date", sa.DateTime(), True), ("system_modstamp", sa.DateTime(), True),
    ("stored_at", sa.DateTime(), False),
)


def upgrade() -> None:
    op.create_table("concierge_case_book", *(sa.Column(name, kind, nullable=nullable)
                                             for name, kind, nullable in _CASE_BOOK),
                    sa.PrimaryKeyConstraint("case_id"))
    op.create_index("ix_concierge_case_book_contact_id", "concierge_case_book", ["contact_id"], unique=False)
    op.create_table("concierge_case_book_sync", sa.Column("key", sa.String(length=64), nullable=False),
                    sa.Column("synced_at", sa.DateTime(), nullable=False), sa.PrimaryKeyConstraint("key"))


def downgrade() -> None:
    op.drop_table("concierge_case_book_sync")
    op.drop_index("ix_concierge_case_book_contact_id", table_name="concierge_case_book")
    op.drop_table("concierge_case_book")
