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
