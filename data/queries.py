"""Read access: one function per question, bound parameters, a DataFrame out.

Every function takes an Engine or an open Connection (`bind`). Each frame's contract is its model in
data/contracts.py (`QUERY_MODELS`): the frame is coerced to it on the way out (dates as pandas Timestamps,
integers that may be missing as nullable Int64, booleans as boolean, text as str), the same on SQLite and
PostgreSQL. The models' row rules (vocabularies, uniqueness) are checked by tests/data/test_query_frames.py, not
on every call.

Region scope (sign-in, issue 11): the functions that return district-level rows take `regions`, the economic
region codes a user may see (None: the whole country). Rows below the country level of any other region (its
region figures, its districts, their facilities and the facilities' figures) are left out in SQL, so they never
leave the server. `regions=()` leaves out every such row.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from datetime import date

import numpy as np
import pandas as pd
from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Select,
    and_,
    case,
    false,
    func,
    not_,
    or_,
    select,
    true,
    union,
)

from data import contracts, summary
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


Regions = Sequence[str] | None


def _districts_in(regions: Sequence[str]) -> Select:
    """The codes of the districts of `regions`."""
    return select(s.districts.c.code).where(s.districts.c.economic_region_code.in_(list(regions)))


def _facilities_in(regions: Sequence[str]) -> Select:
    """The codes of the facilities located in the districts of `regions`."""
    return select(s.facilities.c.code).where(s.facilities.c.district_code.in_(_districts_in(regions)))


def _in_scope(level_col, code_col, regions: Regions) -> ColumnElement[bool] | None:
    """The SQL condition keeping the rows a region scope may see (None: no condition, the whole country)."""
    if regions is None:
        return None
    regions = list(regions)
    if not regions:
        return level_col == "country"
    return or_(
        level_col == "country",
        and_(level_col == "region", code_col.in_(regions)),
        and_(level_col == "district", code_col.in_(_districts_in(regions))),
        and_(level_col == "facility", code_col.in_(_facilities_in(regions))),
    )


def _cited(column, *where) -> Select:
    """The non-null source ids in `column` of the rows matching `where`."""
    return select(column.label("source_id")).where(column.is_not(None), *where)


def _sources_outside(regions: Sequence[str]) -> Select:
    """The ids of the sources cited only by rows a region scope may not see (other regions' districts,
    facilities and their figures): a source cited by anything national or in scope is not among them."""
    o, d, fs, fc = s.observations, s.districts, s.facility_status, s.facility_catchment
    inside = _in_scope(o.c.geo_level, o.c.geo_code, regions)
    own_districts, own_facilities = _districts_in(regions), _facilities_in(regions)
    foreign = union(
        _cited(o.c.source_id, not_(inside)),
        *(_cited(c, d.c.code.not_in(own_districts)) for c in (d.c.population_source_id, d.c.population_alt_source_id)),
        _cited(fs.c.source_id, fs.c.facility_code.not_in(own_facilities)),
        _cited(
            fc.c.source_id, or_(fc.c.district_code.not_in(own_districts), fc.c.facility_code.not_in(own_facilities))
        ),
    )
    seen = union(
        _cited(o.c.source_id, inside),
        *(_cited(c, d.c.code.in_(own_districts)) for c in (d.c.population_source_id, d.c.population_alt_source_id)),
        _cited(d.c.economic_region_source_id),
        _cited(fs.c.source_id, fs.c.facility_code.in_(own_facilities)),
        _cited(fc.c.source_id, fc.c.district_code.in_(own_districts), fc.c.facility_code.in_(own_facilities)),
        *(_cited(t.c.source_id) for t in (s.targets, s.goals, s.series_segments, s.networks, s.network_totals)),
        _cited(s.economic_regions.c.source_id),
    )
    return select(foreign.subquery().c.source_id).except_(select(seen.subquery().c.source_id))


def sources(bind: Engine | Connection, regions: Regions = None) -> pd.DataFrame:
    """All sources; with `regions`, without those cited only by rows of other regions (a district's own statistics
    page names the district: its title must not reach an analyst of another region)."""
    stmt = select(s.sources).order_by(s.sources.c.id)
    if regions is not None:
        stmt = stmt.where(s.sources.c.id.not_in(_sources_outside(list(regions))))
    return _frame(contracts.SourcesFrame, bind, stmt)


def economic_regions(bind: Engine | Connection) -> pd.DataFrame:
    """The 14 economic regions in decree order."""
    stmt = select(s.economic_regions).order_by(s.economic_regions.c.sort_order)
    return _frame(contracts.EconomicRegionsFrame, bind, stmt)


def districts(bind: Engine | Connection, regions: Regions = None) -> pd.DataFrame:
    """Districts and cities with their region and population (of `regions` only, when given).

    `population` is as published (a district row includes a city counted inside it);
    `population_exclusive` is the population of the unit's own polygon (district minus such cities).
    """
    d = s.districts
    stmt = select(d)
    if regions is not None:
        stmt = stmt.where(d.c.economic_region_code.in_(list(regions)) if regions else false())
    df = _read(bind, stmt.order_by(d.c.economic_region_code, d.c.name_az))
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
    regions: Regions = None,
) -> pd.DataFrame:
    """Observations with their sources; by default the preferred, current value of each figure. With `regions`,
    only national rows and the rows of those regions (their own, their districts', their facilities')."""
    o = s.observations
    stmt = select(o, *SOURCE_COLUMNS).join(s.sources, s.sources.c.id == o.c.source_id, isouter=True)
    stmt = stmt.where(o.c.data_status.in_(list(statuses)))
    scoped = _in_scope(o.c.geo_level, o.c.geo_code, regions)
    if scoped is not None:
        stmt = stmt.where(scoped)
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


def summary_observations(
    bind: Engine | Connection,
    indicator_codes: Sequence[str] | None = None,
    geo_level: str = "district",
    statuses: Sequence[str] = ALL_STATUSES,
    regions: Regions = None,
    annual: bool = False,
    latest_year: bool = False,
) -> pd.DataFrame:
    """The observations the summary names (data/summary.py) at one level: every row a yearly value or a chart point
    can take, whatever the data statuses shown; figures.frames.annual_table and series_points give the same
    result from these as from every observation. `annual`: only the rows a yearly value may use; `latest_year`:
    only each indicator's latest year with such a row (implies `annual`). Same frame as observations()."""
    o, m = s.observations, s.obs_summary
    wanted = [m.c.geo_level == geo_level, m.c.data_status.in_(list(statuses))]
    scoped = _in_scope(m.c.geo_level, m.c.geo_code, regions)
    if scoped is not None:
        wanted.append(scoped)
    if indicator_codes is not None:
        wanted.append(m.c.indicator_code.in_(list(indicator_codes)))
    if annual or latest_year:
        wanted.append(m.c.annual.is_(True))
    stmt = (
        select(o, *SOURCE_COLUMNS)
        .select_from(m.join(o, o.c.id == m.c.observation_id))
        .join(s.sources, s.sources.c.id == o.c.source_id, isouter=True)
        .where(*wanted)
    )
    if latest_year:
        latest = select(m.c.indicator_code, func.max(m.c.year).label("year")).where(*wanted)
        latest = latest.group_by(m.c.indicator_code).subquery("latest")
        stmt = stmt.join(latest, and_(latest.c.indicator_code == m.c.indicator_code, latest.c.year == m.c.year))
    stmt = stmt.order_by(o.c.indicator_code, o.c.geo_level, o.c.geo_code, o.c.period_start, o.c.id)
    return _frame(contracts.ObservationsFrame, bind, stmt)


