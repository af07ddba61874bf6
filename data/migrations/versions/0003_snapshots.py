"""collegium snapshots: the figures presented at a collegium meeting, frozen as JSON

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22

One row per meeting (unique meeting date): the payload built by metrics.snapshot, its SHA-256 and the data
statuses that were shown. Written by hand.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "collegium_snapshots",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("meeting_date", sa.Date(), nullable=False),
        sa.Column("frozen_at", sa.DateTime(), nullable=False),
        sa.Column("statuses", sa.String(length=60), nullable=False),
        sa.Column("payload_version", sa.Integer(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("payload_sha256", sa.String(length=64), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("meeting_date", name="uq_collegium_snapshots_meeting_date"),
    )


def downgrade() -> None:
    op.drop_table("collegium_snapshots")
