"""One contract per table: a pandera DataFrameModel for each reference file and each query frame.

Each table's columns are written once, in a `...Columns` class; the reference file's model adds the rules of
the file (`Observations`: every figure has a source), the query frame's model adds the database's own columns
(`ObservationsFrame`: ids, parsed periods, data status, batch).

The models are the single written form of each table's columns, types, vocabularies and row rules. The loader
validates every reference file with its model (lazily: every problem at once, raised as a ReferenceDataError
naming file, line and column); tests/data/test_reference_files.py takes its column lists from here, and a test
checks the tables of docs/ARCHITECTURE.md against them. The curation writes the same columns
(data/build/curate_reference.py asks `columns()`). Column order is part of the contract (`ordered`).
Cross-file rules (foreign keys, one preferred figure per key) are checked by the database and the tests.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from pandera.config import ValidationDepth, config_context
from pandera.typing import Series

from data import schema as s
from data.config import REFERENCE_DIR
from data.errors import PeriodError, ReferenceDataError
from data.periods import parse_date_prefix, parse_period
from data.semantics import QualifierError, check_qualified_value, date_span, qualifier_from_text

GEO_LEVELS_REFERENCE = ("country", "region", "district")  # facility-level figures come only through the import
VALUE_RULES = ("approximate", "lower_bound", "upper_bound", "midpoint", "as_published")  # empty: as published
AREAS = ("children", "rehabilitation", "dost", "other")
INDICATOR_KINDS = ("count", "stock", "share")
DISTRICT_KINDS = ("rayon", "city")
ALIAS_KINDS = ("name_az", "name_en", "name_ru", "variant", "old_name")
SHAPE_STATUSES = ("own", "none")
LOCATION_BASES = ("town", "district_centroid")
TRUE_FALSE = {"true": True, "false": False}

Text = Series[str]
OptText = Series[str]


def _text(**kw: object) -> object:
    """A required, non-empty text column."""
    return pa.Field(nullable=False, **kw)


def _opt(**kw: object) -> object:
    """An optional text column (empty cell = missing)."""
    return pa.Field(nullable=True, **kw)


def _is_period(text: str) -> bool:
    """A period in its canonical form (2025, 2025-Q1, 2025-01..2025-08, ...)."""
    try:
        return parse_period(text).text == text
    except PeriodError:
        return False


def _is_date_prefix(text: str) -> bool:
    """A published date: YYYY, YYYY-MM or YYYY-MM-DD."""
    try:
        parse_date_prefix(text)
    except (PeriodError, ValueError):
        return False
    return True


def _is_date_span(text: str) -> bool:
    """A published date with its precision: YYYY, YYYY-MM, YYYY-MM-DD, or an interval A..B of those."""
    try:
        date_span(text)
    except (PeriodError, ValueError):
        return False
    return True


class _Columns(pa.DataFrameModel):
    """Columns a reference file and its query frame share; helpers for both."""

    @classmethod
    def _bools(cls, series: pd.Series) -> pd.Series:
        """'true'/'false' as booleans; anything else is left as it is, and fails the boolean type."""
        if pd.api.types.is_bool_dtype(series):
            return series
        return series.map(lambda v: TRUE_FALSE.get(v, v) if isinstance(v, str) else v)


class ReferenceModel(pa.DataFrameModel):
    """A reference file: CSV text is coerced to the column types; no other columns, in this order."""

    class Config:
        """Coerce, strict, ordered."""

        coerce = True
        strict = True
        ordered = True


class FrameModel(pa.DataFrameModel):
    """A query frame: the columns are coerced to their types (order free); no other columns."""

    class Config:
        """Coerce, strict."""

        coerce = True
        strict = True


Id = Series[int]
OptInt = Series[pd.Int64Dtype]
When = Series[pd.Timestamp]
SOURCE_FIELDS = ("source_title", "source_publisher", "source_url", "source_published")  # joined by queries


class _SourceOf(pa.DataFrameModel):
    """The source columns a query joins to a fact (data/queries.py SOURCE_COLUMNS)."""

    source_title: OptText = _opt()
    source_publisher: OptText = _opt()
    source_url: OptText = _opt()
    source_published: OptText = _opt()


# ------------------------------------------------------------------------------------------------ sources


class SourceColumns(_Columns):
    """Columns of a source."""

    id: Text = _text(unique=True, str_startswith="src_")
    title: Text = _text()
    publisher: Text = _text()
    url: OptText = _opt()
    published: Text = _text()  # as the page shows it, or n.d.
    published_approx: OptText = _opt()  # inferred dating of an undated page ("c. 2023-01")
    note: OptText = _opt()


class Sources(SourceColumns, ReferenceModel):
    """sources.csv: one row per source (`id` = src_ + sha1(url)[:10], see data/build/common.py)."""


class SourcesFrame(SourceColumns, FrameModel):
    """queries.sources()."""

    batch_id: OptInt = pa.Field(nullable=True)  # the import batch that created the source


# ------------------------------------------------------------------------------------------------ geography


class EconomicRegionColumns(_Columns):
    """Columns of an economic region."""

    code: Text = _text(unique=True, str_startswith="ER-")
    name_az: Text = _text()
    name_en: Text = _text()
    name_ru: Text = _text()
    sort_order: Series[int] = pa.Field(unique=True, ge=1)
    source_id: Text = _text()


class EconomicRegions(EconomicRegionColumns, ReferenceModel):
    """economic_regions.csv: the 14 regions of Decree No. 1386 (7 July 2021)."""


class EconomicRegionsFrame(EconomicRegionColumns, FrameModel):
    """queries.economic_regions()."""


class DistrictColumns(_Columns):
    """Columns of a district or city."""

    code: Text = _text(unique=True, str_matches=r"^AZX?-[A-Z]+$")
    iso_code: OptText = _opt()
    name_az: Text = _text()
    name_en: Text = _text()
    name_ru: Text = _text()
    kind: Text = _text(isin=DISTRICT_KINDS)
    economic_region_code: Text = _text()
    stat_parent_code: OptText = _opt()
    population: OptInt = pa.Field(nullable=True, gt=0)
    population_date: OptText = _opt()
    population_source_id: OptText = _opt()
    population_note: OptText = _opt()
    population_alt: OptInt = pa.Field(nullable=True, gt=0)
    population_alt_date: OptText = _opt()
    population_alt_source_id: OptText = _opt()
    shape_status: Text = _text(isin=SHAPE_STATUSES)
    shape_note: OptText = _opt()
    economic_region_source_id: OptText = _opt()
    note: OptText = _opt()


class Districts(DistrictColumns, ReferenceModel):
    """districts.csv: districts and cities (ISO 3166-2:AZ codes, product codes AZX-...)."""


class DistrictsFrame(DistrictColumns, FrameModel):
    """queries.districts(): `population_exclusive` is the population of the unit's own polygon."""

    population_exclusive: OptInt = pa.Field(nullable=True, ge=0)


