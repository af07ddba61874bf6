"""Progress towards targets: latest value, share achieved, pace needed vs observed, projection, status."""

from __future__ import annotations

import numpy as np
import pandas as pd

from metrics.registry import targets_in_force
from metrics.series import (
    BASELINE_YEAR,
    GROUP,
    RECENT_YEARS,
    annual_series,
    baselines,
    classify,
    kind_map,
    latest_partial,
    recent_trend,
)

STATUSES = ("achieved", "on_track", "at_risk", "off_track", "no_data", "no_target")
ON_TRACK_SHARE = 100.0  # projected share of target at the deadline for "on track"
AT_RISK_SHARE = 90.0  # ... and for "at risk"; below it "off track"
Z = 1.96  # the projection band is +/- Z x residual SE x sqrt(1 + d^2 / Sxx), d = years ahead
STRATEGY_END_YEAR = 2026  # deadline assumed for a target stated without a year (flagged)
LEVEL_ORDER = {"country": 0, "region": 1, "district": 2, "facility": 3}
TARGET_COLUMNS = {
    "value": "target_value",
    "value_text": "target_text",
    "target_year": "target_year",
    "date_set": "target_date_set",
    "is_current": "target_is_current",
    "source_id": "target_source_id",
}

OUTPUT_COLUMNS = [
    *GROUP, "area", "kind", "direction", "unit", "name_az", "name_en",
    "latest_value", "latest_period", "latest_year", "latest_data_status", "latest_source_id", "n_points",
    "baseline_value", "baseline_year",
    "is_partial", "partial_value", "partial_period", "partial_months", "partial_days", "partial_annualised",
    "target_value", "target_text", "target_year", "target_year_assumed", "target_date_set", "target_is_current",
    "target_source_id",
    "share_achieved", "pace_needed", "pace_observed",
    "projected_value", "projected_low", "projected_high", "projected_share",
    "achieved_by_partial", "status", "sentence_key",
]  # fmt: skip


def choose_targets(targets: pd.DataFrame, all_targets: bool = False) -> pd.DataFrame:
    """The registry's target rule (`targets_in_force`) with the target columns renamed for the progress table."""
    t = targets_in_force(targets, all_versions=all_targets)
    cols = ["indicator_code", "geo_level", "geo_code", *TARGET_COLUMNS]
    return t[[c for c in cols if c in t.columns]].rename(columns=TARGET_COLUMNS).reset_index(drop=True)


def _groups(indicators: pd.DataFrame, parts: list[pd.DataFrame], geo_level: str | None) -> pd.DataFrame:
    """Every (indicator, geography) with data or a target; every indicator nationally at country level."""
    frames = [p[GROUP] for p in parts if not p.empty]
    if geo_level in (None, "country"):
        frames.append(pd.DataFrame({"indicator_code": indicators["code"], "geo_level": "country", "geo_code": "AZ"}))
    g = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=GROUP)
    return g[g["indicator_code"].isin(indicators["code"])].drop_duplicates().reset_index(drop=True)


def _share(v: np.ndarray, t: np.ndarray, b: np.ndarray, lower: np.ndarray) -> np.ndarray:
    """Share of target achieved (%): v/t; for lower-is-better the distance covered from baseline to target."""
    with np.errstate(divide="ignore", invalid="ignore"):
        higher = np.where(t != 0, v / t * 100, np.nan)
        from_base = (b - v) / (b - t) * 100
        ratio = np.where(v > 0, t / v * 100, 100.0)
        low = np.where(b > t, from_base, ratio)
    return np.where(lower, low, higher)


def _met(v: np.ndarray, t: np.ndarray, lower: np.ndarray) -> np.ndarray:
    """Whether the value meets the target (NaN never does)."""
    return np.where(lower, v <= t, v >= t)


def _compute(f: pd.DataFrame) -> pd.DataFrame:
    """Add the derived columns (shares, paces, projection, band, status) to the assembled frame."""
    t = f["target_value"].to_numpy(float)
    assumed = f["target_year"].isna().to_numpy() & ~np.isnan(t)
    ty = f["target_year"].astype("Float64").fillna(STRATEGY_END_YEAR).to_numpy(float)
    v, ly = f["latest_value"].to_numpy(float), f["latest_year"].to_numpy(float)
    b, lower = f["baseline_value"].to_numpy(float), (f["direction"] == "lower").to_numpy()
    slope, se, sxx = f["slope"].to_numpy(float), f["resid_se"].to_numpy(float), f["sxx"].to_numpy(float)
    d = ty - ly
    ahead = (d > 0) & ~np.isnan(t)  # no projection without a target (nor once its deadline has passed)
    with np.errstate(divide="ignore", invalid="ignore"):
        pace_needed = np.where(ahead, (t - v) / d, np.nan)
        projected = np.where(ahead, v + np.nan_to_num(slope) * d, np.nan)
        half = Z * se * np.sqrt(1 + d**2 / sxx)
    top = np.where((f["kind"] == "share").to_numpy() | (f["unit"] == "percent").to_numpy(), 100.0, np.inf)
    projected = np.clip(projected, 0, top)
    f["target_year_assumed"] = assumed
    f["target_year"] = pd.array(np.where(np.isnan(t), np.nan, ty), dtype="Float64").round().astype("Int64")
    f["share_achieved"] = _share(v, t, b, lower)
    f["pace_needed"] = pace_needed
    f["pace_observed"] = slope
    f["projected_value"] = projected
    f["projected_low"] = np.clip(projected - half, 0, top)
    f["projected_high"] = np.clip(projected + half, 0, top)
    f["projected_share"] = _share(projected, t, b, lower)
    pv, py = f["partial_value"].to_numpy(float), f["partial_year"].to_numpy(float)
    partial_met = ~lower & (py == ty) & _met(pv, t, lower)
    achieved = _met(v, t, lower) | partial_met
    ps = f["projected_share"].to_numpy(float)
    f["achieved_by_partial"] = partial_met & ~_met(v, t, lower)
    f["status"] = np.select(
        [np.isnan(t), achieved, np.isnan(v), ~ahead, ps >= ON_TRACK_SHARE, ps >= AT_RISK_SHARE],
        ["no_target", "achieved", "no_data", "off_track", "on_track", "at_risk"],
        default="off_track",
    )
    return f


