"""outbox: settle_until, the time until which an earlier attempt of an entry may still land

Revision ID: 0006
Revises: 0005
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision, down_revision, branch_labels, depends_on = "0006", "0005", None, None


def upgrade() -> None:
    op.add_column("concierge_outbox", sa.Column("settle_until", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("concierge_outbox") as batch:
        batch.drop_column("settle_until")
