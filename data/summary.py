"""The observation summary (table obs_summary): which stored observations can be a page's figure.

At ten million district observations (issue 14) the pages cannot pull every row into pandas. A page's yearly
value (figures.frames.annual_table) and its points (figures.frames.series_points) each keep, per indicator,
geography and year (a stock: per published date), ONE current preferred row, the most certain data status
winning. Since a session may show any set of data statuses, the summary keeps the winner of each data status:

- a flow (kind count) per (indicator, level, geo, data status, year of period_end): among its full-year and
  part-year rows (a part-year row: within one calendar year, not a single date), the full year first, then the
  most months, the latest period end, the latest period start, the latest row;
- a stock, share or ratio per (indicator, level, geo, data status, period_end): the latest period start, the
  latest row.

`annual` marks the rows a yearly value may use (a stock's row, a flow's full year). The pages read the
observations the summary names (data.queries.summary_observations) and build the same frames as from every
row: a row the summary leaves out can never be chosen under any choice of data statuses. Nothing is copied:
the summary holds the observation's id and its key, so it cannot disagree with the row's value.

It is written in the same transaction as every change of observations: the build (data.loader), an import
commit and a rollback (data.importer: only the keys the batch touches), the generator of bench data.
"""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import (
    ColumnElement,
    Connection,
    and_,
    case,
    column,
    delete,
    exists,
    extract,
    func,
    insert,
    literal,
    select,
    table,
    text,
)

from data import schema as s

KEY_COLUMNS = ["indicator_code", "geo_level", "geo_code", "year"]
KEYS_TABLE = "obs_summary_keys"  # a temporary table of (indicator, level, geo, year, first day, last day)


def _year_bounds(conn: Connection, column) -> tuple:
    """SQL for the first and the last day of the year of a date column (dates compare as dates on PostgreSQL,
    as ISO text on SQLite)."""
    if conn.dialect.name == "postgresql":
        first = func.date_trunc("year", column)
        return first.cast(s.observations.c.period_end.type), (first + text("interval '1 year - 1 day'")).cast(
            s.observations.c.period_end.type
        )
    return func.strftime("%Y-01-01", column), func.strftime("%Y-12-31", column)


def _part(dialect: str):
    """A date's field as a number: date_part on PostgreSQL (a float: sorting 100,000 rows by EXTRACT's numeric
    costs seconds), EXTRACT elsewhere (SQLite: strftime)."""
    if dialect == "postgresql":
        return lambda field, col: func.date_part(field, col)
    return extract


class PeriodShape(NamedTuple):
    """SQL for an observation's period as metrics.series.classify reads it (the query joins indicators)."""

    year: ColumnElement  # the year of the period's end
    is_flow: ColumnElement[bool]  # kind count: summed over its period
    full: ColumnElement[bool]  # a whole calendar year
    partial: ColumnElement[bool]  # within one calendar year, not whole, not a single date (any kind)
    months: ColumnElement  # calendar months touched


def period_shape(dialect: str, o=s.observations, kind=s.indicators.c.kind) -> PeriodShape:
    """The period's shape of the rows of `o` (s.observations or an alias of it) in the dialect's SQL; `kind` is
    the indicator's kind (the query joins indicators, or a correlated value)."""
    part = _part(dialect)
    sy, ey = part("year", o.c.period_start), part("year", o.c.period_end)
    sm, em = part("month", o.c.period_start), part("month", o.c.period_end)
    sd, ed = part("day", o.c.period_start), part("day", o.c.period_end)
    full = and_(sy == ey, sm == 1, sd == 1, em == 12, ed == 31)
    partial = and_(sy == ey, ~full, o.c.period_type != "date")
    return PeriodShape(ey, kind == "count", full, partial, (ey - sy) * 12 + em - sm + 1)


