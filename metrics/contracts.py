"""Contracts of the metric outputs: a pandera DataFrameModel per metric table, for every public metric function
that returns a DataFrame.

The model says what a row of the metric's output is: its columns in order, which may be missing, the
vocabularies and the rules that tie the columns together (a status needs a comparable target, a projection
lies inside its band). A metric function names its model with `@contracts.output(Model)` (one model per frame it
returns); `OUTPUT_MODELS` lists them all ("module.function" -> models) and the docs' table of metric outputs
(docs/METRICS.md) is checked against it. Functions that return their input's rows with columns added
("pass-through") have a model that lists only what they add (`strict = False`).

Validation is off in production (a flag test, nothing more); tests switch it on (`with contracts.validating():`)
and every output of a decorated function is then validated lazily (every problem at once; the error names the
function). tests/metrics/test_metrics_output_models.py runs the pages' and the deck's metric pipelines on the
reference data, with and without the demonstration series, under it; `progress.OUTPUT_COLUMNS` is derived from
its model (columns()).
"""

from __future__ import annotations

import contextlib
import functools
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any, Optional, TypeVar

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from data import schema as s

STATUSES = ("achieved", "on_track", "at_risk", "off_track", "no_data", "no_target")  # progress verdicts
BASES = (
    "no_target", "no_data", "kind_differs", "met", "met_partial", "deadline_passed", "single_point", "trend",
)  # fmt: skip  # how a progress verdict was reached
Text = Series[str]
FIGURE_GEO_LEVELS = (*s.GEO_LEVELS, "group")  # the figures and access tables add comparison groups
F = TypeVar("F", bound=Callable[..., Any])

OUTPUT_MODELS: dict[str, tuple[type[pa.DataFrameModel], ...]] = {}  # "module.function" -> its output model(s)
VALIDATED: Counter[str] = Counter()  # "module.function" -> non-empty outputs validated since the last reset
PROBLEMS: list[str] = []  # with validating(collect=True): every broken output's report, nothing raised
_STATE = {"on": False, "collect": False}


def output(*models: type[pa.DataFrameModel]) -> Callable[[F], F]:
    """Declare a metric function's output model(s), one per DataFrame it returns (a tuple for several)."""

    def declare(fn: F) -> F:
        key = f"{fn.__module__.removeprefix('metrics.')}.{fn.__name__}"
        OUTPUT_MODELS[key] = models

        @functools.wraps(fn)
        def checked(*args: Any, **kwargs: Any) -> Any:
            out = fn(*args, **kwargs)
            if _STATE["on"]:
                validate_output(key, out)
            return out

        checked.output_models = models  # type: ignore[attr-defined]
        return checked  # type: ignore[return-value]

    return declare


def validate_output(key: str, out: Any) -> None:
    """Validate a metric function's output with its model(s), every problem at once; raises OutputContractError."""
    frames = out if isinstance(out, tuple) else (out,)
    for model, frame in zip(OUTPUT_MODELS[key], frames, strict=True):
        try:
            model.validate(frame, lazy=True)
        except pa.errors.SchemaErrors as e:
            cases = e.failure_cases.head(20).to_string()
            report = f"metrics.{key}: output breaks {model.__name__}:\n{cases}"
            if _STATE["collect"]:
                PROBLEMS.append(report)
                continue
            raise OutputContractError(report) from e
        if len(frame):
            VALIDATED[key] += 1


class OutputContractError(AssertionError):
    """A metric output does not satisfy its model (raised only with validation on, i.e. in tests)."""


@contextlib.contextmanager
def validating(collect: bool = False) -> Iterator[Counter[str]]:
    """Within the block every decorated metric function validates its output (with `collect`, a broken output is
    recorded in PROBLEMS instead of raising); yields the counter of validations."""
    before = dict(_STATE)
    _STATE.update(on=True, collect=collect)
    try:
        yield VALIDATED
    finally:
        _STATE.update(before)


class ProgressOutput(pa.DataFrameModel):
    """metrics.progress.progress(): one row per indicator and geography (per target version with all_targets)."""

    indicator_code: Text = pa.Field()
    geo_level: Text = pa.Field(isin=s.GEO_LEVELS)
    geo_code: Text = pa.Field()
    area: Text = pa.Field()
    kind: Text = pa.Field()
    direction: Text = pa.Field(isin=s.DIRECTIONS)
    unit: Text = pa.Field(nullable=True)
    name_az: Text = pa.Field()
    name_en: Text = pa.Field()
    latest_value: Series[float] = pa.Field(nullable=True)
    latest_period: Text = pa.Field(nullable=True)
    latest_year: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    latest_data_status: Text = pa.Field(nullable=True, isin=s.DATA_STATUSES)
    latest_source_id: Text = pa.Field(nullable=True)
    latest_qualifier: Text = pa.Field(nullable=True, isin=s.QUALIFIERS)
    latest_value_low: Series[float] = pa.Field(nullable=True)
    latest_value_high: Series[float] = pa.Field(nullable=True)
    segment: Text = pa.Field(nullable=True)
    evidence_date: Series[pd.Timestamp] = pa.Field(nullable=True)
    n_points: Series[int] = pa.Field(ge=0)
    first_year: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    baseline_value: Series[float] = pa.Field(nullable=True)
    baseline_year: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    is_partial: Series[bool] = pa.Field()
    partial_value: Series[float] = pa.Field(nullable=True)
    partial_period: Text = pa.Field(nullable=True)
    partial_months: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1, le=12)
    partial_days: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1, le=366)
    partial_annualised: Series[float] = pa.Field(nullable=True)
    target_value: Series[float] = pa.Field(nullable=True)
    target_text: Text = pa.Field(nullable=True)
    target_year: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    target_year_assumed: Series[bool] = pa.Field()
    target_date_set: Text = pa.Field(nullable=True)
    target_is_current: Series[pd.BooleanDtype] = pa.Field(nullable=True)
    target_source_id: Text = pa.Field(nullable=True)
    target_kind: Text = pa.Field(nullable=True, isin=s.TARGET_KINDS)
    target_comparable: Series[object] = pa.Field(nullable=True)
    horizon_year: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    share_achieved: Series[float] = pa.Field(nullable=True)
    pace_needed: Series[float] = pa.Field(nullable=True)
    pace_observed: Series[float] = pa.Field(nullable=True)
    projected_value: Series[float] = pa.Field(nullable=True, ge=0)
    projected_low: Series[float] = pa.Field(nullable=True, ge=0)
    projected_high: Series[float] = pa.Field(nullable=True, ge=0)
    projected_share: Series[float] = pa.Field(nullable=True)
    achieved_by_partial: Series[bool] = pa.Field()
    status: Text = pa.Field(isin=STATUSES)
    basis: Text = pa.Field(isin=BASES)
    sentence_key: Text = pa.Field(str_startswith="metric.sentence.")

    class Config:
        """The exact columns in their order; values readable as the column types."""

        strict = True
        ordered = True
        coerce = True

    @pa.dataframe_check(error="a row without a target with a number has status no_target")
    @classmethod
    def _no_target(cls, df: pd.DataFrame) -> pd.Series:
        return df["target_value"].notna() | (df["status"] == "no_target")

    @pa.dataframe_check(error="a latest value has its period, year, data status and source")
    @classmethod
    def _latest_complete(cls, df: pd.DataFrame) -> pd.Series:
        has = df["latest_value"].notna()
        cols = ["latest_period", "latest_year", "latest_data_status", "latest_qualifier"]
        return ~has | df[cols].notna().all(axis=1)

    @pa.dataframe_check(error="a part-year figure (is_partial) has its value, period and months")
    @classmethod
    def _partial_complete(cls, df: pd.DataFrame) -> pd.Series:
        return ~df["is_partial"] | df[["partial_value", "partial_period", "partial_months"]].notna().all(axis=1)

    @pa.dataframe_check(error="a projection lies inside its band: projected_low <= projected_value <= projected_high")
    @classmethod
    def _band(cls, df: pd.DataFrame) -> pd.Series:
        v, lo, hi = df["projected_value"], df["projected_low"], df["projected_high"]
        inside = (lo <= v + 1e-9) & (v <= hi + 1e-9)
        return v.isna() | lo.isna() | hi.isna() | inside

    @pa.dataframe_check(error="status achieved has basis met or met_partial, and only those")
    @classmethod
    def _achieved_basis(cls, df: pd.DataFrame) -> pd.Series:
        return (df["status"] == "achieved") == df["basis"].isin(["met", "met_partial"])

    @pa.dataframe_check(error="achieved_by_partial only with status achieved")
    @classmethod
    def _by_partial(cls, df: pd.DataFrame) -> pd.Series:
        return ~df["achieved_by_partial"] | (df["status"] == "achieved")


