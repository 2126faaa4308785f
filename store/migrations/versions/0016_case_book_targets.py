"""case_book: the case's open entitlement milestones and stopped clock (JSON), for "when to expect an answer"

Revision ID: 0016
Revises: 0015
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision, down_revision, branch_labels, depends_on = "0016", "0015", None, None


def upgrade() -> None:
    with op.batch_alter_table("concierge_case_book") as batch:
        batch.add_column(sa.Column("targets", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("concierge_case_book") as batch:
        batch.drop_column("targets")