class DistrictAliasColumns(_Columns):
    """Columns of a district's name."""

    alias: Text = _text()
    district_code: Text = _text()
    kind: Text = _text(isin=ALIAS_KINDS)
    note: OptText = _opt()

    class Config:
        """One row per (alias, district)."""

        unique = ["alias", "district_code"]


class DistrictAliases(DistrictAliasColumns, ReferenceModel):
    """district_aliases.csv: every known name of a district."""


class DistrictAliasesFrame(DistrictAliasColumns, FrameModel):
    """queries.district_aliases()."""


# ------------------------------------------------------------------------------------------------ catalogue


class GoalColumns(_Columns):
    """Columns of a goal."""

    code: Text = _text(unique=True)
    name_az: Text = _text()
    name_en: Text = _text()
    description_az: Text = _text()
    description_en: Text = _text()
    source_id: Text = _text()
    sort_order: Series[int] = pa.Field(unique=True, ge=1)


class Goals(GoalColumns, ReferenceModel):
    """goals.csv: the strategy's goals (bilingual)."""


class GoalsFrame(GoalColumns, FrameModel):
    """queries.goals()."""


class IndicatorColumns(_Columns):
    """Columns of an indicator."""

    code: Text = _text(unique=True, str_matches=r"^[a-z0-9_]+$")
    area: Text = _text(isin=AREAS)
    goal: Text = _text()
    name_az: Text = _text()
    name_en: Text = _text()
    definition_az: Text = _text()
    definition_en: Text = _text()
    unit: Text = _text()
    kind: Text = _text(isin=INDICATOR_KINDS)
    direction: Text = _text(isin=s.DIRECTIONS)
    levels: Text = _text()  # comma list of geography levels
    has_target: Series[pd.BooleanDtype] = pa.Field()
    sort_order: Series[int] = pa.Field(unique=True, ge=1)

    @pa.parser("has_target")
    @classmethod
    def _has_target(cls, series: pd.Series) -> pd.Series:
        return cls._bools(series)

    @pa.check("levels", element_wise=True, error="levels must be a comma list of country, region, district")
    @classmethod
    def _levels(cls, value: str) -> bool:
        return set(value.split(",")) <= set(GEO_LEVELS_REFERENCE)