def _current(rows, statuses: Sequence[str]) -> list[ColumnElement[bool]]:
    """The conditions on `rows` (s.observations or an alias of it) of a current preferred row of `statuses`."""
    return [rows.c.data_status.in_(list(statuses)), rows.c.is_preferred.is_(True), rows.c.superseded_at.is_(None)]


def _visible(statuses: Sequence[str], regions: Regions) -> list[ColumnElement[bool]]:
    """The conditions on s.observations of a current preferred row of `statuses` that the region scope may see."""
    o = s.observations
    scoped = _in_scope(o.c.geo_level, o.c.geo_code, regions)
    return _current(o, statuses) if scoped is None else [*_current(o, statuses), scoped]


def _observations_named(bind: Engine | Connection, ids) -> pd.DataFrame:
    """The observations whose ids the select `ids` gives, with their sources, in the order of observations()."""
    o = s.observations
    stmt = (
        select(o, *SOURCE_COLUMNS)
        .join(s.sources, s.sources.c.id == o.c.source_id, isouter=True)
        .where(o.c.id.in_(ids))
        .order_by(o.c.indicator_code, o.c.geo_level, o.c.geo_code, o.c.period_start, o.c.id)
    )
    return _frame(contracts.ObservationsFrame, bind, stmt)


def deciding_observations(
    bind: Engine | Connection,
    statuses: Sequence[str] = ALL_STATUSES,
    as_of: date | None = None,
    regions: Regions = None,
) -> pd.DataFrame:
    """The current preferred observations that can decide where a series stands by `as_of` (metrics.progress at
    every level, metrics.figures.headline_figures), of the rows whose period ended by then: the rows the
    observation summary marks for a yearly value (data/summary.py: every data status's winner of a year), and per
    indicator and geography its latest part-year flow (the latest period end, then the most certain data status,
    the most days, the latest row), a row of its latest period end (the evidence date) and a row of its latest
    period end of all (so that whether a level has a figure at all reads the same). Those functions give the same
    result from these as from every observation (tests/data/test_summary.py). At ten million monthly rows: one
    pass over the rows that takes only each series' latest period ends (by `as_of` and of all), then per series a
    backward read of its index to its latest part-year flow and one index lookup per row wanted; no ranking of
    every row. Same frame as observations()."""
    o, m = s.observations, s.obs_summary
    dialect = bind.dialect.name
    known = o.c.period_end <= as_of if as_of is not None else true()
    series = ["indicator_code", "geo_level", "geo_code"]
    visible = _visible(statuses, regions)
    ends = (
        select(
            *[o.c[c] for c in series],
            s.indicators.c.kind,
            func.max(case((known, o.c.period_end))).label("known_end"),
            func.max(o.c.period_end).label("any_end"),
        )
        .select_from(o.join(s.indicators, s.indicators.c.code == o.c.indicator_code))
        .where(*visible)
        .group_by(*[o.c[c] for c in series], s.indicators.c.kind)
        .cte("ends")
    )
    r = o.alias("r")
    r_shape = summary.period_shape(dialect, r, ends.c.kind)
    status = case(*((r.c.data_status == k, v) for k, v in s.STATUS_PRIORITY.items()), else_=1)

    def one_row(end, *where, order=()) -> ColumnElement:
        """The id of the row of a series at its period end `end` (the first by `order`, then the latest row)."""
        return (
            select(r.c.id)
            .where(*[r.c[c] == ends.c[c] for c in series], r.c.period_end == end, *where, *_current(r, statuses))
            .order_by(*order, r.c.id.desc())
            .limit(1)
            .correlate(ends)
            .scalar_subquery()
        )  # fmt: skip

    # the latest period end of a part-year flow: read backwards along the series' index to the first such row (as
    # a maximum over every row, its period test cost 4-5 s at ten million rows)
    p = o.alias("p")
    p_shape = summary.period_shape(dialect, p, ends.c.kind)
    partial_end = (
        select(p.c.period_end)
        .where(*[p.c[c] == ends.c[c] for c in series], p.c.period_end <= as_of if as_of is not None else true(),
               p_shape.is_flow, p_shape.partial, *_current(p, statuses))
        .order_by(p.c.period_end.desc())
        .limit(1)
        .correlate(ends)
        .scalar_subquery()
    )  # fmt: skip
    partial = one_row(partial_end, r_shape.is_flow, r_shape.partial, order=(status.desc(), r.c.period_start))
    picked = (
        select(one_row(ends.c.known_end).label("known"), partial.label("partial"), one_row(ends.c.any_end).label("any"))
        .select_from(ends)
        .cte("picked")
    )
    yearly = (
        select(m.c.observation_id)
        .select_from(m.join(o, o.c.id == m.c.observation_id))
        .where(m.c.annual.is_(True), known, *visible)
    )
    ids = union(*(select(picked.c[c]) for c in ("known", "partial", "any")), yearly)
    return _observations_named(bind, ids)