def progress(
    indicators: pd.DataFrame,
    targets: pd.DataFrame,
    observations: pd.DataFrame,
    geo_level: str | None = "country",
    all_targets: bool = False,
    baseline_year: int = BASELINE_YEAR,
    recent_years: int = RECENT_YEARS,
) -> pd.DataFrame:
    """One row per indicator and geography (per target version with all_targets): where it stands.

    Rows in catalogue order, then country, regions, districts. Columns: OUTPUT_COLUMNS (indicator_code,
    geo_level, geo_code, area, kind, direction, unit, name_az, name_en, latest_value, latest_period, latest_year,
    latest_data_status, latest_source_id, n_points, baseline_value, baseline_year, is_partial, partial_value,
    partial_period, partial_months, partial_days, partial_annualised, target_value, target_text, target_year,
    target_year_assumed, target_date_set, target_is_current, target_source_id, share_achieved, pace_needed,
    pace_observed, projected_value, projected_low, projected_high, projected_share, achieved_by_partial, status,
    sentence_key: the template of the row's sentence, written by figures.sentences). geo_level None: every level.
    """
    obs = observations if geo_level is None else observations[observations["geo_level"] == geo_level]
    cls = classify(obs, kind_map(indicators))
    annual = annual_series(cls)
    trend = recent_trend(annual, recent_years)
    last = annual.drop_duplicates(GROUP, keep="last")[[*GROUP, "period", "period_end", "data_status", "source_id"]]
    last = last.rename(
        columns={"period": "latest_period", "period_end": "_latest_end", "data_status": "latest_data_status"}
    ).rename(columns={"source_id": "latest_source_id"})
    part = latest_partial(cls)
    tg = choose_targets(targets, all_targets)
    if geo_level is not None:
        tg = tg[tg["geo_level"] == geo_level]
    meta = indicators.reindex(columns=["code", "area", "kind", "direction", "unit", "name_az", "name_en", "sort_order"])
    f = _groups(indicators, [trend, part, tg], geo_level)
    f = f.merge(meta.rename(columns={"code": "indicator_code"}), on="indicator_code", how="left")
    f = f.merge(trend, on=GROUP, how="left").merge(last, on=GROUP, how="left")
    f = f.merge(baselines(annual, baseline_year), on=GROUP, how="left").merge(part, on=GROUP, how="left")
    newer = f["partial_end"].notna() & ~(f["partial_end"] <= f["_latest_end"])
    for c in [c for c in part.columns if c.startswith("partial_")]:
        f[c] = f[c].where(newer)
    f["is_partial"] = newer.to_numpy()
    f = f.merge(tg, on=GROUP, how="left")
    f["n_points"] = f["n_points"].fillna(0).astype("int64")
    f = _compute(f)
    f["_level"] = f["geo_level"].map(LEVEL_ORDER).fillna(len(LEVEL_ORDER))
    f = f.sort_values(["sort_order", "indicator_code", "_level", "geo_code"], kind="stable")
    for c in ("latest_year", "baseline_year", "partial_months", "partial_days"):
        f[c] = f[c].astype("Int64")
    f = f.reindex(columns=OUTPUT_COLUMNS).reset_index(drop=True)
    f["sentence_key"] = [sentence_key(r) for r in f.to_dict("records")]
    return f


def sentence_key(row: dict) -> str:
    """The sentence template of a progress row: by status, with variants for a missed deadline and a single point."""
    status = row["status"]
    has_value = row.get("latest_value") is not None and not pd.isna(row.get("latest_value"))
    if status == "achieved" and row.get("achieved_by_partial"):
        return "metric.sentence.achieved_partial"
    if status == "achieved" and row.get("target_year_assumed"):
        return "metric.sentence.achieved_no_year"
    if status == "no_target":
        return "metric.sentence.no_target" if has_value else "metric.sentence.no_target_no_data"
    if status in ("at_risk", "off_track"):
        if pd.isna(row.get("projected_value")):
            return "metric.sentence.missed"
        if pd.isna(row.get("pace_observed")):
            return "metric.sentence.flat"
    return f"metric.sentence.{status}"
