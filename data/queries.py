"""Read access: one function per question, bound parameters, a DataFrame out.

Every function takes an Engine or an open Connection (`bind`). Each frame's contract is its model in
data/contracts.py (`QUERY_MODELS`): the frame is coerced to it on the way out (dates as pandas Timestamps,
integers that may be missing as nullable Int64, booleans as boolean, text as str), the same on SQLite and
PostgreSQL. The models' row rules (vocabularies, uniqueness) are checked by tests/data/test_query_frames.py, not
on every call.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from sqlalchemy import Connection, Engine, Select, func, select

from data import contracts
from data import schema as s
from data.contracts import FrameModel, typed

ALL_STATUSES: tuple[str, ...] = s.DATA_STATUSES
SOURCE_COLUMNS = [
    s.sources.c.title.label("source_title"),
    s.sources.c.publisher.label("source_publisher"),
    s.sources.c.url.label("source_url"),
    s.sources.c.published.label("source_published"),
]


def _read(bind: Engine | Connection, stmt: Select) -> pd.DataFrame:
    """Run `stmt` and return its rows as a DataFrame."""
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return pd.read_sql(stmt, conn)
    return pd.read_sql(stmt, bind)


def _frame(model: type[FrameModel], bind: Engine | Connection, stmt: Select) -> pd.DataFrame:
    """Run `stmt` and return its rows typed by the frame's contract."""
    return typed(model, _read(bind, stmt))


def sources(bind: Engine | Connection) -> pd.DataFrame:
    """All sources."""
    return _frame(contracts.SourcesFrame, bind, select(s.sources).order_by(s.sources.c.id))


def economic_regions(bind: Engine | Connection) -> pd.DataFrame:
    """The 14 economic regions in decree order."""
    stmt = select(s.economic_regions).order_by(s.economic_regions.c.sort_order)
    return _frame(contracts.EconomicRegionsFrame, bind, stmt)


def districts(bind: Engine | Connection) -> pd.DataFrame:
    """Districts and cities with their region and population.

    `population` is as published (a district row includes a city counted inside it);
    `population_exclusive` is the population of the unit's own polygon (district minus such cities).
    """
    d = s.districts
    df = _read(bind, select(d).order_by(d.c.economic_region_code, d.c.name_az))
    population = df["population"].astype("Int64")
    inside = population[df["stat_parent_code"].notna()].groupby(df["stat_parent_code"]).sum()
    df["population_exclusive"] = population - df["code"].map(inside).fillna(0).astype("Int64")
    return typed(contracts.DistrictsFrame, df)


def district_aliases(bind: Engine | Connection) -> pd.DataFrame:
    """Every known name of every district (Azerbaijani, English, Russian, variants, former names)."""
    return _frame(contracts.DistrictAliasesFrame, bind, select(s.district_aliases))


def goals(bind: Engine | Connection) -> pd.DataFrame:
    """The strategic goals."""
    return _frame(contracts.GoalsFrame, bind, select(s.goals).order_by(s.goals.c.sort_order))


def indicators(bind: Engine | Connection) -> pd.DataFrame:
    """The indicator catalogue."""
    return _frame(contracts.IndicatorsFrame, bind, select(s.indicators).order_by(s.indicators.c.sort_order))


def targets(bind: Engine | Connection, indicator_codes: Sequence[str] | None = None) -> pd.DataFrame:
    """Targets (every stated version), with their sources."""
    t = s.targets
    stmt = select(t, *SOURCE_COLUMNS).join(s.sources, s.sources.c.id == t.c.source_id, isouter=True)
    if indicator_codes is not None:
        stmt = stmt.where(t.c.indicator_code.in_(list(indicator_codes)))
    return _frame(contracts.TargetsFrame, bind, stmt.order_by(t.c.indicator_code, t.c.date_set, t.c.id))


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
    return _frame(contracts.ObservationsFrame, bind, stmt)


def facilities(bind: Engine | Connection) -> pd.DataFrame:
    """The facility registry (DOST network, rehabilitation and other social-service institutions)."""
    f = s.facilities
    return _frame(contracts.FacilitiesFrame, bind, select(f).order_by(f.c.network, f.c.code))


def facility_status(bind: Engine | Connection, statuses: Sequence[str] = ALL_STATUSES) -> pd.DataFrame:
    """Every facility's status history, oldest first, with sources."""
    fs = s.facility_status
    stmt = (
        select(fs, *SOURCE_COLUMNS)
        .join(s.sources, s.sources.c.id == fs.c.source_id, isouter=True)
        .where(fs.c.data_status.in_(list(statuses)))
        .order_by(fs.c.facility_code, fs.c.status_day, fs.c.id)
    )
    return _frame(contracts.FacilityStatusFrame, bind, stmt)


def series_segments(bind: Engine | Connection, indicator_codes: Sequence[str] | None = None) -> pd.DataFrame:
    """The comparable segments of each series, in order (a new segment = a break in the series).

    Columns: indicator_code, segment, starts (period text), starts_day, reason, label_az, label_en, note_az,
    note_en, source_id, source_title, source_url, source_published.
    """
    g = s.series_segments
    stmt = select(g, *SOURCE_COLUMNS).join(s.sources, s.sources.c.id == g.c.source_id, isouter=True)
    if indicator_codes is not None:
        stmt = stmt.where(g.c.indicator_code.in_(list(indicator_codes)))
    return _frame(contracts.SeriesSegmentsFrame, bind, stmt.order_by(g.c.indicator_code, g.c.starts_day))


def networks(bind: Engine | Connection) -> pd.DataFrame:
    """The facility networks and the day each began (NaT: no start date constrains it)."""
    return _frame(contracts.NetworksFrame, bind, select(s.networks).order_by(s.networks.c.code))


def network_totals(bind: Engine | Connection) -> pd.DataFrame:
    """Published network totals (and official lists) with their sources, oldest first."""
    t = s.network_totals
    stmt = select(t, *SOURCE_COLUMNS).join(s.sources, s.sources.c.id == t.c.source_id, isouter=True)
    return _frame(contracts.NetworkTotalsFrame, bind, stmt.order_by(t.c.date_latest, t.c.id))


def facility_catchment(bind: Engine | Connection) -> pd.DataFrame:
    """The districts each facility serves, where a source states it."""
    stmt = select(s.facility_catchment).order_by(s.facility_catchment.c.facility_code)
    return _frame(contracts.FacilityCatchmentFrame, bind, stmt)


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
