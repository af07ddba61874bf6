"""Yearly figures (full year, else the most complete partial one) against annual targets."""

from __future__ import annotations

import numpy as np
import pandas as pd

from metrics import contracts
from metrics.progress import choose_targets
from metrics.series import GROUP, classify, kind_map, yearly_figures

KEEP = ["target_value", "target_year", "target_date_set", "target_is_current"]


@contracts.output(contracts.WithinSegmentsOutput)
def within_segments(figures: pd.DataFrame) -> pd.DataFrame:
    """`figures` (one row per group and year, as metrics.series.yearly_figures) with qualifier, value_low,
    value_high and segment filled ('exact', NaN, '') where the frame lacks them, and with

    * `segment_break`: True on the first year of a segment that follows another one (a break in the series);
    * `change`: the value minus the previous full-year value of the same group *and segment* (NaN for the first
      year of a segment, for a partial year and after a gap of more than a year: a change across a break is not a
      change, and a part of a year is not a year).

    Nothing is summed or compared across a segment break. The input is not changed.
    """
    out = figures.copy()
    for c, default in (("qualifier", "exact"), ("value_low", np.nan), ("value_high", np.nan), ("segment", "")):
        if c not in out.columns:
            out[c] = default
    out["qualifier"] = out["qualifier"].fillna("exact").astype(str)
    out["segment"] = out["segment"].fillna("").astype(str)
    out = out.sort_values([*GROUP, "year"], kind="stable")
    same_group = np.ones(len(out), dtype=bool)
    for c in GROUP:
        col = out[c].astype(str).to_numpy()
        same_group[1:] &= col[1:] == col[:-1]
    if len(out):
        same_group[0] = False
    seg = out["segment"].to_numpy()
    prev_seg_same = np.r_[False, seg[1:] == seg[:-1]] if len(out) else np.zeros(0, dtype=bool)
    out["segment_break"] = same_group & ~prev_seg_same
    partial = out["is_partial"].fillna(False).astype(bool).to_numpy() if "is_partial" in out else None
    full = ~partial if partial is not None else np.ones(len(out), dtype=bool)
    value = out["value"].to_numpy(float)
    year = out["year"].to_numpy(int)
    # the previous row of the same group and segment, when both are full years and it is the year before
    step = np.r_[False, year[1:] - year[:-1] == 1] if len(out) else np.zeros(0, dtype=bool)
    prev_full = np.r_[False, full[:-1]] if len(out) else np.zeros(0, dtype=bool)
    prev_ok = same_group & prev_seg_same & prev_full & full & step
    previous = np.r_[np.nan, value[:-1]] if len(out) else value
    out["change"] = np.where(prev_ok, value - previous, np.nan)
    return out.reset_index(drop=True)


def _year_or_current_target(figures: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    """`figures` with the target set for their year, else the current target."""
    versions = choose_targets(targets, all_targets=True).dropna(subset=["target_year"])
    by_year = versions.drop_duplicates([*GROUP, "target_year"], keep="last")
    by_year = by_year.assign(year=by_year["target_year"].astype("int64"))
    out = figures.merge(by_year[[*GROUP, "year", *KEEP]], on=[*GROUP, "year"], how="left")
    current = figures.merge(choose_targets(targets)[[*GROUP, *KEEP]], on=GROUP, how="left")
    missing = out["target_value"].isna().to_numpy()
    for c in KEEP:
        out[c] = out[c].where(~missing, current[c])
    return out


@contracts.output(contracts.FiguresAgainstTargetsOutput)
def figures_against_targets(
    observations: pd.DataFrame,
    targets: pd.DataFrame,
    codes: tuple[str, ...],
    indicators: pd.DataFrame | None = None,
    geo_level: str = "country",
    all_targets: bool = False,
) -> pd.DataFrame:
    """Each year's figure (full year, else the most complete partial one) against the annual target.

    The target is the one set for that year when there is one (`target_applies`), else the current target
    (every version with all_targets). A partial figure gets no share_of_target, only a pro_rata_share.
    Flows are higher-is-better: meets_target is value >= target. Each year's figure keeps its qualifier and
    segment; `change` and `segment_break` as `within_segments` (no change across a break in the series).
    Columns: indicator_code, geo_level, geo_code, year, period, value, is_partial, months, days, annualised,
    data_status, source_id, qualifier, value_low, value_high, segment, segment_break, change, target_value,
    target_year, target_date_set, target_is_current, target_applies, share_of_target, pro_rata_share, meets_target.
    """
    o = observations[observations["indicator_code"].isin(codes) & (observations["geo_level"] == geo_level)]
    fig = within_segments(yearly_figures(classify(o, {**dict.fromkeys(codes, "count"), **kind_map(indicators)})))
    tg = targets[targets["indicator_code"].isin(codes)]
    if all_targets:
        out = fig.merge(choose_targets(tg, all_targets=True)[[*GROUP, *KEEP]], on=GROUP, how="left")
    else:
        out = _year_or_current_target(fig, tg)
    t = out["target_value"].to_numpy(float)
    partial = out["is_partial"].to_numpy(bool)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["share_of_target"] = np.where(~partial & (t > 0), out["value"].to_numpy(float) / t * 100, np.nan)
        out["pro_rata_share"] = np.where(partial & (t > 0), out["annualised"].to_numpy(float) / t * 100, np.nan)
    out["target_applies"] = (out["target_year"].astype("Float64") == out["year"]).fillna(False).astype(bool)
    # A count only grows within a year: a partial figure of the target year that reaches the target meets it.
    out["meets_target"] = (~partial | out["target_applies"].to_numpy()) & (out["value"].to_numpy(float) >= t)
    out["target_year"] = out["target_year"].astype("Int64")
    return out.sort_values([*GROUP, "year"], kind="stable").reset_index(drop=True)
