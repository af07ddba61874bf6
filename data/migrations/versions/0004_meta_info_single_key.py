"""meta_info: drop the redundant UNIQUE(key) beside the primary key on the same column

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06

Migration 0001 declared meta_info with PRIMARY KEY(key) and UNIQUE(key). The unique constraint adds nothing
(a primary key is unique) and the two databases disagreed about it: SQLite keeps both, PostgreSQL reported only
the primary key, so the migration test had to filter the difference out. The schema now declares the primary key
only; this migration removes the extra constraint where it exists. SQLite cannot drop a constraint, so the tiny
table is rebuilt (its rows are copied). Written by hand.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _rebuild(unique: bool) -> None:
    """Recreate meta_info with or without UNIQUE(key), keeping its rows."""
    extra = [sa.UniqueConstraint("key")] if unique else []
    op.create_table(
        "_meta_info_new",
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
        *extra,
    )
    op.execute("INSERT INTO _meta_info_new (key, value) SELECT key, value FROM meta_info")
    op.drop_table("meta_info")
    op.rename_table("_meta_info_new", "meta_info")


def _unique_names() -> list[str | None]:
    """Names of the unique constraints on meta_info(key) other than the primary key."""
    insp = sa.inspect(op.get_bind())
    return [u["name"] for u in insp.get_unique_constraints("meta_info") if u["column_names"] == ["key"]]


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild(unique=False)
        return
    for name in _unique_names():
        if name:
            op.drop_constraint(name, "meta_info", type_="unique")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild(unique=True)
        return
    op.create_unique_constraint("meta_info_key_key", "meta_info", ["key"])
