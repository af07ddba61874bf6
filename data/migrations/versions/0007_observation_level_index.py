"""observation level index: the pages read observations by geography level first

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06

Issue 14 (written by hand). With ten million district observations, reading the country level (overview,
registry) scanned the whole table (1.5 s); an index on (geo_level, indicator_code) finds its rows at once.
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_obs_level", "observations", ["geo_level", "indicator_code"])


def downgrade() -> None:
    op.drop_index("ix_obs_level", table_name="observations")
