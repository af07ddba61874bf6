"""import batches: history and rollback of the ministry's imports

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24

Adds the `import_batches` table and the batch columns the importer needs (written by hand). The batch
columns are plain integers without foreign keys, so SQLite adds them in place (batch mode, no table copy).
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "import_batches",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("user_name", sa.String(length=100), nullable=True),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("rows_new", sa.Integer(), nullable=False),
        sa.Column("rows_changed", sa.Integer(), nullable=False),
        sa.Column("rows_unchanged", sa.Integer(), nullable=False),
        sa.Column("facilities_new", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("rolled_back_at", sa.DateTime(), nullable=True),
        sa.Column("rolled_back_by", sa.String(length=100), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("import_batches") as batch:
        batch.create_index("ix_import_batches_sha", ["file_sha256"], unique=False)

    with op.batch_alter_table("observations") as batch:
        batch.add_column(sa.Column("superseded_by_batch", sa.Integer(), nullable=True))
        batch.create_index("ix_obs_batch", ["batch_id"], unique=False)
        batch.create_index("ix_obs_superseded_by", ["superseded_by_batch"], unique=False)

    with op.batch_alter_table("facility_status") as batch:
        batch.create_index("ix_facility_status_batch", ["batch_id"], unique=False)

    with op.batch_alter_table("facilities") as batch:
        batch.add_column(sa.Column("batch_id", sa.Integer(), nullable=True))

    with op.batch_alter_table("sources") as batch:
        batch.add_column(sa.Column("batch_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sources") as batch:
        batch.drop_column("batch_id")

    with op.batch_alter_table("facilities") as batch:
        batch.drop_column("batch_id")

    with op.batch_alter_table("facility_status") as batch:
        batch.drop_index("ix_facility_status_batch")

    with op.batch_alter_table("observations") as batch:
        batch.drop_index("ix_obs_superseded_by")
        batch.drop_index("ix_obs_batch")
        batch.drop_column("superseded_by_batch")

    with op.batch_alter_table("import_batches") as batch:
        batch.drop_index("ix_import_batches_sha")
    op.drop_table("import_batches")
