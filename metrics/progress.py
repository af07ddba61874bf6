"""Progress towards targets: latest value, share achieved, pace needed vs observed, projection, status."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from scipy import stats

from metrics import contracts
from metrics.contracts import BASES as BASES  # re-exported: the vocabularies live with the contract
from metrics.contracts import STATUSES as STATUSES
from metrics.contracts import ProgressOutput, columns
from metrics.registry import targets_in_force
from metrics.series import (
    BASELINE_YEAR,
    GROUP,
    RECENT_YEARS,
    annual_series,
    baselines,
    classify,
    current_segment,
    kind_map,
    latest_partial,
    recent_trend,
)

QUALIFIER_COLUMNS = ["qualifier", "value_low", "value_high"]
ON_TRACK_SHARE = 100.0  # projected share of target at the deadline for "on track"
AT_RISK_SHARE = 90.0  # ... and for "at risk"; below it "off track"
BAND_LEVEL = 0.95  # the projection band: the OLS prediction interval at this level (t quantile, n-2 df)
MIN_BAND_POINTS = 3  # fewer yearly points: no band (no residual variance to estimate)
MIN_TREND_POINTS = 2  # fewer comparable yearly points: no trend, the verdict is at most "at risk"
STRATEGY_END_YEAR = 2026  # horizon for a target stated without a deadline (never shown as its deadline)
# Which kinds of target measure the same thing as an indicator of each kind (indicators.kind); a target of
# another kind (a capacity against persons served) is named but not compared.
COMPARABLE_TARGET_KINDS = {
    "count": frozenset({"throughput_year", "count_year"}),
    "stock": frozenset({"stock_level", "network_size"}),
    "share": frozenset({"share"}),
    "ratio": frozenset({"share", "stock_level"}),
}
LEVEL_ORDER = {"country": 0, "region": 1, "district": 2, "facility": 3}
TARGET_COLUMNS = {
    "value": "target_value",
    "value_text": "target_text",
    "target_year": "target_year",
    "date_set": "target_date_set",
    "is_current": "target_is_current",
    "source_id": "target_source_id",
    "target_kind": "target_kind",
    "deadline_stated": "target_deadline_stated",
}

OUTPUT_COLUMNS = columns(ProgressOutput)  # the output's columns in order: its contract (metrics.contracts)


@contracts.output(contracts.ChooseTargetsOutput)
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


def t_quantile(dof: np.ndarray, level: float = BAND_LEVEL) -> np.ndarray:
    """The two-sided Student t quantile for `level` with `dof` degrees of freedom (NaN where dof < 1)."""
    dof = np.asarray(dof, dtype=float)
    with np.errstate(invalid="ignore"):
        return np.where(dof >= 1, stats.t.ppf(0.5 + level / 2, np.where(dof >= 1, dof, 1)), np.nan)


def prediction_interval(
    n: np.ndarray, mean_year: np.ndarray, sxx: np.ndarray, resid_se: np.ndarray, year: np.ndarray
) -> np.ndarray:
    """Half-width of the OLS prediction interval at `year`: t(n-2) x s x sqrt(1 + 1/n + (year - mean)^2 / Sxx).

    NaN with fewer than MIN_BAND_POINTS points (no band is drawn then)."""
    n = np.asarray(n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        leverage = 1 / n + (year - mean_year) ** 2 / sxx
        half = t_quantile(n - 2) * resid_se * np.sqrt(1 + leverage)
    return np.where(n >= MIN_BAND_POINTS, half, np.nan)


def _comparable(kind: pd.Series, target_kind: pd.Series) -> np.ndarray:
    """Whether each target measures what its indicator measures (a target without a stated kind is taken as
    the indicator's own)."""
    tk = target_kind.astype(object).where(target_kind.notna(), None)
    pairs = zip(kind, tk, strict=True)
    return np.array([t is None or t == "" or t in COMPARABLE_TARGET_KINDS.get(k, frozenset({t})) for k, t in pairs])


def _compute(f: pd.DataFrame) -> pd.DataFrame:
    """Add the derived columns (shares, paces, projection, band, status and its basis) to the assembled frame.

    Rules: a target without a stated deadline is projected to the strategy's end (horizon_year) but its
    target_year stays empty and no pace is "needed" by a date nobody set; a target of another kind than the series
    is not compared (status no_target, basis kind_differs); a met target shows no pace needed; with fewer than
    MIN_TREND_POINTS comparable yearly points the verdict is at most at_risk (basis single_point); the projection
    is the OLS line at the horizon with its prediction interval (none below MIN_BAND_POINTS points).
    """
    t = f["target_value"].to_numpy(float)
    stated = f["target_year"].notna().to_numpy()
    if "target_deadline_stated" in f.columns:
        said = f["target_deadline_stated"].astype(object).map(lambda x: None if pd.isna(x) else bool(x))
        stated = stated & said.map(lambda x: True if x is None else x).to_numpy(bool)
    assumed = ~stated & ~np.isnan(t)
    ty = np.where(stated, f["target_year"].astype("Float64").to_numpy(float, na_value=np.nan), STRATEGY_END_YEAR)
    comparable = _comparable(f["kind"].fillna("count"), f.get("target_kind", pd.Series(None, index=f.index)))
    v, ly = f["latest_value"].to_numpy(float), f["latest_year"].to_numpy(float)
    b, lower = f["baseline_value"].to_numpy(float), (f["direction"] == "lower").to_numpy()
    slope, se, sxx = f["slope"].to_numpy(float), f["resid_se"].to_numpy(float), f["sxx"].to_numpy(float)
    n = f["n_points"].to_numpy(float)
    mx, my = f["mean_year"].to_numpy(float), f["mean_value"].to_numpy(float)
    d = ty - ly
    ahead = (d > 0) & ~np.isnan(t) & comparable  # no projection without a comparable target, nor once it is due
    trend = ~np.isnan(slope) & (n >= MIN_TREND_POINTS)
    with np.errstate(divide="ignore", invalid="ignore"):
        pace_needed = np.where(ahead & stated, (t - v) / d, np.nan)
        line = np.where(trend, my + np.nan_to_num(slope) * (ty - mx), v)  # one point: flat at the latest value
        projected = np.where(ahead, line, np.nan)
        half = np.where(ahead, prediction_interval(n, mx, sxx, se, ty), np.nan)
    top = np.where((f["kind"] == "share").to_numpy() | (f["unit"] == "percent").to_numpy(), 100.0, np.inf)
    projected = np.clip(projected, 0, top)
    f["target_year_assumed"] = assumed
    f["target_year"] = pd.array(np.where(stated & ~np.isnan(t), ty, np.nan), dtype="Float64").round().astype("Int64")
    f["horizon_year"] = pd.array(np.where(np.isnan(t), np.nan, ty), dtype="Float64").round().astype("Int64")
    f["target_comparable"] = np.where(np.isnan(t), None, comparable)
    share = np.where(comparable, _share(v, t, b, lower), np.nan)
    f["share_achieved"] = share
    pv, py = f["partial_value"].to_numpy(float), f["partial_year"].to_numpy(float)
    partial_met = comparable & ~lower & (py == ty) & _met(pv, t, lower)
    met_now = comparable & _met(v, t, lower)
    achieved = met_now | partial_met
    f["pace_needed"] = np.where(achieved, np.nan, pace_needed)  # a met target needs no pace (never a negative one)
    f["pace_observed"] = slope
    f["projected_value"] = projected
    f["projected_low"] = np.clip(projected - half, 0, top)
    f["projected_high"] = np.clip(projected + half, 0, top)
    f["projected_share"] = _share(projected, t, b, lower)
    ps = f["projected_share"].to_numpy(float)
    f["achieved_by_partial"] = partial_met & ~met_now
    no_target, kind_differs = np.isnan(t), ~np.isnan(t) & ~comparable
    conditions = [no_target, kind_differs, achieved, np.isnan(v), ~ahead, ~trend]
    f["status"] = np.select(
        [*conditions, ps >= ON_TRACK_SHARE, ps >= AT_RISK_SHARE],
        ["no_target", "no_target", "achieved", "no_data", "off_track", "at_risk", "on_track", "at_risk"],
        default="off_track",
    )
    f["basis"] = np.select(
        conditions,
        ["no_target", "kind_differs", np.where(met_now, "met", "met_partial"), "no_data", "deadline_passed",
         "single_point"],
        default="trend",
    )  # fmt: skip
    return f


@contracts.output(contracts.ProgressOutput)
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
    annual = current_segment(annual_series(cls))  # change, pace and projection within the latest segment only
    trend = recent_trend(annual, recent_years)
    keep = [*GROUP, "period", "period_end", "data_status", "source_id", "segment", *QUALIFIER_COLUMNS]
    last = annual.drop_duplicates(GROUP, keep="last").reindex(columns=keep)
    last = last.rename(
        columns={"period": "latest_period", "period_end": "_latest_end", "data_status": "latest_data_status",
                 "source_id": "latest_source_id", "qualifier": "latest_qualifier", "value_low": "latest_value_low",
                 "value_high": "latest_value_high"}
    )  # fmt: skip
    last["latest_qualifier"] = last["latest_qualifier"].astype(object).where(last["latest_qualifier"].notna(), "exact")
    evidence = cls.groupby(GROUP, sort=False)["period_end"].max().rename("evidence_date").reset_index()
    part = latest_partial(cls)
    tg = choose_targets(targets, all_targets)
    if geo_level is not None:
        tg = tg[tg["geo_level"] == geo_level]
    meta = indicators.reindex(columns=["code", "area", "kind", "direction", "unit", "name_az", "name_en", "sort_order"])
    f = _groups(indicators, [trend, part, tg], geo_level)
    f = f.merge(meta.rename(columns={"code": "indicator_code"}), on="indicator_code", how="left")
    f = f.merge(trend, on=GROUP, how="left").merge(last, on=GROUP, how="left")
    f = f.merge(baselines(annual, baseline_year), on=GROUP, how="left").merge(part, on=GROUP, how="left")
    f = f.merge(evidence, on=GROUP, how="left")
    newer = f["partial_end"].notna() & ~(f["partial_end"] <= f["_latest_end"])
    for c in [c for c in part.columns if c.startswith("partial_")]:
        f[c] = f[c].where(newer)
    f["is_partial"] = newer.to_numpy()
    f = f.merge(tg, on=GROUP, how="left")
    f["n_points"] = f["n_points"].fillna(0).astype("int64")
    f = _compute(f)
    f["_level"] = f["geo_level"].map(LEVEL_ORDER).fillna(len(LEVEL_ORDER))
    f = f.sort_values(["sort_order", "indicator_code", "_level", "geo_code"], kind="stable")
    for c in ("latest_year", "baseline_year", "partial_months", "partial_days", "first_year"):
        f[c] = f[c].astype("Int64")
    f = f.reindex(columns=OUTPUT_COLUMNS).reset_index(drop=True)
    f["sentence_key"] = sentence_keys(f)
    return f


# The columns sentence_key reads (a record of every column costs seconds at 80,000 series; tests/metrics check it).
SENTENCE_INPUTS = ["status", "latest_value", "basis", "achieved_by_partial", "target_year_assumed",
                   "projected_value", "pace_observed"]  # fmt: skip


def truthy(column: pd.Series) -> np.ndarray:
    """Each value's truth as Python's `if` reads it (a missing float is true, None false)."""
    return np.fromiter((bool(x) for x in column.astype(object)), dtype=bool, count=len(column))


def sentence_keys(f: pd.DataFrame) -> np.ndarray:
    """The sentence template of each progress row (reads SENTENCE_INPUTS), the first that applies of: a target of
    another kind (kind_differs); achieved by a part-year figure (achieved_partial) or without a stated year
    (achieved_no_year); no target (no_target, or no_target_no_data without a value); at risk or off track without a
    projection (missed) or without an observed pace (flat); else the status's own. Column by column (a rule per row
    cost about a second at 80,000 series)."""
    status = f["status"].astype(object)
    out = np.array([f"metric.sentence.{x}" for x in status], dtype=object)
    verdict = status.isin(["at_risk", "off_track"]).to_numpy()
    achieved = status.isin(["achieved"]).to_numpy()
    no_target = status.isin(["no_target"]).to_numpy()
    has_value = f["latest_value"].notna().to_numpy()
    rules = [  # the last that applies wins: the list runs from the weakest rule to the strongest
        (verdict & f["pace_observed"].isna().to_numpy(), "metric.sentence.flat"),
        (verdict & f["projected_value"].isna().to_numpy(), "metric.sentence.missed"),
        (no_target & ~has_value, "metric.sentence.no_target_no_data"),
        (no_target & has_value, "metric.sentence.no_target"),
        (achieved & truthy(f["target_year_assumed"]), "metric.sentence.achieved_no_year"),
        (achieved & truthy(f["achieved_by_partial"]), "metric.sentence.achieved_partial"),
        (f["basis"].isin(["kind_differs"]).to_numpy(), "metric.sentence.kind_differs"),
    ]
    for applies, key in rules:
        out[applies] = key
    return out


def sentence_key(row: Mapping) -> str:
    """The sentence template of one progress row (sentence_keys)."""
    return str(sentence_keys(pd.DataFrame([{c: row.get(c) for c in SENTENCE_INPUTS}]))[0])