def quality_observations(
    bind: Engine | Connection,
    statuses: Sequence[str] = ALL_STATUSES,
    regions: Regions = None,
    indicator_codes: Sequence[str] = (),
) -> pd.DataFrame:
    """The current preferred observations the data-quality rules read (metrics.quality.quality_report, with
    district_cells()): every row above the district level (a national series, a region's figures); every row of
    `indicator_codes` (the wholes and parts the rules compare); at district level the rows the observation summary
    marks for a yearly value (the outliers' and the district sums' figures); and every row out of range (below
    zero; a share or percent above 100) with the rows of the same indicator, geography and period that may stand
    in front of it. The report is the same from these as from every observation (tests/data/test_summary.py). At
    ten million rows: index reads only (the summary's, a partial index of the rows below zero). Same frame as
    observations()."""
    o, m, i = s.observations, s.obs_summary, s.indicators
    visible = _visible(statuses, regions)
    shares = select(i.c.code).where(or_(i.c.kind == "share", i.c.unit == "percent"))
    key = ["indicator_code", "geo_level", "geo_code", "period_start", "period_end"]
    odd = union(  # two reads, each by its index: the partial index of values below zero, the shares' rows
        select(*[o.c[c] for c in key]).where(*visible, o.c.value < 0),
        select(*[o.c[c] for c in key]).where(*visible, o.c.indicator_code.in_(shares), o.c.value > 100),
    ).cte("odd")
    ids = union(
        select(o.c.id).where(*visible, o.c.geo_level.in_(["country", "region"])),
        select(o.c.id).where(*visible, o.c.indicator_code.in_(list(indicator_codes))),
        select(m.c.observation_id)
        .select_from(m.join(o, o.c.id == m.c.observation_id))
        .where(m.c.geo_level == "district", m.c.annual.is_(True), m.c.data_status.in_(list(statuses)), *visible),
        select(o.c.id).select_from(o.join(odd, and_(*[o.c[c] == odd.c[c] for c in key]))).where(*visible),
    )
    return _observations_named(bind, ids)