def columns(model: type[pa.DataFrameModel]) -> list[str]:
    """The columns of a metric output, in order."""
    return list(model.to_schema().columns)


def docs_row(models: tuple[type[pa.DataFrameModel], ...]) -> tuple[str, str]:
    """The docs' table cells of a function's output model(s): the model names, and the columns of each in order
    (regex columns as their pattern; a pass-through model's columns follow "input +")."""
    names = ", ".join(f"`{m.__name__}`" for m in models)
    cells = []
    for m in models:
        schema = m.to_schema()
        cols = ", ".join(schema.columns)
        cells.append(f"`{cols}`" if schema.strict else f"input + `{cols}`" if cols else "input")
    return names, " / ".join(cells)


class _Strict:
    """The exact columns in their order; values readable as the column types."""

    strict = True
    ordered = True
    coerce = True


class ChildrenStockOutput(pa.DataFrameModel):
    """metrics.children.children_stock(): children in institutions per indicator, geography and year."""

    indicator_code: Text = pa.Field()
    geo_level: Text = pa.Field(isin=s.GEO_LEVELS)
    geo_code: Text = pa.Field()
    year: Series[int] = pa.Field()
    period: Text = pa.Field()
    value: Series[float] = pa.Field(ge=0)
    qualifier: Text = pa.Field(isin=s.QUALIFIERS)
    value_low: Series[float] = pa.Field(nullable=True)
    value_high: Series[float] = pa.Field(nullable=True)
    segment: Text = pa.Field()
    basis: Text = pa.Field()
    data_status: Text = pa.Field(isin=s.DATA_STATUSES)
    districts_reported: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    districts_total: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    complete: Series[pd.BooleanDtype] = pa.Field(nullable=True)
    children_0_17: Series[float] = pa.Field(nullable=True, ge=0)
    children_year: Series[object] = pa.Field(nullable=True)
    rate_per_10k: Series[float] = pa.Field(nullable=True, ge=0)
    baseline_year: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    baseline_value: Series[float] = pa.Field(nullable=True)
    change_vs_baseline: Series[float] = pa.Field(nullable=True)
    change_pct: Series[float] = pa.Field(nullable=True)

    Config = _Strict


class FlowsOutput(pa.DataFrameModel):
    """metrics.children.children_flows() and metrics.rehabilitation.throughput(): a yearly (or part-year) flow
    against each target version, with its pro-rata share for a part year."""

    indicator_code: Text = pa.Field()
    geo_level: Text = pa.Field(isin=s.GEO_LEVELS)
    geo_code: Text = pa.Field()
    year: Series[int] = pa.Field()
    period: Text = pa.Field()
    value: Series[float] = pa.Field(ge=0)
    is_partial: Series[bool] = pa.Field()
    months: Series[int] = pa.Field(ge=1, le=12)
    days: Series[int] = pa.Field(ge=1, le=366)
    annualised: Series[float] = pa.Field(ge=0)
    data_status: Text = pa.Field(isin=s.DATA_STATUSES)
    source_id: Text = pa.Field(nullable=True)
    qualifier: Text = pa.Field(isin=s.QUALIFIERS)
    value_low: Series[float] = pa.Field(nullable=True)
    value_high: Series[float] = pa.Field(nullable=True)
    segment: Text = pa.Field()
    segment_break: Series[bool] = pa.Field()
    change: Series[float] = pa.Field(nullable=True)
    target_value: Series[float] = pa.Field(nullable=True)
    target_year: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    target_date_set: Text = pa.Field(nullable=True)
    target_is_current: Series[pd.BooleanDtype] = pa.Field(nullable=True)
    share_of_target: Series[float] = pa.Field(nullable=True, ge=0)
    pro_rata_share: Series[float] = pa.Field(nullable=True, ge=0)
    target_applies: Series[bool] = pa.Field()
    meets_target: Series[bool] = pa.Field()

    Config = _Strict


class CareSplitOutput(pa.DataFrameModel):
    """metrics.rehabilitation.care_split(): persons served split into inpatient, outpatient and unassigned."""

    geo_level: Text = pa.Field(isin=s.GEO_LEVELS)
    geo_code: Text = pa.Field()
    period: Text = pa.Field()
    year: Series[int] = pa.Field()
    is_partial: Series[bool] = pa.Field()
    served: Series[float] = pa.Field(nullable=True, ge=0)
    inpatient: Series[float] = pa.Field(nullable=True, ge=0)
    outpatient: Series[float] = pa.Field(nullable=True, ge=0)
    served_qualifier: Text = pa.Field(isin=s.QUALIFIERS)
    inpatient_qualifier: Text = pa.Field(isin=s.QUALIFIERS)
    outpatient_qualifier: Text = pa.Field(isin=s.QUALIFIERS)
    inpatient_share: Series[float] = pa.Field(nullable=True, ge=0, le=100)
    outpatient_share: Series[float] = pa.Field(nullable=True, ge=0, le=100)
    unassigned: Series[float] = pa.Field(nullable=True)
    unassigned_share: Series[float] = pa.Field(nullable=True)

    Config = _Strict


class RehabCapacityOutput(pa.DataFrameModel):
    """metrics.rehabilitation.capacity_by_region(): beds and capacity per 100,000 residents by economic region."""

    geo_level: Text = pa.Field(isin=s.GEO_LEVELS)
    geo_code: Text = pa.Field()
    name_az: Text = pa.Field()
    name_en: Text = pa.Field()
    facilities_open: Series[int] = pa.Field(ge=0)
    lacking_beds: Series[int] = pa.Field(ge=0)
    lacking_capacity: Series[int] = pa.Field(ge=0)
    beds: Series[float] = pa.Field(nullable=True, ge=0)
    annual_capacity: Series[float] = pa.Field(nullable=True, ge=0)
    population: Series[float] = pa.Field(nullable=True, ge=0)
    beds_per_100k: Series[float] = pa.Field(nullable=True, ge=0)
    capacity_per_100k: Series[float] = pa.Field(nullable=True, ge=0)

    Config = _Strict


class NetworkProgressOutput(pa.DataFrameModel):
    """metrics.network.network_progress(): DOST facilities open and with the pipeline against the network targets,
    the pipeline items set apart counted beside."""

    indicator_code: Text = pa.Field()
    on_date: Series[pd.Timestamp] = pa.Field()
    facility_types: Text = pa.Field()
    open: Series[int] = pa.Field(ge=0)
    with_pipeline: Series[int] = pa.Field(ge=0)
    pipeline_added: Series[int] = pa.Field(ge=0)
    pipeline_stale: Series[int] = pa.Field(ge=0)
    pipeline_not_on_list: Series[int] = pa.Field(ge=0)
    target_value: Series[float] = pa.Field(nullable=True)
    target_year: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    target_date_set: Text = pa.Field(nullable=True)
    share_of_target: Series[float] = pa.Field(nullable=True, ge=0)
    share_with_pipeline: Series[float] = pa.Field(nullable=True, ge=0)
    gap: Series[float] = pa.Field(nullable=True, ge=0)
    gap_with_pipeline: Series[float] = pa.Field(nullable=True, ge=0)

    Config = _Strict

    @pa.dataframe_check
    def pipeline_adds_to_open(cls, df: pd.DataFrame) -> pd.Series:
        """With the pipeline = open + the pipeline items that still count."""
        return df["with_pipeline"] == df["open"] + df["pipeline_added"]


class CoverageOutput(pa.DataFrameModel):
    """metrics.dost.coverage_scenarios(): every district's DOST coverage, open network and with the pipeline."""

    code: Text = pa.Field()
    name_az: Text = pa.Field()
    name_en: Text = pa.Field()
    economic_region_code: Text = pa.Field()
    population_exclusive: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    served: Series[bool] = pa.Field()
    n_facilities: Series[int] = pa.Field(ge=0)
    served_by: Text = pa.Field()
    served_only_via_pipeline: Series[bool] = pa.Field()
    nearest_facility_code: Text = pa.Field(nullable=True)
    nearest_location_basis: Text = pa.Field(nullable=True)
    distance_km: Series[float] = pa.Field(nullable=True, ge=0)
    counted_in: Text = pa.Field(nullable=True)
    scenario: Text = pa.Field(isin=["open", "with_pipeline"])

    Config = _Strict


