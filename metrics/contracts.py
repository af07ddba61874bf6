"""Contracts of the metric outputs: a pandera DataFrameModel per metric table (the first: `progress`).

The model says what a row of the metric's output is: its columns in order, which may be missing, the
vocabularies and the rules that tie the columns together (a status needs a comparable target, a projection
lies inside its band). tests/metrics/test_metrics_contracts.py validates the outputs with it on the reference
data and on hand-made cases; `progress.OUTPUT_COLUMNS` is derived from the model (columns()).
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from data import schema as s

STATUSES = ("achieved", "on_track", "at_risk", "off_track", "no_data", "no_target")  # progress verdicts
BASES = (
    "no_target", "no_data", "kind_differs", "met", "met_partial", "deadline_passed", "single_point", "trend",
)  # fmt: skip  # how a progress verdict was reached
Text = Series[str]


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
    population_served_admin: Series[float] = pa.Field(nullable=True, ge=0)
    share_served_admin: Series[float] = pa.Field(nullable=True, ge=0, le=100)

    class Config:
        """Only these columns (the radius columns by pattern); values readable as the column types."""

        strict = True
        coerce = True