class Indicators(IndicatorColumns, ReferenceModel):
    """indicators.csv: the indicator catalogue (bilingual definitions)."""


class IndicatorsFrame(IndicatorColumns, FrameModel):
    """queries.indicators()."""


class TargetColumns(_Columns):
    """Columns of a stated target."""

    indicator_code: Text = _text()
    geo_level: Text = _text(isin=GEO_LEVELS_REFERENCE)
    geo_code: Text = _text()
    value: Series[float] = pa.Field(nullable=True)  # empty: the target has no number
    value_text: Text = _text()  # as stated
    target_year: OptInt = pa.Field(nullable=True, ge=2000, le=2100)  # empty: no deadline stated
    deadline_stated: Series[pd.BooleanDtype] = pa.Field()  # false: no source states a deadline
    target_kind: Text = _text(isin=s.TARGET_KINDS)  # what the number counts (docs/DATA.md, 'Targets')
    date_set: Text = _text()
    is_current: Series[pd.BooleanDtype] = pa.Field()
    source_id: Text = _text()
    note: OptText = _opt()

    @pa.parser("is_current")
    @classmethod
    def _is_current(cls, series: pd.Series) -> pd.Series:
        return cls._bools(series)

    @pa.parser("deadline_stated")
    @classmethod
    def _deadline_stated(cls, series: pd.Series) -> pd.Series:
        return cls._bools(series)

    @pa.check("value", error="value must be a finite number")
    @classmethod
    def _finite(cls, series: pd.Series) -> pd.Series:
        return series.isna() | series.map(math.isfinite)

    @pa.dataframe_check(error="deadline_stated needs a target_year")
    @classmethod
    def _deadline_has_year(cls, df: pd.DataFrame) -> pd.Series:
        return ~df["deadline_stated"].astype(bool) | df["target_year"].notna()


class Targets(TargetColumns, ReferenceModel):
    """targets.csv: every stated version of a target; one current per indicator with a target."""


class TargetsFrame(TargetColumns, _SourceOf, FrameModel):
    """queries.targets(): every stated version, with its source."""

    id: Id = pa.Field(unique=True)


# ------------------------------------------------------------------------------------------------ figures