def _ranked(dialect: str, keys=None):
    """The current preferred observations (of the `keys` table's keys, when given) with their summary key and their
    rank in their slot (1 = the winner)."""
    o, i = s.observations, s.indicators
    ey, is_flow, full, partial, months = period_shape(dialect)
    flow_full = case((and_(is_flow, full), 1), else_=0)
    flow_months = case((is_flow, months), else_=0)
    slot = case((is_flow, None), else_=o.c.period_end)
    rank = (
        func.row_number()
        .over(
            partition_by=[o.c.indicator_code, o.c.geo_level, o.c.geo_code, o.c.data_status, ey, slot],
            order_by=[
                flow_full.desc(),
                flow_months.desc(),
                o.c.period_end.desc(),
                o.c.period_start.desc(),
                o.c.id.desc(),
            ],
        )  # fmt: skip
        .label("rank")
    )
    annual = case((is_flow, case((full, True), else_=False)), else_=True).label("annual")
    source = o.join(i, i.c.code == o.c.indicator_code)
    if keys is not None:
        source = keys.join(
            source,
            and_(
                keys.c.indicator_code == o.c.indicator_code,
                keys.c.geo_level == o.c.geo_level,
                keys.c.geo_code == o.c.geo_code,
                o.c.period_end >= keys.c.first_day,
                o.c.period_end <= keys.c.last_day,
            ),
        )
    columns = [o.c.id.label("observation_id"), o.c.indicator_code, o.c.geo_level, o.c.geo_code, o.c.data_status]
    return (
        select(*columns, ey.label("year"), annual, rank)
        .select_from(source)
        .where(o.c.superseded_at.is_(None), o.c.is_preferred.is_(True), (~is_flow) | full | partial)
    )


def _insert_winners(conn: Connection, ranked) -> int:
    """Insert the rank-1 rows of `ranked` into obs_summary; returns how many."""
    r = ranked.subquery("ranked")
    cols = ["observation_id", "indicator_code", "geo_level", "geo_code", "data_status", "year", "annual"]
    stmt = insert(s.obs_summary).from_select(cols, select(*[r.c[c] for c in cols]).where(r.c.rank == 1))
    return conn.execute(stmt).rowcount


def refresh_all(conn: Connection) -> int:
    """Rebuild the whole summary inside the caller's transaction; returns its row count."""
    conn.execute(delete(s.obs_summary))
    _sort_memory(conn)
    return _insert_winners(conn, _ranked(conn.dialect.name))


def _sort_memory(conn: Connection) -> None:
    """Enough memory for the ranking's sort to stay off the disk, for this transaction (PostgreSQL)."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SET LOCAL work_mem = '64MB'")


def _keys_table(conn: Connection) -> None:
    """(Re)create the empty temporary keys table of this connection."""
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {KEYS_TABLE}")
    date_type = "DATE" if conn.dialect.name == "postgresql" else "TEXT"
    conn.exec_driver_sql(
        f"CREATE TEMPORARY TABLE {KEYS_TABLE} (indicator_code VARCHAR(60), geo_level VARCHAR(10), "
        f"geo_code VARCHAR(40), year INTEGER, first_day {date_type}, last_day {date_type})"
    )


def collect_batch_keys(conn: Connection, batch_id: int) -> None:
    """Remember the summary keys (indicator, level, geo, year) of every observation a batch wrote or replaced, in
    a temporary table of the connection (before a rollback deletes them); refresh_keys() then reads it."""
    o = s.observations
    _keys_table(conn)
    first, last = _year_bounds(conn, o.c.period_end)
    rows = (
        select(o.c.indicator_code, o.c.geo_level, o.c.geo_code, extract("year", o.c.period_end), first, last)
        .where((o.c.batch_id == batch_id) | (o.c.superseded_by_batch == batch_id))
        .distinct()
    )
    cols = ", ".join(["indicator_code", "geo_level", "geo_code", "year", "first_day", "last_day"])
    compiled = rows.compile(conn, compile_kwargs={"literal_binds": True})
    conn.exec_driver_sql(f"INSERT INTO {KEYS_TABLE} ({cols}) {compiled}")
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"ANALYZE {KEYS_TABLE}")


def refresh_keys(conn: Connection) -> int:
    """Recompute the summary rows of the keys collect_batch_keys() remembered; returns the rows written."""
    m = s.obs_summary
    keys = table(KEYS_TABLE, *[column(c) for c in ("indicator_code", "geo_level", "geo_code", "year",
                                                   "first_day", "last_day")])  # fmt: skip
    same_key = and_(*[keys.c[c] == m.c[c] for c in KEY_COLUMNS])
    conn.execute(delete(m).where(exists(select(literal(1)).select_from(keys).where(same_key))))
    _sort_memory(conn)
    written = _insert_winners(conn, _ranked(conn.dialect.name, keys))
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {KEYS_TABLE}")
    return written


def refresh_batch(conn: Connection, batch_id: int) -> int:
    """Recompute the summary rows of the keys a committed batch touched (after its rows are written)."""
    collect_batch_keys(conn, batch_id)
    return refresh_keys(conn)
