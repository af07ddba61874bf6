"""observation summary: which observations can be a page's figure, maintained with every change

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06

Issue 14 (written by hand). The table obs_summary (data/summary.py) and the index by period end its refresh reads;
the summary is filled from the stored observations.
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "obs_summary",
        sa.Column("observation_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("indicator_code", sa.String(length=60), nullable=False),
        sa.Column("geo_level", sa.String(length=10), nullable=False),
        sa.Column("geo_code", sa.String(length=40), nullable=False),
        sa.Column("data_status", sa.String(length=16), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("annual", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("observation_id"),
    )
    op.create_index("ix_obs_summary_key", "obs_summary", ["indicator_code", "geo_level", "geo_code", "year"])
    op.create_index("ix_obs_summary_annual", "obs_summary", ["geo_level", "annual", "indicator_code", "year"])
    op.create_index("ix_obs_key_end", "observations", ["indicator_code", "geo_level", "geo_code", "period_end"])
    from data import summary  # the rule lives in one place

    summary.refresh_all(op.get_bind())


def downgrade() -> None:
    op.drop_index("ix_obs_key_end", table_name="observations")
    op.drop_index("ix_obs_summary_annual", table_name="obs_summary")
    op.drop_index("ix_obs_summary_key", table_name="obs_summary")
    op.drop_table("obs_summary")
