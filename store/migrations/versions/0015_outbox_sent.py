"""outbox sent_at: when the holder of an entry's current claim sent its Salesforce write (recorded just before
sending), so a claim that expired is in doubt only when its write was actually sent

Revision ID: 0015
Revises: 0014
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision, down_revision, branch_labels, depends_on = "0015", "0014", None, None


def upgrade() -> None:
    op.add_column("concierge_outbox", sa.Column("sent_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("concierge_outbox") as batch:
        batch.drop_column("sent_at")
