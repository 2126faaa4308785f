"""writes in doubt: outbox settle_until (until then an earlier attempt of the entry may still land) and
intake wrote_at (when a holder of the event first sent a Salesforce write)

Revision ID: 0006
Revises: 0005
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision, down_revision, branch_labels, depends_on = "0006", "0005", None, None


def upgrade() -> None:
    op.add_column("concierge_outbox", sa.Column("settle_until", sa.DateTime(), nullable=True))
    op.add_column("concierge_intake", sa.Column("wrote_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("concierge_intake") as batch:
        batch.drop_column("wrote_at")
    with op.batch_alter_table("concierge_outbox") as batch:
        batch.drop_column("settle_until")