class ObservationColumns(_Columns):
    """Columns of a figure."""

    indicator_code: Text = _text()
    geo_level: Text = _text(isin=GEO_LEVELS_REFERENCE)
    geo_code: Text = _text()
    period: Text = _text()
    value: Series[float] = pa.Field()
    value_text: OptText = _opt()  # as published ("~14000", ">41600", "up to 650000")
    value_rule: OptText = _opt(isin=VALUE_RULES)  # how value_text became value (docs/DATA.md)
    qualifier: Text = _text(isin=s.QUALIFIERS)  # read from value_text by data.semantics.qualifier_from_text
    value_low: Series[float] = pa.Field(nullable=True)  # the ends of a range (qualifier range only)
    value_high: Series[float] = pa.Field(nullable=True)
    segment: OptText = _opt()  # the series segment (series_segments.csv; empty: the series' only one)
    source_id: OptText = _opt()
    is_preferred: Series[pd.BooleanDtype] = pa.Field()
    note: OptText = _opt()

    @pa.dataframe_check(error="a range needs value_low <= value <= value_high; other qualifiers no ends")
    @classmethod
    def _range(cls, df: pd.DataFrame) -> pd.Series:
        rows = zip(df["value"], df["qualifier"], df["value_low"], df["value_high"], strict=True)
        return pd.Series(
            [check_qualified_value(v, q, None if pd.isna(lo) else lo, None if pd.isna(hi) else hi) is None
             for v, q, lo, hi in rows],
            index=df.index,
        )  # fmt: skip

    @pa.parser("is_preferred")
    @classmethod
    def _is_preferred(cls, series: pd.Series) -> pd.Series:
        return cls._bools(series)

    @pa.check("period", element_wise=True, error="period must be a period in canonical form (docs/DATA.md)")
    @classmethod
    def _period(cls, value: str) -> bool:
        return _is_period(value)

    @pa.check("value", error="value must be a finite number")
    @classmethod
    def _finite(cls, series: pd.Series) -> pd.Series:
        return series.map(math.isfinite)


class Observations(ObservationColumns, ReferenceModel):
    """observations.csv: reported figures as published (all `reported`); conflicting figures all kept."""

    value_text: Text = _text()
    source_id: Text = _text()

    @pa.dataframe_check(error="qualifier must be the one value_text states (docs/DATA.md, 'Qualifiers')")
    @classmethod
    def _qualifier_of_text(cls, df: pd.DataFrame) -> pd.Series:
        def ok(text: object, rule: object, qualifier: object) -> bool:
            try:
                return qualifier_from_text(text, None if pd.isna(rule) else rule).qualifier == qualifier
            except QualifierError:
                return False

        return pd.Series(
            [ok(t, r, q) for t, r, q in zip(df["value_text"], df["value_rule"], df["qualifier"], strict=True)],
            index=df.index,
        )


class ObservationsFrame(ObservationColumns, _SourceOf, FrameModel):
    """queries.observations(): figures of every data status (imports may add facility-level rows), with sources."""

    id: Id = pa.Field(unique=True)
    geo_level: Text = _text(isin=s.GEO_LEVELS)
    period_start: When = pa.Field()
    period_end: When = pa.Field()
    period_type: Text = _text(isin=("year", "half", "quarter", "month", "range", "date"))
    data_status: Text = _text(isin=s.DATA_STATUSES)
    batch_id: OptInt = pa.Field(nullable=True)
    recorded_at: When = pa.Field(nullable=True)
    superseded_at: When = pa.Field(nullable=True)
    superseded_by_batch: OptInt = pa.Field(nullable=True)

    @pa.dataframe_check(error="period_start must not be after period_end")
    @classmethod
    def _ordered_period(cls, df: pd.DataFrame) -> pd.Series:
        return df["period_start"] <= df["period_end"]


class SummaryYearsFrame(FrameModel):
    """queries.summary_years(): the years with a yearly value of each indicator at one level."""

    indicator_code: Text = _text()
    year: Series[int] = pa.Field(ge=1900, le=2100)

    @pa.dataframe_check(error="one row per indicator and year")
    @classmethod
    def _unique(cls, df: pd.DataFrame) -> pd.Series:
        return ~df.duplicated(["indicator_code", "year"])