def district_cells(
    bind: Engine | Connection, statuses: Sequence[str] = ALL_STATUSES, regions: Regions = None
) -> pd.DataFrame:
    """The district x year cells with a figure a chart can show, of the districts of the region scope (from the
    summary; metrics.quality's completeness reads them): indicator_code, year, geo_code, once each. At ten million
    rows: one count per indicator and year in SQL, with the district codes only of the years where a district has
    no figure; the other years are every district (and come first)."""
    m = s.obs_summary
    codes = select(s.districts.c.code) if regions is None else _districts_in(regions)
    with bind.connect() if isinstance(bind, Engine) else contextlib.nullcontext(bind) as conn:
        districts = sorted(r[0] for r in conn.execute(codes))
        present = func.count(m.c.geo_code.distinct())
        # a year some district lacks: the codes present, joined (codes hold no comma); else NULL
        listed = case((present < len(districts), func.aggregate_strings(m.c.geo_code, ",")))
        pairs = (
            select(m.c.indicator_code, m.c.year, listed)
            .where(m.c.geo_level == "district", m.c.data_status.in_(list(statuses)), m.c.geo_code.in_(codes))
            .group_by(m.c.indicator_code, m.c.year)
        )
        rows = conn.execute(pairs).all()
    every = [(code, year) for code, year, codes_present in rows if not codes_present]
    whole_years = pd.DataFrame(
        {
            "indicator_code": np.repeat(np.array([c for c, _ in every], dtype=object), len(districts)),
            "year": np.repeat(np.array([y for _, y in every], dtype="int64"), len(districts)),
            "geo_code": np.tile(np.array(districts, dtype=object), len(every)),
        }
    )
    gaps = [(code, year, geo) for code, year, codes_present in rows if codes_present
            for geo in sorted(set(codes_present.split(",")))]  # fmt: skip
    out = pd.concat([whole_years, pd.DataFrame(gaps, columns=list(whole_years.columns))], ignore_index=True)
    return typed(contracts.DistrictCellsFrame, out)


def summary_years(
    bind: Engine | Connection,
    geo_level: str = "district",
    statuses: Sequence[str] = ALL_STATUSES,
    regions: Regions = None,
) -> pd.DataFrame:
    """The years with a yearly value of each indicator at one level (from the summary), newest first per indicator:
    indicator_code, year."""
    m = s.obs_summary
    stmt = select(m.c.indicator_code, m.c.year).where(
        m.c.geo_level == geo_level, m.c.annual.is_(True), m.c.data_status.in_(list(statuses))
    )
    scoped = _in_scope(m.c.geo_level, m.c.geo_code, regions)
    if scoped is not None:
        stmt = stmt.where(scoped)
    stmt = stmt.distinct().order_by(m.c.indicator_code, m.c.year.desc())
    return _frame(contracts.SummaryYearsFrame, bind, stmt)