class CoverageSummaryOutput(pa.DataFrameModel):
    """metrics.dost.coverage_summary(): shares of districts and population served, nationally and per region."""

    scenario: Text = pa.Field(isin=["open", "with_pipeline"])
    geo_level: Text = pa.Field(isin=s.GEO_LEVELS)
    geo_code: Text = pa.Field()
    districts_total: Series[int] = pa.Field(ge=0)
    districts_served: Series[int] = pa.Field(ge=0)
    district_share: Series[float] = pa.Field(ge=0, le=100)
    population_total: Series[float] = pa.Field(ge=0)
    population_served: Series[float] = pa.Field(ge=0)
    population_share: Series[float] = pa.Field(ge=0, le=100)
    districts_without_population: Series[int] = pa.Field(ge=0)
    mean_distance_km: Series[float] = pa.Field(nullable=True, ge=0)
    pop_weighted_distance_km: Series[float] = pa.Field(nullable=True, ge=0)
    max_distance_km: Series[float] = pa.Field(nullable=True, ge=0)
    districts_without_distance: Series[int] = pa.Field(ge=0)

    Config = _Strict


class AccessSummaryOutput(pa.DataFrameModel):
    """metrics.access.access_summary(): population within each radius of a DOST office or service point, per
    district, region, country and comparison group (one column set per radius r: office_within_r and so on)."""

    geo_level: Text = pa.Field()
    geo_code: Text = pa.Field()
    population: Series[float] = pa.Field(ge=0)
    population_no_office: Series[float] = pa.Field(ge=0)
    office_km_mean: Series[float] = pa.Field(nullable=True, ge=0)
    office_within: Series[float] = pa.Field(alias=r"office_within_\d+", regex=True, ge=0)
    office_share: Series[float] = pa.Field(alias=r"office_share_\d+", regex=True, nullable=True, ge=0, le=100)
    point_within: Series[float] = pa.Field(alias=r"point_within_\d+", regex=True, ge=0)
    point_share: Series[float] = pa.Field(alias=r"point_share_\d+", regex=True, nullable=True, ge=0, le=100)
    population_served_admin: Optional[Series[float]] = pa.Field(nullable=True, ge=0)  # noqa: UP045 (admin figure)
    share_served_admin: Optional[Series[float]] = pa.Field(nullable=True, ge=0, le=100)  # noqa: UP045

    class Config:
        """Only these columns (the radius columns by pattern); values readable as the column types."""

        strict = True
        coerce = True


class _Loose:
    """The columns listed, in any order, others allowed (a pass-through output: its input's rows and columns with
    these added or guaranteed); values readable as the column types."""

    strict = False
    ordered = False
    coerce = True


# The outputs of every other public metric function returning a DataFrame (one model each; pass-through helpers
# list what they add or guarantee). Columns, types and which may be missing as on the reference data.


class AccessScenariosOutput(pa.DataFrameModel):
    """metrics.access.access_scenarios()."""

    geo_level: Text = pa.Field(isin=FIGURE_GEO_LEVELS)
    geo_code: Text = pa.Field()
    population: Series[float] = pa.Field(ge=0)
    population_no_office: Series[float] = pa.Field(ge=0)
    office_km_mean: Series[float] = pa.Field(nullable=True, ge=0)
    office_within_15: Series[float] = pa.Field(ge=0)
    office_share_15: Series[float] = pa.Field()
    point_within_15: Series[float] = pa.Field(ge=0)
    point_share_15: Series[float] = pa.Field()
    office_within_30: Series[float] = pa.Field(ge=0)
    office_share_30: Series[float] = pa.Field()
    point_within_30: Series[float] = pa.Field(ge=0)
    point_share_30: Series[float] = pa.Field()
    office_within_60: Series[float] = pa.Field(ge=0)
    office_share_60: Series[float] = pa.Field()
    point_within_60: Series[float] = pa.Field(ge=0)
    point_share_60: Series[float] = pa.Field()
    population_served_admin: Series[float] = pa.Field(ge=0)
    share_served_admin: Series[float] = pa.Field(ge=0)
    scenario: Text = pa.Field()

    Config = _Strict


class NearestOnSideOutput(pa.DataFrameModel):
    """metrics.access.nearest_on_side()."""

    facility_code: Series[object] = pa.Field(nullable=True)
    distance_km: Series[float] = pa.Field(nullable=True, ge=0)

    Config = _Strict


class NetworkOnOutput(pa.DataFrameModel):
    """metrics.access.network_on()."""

    code: Text = pa.Field()
    name_az: Text = pa.Field()
    name_en: Text = pa.Field()
    network: Text = pa.Field(isin=s.FACILITY_NETWORKS)
    facility_type: Text = pa.Field(isin=s.FACILITY_TYPES)
    district_code: Text = pa.Field()
    settlement: Text = pa.Field()
    parent_code: Text = pa.Field(nullable=True)
    beds: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    annual_capacity: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    capacity_note: Text = pa.Field(nullable=True)
    lat: Series[float] = pa.Field(nullable=True)
    lon: Series[float] = pa.Field(nullable=True)
    location_basis: Text = pa.Field()
    note: Text = pa.Field(nullable=True)
    batch_id: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    status: Text = pa.Field(isin=s.FACILITY_STATUSES)
    open_basis: Text = pa.Field()
    assumed_horizon: Series[bool] = pa.Field()

    Config = _Loose


class PlaceFacilitiesOutput(pa.DataFrameModel):
    """metrics.access.place_facilities()."""

    facility_code: Text = pa.Field()
    district_code: Text = pa.Field()
    facility_type: Text = pa.Field(isin=s.FACILITY_TYPES)
    x: Series[float] = pa.Field()
    y: Series[float] = pa.Field()
    location_basis: Text = pa.Field()
    side: Text = pa.Field()
    lon: Series[float] = pa.Field()
    lat: Series[float] = pa.Field()

    Config = _Strict


class PointAccessOutput(pa.DataFrameModel):
    """metrics.access.point_access()."""

    district_code: Text = pa.Field()
    stat_district_code: Text = pa.Field()
    side: Text = pa.Field()
    population: Series[float] = pa.Field(ge=0)
    x: Series[float] = pa.Field()
    y: Series[float] = pa.Field()
    office_code: Series[object] = pa.Field(nullable=True)
    office_km: Series[float] = pa.Field(nullable=True, ge=0)
    point_code: Series[object] = pa.Field(nullable=True)
    point_km: Series[float] = pa.Field(nullable=True, ge=0)

    Config = _Strict


class TargetReadingsOutput(pa.DataFrameModel):
    """metrics.access.target_readings()."""

    reading: Text = pa.Field()
    is_headline: Series[bool] = pa.Field()
    facility_types: Text = pa.Field()
    open: Series[int] = pa.Field(ge=0)
    with_pipeline: Series[int] = pa.Field(ge=0)
    target_value: Series[float] = pa.Field()
    target_year: Series[int] = pa.Field()
    share_of_target: Series[float] = pa.Field()
    share_with_pipeline: Series[float] = pa.Field(ge=0)

    Config = _Strict


class UnitDistancesOutput(pa.DataFrameModel):
    """metrics.access.unit_distances()."""

    code: Text = pa.Field()
    nearest_facility_code: Text = pa.Field(nullable=True)
    nearest_location_basis: Text = pa.Field(nullable=True)
    distance_km: Series[float] = pa.Field(nullable=True, ge=0)

    Config = _Strict


class SegmentBaselinesOutput(pa.DataFrameModel):
    """metrics.children.segment_baselines()."""

    indicator_code: Text = pa.Field()
    geo_level: Text = pa.Field(isin=s.GEO_LEVELS)
    geo_code: Text = pa.Field()
    segment: Text = pa.Field()
    baseline_value: Series[float] = pa.Field()
    baseline_year: Series[int] = pa.Field()

    Config = _Loose


class SumDistrictsOutput(pa.DataFrameModel):
    """metrics.children.sum_districts()."""

    indicator_code: Text = pa.Field()
    geo_code: Text = pa.Field()
    year: Series[int] = pa.Field()
    segment: Text = pa.Field()
    value: Series[float] = pa.Field()
    districts_reported: Series[int] = pa.Field(ge=0)
    data_status: Text = pa.Field(isin=s.DATA_STATUSES)
    qualifier: Text = pa.Field(isin=s.QUALIFIERS)
    geo_level: Text = pa.Field(isin=s.GEO_LEVELS)
    districts_total: Series[int] = pa.Field(ge=0)
    complete: Series[bool] = pa.Field()

    Config = _Strict