class DistrictCellsFrame(FrameModel):
    """queries.district_cells(): the district x year cells of each indicator with a figure a chart can show."""

    indicator_code: Text = _text()
    year: Series[int] = pa.Field(ge=1900, le=2100)
    geo_code: Text = _text()

    @pa.dataframe_check(error="one row per indicator, year and district")
    @classmethod
    def _unique(cls, df: pd.DataFrame) -> pd.Series:
        return ~df.duplicated(["indicator_code", "year", "geo_code"])


class ObservationSourcesFrame(FrameModel):
    """queries.observation_sources(): how many current preferred observations each indicator has per source and
    data status, with their first and last period (the sources page; a GROUP BY, never every row)."""

    indicator_code: Text = _text()
    source_id: OptText = _opt()
    data_status: Text = _text()
    n: Series[int] = pa.Field(ge=1)
    first_period: Text = _text()
    last_period: Text = _text()

    @pa.dataframe_check(error="one row per indicator, source and data status")
    @classmethod
    def _unique(cls, df: pd.DataFrame) -> pd.Series:
        return ~df.duplicated(["indicator_code", "source_id", "data_status"])


# ------------------------------------------------------------------------------------------------ facilities


class FacilityColumns(_Columns):
    """Columns of a facility."""

    code: Text = _text(unique=True)
    name_az: Text = _text()
    name_en: Text = _text()
    network: Text = _text(isin=s.FACILITY_NETWORKS)
    facility_type: Text = _text(isin=s.FACILITY_TYPES)
    district_code: OptText = _opt()
    settlement: OptText = _opt()
    parent_code: OptText = _opt()
    beds: OptInt = pa.Field(nullable=True, gt=0)
    annual_capacity: OptInt = pa.Field(nullable=True, gt=0)
    capacity_note: OptText = _opt()
    lat: Series[float] = pa.Field(nullable=True, ge=-90, le=90)
    lon: Series[float] = pa.Field(nullable=True, ge=-180, le=180)
    location_basis: OptText = _opt(isin=("town", "district_centroid", "coordinates", "unknown"))
    note: OptText = _opt()


class Facilities(FacilityColumns, ReferenceModel):
    """facilities.csv: the facility register; parents come before the facilities under them."""

    district_code: Text = _text()
    lat: Series[float] = pa.Field(nullable=True, gt=38.0, lt=42.0)
    lon: Series[float] = pa.Field(nullable=True, gt=44.5, lt=51.0)
    location_basis: Text = _text(isin=LOCATION_BASES)

    @pa.dataframe_check(error="lat and lon are given exactly when location_basis is 'town'")
    @classmethod
    def _placed(cls, df: pd.DataFrame) -> pd.Series:
        town = df["location_basis"] == "town"
        return (df["lat"].notna() == town) & (df["lon"].notna() == town)

    @pa.dataframe_check(error="parent_code must name a facility on an earlier row")
    @classmethod
    def _parents_first(cls, df: pd.DataFrame) -> pd.Series:
        seen: set[str] = set()
        ok = []
        for code, parent in zip(df["code"], df["parent_code"], strict=True):
            ok.append(pd.isna(parent) or parent in seen)
            seen.add(code)
        return pd.Series(ok, index=df.index)


class FacilitiesFrame(FacilityColumns, FrameModel):
    """queries.facilities(): the register, reference and imported facilities."""

    batch_id: OptInt = pa.Field(nullable=True)


class FacilityStatusColumns(_Columns):
    """Columns of a facility's status row."""

    facility_code: Text = _text()
    status: Text = _text(isin=s.FACILITY_STATUSES)
    status_date: Text = _text()  # as published: YYYY, YYYY-MM, YYYY-MM-DD or an interval A..B
    date_basis: Text = _text(isin=s.DATE_BASES)  # effective: began then; as_of: reported then; inferred: implied
    expected_open: OptText = _opt()  # a period the source promised
    source_id: OptText = _opt()
    note: OptText = _opt()

    @pa.check("status_date", element_wise=True, error="status_date must be YYYY, YYYY-MM, YYYY-MM-DD or A..B")
    @classmethod
    def _date(cls, value: str) -> bool:
        return _is_date_span(value)

    @pa.dataframe_check(error="an inferred date names its basis in the note")
    @classmethod
    def _inferred_has_basis(cls, df: pd.DataFrame) -> pd.Series:
        return (df["date_basis"] != "inferred") | df["note"].fillna("").str.strip().ne("")

    @pa.check("expected_open", element_wise=True, error="expected_open must be a period")
    @classmethod
    def _expected(cls, value: object) -> bool:
        if pd.isna(value):
            return True
        try:
            parse_period(str(value))
        except PeriodError:
            return False
        return True


