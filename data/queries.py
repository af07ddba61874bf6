"""Read access: one function per question, bound parameters, a DataFrame out.

Every function takes an Engine or an open Connection (`bind`). Dates come back as pandas Timestamps,
integers that may be missing as nullable Int64, booleans as bool.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from sqlalchemy import Connection, Engine, Select, func, select

from data import schema as s

ALL_STATUSES: tuple[str, ...] = s.DATA_STATUSES
SOURCE_COLUMNS = [
    s.sources.c.title.label("source_title"),
    s.sources.c.publisher.label("source_publisher"),
    s.sources.c.url.label("source_url"),
    s.sources.c.published.label("source_published"),
]


def _read(bind: Engine | Connection, stmt: Select, dates: Sequence[str] = ()) -> pd.DataFrame:
    """Run `stmt` and return a DataFrame with `dates` parsed."""
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            df = pd.read_sql(stmt, conn)
    else:
        df = pd.read_sql(stmt, bind)
    for c in dates:
        df[c] = pd.to_datetime(df[c])
    return df


def sources(bind: Engine | Connection) -> pd.DataFrame:
    """All sources."""
    return _read(bind, select(s.sources).order_by(s.sources.c.id))


def economic_regions(bind: Engine | Connection) -> pd.DataFrame:
    """The 14 economic regions in decree order."""
    return _read(bind, select(s.economic_regions).order_by(s.economic_regions.c.sort_order))


def districts(bind: Engine | Connection) -> pd.DataFrame:
    """Districts and cities with their region and population.

    `population` is as published (a district row includes a city counted inside it);
    `population_exclusive` is the population of the unit's own polygon (district minus such cities).
    """
    d = s.districts
    df = _read(bind, select(d).order_by(d.c.economic_region_code, d.c.name_az))
    df["population"] = df["population"].astype("Int64")
    inside = df.dropna(subset=["stat_parent_code"]).groupby("stat_parent_code")["population"].sum()
    df["population_exclusive"] = (df["population"] - df["code"].map(inside).fillna(0).astype("Int64")).astype("Int64")
    return df


def district_aliases(bind: Engine | Connection) -> pd.DataFrame:
    """Every known name of every district (Azerbaijani, English, Russian, variants, former names)."""
    return _read(bind, select(s.district_aliases))


def goals(bind: Engine | Connection) -> pd.DataFrame:
    """The strategic goals."""
    return _read(bind, select(s.goals).order_by(s.goals.c.sort_order))


def indicators(bind: Engine | Connection) -> pd.DataFrame:
    """The indicator catalogue."""
    return _read(bind, select(s.indicators).order_by(s.indicators.c.sort_order))


def targets(bind: Engine | Connection, indicator_codes: Sequence[str] | None = None) -> pd.DataFrame:
    """Targets (every stated version), with their sources."""
    t = s.targets
    stmt = select(t, *SOURCE_COLUMNS).join(s.sources, s.sources.c.id == t.c.source_id, isouter=True)
    if indicator_codes is not None:
        stmt = stmt.where(t.c.indicator_code.in_(list(indicator_codes)))
    df = _read(bind, stmt.order_by(t.c.indicator_code, t.c.date_set, t.c.id))
    df["target_year"] = df["target_year"].astype("Int64")
    return df


def observations(
    bind: Engine | Connection,
    indicator_codes: Sequence[str] | None = None,
    geo_level: str | None = None,
    statuses: Sequence[str] = ALL_STATUSES,
    preferred_only: bool = True,
    include_superseded: bool = False,
) -> pd.DataFrame:
    """Observations with their sources; by default the preferred, current value of each figure."""
    o = s.observations
    stmt = select(o, *SOURCE_COLUMNS).join(s.sources, s.sources.c.id == o.c.source_id, isouter=True)
    stmt = stmt.where(o.c.data_status.in_(list(statuses)))
    if indicator_codes is not None:
        stmt = stmt.where(o.c.indicator_code.in_(list(indicator_codes)))
    if geo_level is not None:
        stmt = stmt.where(o.c.geo_level == geo_level)
    if preferred_only:
        stmt = stmt.where(o.c.is_preferred.is_(True))
    if not include_superseded:
        stmt = stmt.where(o.c.superseded_at.is_(None))
    stmt = stmt.order_by(o.c.indicator_code, o.c.geo_level, o.c.geo_code, o.c.period_start, o.c.id)
    return _read(bind, stmt, dates=("period_start", "period_end"))


def facilities(bind: Engine | Connection) -> pd.DataFrame:
    """The facility registry (DOST network, rehabilitation and other social-service institutions)."""
    f = s.facilities
    df = _read(bind, select(f).order_by(f.c.network, f.c.code))
    for c in ("beds", "annual_capacity"):
        df[c] = df[c].astype("Int64")
    return df


def facility_status(bind: Engine | Connection, statuses: Sequence[str] = ALL_STATUSES) -> pd.DataFrame:
    """Every facility's status history, oldest first, with sources."""
    fs = s.facility_status
    stmt = (
        select(fs, *SOURCE_COLUMNS)
        .join(s.sources, s.sources.c.id == fs.c.source_id, isouter=True)
        .where(fs.c.data_status.in_(list(statuses)))
        .order_by(fs.c.facility_code, fs.c.status_day, fs.c.id)
    )
    return _read(bind, stmt, dates=("status_day", "date_latest"))


def series_segments(bind: Engine | Connection, indicator_codes: Sequence[str] | None = None) -> pd.DataFrame:
    """The comparable segments of each series, in order (a new segment = a break in the series).

    Columns: indicator_code, segment, starts (period text), starts_day, reason, label_az, label_en, note_az,
    note_en, source_id, source_title, source_url, source_published.
    """
    g = s.series_segments
    stmt = select(g, *SOURCE_COLUMNS).join(s.sources, s.sources.c.id == g.c.source_id, isouter=True)
    if indicator_codes is not None:
        stmt = stmt.where(g.c.indicator_code.in_(list(indicator_codes)))
    return _read(bind, stmt.order_by(g.c.indicator_code, g.c.starts_day), dates=("starts_day",))


def networks(bind: Engine | Connection) -> pd.DataFrame:
    """The facility networks and the day each began (NaT: no start date constrains it)."""
    return _read(bind, select(s.networks).order_by(s.networks.c.code), dates=("started_day",))


def network_totals(bind: Engine | Connection) -> pd.DataFrame:
    """Published network totals (and official lists) with their sources, oldest first."""
    t = s.network_totals
    stmt = select(t, *SOURCE_COLUMNS).join(s.sources, s.sources.c.id == t.c.source_id, isouter=True)
    df = _read(bind, stmt.order_by(t.c.date_latest, t.c.id), dates=("date_latest",))
    df["count"] = df["count"].astype("int64")
    return df


def facility_catchment(bind: Engine | Connection) -> pd.DataFrame:
    """The districts each facility serves, where a source states it."""
    return _read(bind, select(s.facility_catchment).order_by(s.facility_catchment.c.facility_code))


def observation_count(bind: Engine | Connection, data_status: str | None = None) -> int:
    """How many current observation rows there are (optionally of one data status)."""
    o = s.observations
    stmt = select(func.count()).select_from(o).where(o.c.superseded_at.is_(None))
    if data_status is not None:
        stmt = stmt.where(o.c.data_status == data_status)
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return int(conn.execute(stmt).scalar_one())
    return int(bind.execute(stmt).scalar_one())