class WithChildRateOutput(pa.DataFrameModel):
    """metrics.children.with_child_rate()."""

    indicator_code: Text = pa.Field()
    geo_level: Text = pa.Field(isin=s.GEO_LEVELS)
    geo_code: Text = pa.Field()
    year: Series[int] = pa.Field()
    value: Series[float] = pa.Field()
    period: Text = pa.Field()
    period_end: Series[pd.Timestamp] = pa.Field()
    data_status: Text = pa.Field(isin=s.DATA_STATUSES)
    source_id: Text = pa.Field()
    qualifier: Text = pa.Field(isin=s.QUALIFIERS)
    value_low: Series[float] = pa.Field(nullable=True)
    value_high: Series[float] = pa.Field(nullable=True)
    segment: Text = pa.Field()
    basis: Text = pa.Field()
    districts_reported: Series[object] = pa.Field(nullable=True)
    districts_total: Series[object] = pa.Field(nullable=True)
    complete: Series[pd.BooleanDtype] = pa.Field(nullable=True)
    _rank: Series[int] = pa.Field()
    children_0_17: Series[float] = pa.Field(nullable=True)
    children_year: Series[object] = pa.Field(nullable=True)
    rate_per_10k: Series[float] = pa.Field(nullable=True)

    Config = _Loose


class FacilityPointsOutput(pa.DataFrameModel):
    """metrics.distance.facility_points()."""

    facility_code: Text = pa.Field()
    district_code: Text = pa.Field()
    facility_type: Text = pa.Field(isin=s.FACILITY_TYPES)
    x: Series[float] = pa.Field()
    y: Series[float] = pa.Field()
    location_basis: Text = pa.Field()

    Config = _Strict


class NearestOutput(pa.DataFrameModel):
    """metrics.distance.nearest()."""

    code: Series[int] = pa.Field()
    nearest_facility_code: Text = pa.Field()
    distance_km: Series[float] = pa.Field(ge=0)

    Config = _Strict


class DistrictCoverageOutput(pa.DataFrameModel):
    """metrics.dost.district_coverage()."""

    code: Text = pa.Field()
    name_az: Text = pa.Field()
    name_en: Text = pa.Field()
    economic_region_code: Text = pa.Field()
    population_exclusive: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    served: Series[bool] = pa.Field()
    n_facilities: Series[int] = pa.Field(ge=0)
    served_by: Text = pa.Field()
    served_only_via_pipeline: Series[bool] = pa.Field()
    nearest_facility_code: Series[object] = pa.Field(nullable=True)
    nearest_location_basis: Series[object] = pa.Field(nullable=True)
    distance_km: Series[float] = pa.Field(nullable=True, ge=0)
    counted_in: Text = pa.Field(nullable=True)

    Config = _Strict


class OpenByTypeOutput(pa.DataFrameModel):
    """metrics.dost.open_by_type()."""

    facility_type: Text = pa.Field(isin=s.FACILITY_TYPES)
    open: Series[int] = pa.Field(ge=0)
    pipeline: Series[int] = pa.Field(ge=0)
    counted: Series[int] = pa.Field(ge=0)

    Config = _Strict


class ServedByOutput(pa.DataFrameModel):
    """metrics.dost.served_by(): which counted-open facility serves which district (own_district | catchment), and
    whether only through the pipeline."""

    district_code: Text = pa.Field()
    facility_code: Text = pa.Field()
    facility_type: Text = pa.Field(isin=s.FACILITY_TYPES)
    basis: Text = pa.Field(isin=["own_district", "catchment"])
    via_pipeline: Series[bool] = pa.Field()

    Config = _Strict

    @pa.dataframe_check(error="a facility serves a district once")
    @classmethod
    def _once(cls, df: pd.DataFrame) -> pd.Series:
        return ~df.duplicated(["district_code", "facility_code"])


class OpenFacilitiesOutput(pa.DataFrameModel):
    """metrics.facilities.open_facilities()."""

    code: Text = pa.Field()
    network: Text = pa.Field(isin=s.FACILITY_NETWORKS)
    facility_type: Text = pa.Field(isin=s.FACILITY_TYPES)
    status: Text = pa.Field(isin=s.FACILITY_STATUSES)
    open_basis: Text = pa.Field()
    assumed_horizon: Series[bool] = pa.Field()

    Config = _Loose


class PipelineStateOutput(pa.DataFrameModel):
    """metrics.facilities.pipeline_state()."""

    facility_code: Text = pa.Field()
    status: Text = pa.Field(isin=s.FACILITY_STATUSES)
    last_evidence: Series[pd.Timestamp] = pa.Field()
    months_silent: Series[pd.Int64Dtype] = pa.Field(ge=0)
    pipeline_state: Text = pa.Field()
    list_date: Series[pd.Timestamp] = pa.Field(nullable=True)
    list_source_id: Series[object] = pa.Field(nullable=True)

    Config = _Strict


class StatusOnOutput(pa.DataFrameModel):
    """metrics.facilities.status_on()."""

    facility_code: Text = pa.Field()
    status: Text = pa.Field(isin=s.FACILITY_STATUSES)
    status_date: Text = pa.Field()
    status_day: Series[pd.Timestamp] = pa.Field()
    date_latest: Series[pd.Timestamp] = pa.Field()
    date_precision: Text = pa.Field(isin=s.DATE_PRECISIONS)
    date_basis: Text = pa.Field(isin=s.DATE_BASES)
    expected_open: Text = pa.Field(nullable=True)
    expected_day: Series[object] = pa.Field(nullable=True)
    is_open: Series[bool] = pa.Field()
    in_pipeline: Series[bool] = pa.Field()
    assumed_horizon: Series[bool] = pa.Field()
    counted_open: Series[bool] = pa.Field()
    open_basis: Series[object] = pa.Field(nullable=True)

    Config = _Loose


class StatusWithPipelineOutput(pa.DataFrameModel):
    """metrics.facilities.status_with_pipeline()."""

    facility_code: Text = pa.Field()
    status: Text = pa.Field(isin=s.FACILITY_STATUSES)
    status_date: Text = pa.Field()
    status_day: Series[pd.Timestamp] = pa.Field()
    date_latest: Series[pd.Timestamp] = pa.Field()
    date_precision: Text = pa.Field(isin=s.DATE_PRECISIONS)
    date_basis: Text = pa.Field(isin=s.DATE_BASES)
    expected_open: Text = pa.Field(nullable=True)
    expected_day: Series[object] = pa.Field(nullable=True)
    is_open: Series[bool] = pa.Field()
    in_pipeline: Series[bool] = pa.Field()
    assumed_horizon: Series[bool] = pa.Field()
    counted_open: Series[bool] = pa.Field()
    open_basis: Text = pa.Field(nullable=True)
    pipeline_state: Series[object] = pa.Field(nullable=True)
    last_evidence: Series[pd.Timestamp] = pa.Field(nullable=True)

    Config = _Loose


class WithDateLatestOutput(pa.DataFrameModel):
    """metrics.facilities.with_date_latest()."""

    id: Series[int] = pa.Field()
    facility_code: Text = pa.Field()
    status: Text = pa.Field(isin=s.FACILITY_STATUSES)
    status_date: Text = pa.Field()
    status_day: Series[pd.Timestamp] = pa.Field()
    date_precision: Text = pa.Field(isin=s.DATE_PRECISIONS)
    date_latest: Series[pd.Timestamp] = pa.Field()
    date_basis: Text = pa.Field(isin=s.DATE_BASES)
    expected_open: Text = pa.Field(nullable=True)
    source_id: Text = pa.Field()
    data_status: Text = pa.Field(isin=s.DATA_STATUSES)
    note: Text = pa.Field(nullable=True)
    batch_id: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    source_title: Text = pa.Field()
    source_publisher: Text = pa.Field()
    source_url: Text = pa.Field(nullable=True)
    source_published: Text = pa.Field()

    Config = _Loose


class CoverageFiguresOutput(pa.DataFrameModel):
    """metrics.figures.coverage_figures()."""

    indicator_code: Text = pa.Field()
    figure: Text = pa.Field()
    indicator: Text = pa.Field()
    geo_level: Text = pa.Field(isin=FIGURE_GEO_LEVELS)
    geo_code: Text = pa.Field()
    period: Text = pa.Field()
    value: Series[float] = pa.Field(nullable=True)
    qualifier: Text = pa.Field(isin=s.QUALIFIERS)
    value_low: Series[object] = pa.Field(nullable=True)
    value_high: Series[object] = pa.Field(nullable=True)
    unit: Text = pa.Field()
    data_status: Text = pa.Field(isin=s.DATA_STATUSES)
    source_ids: Text = pa.Field()
    evidence_date: Text = pa.Field()
    evidence_stale: Series[bool] = pa.Field()
    target_value: Series[object] = pa.Field(nullable=True)
    target_kind: Series[object] = pa.Field(nullable=True)
    target_year: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    deadline_stated: Series[object] = pa.Field(nullable=True)
    target_comparable: Series[object] = pa.Field(nullable=True)
    verdict: Series[object] = pa.Field(nullable=True)
    verdict_basis: Text = pa.Field()
    basis_key: Text = pa.Field()
    n_points: Series[object] = pa.Field(nullable=True)
    segment: Text = pa.Field()
    as_of: Text = pa.Field()

    Config = _Strict