class FacilityStatus(FacilityStatusColumns, ReferenceModel):
    """facility_status.csv: each facility's status history as sources report it (the import may also date other
    statuses as effective; the reference data dates only openings so)."""

    source_id: Text = _text()

    @pa.dataframe_check(error="only an opening can be 'effective' (date_basis effective needs status open)")
    @classmethod
    def _effective_is_open(cls, df: pd.DataFrame) -> pd.Series:
        return (df["date_basis"] != "effective") | (df["status"] == "open")


class FacilityStatusFrame(FacilityStatusColumns, _SourceOf, FrameModel):
    """queries.facility_status(): every status row with its first day and source."""

    id: Id = pa.Field(unique=True)
    status_day: When = pa.Field()
    date_precision: Text = _text(isin=s.DATE_PRECISIONS)
    date_latest: When = pa.Field()  # the status is certain from this day on
    data_status: Text = _text(isin=s.DATA_STATUSES)
    batch_id: OptInt = pa.Field(nullable=True)


class FacilityCatchmentColumns(_Columns):
    """Columns of a catchment row."""

    facility_code: Text = _text()
    district_code: Text = _text()
    source_id: OptText = _opt()

    class Config:
        """One row per (facility, district)."""

        unique = ["facility_code", "district_code"]


class FacilityCatchment(FacilityCatchmentColumns, ReferenceModel):
    """facility_catchment.csv: the districts a facility serves, where a source states it."""

    source_id: Text = _text()


class FacilityCatchmentFrame(FacilityCatchmentColumns, FrameModel):
    """queries.facility_catchment()."""


# ------------------------------------------------------------------------------------------------ series and networks


class SeriesSegmentColumns(_Columns):
    """Columns of a series segment."""

    indicator_code: Text = _text()
    segment: Text = _text()
    starts: Text = _text()  # a period: the segment runs from its first day until the next segment starts
    reason: Text = _text(isin=s.SEGMENT_REASONS)  # start (the first) | definition | coverage | source_family
    label_az: Text = _text()
    label_en: Text = _text()
    note_az: Text = _text()
    note_en: Text = _text()
    source_id: OptText = _opt()

    class Config:
        """One row per (indicator, segment)."""

        unique = ["indicator_code", "segment"]

    @pa.check("starts", element_wise=True, error="starts must be a period in canonical form")
    @classmethod
    def _starts(cls, value: str) -> bool:
        return _is_period(value)

    @pa.dataframe_check(error="segments are in order of their start, the first with reason 'start', no two together")
    @classmethod
    def _ordered(cls, df: pd.DataFrame) -> pd.Series:
        ok = pd.Series(True, index=df.index)
        for _, g in df.groupby("indicator_code", sort=False):
            try:
                days = [parse_period(t).start for t in g["starts"]]
            except PeriodError:
                continue
            increasing = all(a < b for a, b in zip(days, days[1:], strict=False))
            first_is_start = (g["reason"].iloc[0] == "start") and (g["reason"].iloc[1:] != "start").all()
            ok[g.index] = increasing and first_is_start
        return ok


class SeriesSegments(SeriesSegmentColumns, ReferenceModel):
    """series_segments.csv: the comparable segments of a series; a new one starts at a break (docs/DATA.md)."""


class SeriesSegmentsFrame(SeriesSegmentColumns, _SourceOf, FrameModel):
    """queries.series_segments(): the segments of each series in order, with the first day and source."""

    starts_day: When = pa.Field()