def facilities(bind: Engine | Connection, regions: Regions = None) -> pd.DataFrame:
    """The facility registry (DOST network, rehabilitation and other social-service institutions); with
    `regions`, only the facilities located in those regions."""
    f = s.facilities
    stmt = select(f)
    if regions is not None:
        stmt = stmt.where(f.c.code.in_(_facilities_in(regions)) if regions else false())
    return _frame(contracts.FacilitiesFrame, bind, stmt.order_by(f.c.network, f.c.code))


def facility_status(
    bind: Engine | Connection, statuses: Sequence[str] = ALL_STATUSES, regions: Regions = None
) -> pd.DataFrame:
    """Every facility's status history, oldest first, with sources (of the facilities in `regions`, if given)."""
    fs = s.facility_status
    stmt = (
        select(fs, *SOURCE_COLUMNS)
        .join(s.sources, s.sources.c.id == fs.c.source_id, isouter=True)
        .where(fs.c.data_status.in_(list(statuses)))
    )
    if regions is not None:
        stmt = stmt.where(fs.c.facility_code.in_(_facilities_in(regions)) if regions else false())
    return _frame(contracts.FacilityStatusFrame, bind, stmt.order_by(fs.c.facility_code, fs.c.status_day, fs.c.id))


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


def facility_catchment(bind: Engine | Connection, regions: Regions = None) -> pd.DataFrame:
    """The districts each facility serves, where a source states it (rows of districts in `regions`, if given)."""
    fc = s.facility_catchment
    stmt = select(fc)
    if regions is not None:
        stmt = stmt.where(
            and_(fc.c.district_code.in_(_districts_in(regions)), fc.c.facility_code.in_(_facilities_in(regions)))
            if regions
            else false()
        )
    return _frame(contracts.FacilityCatchmentFrame, bind, stmt.order_by(fc.c.facility_code))


def observation_sources(
    bind: Engine | Connection, statuses: Sequence[str] = ALL_STATUSES, regions: Regions = None
) -> pd.DataFrame:
    """Per indicator, source and data status: how many current preferred observations there are (`n`) and their
    first and last period (as text), counted in the database (the sources page at ten million rows)."""
    o = s.observations
    # the periods compared as text byte by byte, as Python and SQLite compare them (not by a locale's collation)
    period = o.c.period.collate("C") if bind.dialect.name == "postgresql" else o.c.period
    stmt = select(
        o.c.indicator_code,
        o.c.source_id,
        o.c.data_status,
        func.count().label("n"),
        func.min(period).label("first_period"),
        func.max(period).label("last_period"),
    ).where(*_visible(statuses, regions))
    stmt = stmt.group_by(o.c.indicator_code, o.c.source_id, o.c.data_status)
    stmt = stmt.order_by(o.c.indicator_code, o.c.source_id, o.c.data_status)
    return _frame(contracts.ObservationSourcesFrame, bind, stmt)


def observation_count(bind: Engine | Connection, data_status: str | None = None, regions: Regions = None) -> int:
    """How many current observation rows there are (optionally of one data status, within a region scope)."""
    o = s.observations
    stmt = select(func.count()).select_from(o).where(o.c.superseded_at.is_(None))
    scoped = _in_scope(o.c.geo_level, o.c.geo_code, regions)
    if scoped is not None:
        stmt = stmt.where(scoped)
    if data_status is not None:
        stmt = stmt.where(o.c.data_status == data_status)
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return int(conn.execute(stmt).scalar_one())
    return int(bind.execute(stmt).scalar_one())


def keep_regions(
    df: pd.DataFrame, regions: Regions, region_column: str = "economic_region_code", level_column: str | None = None
) -> pd.DataFrame:
    """The rows of a frame computed on national data that a region scope may see: rows of `regions` (by
    `region_column`), plus country rows when `level_column` is given (its value "country"). None keeps all.

    For results that need every region to be right (distance to the nearest facility, national shares): they are
    computed on the whole country, and this filter is applied before they leave the server."""
    if regions is None:
        return df
    keep = df[region_column].isin(list(regions))
    if level_column is not None:
        keep |= df[level_column].eq("country")
    return df.loc[keep].reset_index(drop=True)