class HeadlineFiguresOutput(pa.DataFrameModel):
    """metrics.figures.headline_figures()."""

    indicator_code: Text = pa.Field()
    figure: Text = pa.Field()
    indicator: Text = pa.Field()
    geo_level: Text = pa.Field(isin=FIGURE_GEO_LEVELS)
    geo_code: Text = pa.Field()
    period: Text = pa.Field(nullable=True)
    value: Series[float] = pa.Field(nullable=True)
    qualifier: Text = pa.Field(nullable=True, isin=s.QUALIFIERS)
    value_low: Series[float] = pa.Field(nullable=True)
    value_high: Series[float] = pa.Field(nullable=True)
    unit: Text = pa.Field()
    data_status: Text = pa.Field(nullable=True, isin=s.DATA_STATUSES)
    source_ids: Text = pa.Field()
    evidence_date: Text = pa.Field(nullable=True)
    evidence_stale: Series[object] = pa.Field(nullable=True)
    target_value: Series[float] = pa.Field(nullable=True)
    target_kind: Text = pa.Field(nullable=True, isin=s.TARGET_KINDS)
    target_year: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    deadline_stated: Series[object] = pa.Field(nullable=True)
    target_comparable: Series[object] = pa.Field(nullable=True)
    verdict: Text = pa.Field()
    verdict_basis: Text = pa.Field()
    basis_key: Text = pa.Field()
    n_points: Series[int] = pa.Field(ge=0)
    segment: Text = pa.Field(nullable=True)
    as_of: Text = pa.Field()

    Config = _Strict


class KnownByOutput1(pa.DataFrameModel):
    """metrics.figures.known_by() (frame 1)."""

    id: Series[float] = pa.Field(nullable=True)
    indicator_code: Text = pa.Field()
    geo_level: Text = pa.Field(isin=FIGURE_GEO_LEVELS)
    geo_code: Text = pa.Field()
    period: Text = pa.Field()
    period_start: Series[pd.Timestamp] = pa.Field()
    period_end: Series[pd.Timestamp] = pa.Field()
    period_type: Text = pa.Field()
    value: Series[float] = pa.Field()
    value_text: Text = pa.Field(nullable=True)
    value_rule: Text = pa.Field(nullable=True)
    qualifier: Text = pa.Field(isin=s.QUALIFIERS)
    value_low: Series[object] = pa.Field(nullable=True)
    value_high: Series[object] = pa.Field(nullable=True)
    segment: Text = pa.Field()
    data_status: Text = pa.Field(isin=s.DATA_STATUSES)
    source_id: Text = pa.Field()
    is_preferred: Series[pd.BooleanDtype] = pa.Field()
    note: Text = pa.Field(nullable=True)
    batch_id: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    recorded_at: Series[pd.Timestamp] = pa.Field(nullable=True)
    superseded_at: Series[pd.Timestamp] = pa.Field(nullable=True)
    superseded_by_batch: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    source_title: Text = pa.Field()
    source_publisher: Text = pa.Field(nullable=True)
    source_url: Text = pa.Field(nullable=True)
    source_published: Text = pa.Field(nullable=True)

    Config = _Loose


class KnownByOutput2(pa.DataFrameModel):
    """metrics.figures.known_by() (frame 2)."""

    id: Series[int] = pa.Field()
    indicator_code: Text = pa.Field()
    geo_level: Text = pa.Field(isin=FIGURE_GEO_LEVELS)
    geo_code: Text = pa.Field()
    value: Series[float] = pa.Field(nullable=True)
    value_text: Text = pa.Field()
    target_year: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    deadline_stated: Series[pd.BooleanDtype] = pa.Field()
    target_kind: Text = pa.Field(isin=s.TARGET_KINDS)
    date_set: Text = pa.Field()
    is_current: Series[pd.BooleanDtype] = pa.Field()
    source_id: Text = pa.Field()
    note: Text = pa.Field()
    source_title: Text = pa.Field()
    source_publisher: Text = pa.Field()
    source_url: Text = pa.Field(nullable=True)
    source_published: Text = pa.Field()

    Config = _Loose


class LoadOutput1(pa.DataFrameModel):
    """metrics.figures.load() (frame 1)."""

    code: Text = pa.Field()
    area: Text = pa.Field()
    goal: Text = pa.Field()
    name_az: Text = pa.Field()
    name_en: Text = pa.Field()
    definition_az: Text = pa.Field()
    definition_en: Text = pa.Field()
    unit: Text = pa.Field()
    kind: Text = pa.Field()
    direction: Text = pa.Field(isin=s.DIRECTIONS)
    levels: Text = pa.Field()
    has_target: Series[pd.BooleanDtype] = pa.Field()
    sort_order: Series[int] = pa.Field(ge=0)

    Config = _Loose


class NetworkFiguresOutput(pa.DataFrameModel):
    """metrics.figures.network_figures()."""

    indicator_code: Text = pa.Field()
    figure: Text = pa.Field()
    indicator: Text = pa.Field()
    geo_level: Text = pa.Field(isin=FIGURE_GEO_LEVELS)
    geo_code: Text = pa.Field()
    period: Text = pa.Field()
    value: Series[float] = pa.Field()
    qualifier: Text = pa.Field(isin=s.QUALIFIERS)
    value_low: Series[object] = pa.Field(nullable=True)
    value_high: Series[object] = pa.Field(nullable=True)
    unit: Text = pa.Field()
    data_status: Text = pa.Field(isin=s.DATA_STATUSES)
    source_ids: Text = pa.Field()
    evidence_date: Text = pa.Field()
    evidence_stale: Series[bool] = pa.Field()
    target_value: Series[float] = pa.Field(nullable=True)
    target_kind: Text = pa.Field(nullable=True, isin=s.TARGET_KINDS)
    target_year: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    deadline_stated: Series[object] = pa.Field(nullable=True)
    target_comparable: Series[object] = pa.Field(nullable=True)
    verdict: Series[object] = pa.Field(nullable=True)
    verdict_basis: Text = pa.Field()
    basis_key: Text = pa.Field()
    n_points: Series[object] = pa.Field(nullable=True)
    segment: Text = pa.Field()
    as_of: Text = pa.Field()

    Config = _Strict


class WithinScopeOutput(CoverageFiguresOutput):
    """metrics.figures.within_scope()."""

    Config = _Loose


class NetworkTimelineOutput(pa.DataFrameModel):
    """metrics.network.network_timeline(): how many facilities stood in each status, by type, at every month end (a row
    only where the count is one or more)."""

    date: Series[pd.Timestamp] = pa.Field()
    status: Text = pa.Field(isin=s.FACILITY_STATUSES)
    facility_type: Text = pa.Field(isin=s.FACILITY_TYPES)
    count: Series[int] = pa.Field(ge=1)

    Config = _Strict

    @pa.dataframe_check(error="one row per date, status and facility type")
    @classmethod
    def _unique(cls, df: pd.DataFrame) -> pd.Series:
        return ~df.duplicated(["date", "status", "facility_type"])


class RegisterSeriesOutput(pa.DataFrameModel):
    """metrics.network.register_series(): national counts from the facility register, shaped as
    data.queries.observations (one row per indicator and day the count changed)."""

    indicator_code: Text = pa.Field()
    geo_level: Text = pa.Field(isin=s.GEO_LEVELS)
    geo_code: Text = pa.Field()
    period: Text = pa.Field()
    period_start: Series[pd.Timestamp] = pa.Field()
    period_end: Series[pd.Timestamp] = pa.Field()
    period_type: Text = pa.Field()
    value: Series[float] = pa.Field()
    value_text: Text = pa.Field()
    value_rule: Text = pa.Field(isin=["register_count"])
    qualifier: Text = pa.Field(isin=s.QUALIFIERS)
    value_low: Series[object] = pa.Field(nullable=True)
    value_high: Series[object] = pa.Field(nullable=True)
    segment: Text = pa.Field()
    data_status: Text = pa.Field(isin=s.DATA_STATUSES)
    source_id: Text = pa.Field()
    source_title: Text = pa.Field()
    source_url: Text = pa.Field()
    is_preferred: Series[bool] = pa.Field()
    note: Text = pa.Field()

    Config = _Strict

    @pa.dataframe_check(error="a register count is a whole number, written as its value text, dated by its own day")
    @classmethod
    def _count(cls, df: pd.DataFrame) -> pd.Series:
        whole = df["value"] == df["value"].round()
        return (
            whole & (df["value_text"] == df["value"].astype(int).astype(str)) & (df["period_start"] == df["period_end"])
        )


