"""notice timing: quiet hours and daily digest per person; held ledger rows (due_at, digest_key)

Revision ID: 0007
Revises: 0006
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision, down_revision, branch_labels, depends_on = "0007", "0006", None, None


def upgrade() -> None:
    # A database made by `create_all` (stamped at the baseline) may have these already: add what is missing.
    inspector = sa.inspect(op.get_bind())
    ledger = {c["name"] for c in inspector.get_columns("concierge_ledger")}
    if not inspector.has_table("concierge_notice_timing"):
        _create_timing()
    if "due_at" not in ledger:
        # Rows written before this revision have no due_at: they were due when created (readers fall back to it).
        op.add_column("concierge_ledger", sa.Column("due_at", sa.DateTime(), nullable=True))
    if "digest_key" not in ledger:
        op.add_column("concierge_ledger", sa.Column("digest_key", sa.String(length=64), nullable=True))
    if "ix_concierge_ledger_held" not in {i["name"] for i in inspector.get_indexes("concierge_ledger")}:
        op.create_index("ix_concierge_ledger_held", "concierge_ledger", ["status", "due_at"])


def _create_timing() -> None:
    op.create_table("concierge_notice_timing",
                    sa.Column("slack_user_id", sa.String(length=64), nullable=False),
                    sa.Column("quiet", sa.Boolean(), nullable=True),
                    sa.Column("quiet_start", sa.String(length=5), nullable=True),
                    sa.Column("quiet_end", sa.String(length=5), nullable=True),
                    sa.Column("weekends", sa.Boolean(), nullable=True),
                    sa.Column("digest_hour", sa.Integer(), nullable=True),
                    sa.Column("updated_at", sa.DateTime(), nullable=False),
                    sa.PrimaryKeyConstraint("slack_user_id"))


def downgrade() -> None:
    op.drop_index("ix_concierge_ledger_held", table_name="concierge_ledger")
    op.drop_column("concierge_ledger", "digest_key")
    op.drop_column("concierge_ledger", "due_at")
    op.drop_table("concierge_notice_timing")
