"""status writes: the status Concierge itself last wrote on a case (who changed a case)

Revision ID: 0003
Revises: 0002
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A database made by `create_all` after this table was added but before migrations existed has it already
    # (it is stamped at the baseline, 0001): create it only where it is missing.
    if sa.inspect(op.get_bind()).has_table("concierge_status_writes"):
        return
    op.create_table("concierge_status_writes",
        sa.Column("case_key", sa.String(length=18), nullable=False),
        sa.Column("status", sa.String(length=255), nullable=False),
        sa.Column("written_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("case_key")
    )


def downgrade() -> None:
    op.drop_table("concierge_status_writes")
