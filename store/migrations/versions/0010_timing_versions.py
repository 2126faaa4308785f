"""timing versions: held notices follow a change of their person's timing settings

Revision ID: 0010
Revises: 0009

`concierge_notice_timing.version` counts a person's changes of their quiet hours and daily digest;
`concierge_ledger.timing_version` is the version a held row's `due_at` was decided under. Rows held before this
revision have none: the poller decides their due time once more under the current settings (what it would
decide for them now).
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision, down_revision, branch_labels, depends_on = "0010", "0009", None, None


def upgrade() -> None:
    op.add_column("concierge_ledger", sa.Column("timing_version", sa.Integer(), nullable=True))
    op.add_column("concierge_notice_timing",
                  sa.Column("version", sa.Integer(), server_default="0", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("concierge_notice_timing") as batch:
        batch.drop_column("version")
    with op.batch_alter_table("concierge_ledger") as batch:
        batch.drop_column("timing_version")