class NetworkColumns(_Columns):
    """Columns of a facility network."""

    code: Text = _text(unique=True, isin=s.FACILITY_NETWORKS)
    name_az: Text = _text()
    name_en: Text = _text()
    started: OptText = _opt()
    source_id: OptText = _opt()
    note: OptText = _opt()

    @pa.check("started", element_wise=True, error="started must be a published date")
    @classmethod
    def _started(cls, value: object) -> bool:
        return pd.isna(value) or _is_date_span(str(value))


class Networks(NetworkColumns, ReferenceModel):
    """networks.csv: the facility networks and the day each began (empty: none constrains its facilities)."""


class NetworksFrame(NetworkColumns, FrameModel):
    """queries.networks(): the networks and the day each began (NaT: none constrains its facilities)."""

    started_day: When = pa.Field(nullable=True)


class NetworkTotalColumns(_Columns):
    """Columns of a published network total."""

    network: Text = _text(isin=s.FACILITY_NETWORKS)
    facility_types: Text = _text()  # comma list of facility types counted together
    status: Text = _text()  # a status, or several joined by '|'
    published_date: Text = _text()
    count: Series[int] = pa.Field(ge=0)
    kind: Text = _text(isin=s.TOTAL_KINDS)
    source_id: Text = _text()
    note: OptText = _opt()

    @pa.check("facility_types", element_wise=True, error="facility_types must be facility types, comma-separated")
    @classmethod
    def _types(cls, value: str) -> bool:
        return set(value.split(",")) <= set(s.FACILITY_TYPES)

    @pa.check("status", element_wise=True, error="status must be statuses joined by '|'")
    @classmethod
    def _statuses(cls, value: str) -> bool:
        return set(value.split("|")) <= set(s.FACILITY_STATUSES)

    @pa.check("published_date", element_wise=True, error="published_date must be a published date")
    @classmethod
    def _published(cls, value: str) -> bool:
        return _is_date_span(value)


class NetworkTotals(NetworkTotalColumns, ReferenceModel):
    """network_totals.csv: published counts of a network's facilities by type and status, and official lists."""


class NetworkTotalsFrame(NetworkTotalColumns, _SourceOf, FrameModel):
    """queries.network_totals(): published totals with the day they are compared on, and sources."""

    id: Id = pa.Field(unique=True)
    date_latest: When = pa.Field()


# File name -> its model, in loading order (foreign keys: dimensions first).
REFERENCE_MODELS: dict[str, type[ReferenceModel]] = {
    "sources.csv": Sources,
    "economic_regions.csv": EconomicRegions,
    "districts.csv": Districts,
    "goals.csv": Goals,
    "indicators.csv": Indicators,
    "facilities.csv": Facilities,
    "district_aliases.csv": DistrictAliases,
    "targets.csv": Targets,
    "observations.csv": Observations,
    "facility_status.csv": FacilityStatus,
    "facility_catchment.csv": FacilityCatchment,
    "series_segments.csv": SeriesSegments,
    "networks.csv": Networks,
    "network_totals.csv": NetworkTotals,
}


# Query function name (data/queries.py) -> the model of the frame it returns.
QUERY_MODELS: dict[str, type[FrameModel]] = {
    "sources": SourcesFrame,
    "economic_regions": EconomicRegionsFrame,
    "districts": DistrictsFrame,
    "district_aliases": DistrictAliasesFrame,
    "goals": GoalsFrame,
    "indicators": IndicatorsFrame,
    "targets": TargetsFrame,
    "observations": ObservationsFrame,
    "summary_observations": ObservationsFrame,
    "deciding_observations": ObservationsFrame,
    "summary_years": SummaryYearsFrame,
    "quality_observations": ObservationsFrame,
    "district_cells": DistrictCellsFrame,
    "observation_sources": ObservationSourcesFrame,
    "facilities": FacilitiesFrame,
    "facility_status": FacilityStatusFrame,
    "facility_catchment": FacilityCatchmentFrame,
    "series_segments": SeriesSegmentsFrame,
    "networks": NetworksFrame,
    "network_totals": NetworkTotalsFrame,
}