class TargetHistoryOutput(pa.DataFrameModel):
    """metrics.network.target_history(): every stated version of the targets, oldest first (version 1, 2, ... per
    indicator and geography); superseded = not current, superseded_by the next version's date set."""

    indicator_code: Text = pa.Field()
    geo_level: Text = pa.Field(isin=s.GEO_LEVELS)
    geo_code: Text = pa.Field()
    version: Series[int] = pa.Field(ge=1)
    date_set: Text = pa.Field()
    value: Series[float] = pa.Field(nullable=True)
    value_text: Text = pa.Field()
    target_year: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    is_current: Series[bool] = pa.Field()
    superseded: Series[bool] = pa.Field()
    superseded_by: Text = pa.Field(nullable=True)
    source_id: Text = pa.Field()
    source_title: Text = pa.Field()
    source_url: Text = pa.Field(nullable=True)
    note: Text = pa.Field()

    Config = _Strict

    @pa.dataframe_check(
        error="superseded is the opposite of is_current, and only a superseded version names its successor"
    )
    @classmethod
    def _superseded(cls, df: pd.DataFrame) -> pd.Series:
        return (df["superseded"] == ~df["is_current"]) & (df["superseded"] | df["superseded_by"].isna())

    @pa.dataframe_check(error="versions are numbered 1, 2, ... within each indicator and geography")
    @classmethod
    def _versions(cls, df: pd.DataFrame) -> pd.Series:
        keys = ["indicator_code", "geo_level", "geo_code"]
        return df["version"] == df.groupby(keys, sort=False).cumcount() + 1


class WithRegisterCountsOutput(pa.DataFrameModel):
    """metrics.network.with_register_counts()."""

    id: Series[float] = pa.Field(nullable=True)
    indicator_code: Text = pa.Field()
    geo_level: Text = pa.Field(isin=s.GEO_LEVELS)
    geo_code: Text = pa.Field()
    period: Text = pa.Field()
    period_start: Series[pd.Timestamp] = pa.Field()
    period_end: Series[pd.Timestamp] = pa.Field()
    period_type: Text = pa.Field()
    value: Series[float] = pa.Field()
    value_text: Text = pa.Field(nullable=True)
    value_rule: Text = pa.Field(nullable=True)
    qualifier: Text = pa.Field(isin=s.QUALIFIERS)
    value_low: Series[object] = pa.Field(nullable=True)
    value_high: Series[object] = pa.Field(nullable=True)
    segment: Text = pa.Field()
    data_status: Text = pa.Field(isin=s.DATA_STATUSES)
    source_id: Text = pa.Field()
    is_preferred: Series[pd.BooleanDtype] = pa.Field()
    note: Text = pa.Field(nullable=True)
    batch_id: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    recorded_at: Series[pd.Timestamp] = pa.Field(nullable=True)
    superseded_at: Series[pd.Timestamp] = pa.Field(nullable=True)
    superseded_by_batch: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    source_title: Text = pa.Field()
    source_publisher: Text = pa.Field(nullable=True)
    source_url: Text = pa.Field(nullable=True)
    source_published: Text = pa.Field(nullable=True)

    Config = _Loose


class CandidatesFromOutput(pa.DataFrameModel):
    """metrics.planning.candidates_from()."""

    settlement_code: Text = pa.Field()
    name: Text = pa.Field()
    name_az: Text = pa.Field()
    district_code: Text = pa.Field()
    x: Series[int] = pa.Field()
    y: Series[int] = pa.Field()
    population_used: Series[int] = pa.Field(ge=0)
    side: Text = pa.Field()

    Config = _Loose


class ContributionsOutput(pa.DataFrameModel):
    """metrics.planning.contributions(): the chosen sites in the order of what each adds, with that population and the
    running total."""

    order: Series[int] = pa.Field(ge=0)
    candidate: Series[int] = pa.Field()
    added_population: Series[float] = pa.Field(ge=0)
    cumulative_population: Series[float] = pa.Field(ge=0)

    Config = _Strict

    @pa.dataframe_check(error="the running total adds each site's population")
    @classmethod
    def _adds(cls, df: pd.DataFrame) -> pd.Series:
        start = df["cumulative_population"].iloc[0] - df["added_population"].iloc[0] if len(df) else 0
        return (df["added_population"].cumsum() + start - df["cumulative_population"]).abs() < 1e-6


class CoverageCurveOutput(pa.DataFrameModel):
    """metrics.planning.coverage_curve(): population within the radius against the number of new branches (0, 1, ...
    max_n), each an optimal solve."""

    branches: Series[int] = pa.Field(ge=0)
    population_covered: Series[float] = pa.Field(ge=0)
    share_covered: Series[float] = pa.Field(ge=0)

    Config = _Strict

    @pa.dataframe_check(error="the curve never falls and starts at 0 branches")
    @classmethod
    def _rises(cls, df: pd.DataFrame) -> pd.Series:
        counted = df["branches"].to_numpy() == np.arange(len(df))
        return pd.Series(counted, index=df.index) & (df["population_covered"].diff().fillna(0) >= -1e-6)


class CurveForOutput(pa.DataFrameModel):
    """metrics.planning.curve_for()."""

    branches: Series[int] = pa.Field(ge=0)
    population_covered: Series[float] = pa.Field(ge=0)
    share_covered: Series[float] = pa.Field(ge=0)

    Config = _Strict


class PipelineSitesOutput(PlaceFacilitiesOutput):
    """metrics.planning.pipeline_sites()."""

    Config = _Loose


class ChooseTargetsOutput(pa.DataFrameModel):
    """metrics.progress.choose_targets()."""

    indicator_code: Text = pa.Field()
    geo_level: Text = pa.Field(isin=s.GEO_LEVELS)
    geo_code: Text = pa.Field()
    target_value: Series[float] = pa.Field()
    target_text: Text = pa.Field()
    target_year: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    target_date_set: Text = pa.Field()
    target_is_current: Series[pd.BooleanDtype] = pa.Field()
    target_source_id: Text = pa.Field()
    target_kind: Text = pa.Field(isin=s.TARGET_KINDS)
    target_deadline_stated: Series[pd.BooleanDtype] = pa.Field()

    Config = _Loose


class CompletenessOutput(pa.DataFrameModel):
    """metrics.quality.completeness()."""

    indicator_code: Text = pa.Field()
    year: Series[int] = pa.Field()
    geo_code: Text = pa.Field()
    geo_level: Text = pa.Field(isin=s.GEO_LEVELS)
    period: Text = pa.Field()
    value: Series[float] = pa.Field(nullable=True)
    expected: Series[float] = pa.Field(nullable=True)
    rule: Text = pa.Field()
    severity: Text = pa.Field()
    first: Series[float] = pa.Field(nullable=True)
    last: Series[float] = pa.Field(nullable=True)

    Config = _Strict


class ConsistencyOutput(pa.DataFrameModel):
    """metrics.quality.consistency()."""

    indicator_code: Text = pa.Field()
    geo_level: Text = pa.Field(isin=s.GEO_LEVELS)
    geo_code: Text = pa.Field()
    period: Text = pa.Field()
    value: Series[float] = pa.Field()
    rule: Text = pa.Field()
    severity: Text = pa.Field(isin=["error", "warning", "info"])
    expected: Series[float] = pa.Field(nullable=True)
    parts: Text = pa.Field(nullable=True)
    year: Series[float] = pa.Field(nullable=True)
    reported: Series[float] = pa.Field(nullable=True)
    data_status: Text = pa.Field(nullable=True, isin=s.DATA_STATUSES)  # a sum of districts': its least certain
    total: Series[float] = pa.Field(nullable=True)

    Config = _Strict


class OutliersOutput(pa.DataFrameModel):
    """metrics.quality.outliers()."""

    indicator_code: Text = pa.Field()
    geo_level: Text = pa.Field(isin=s.GEO_LEVELS)
    geo_code: Text = pa.Field()
    period: Text = pa.Field()
    value: Series[float] = pa.Field()
    expected: Series[float] = pa.Field()
    z: Series[float] = pa.Field()
    per_capita: Series[bool] = pa.Field()
    data_status: Text = pa.Field(isin=s.DATA_STATUSES)  # the yearly figure's
    rule: Text = pa.Field()
    severity: Text = pa.Field()

    Config = _Strict


