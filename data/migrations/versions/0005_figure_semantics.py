"""figure semantics: qualifiers, series segments, date precision, target kinds, networks and published totals

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06

Issue 9 (written by hand). Observations gain qualifier, value_low, value_high and segment; targets gain
deadline_stated and target_kind; facility statuses gain date_precision and date_latest (backfilled from the
published date) and room for an interval date; new tables series_segments, networks and network_totals.
"""

import calendar
import re
from datetime import date

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _span(text: str) -> tuple[str, date]:
    """(precision, last day) of a published date; self-contained so the migration never changes with the app."""
    t = (text or "").strip()
    if ".." in t:
        return "interval", _span(t.split("..", 1)[1])[1]
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", t):
        return "day", date(int(m[1]), int(m[2]), int(m[3]))
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})", t):
        y, mo = int(m[1]), int(m[2])
        return "month", date(y, mo, calendar.monthrange(y, mo)[1])
    if m := re.fullmatch(r"(\d{4})", t):
        return "year", date(int(m[1]), 12, 31)
    return "day", None


def upgrade() -> None:
    with op.batch_alter_table("observations") as batch:
        batch.add_column(sa.Column("qualifier", sa.String(length=12), server_default="exact", nullable=False))
        batch.add_column(sa.Column("value_low", sa.Float(), nullable=True))
        batch.add_column(sa.Column("value_high", sa.Float(), nullable=True))
        batch.add_column(sa.Column("segment", sa.String(length=40), server_default="", nullable=False))

    with op.batch_alter_table("targets") as batch:
        batch.add_column(sa.Column("deadline_stated", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch.add_column(sa.Column("target_kind", sa.String(length=20), nullable=True))
    op.execute("UPDATE targets SET deadline_stated = (target_year IS NOT NULL)")

    with op.batch_alter_table("facility_status") as batch:
        batch.alter_column("status_date", existing_type=sa.String(length=20), type_=sa.String(length=30))
        batch.add_column(sa.Column("date_precision", sa.String(length=10), server_default="day", nullable=False))
        batch.add_column(sa.Column("date_latest", sa.Date(), nullable=True))
    fs = sa.table(
        "facility_status",
        sa.column("id", sa.Integer()),
        sa.column("status_date", sa.String()),
        sa.column("status_day", sa.Date()),
        sa.column("date_precision", sa.String()),
        sa.column("date_latest", sa.Date()),
    )
    bind = op.get_bind()
    for row in bind.execute(sa.select(fs.c.id, fs.c.status_date, fs.c.status_day)).all():
        precision, latest = _span(row.status_date)
        bind.execute(
            fs.update().where(fs.c.id == row.id).values(date_precision=precision, date_latest=latest or row.status_day)
        )
    with op.batch_alter_table("facility_status") as batch:
        batch.alter_column("date_latest", existing_type=sa.Date(), nullable=False)

    op.create_table(
        "series_segments",
        sa.Column("indicator_code", sa.String(length=60), nullable=False),
        sa.Column("segment", sa.String(length=40), nullable=False),
        sa.Column("starts", sa.String(length=30), nullable=False),
        sa.Column("starts_day", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("label_az", sa.Text(), nullable=False),
        sa.Column("label_en", sa.Text(), nullable=False),
        sa.Column("note_az", sa.Text(), nullable=False),
        sa.Column("note_en", sa.Text(), nullable=False),
        sa.Column("source_id", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(["indicator_code"], ["indicators.code"]),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"]),
        sa.PrimaryKeyConstraint("indicator_code", "segment"),
    )
    op.create_table(
        "networks",
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name_az", sa.Text(), nullable=False),
        sa.Column("name_en", sa.Text(), nullable=False),
        sa.Column("started", sa.String(length=30), nullable=True),
        sa.Column("started_day", sa.Date(), nullable=True),
        sa.Column("source_id", sa.String(length=32), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"]),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "network_totals",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("network", sa.String(length=20), nullable=False),
        sa.Column("facility_types", sa.String(length=120), nullable=False),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("published_date", sa.String(length=30), nullable=False),
        sa.Column("date_latest", sa.Date(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), server_default="count", nullable=False),
        sa.Column("source_id", sa.String(length=32), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"]),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("network_totals")
    op.drop_table("networks")
    op.drop_table("series_segments")
    with op.batch_alter_table("facility_status") as batch:
        batch.drop_column("date_latest")
        batch.drop_column("date_precision")
        batch.alter_column("status_date", existing_type=sa.String(length=30), type_=sa.String(length=20))
    with op.batch_alter_table("targets") as batch:
        batch.drop_column("target_kind")
        batch.drop_column("deadline_stated")
    with op.batch_alter_table("observations") as batch:
        batch.drop_column("segment")
        batch.drop_column("value_high")
        batch.drop_column("value_low")
        batch.drop_column("qualifier")
