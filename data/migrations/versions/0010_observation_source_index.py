"""observation source index: a rollback deletes its sources without scanning every observation

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06

Issue 14 (written by hand). Deleting a source makes the database check that no observation still cites it
(the foreign key observations.source_id): without an index that is a scan of every observation per deleted
source (ten million rows at the scale measured). The sources page's counts per source use it too.
"""

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_obs_source", "observations", ["source_id"])


def downgrade() -> None:
    op.drop_index("ix_obs_source", table_name="observations")