def typed(model: type[FrameModel], df: pd.DataFrame) -> pd.DataFrame:
    """A query frame coerced to its model's types, its columns checked (row rules are left to the tests)."""
    with config_context(validation_depth=ValidationDepth.SCHEMA_ONLY):
        return model.validate(df)


def columns(name: str) -> list[str]:
    """The columns of a reference file, in order."""
    return list(REFERENCE_MODELS[name].to_schema().columns)


# ------------------------------------------------------------------------------------------------ validation

_CHECK_WORDS = {
    "not_nullable": "is empty",
    "field_uniqueness": "is repeated",
    "multiple_fields_uniqueness": "repeats another row",
    "column_in_dataframe": "is missing",
    "column_in_schema": "is not a column of this file",
    "column_ordered": "is out of order",
}


_BOUNDS = {
    "greater_than": "must be more than",
    "greater_than_or_equal_to": "must be at least",
    "less_than": "must be less than",
    "less_than_or_equal_to": "must be at most",
    "str_startswith": "must start with",
    "str_matches": "must match",
}


def _describe(check: str) -> str:
    """A readable name for a pandera check (custom checks carry their own sentence)."""
    if check in _CHECK_WORDS:
        return _CHECK_WORDS[check]
    if check.startswith("coerce_dtype("):
        return "cannot be read as " + check[len("coerce_dtype(") : -1].strip("'")
    if check.startswith("isin("):
        return "is not one of " + check[len("isin(") : -1]
    name, _, arg = check.partition("(")
    if name in _BOUNDS:
        return f"{_BOUNDS[name]} {arg.rstrip(')')}"
    return ": " + check if " " in check else check


def problems(name: str, errors: pa.errors.SchemaErrors) -> list[str]:
    """Every problem of a failed validation as 'line N, column C: value V <what is wrong>' (lines count the header)."""
    fc = errors.failure_cases
    coerced = {(r.column, r.index) for r in fc.itertuples() if str(r.check).startswith("coerce_dtype(")}
    found: list[tuple[int, str]] = []
    for r in fc.itertuples():
        check = str(r.check)
        if check.startswith("dtype(") and (r.column, r.index) in coerced:
            continue  # the same cell, already reported as unreadable
        if r.index is None or pd.isna(r.index):
            if str(r.failure_case).startswith(("TypeError", "ValueError")):
                continue  # a check that could not run because its column did not coerce (reported on its rows)
            where = f"column {r.column}" if r.schema_context == "Column" else "file"
            found.append((0, f"{where}: {r.failure_case} {_describe(check)}".replace(" : ", ": ")))
            continue
        line = int(r.index) + 2
        column = r.column if r.schema_context == "Column" else "(row)"
        value = "" if pd.isna(r.failure_case) else f" value {r.failure_case!r}"
        found.append((line, f"line {line}, column {column}:{value} {_describe(check)}".replace(" : ", ": ")))
    return list(dict.fromkeys(text for _, text in sorted(found, key=lambda x: x[0])))


def validate_reference(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """A reference frame (CSV text, empty cells as missing) validated and typed by its model; all problems at once."""
    model = REFERENCE_MODELS[name]
    try:
        return model.validate(df, lazy=True)
    except pa.errors.SchemaErrors as e:
        found = problems(name, e)
        listed = "\n  ".join(found)
        raise ReferenceDataError(f"{name}: {len(found)} problem(s):\n  {listed}", file=name, problems=found) from e


def read_validated(name: str, reference_dir: Path = REFERENCE_DIR) -> pd.DataFrame:
    """One reference file read and validated by its model (empty cells are missing values)."""
    path = reference_dir / name
    if not path.exists():
        raise ReferenceDataError(f"reference file {path} is missing", file=name)
    df = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    return validate_reference(name, df)