class QualityReportOutput(pa.DataFrameModel):
    """metrics.quality.quality_report(): every finding of every data-quality rule, errors first; message_key names the
    template quality.message.<key>."""

    rule: Text = pa.Field()
    indicator_code: Text = pa.Field()
    geo_level: Text = pa.Field(isin=s.GEO_LEVELS)
    geo_code: Text = pa.Field()
    period: Text = pa.Field()
    severity: Text = pa.Field(isin=["error", "warning", "info"])
    value: Series[float] = pa.Field(nullable=True)
    expected: Series[float] = pa.Field(nullable=True)
    data_status: Series[object] = pa.Field(nullable=True)
    message_key: Text = pa.Field()
    z: Series[float] = pa.Field(nullable=True)
    parts: Series[float] = pa.Field(nullable=True)
    first: Series[float] = pa.Field(nullable=True)
    last: Series[float] = pa.Field(nullable=True)
    reported: Series[float] = pa.Field(nullable=True)
    total: Series[float] = pa.Field(nullable=True)

    Config = _Strict

    @pa.dataframe_check(error="findings are ordered errors first, then warnings, then information")
    @classmethod
    def _order(cls, df: pd.DataFrame) -> pd.Series:
        rank = df["severity"].map({"error": 0, "warning": 1, "info": 2})
        return rank.diff().fillna(0) >= 0


class DisagreementsOutput(pa.DataFrameModel):
    """metrics.reconcile.disagreements()."""

    network: Text = pa.Field(isin=s.FACILITY_NETWORKS)
    facility_types: Text = pa.Field()
    status: Text = pa.Field(isin=s.FACILITY_STATUSES)
    published_date: Text = pa.Field()
    precision: Text = pa.Field()
    earliest: Series[object] = pa.Field(nullable=True)
    latest: Series[object] = pa.Field(nullable=True)
    published: Series[int] = pa.Field()
    register: Series[int] = pa.Field()
    register_low: Series[int] = pa.Field()
    register_high: Series[int] = pa.Field()
    agrees: Series[bool] = pa.Field()
    kind: Text = pa.Field()
    source_id: Text = pa.Field()
    source_title: Text = pa.Field()
    source_url: Text = pa.Field()
    note: Text = pa.Field()

    Config = _Strict


class OpenedBeforeNetworkOutput(pa.DataFrameModel):
    """metrics.reconcile.opened_before_network()."""

    facility_code: Text = pa.Field()
    network: Text = pa.Field(isin=s.FACILITY_NETWORKS)
    status_date: Text = pa.Field()
    date_latest: Series[pd.Timestamp] = pa.Field()
    network_started: Series[object] = pa.Field(nullable=True)
    source_id: Text = pa.Field()

    Config = _Strict


class ReconcileOutput(pa.DataFrameModel):
    """metrics.reconcile.reconcile()."""

    network: Text = pa.Field(isin=s.FACILITY_NETWORKS)
    facility_types: Text = pa.Field()
    status: Text = pa.Field()  # '|'-joined statuses
    published_date: Text = pa.Field()
    precision: Text = pa.Field()
    earliest: Series[object] = pa.Field(nullable=True)
    latest: Series[object] = pa.Field(nullable=True)
    published: Series[int] = pa.Field()
    register: Series[int] = pa.Field()
    register_low: Series[int] = pa.Field()
    register_high: Series[int] = pa.Field()
    agrees: Series[bool] = pa.Field()
    kind: Text = pa.Field()
    source_id: Text = pa.Field()
    source_title: Text = pa.Field()
    source_url: Text = pa.Field(nullable=True)
    note: Text = pa.Field(nullable=True)

    Config = _Strict


class RegisterFindingsOutput(pa.DataFrameModel):
    """metrics.reconcile.register_findings()."""

    rule: Text = pa.Field()
    indicator_code: Series[object] = pa.Field(nullable=True)
    geo_level: Text = pa.Field(isin=s.GEO_LEVELS)
    geo_code: Text = pa.Field()
    period: Text = pa.Field()
    severity: Text = pa.Field()
    value: Series[float] = pa.Field(nullable=True)
    expected: Series[float] = pa.Field(nullable=True)
    message_key: Text = pa.Field()
    parts: Text = pa.Field()

    Config = _Loose


class RegionValuesOutput(pa.DataFrameModel):
    """metrics.regional.region_values()."""

    code: Text = pa.Field()
    name_az: Text = pa.Field()
    name_en: Text = pa.Field()
    population: Series[float] = pa.Field(ge=0)
    value: Series[float] = pa.Field()
    rate: Series[float] = pa.Field()
    districts_reported: Series[int] = pa.Field(ge=0)
    districts_total: Series[int] = pa.Field(ge=0)
    complete: Series[bool] = pa.Field()
    data_status: Text = pa.Field(isin=s.DATA_STATUSES)
    qualifier: Text = pa.Field(isin=["exact", "approx"])  # approx when a part is not exact

    Config = _Strict


class TargetsInForceOutput(pa.DataFrameModel):
    """metrics.registry.targets_in_force()."""

    indicator_code: Series[object] = pa.Field(nullable=True)
    geo_level: Series[object] = pa.Field(nullable=True)
    geo_code: Series[object] = pa.Field(nullable=True)
    value: Series[float] = pa.Field()
    date_set: Series[object] = pa.Field(nullable=True)
    is_current: Series[object] = pa.Field(nullable=True)

    Config = _Loose


class AidsIssuedOutput(pa.DataFrameModel):
    """metrics.rehabilitation.aids_issued(): rehabilitation aids issued per year: the full-year figure, else the most
    complete part-year one (flagged), with the change within its series segment."""

    indicator_code: Text = pa.Field()
    geo_level: Text = pa.Field(isin=s.GEO_LEVELS)
    geo_code: Text = pa.Field()
    year: Series[int] = pa.Field()
    period: Text = pa.Field()
    value: Series[float] = pa.Field()
    is_partial: Series[bool] = pa.Field()
    months: Series[int] = pa.Field(ge=0)
    days: Series[int] = pa.Field(ge=0)
    annualised: Series[float] = pa.Field()
    data_status: Text = pa.Field(isin=s.DATA_STATUSES)
    source_id: Text = pa.Field()
    qualifier: Text = pa.Field(isin=s.QUALIFIERS)
    value_low: Series[float] = pa.Field(nullable=True)
    value_high: Series[float] = pa.Field(nullable=True)
    segment: Text = pa.Field()
    segment_break: Series[bool] = pa.Field()
    change: Series[float] = pa.Field(nullable=True)

    Config = _Strict

    @pa.dataframe_check(error="a full year covers 12 months and is its own annualised figure; a part year fewer")
    @classmethod
    def _year(cls, df: pd.DataFrame) -> pd.Series:
        full = ~df["is_partial"]
        return (full & (df["months"] == 12) & (df["annualised"] == df["value"])) | (
            df["is_partial"] & (df["months"] < 12)
        )


class AnnualSeriesOutput(pa.DataFrameModel):
    """metrics.series.annual_series()."""

    indicator_code: Text = pa.Field()
    geo_level: Text = pa.Field(isin=s.GEO_LEVELS)
    geo_code: Text = pa.Field()
    year: Series[int] = pa.Field()
    value: Series[float] = pa.Field()
    period: Text = pa.Field()
    period_end: Series[pd.Timestamp] = pa.Field()
    data_status: Text = pa.Field(isin=s.DATA_STATUSES)
    source_id: Text = pa.Field()
    qualifier: Text = pa.Field(isin=s.QUALIFIERS)
    value_low: Series[object] = pa.Field(nullable=True)
    value_high: Series[object] = pa.Field(nullable=True)
    segment: Text = pa.Field()

    Config = _Loose


class BaselinesOutput(pa.DataFrameModel):
    """metrics.series.baselines()."""

    indicator_code: Text = pa.Field()
    geo_level: Text = pa.Field(isin=s.GEO_LEVELS)
    geo_code: Text = pa.Field()
    baseline_value: Series[float] = pa.Field()
    baseline_year: Series[int] = pa.Field()

    Config = _Loose


class ClassifyOutput(pa.DataFrameModel):
    """metrics.series.classify()."""

    indicator_code: Text = pa.Field()
    geo_level: Text = pa.Field(isin=s.GEO_LEVELS)
    geo_code: Text = pa.Field()
    period: Text = pa.Field()
    period_start: Series[pd.Timestamp] = pa.Field()
    period_end: Series[pd.Timestamp] = pa.Field()
    period_type: Text = pa.Field()
    value: Series[float] = pa.Field()
    data_status: Text = pa.Field(isin=s.DATA_STATUSES)
    source_id: Text = pa.Field()
    source_title: Text = pa.Field()
    source_url: Text = pa.Field(nullable=True)
    source_published: Text = pa.Field(nullable=True)
    qualifier: Text = pa.Field(isin=s.QUALIFIERS)
    value_low: Series[object] = pa.Field(nullable=True)
    value_high: Series[object] = pa.Field(nullable=True)
    segment: Text = pa.Field()
    year: Series[int] = pa.Field()
    months: Series[int] = pa.Field(ge=0)
    days: Series[int] = pa.Field(ge=0)
    year_days: Series[int] = pa.Field(ge=0)
    is_share: Series[bool] = pa.Field()
    is_flow: Series[bool] = pa.Field()
    is_full_year: Series[bool] = pa.Field()
    is_partial: Series[bool] = pa.Field()
    usable_annual: Series[bool] = pa.Field()
    status_priority: Series[int] = pa.Field()
    gkey: Series[int] = pa.Field()

    Config = _Loose


class LastPerOutput(pa.DataFrameModel):
    """metrics.series.last_per()."""

    Config = _Loose


class LatestPartialOutput(pa.DataFrameModel):
    """metrics.series.latest_partial()."""

    indicator_code: Text = pa.Field()
    geo_level: Text = pa.Field(isin=s.GEO_LEVELS)
    geo_code: Text = pa.Field()
    partial_value: Series[float] = pa.Field()
    partial_period: Text = pa.Field()
    partial_end: Series[pd.Timestamp] = pa.Field()
    partial_months: Series[int] = pa.Field(ge=0)
    partial_days: Series[int] = pa.Field(ge=0)
    partial_year: Series[int] = pa.Field()
    partial_data_status: Text = pa.Field()
    partial_annualised: Series[float] = pa.Field()

    Config = _Loose


class RecentTrendOutput(pa.DataFrameModel):
    """metrics.series.recent_trend()."""

    indicator_code: Text = pa.Field()
    geo_level: Text = pa.Field(isin=s.GEO_LEVELS)
    geo_code: Text = pa.Field()
    latest_year: Series[int] = pa.Field()
    latest_value: Series[float] = pa.Field()
    n_points: Series[int] = pa.Field(ge=0)
    first_year: Series[int] = pa.Field()
    slope: Series[float] = pa.Field(nullable=True)
    mean_year: Series[float] = pa.Field()
    mean_value: Series[float] = pa.Field()
    sxx: Series[float] = pa.Field()
    resid_se: Series[float] = pa.Field(nullable=True)

    Config = _Loose


class YearlyFiguresOutput(pa.DataFrameModel):
    """metrics.series.yearly_figures()."""

    indicator_code: Text = pa.Field()
    geo_level: Text = pa.Field(isin=s.GEO_LEVELS)
    geo_code: Text = pa.Field()
    year: Series[int] = pa.Field()
    period: Text = pa.Field()
    value: Series[float] = pa.Field()
    is_partial: Series[bool] = pa.Field()
    months: Series[int] = pa.Field(ge=0)
    days: Series[int] = pa.Field(ge=0)
    annualised: Series[float] = pa.Field()
    data_status: Text = pa.Field(isin=s.DATA_STATUSES)
    source_id: Text = pa.Field()
    qualifier: Text = pa.Field(isin=s.QUALIFIERS)
    value_low: Series[float] = pa.Field(nullable=True)
    value_high: Series[float] = pa.Field(nullable=True)
    segment: Text = pa.Field()

    Config = _Loose


class CompareOutput(pa.DataFrameModel):
    """metrics.snapshot.compare()."""

    indicator_code: Text = pa.Field()
    name_az: Text = pa.Field()
    name_en: Text = pa.Field()
    unit: Text = pa.Field()
    kind: Text = pa.Field()
    direction: Text = pa.Field(isin=s.DIRECTIONS)
    presence: Text = pa.Field()
    then_value: Series[float] = pa.Field(nullable=True)
    then_period: Text = pa.Field(nullable=True)
    then_data_status: Text = pa.Field(nullable=True)
    then_target: Series[float] = pa.Field(nullable=True)
    then_share: Series[float] = pa.Field(nullable=True)
    then_status: Text = pa.Field(nullable=True)
    now_value: Series[float] = pa.Field(nullable=True)
    now_period: Text = pa.Field(nullable=True)
    now_data_status: Text = pa.Field(nullable=True)
    now_target: Series[float] = pa.Field(nullable=True)
    now_share: Series[float] = pa.Field(nullable=True)
    now_status: Text = pa.Field(nullable=True)
    change: Series[float] = pa.Field(nullable=True)
    change_kind: Text = pa.Field()
    better: Series[object] = pa.Field(nullable=True)
    new_data: Series[bool] = pa.Field()
    target_changed: Series[bool] = pa.Field()
    status_change: Text = pa.Field()

    Config = _Strict


class PeriodChangesOutput(pa.DataFrameModel):
    """metrics.snapshot.period_changes(): every national figure that differs from what a meeting was shown, period
    by period (a revision of a period shown, or a new period), with the qualifiers then and now."""

    indicator_code: Series[object] = pa.Field()
    name_az: Series[object] = pa.Field(nullable=True)
    name_en: Series[object] = pa.Field(nullable=True)
    unit: Series[object] = pa.Field(nullable=True)
    kind: Series[object] = pa.Field(nullable=True)
    period: Series[object] = pa.Field()
    is_partial: Series[object] = pa.Field()
    change_kind: Series[object] = pa.Field(isin=["revision", "new_period"])
    then_value: Series[float] = pa.Field(nullable=True)
    now_value: Series[float] = pa.Field(nullable=True)
    change: Series[float] = pa.Field(nullable=True)
    data_status: Series[object] = pa.Field(nullable=True)
    then_qualifier: Series[object] = pa.Field(nullable=True)
    then_value_low: Series[object] = pa.Field(nullable=True)
    then_value_high: Series[object] = pa.Field(nullable=True)
    now_qualifier: Series[object] = pa.Field(nullable=True)
    now_value_low: Series[object] = pa.Field(nullable=True)
    now_value_high: Series[object] = pa.Field(nullable=True)

    Config = _Strict


class FiguresAgainstTargetsOutput(YearlyFiguresOutput):
    """metrics.yearly.figures_against_targets()."""

    segment_break: Series[bool] = pa.Field()
    change: Series[float] = pa.Field(nullable=True)
    target_value: Series[float] = pa.Field()
    target_year: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    target_date_set: Text = pa.Field()
    target_is_current: Series[pd.BooleanDtype] = pa.Field()
    share_of_target: Series[float] = pa.Field(nullable=True)
    pro_rata_share: Series[float] = pa.Field(nullable=True)
    target_applies: Series[bool] = pa.Field()
    meets_target: Series[bool] = pa.Field()

    Config = _Strict


class WithinSegmentsOutput(YearlyFiguresOutput):
    """metrics.yearly.within_segments()."""

    segment_break: Series[bool] = pa.Field()
    change: Series[float] = pa.Field(nullable=True)

    Config = _Loose


class PlanSitesOutput(pa.DataFrameModel):
    """metrics.planning.plan(): the chosen sites (Plan.sites), in the order of what each adds (not a frame
    function: validated by tests/metrics/test_metrics_output_models.py)."""

    order: Series[int] = pa.Field(ge=1)
    settlement_code: Text = pa.Field(unique=True)
    name: Text = pa.Field()
    name_az: Text = pa.Field()
    district_code: Text = pa.Field()
    lon: Series[float] = pa.Field()
    lat: Series[float] = pa.Field()
    fixed: Series[bool] = pa.Field()
    added_population: Series[float] = pa.Field(ge=0)
    cumulative_population: Series[float] = pa.Field(ge=0)

    Config = _Strict


# Functions whose output is another's table (the same model, written once).
LoadNetworkOutput = CoverageFiguresOutput
LoadOutput3 = KnownByOutput1
LoadOutput2 = KnownByOutput2
CurrentSegmentOutput = AnnualSeriesOutput
ChangedRowsOutput = CompareOutput  # the rows of compare() where something moved


def docs_table() -> str:
    """The rows of docs/METRICS.md's table of metric outputs, one per function (`python -m metrics.contracts`)."""
    import importlib
    import pkgutil

    import metrics
    from metrics import contracts  # the registered module (run as __main__, this file is a second copy)

    for info in pkgutil.iter_modules(metrics.__path__):
        importlib.import_module(f"metrics.{info.name}")  # every module's @output registers its models
    rows = []
    for key, models in sorted(contracts.OUTPUT_MODELS.items()):
        names, cells = docs_row(models)
        rows.append(f"| `metrics.{key}()` | {names} | {cells} |")
    return "\n".join(rows)


if __name__ == "__main__":
    print(docs_table())
