"""Children in state child institutions: the stock by geography with rates and change, and the flows."""

from __future__ import annotations

import numpy as np
import pandas as pd

from metrics import contracts
from metrics.series import (
    BASELINE_YEAR,
    GROUP,
    STATUS_PRIORITY,
    annual_series,
    baselines,
    classify,
    kind_map,
)
from metrics.yearly import figures_against_targets

STOCK_CODES = ("children_in_institutions", "orphans_in_boarding_institutions")
FLOW_CODES = ("children_returned_to_families", "admissions_prevented", "adoptions", "foster_placements")
PER_CHILDREN = 10_000
CHILD_POPULATION_MAX_GAP = 2  # years: a child population this far from the figure's year may be used


def _kinds(indicators: pd.DataFrame | None, codes: tuple[str, ...], default: str) -> dict[str, str]:
    """Kinds from the catalogue, `default` for codes it does not list."""
    return {**dict.fromkeys(codes, default), **kind_map(indicators)}


@contracts.output(contracts.SumDistrictsOutput)
def sum_districts(district_values: pd.DataFrame, districts: pd.DataFrame, level: str) -> pd.DataFrame:
    """Sum district yearly values to regions (level 'region') or the country, with a completeness count.

    district_values: indicator_code, geo_code (district), year, value[, data_status, qualifier, segment]. Columns:
    indicator_code, geo_level, geo_code, year, segment, value, data_status, qualifier, districts_reported,
    districts_total, complete.
    """
    key = "economic_region_code"
    d = district_values.merge(districts[["code", key]], left_on="geo_code", right_on="code", how="inner")
    d["parent"] = d[key] if level == "region" else "AZ"
    totals = districts.groupby(key).size() if level == "region" else pd.Series({"AZ": len(districts)})
    d["_prio"] = d["data_status"].map(STATUS_PRIORITY).fillna(1) if "data_status" in d else 1
    d["segment"] = d["segment"].fillna("").astype(str) if "segment" in d else ""
    d["_inexact"] = d["qualifier"].fillna("exact").ne("exact") if "qualifier" in d else False
    # A sum adds figures of one segment only (a break in the series is never summed over): the latest segment of
    # the year's figures is the one summed.
    if "period_end" in d:
        d = d.sort_values("period_end", kind="stable")
    latest = d.groupby(["indicator_code", "parent", "year"])["segment"].transform("last")
    d = d[d["segment"] == latest]
    out = d.groupby(["indicator_code", "parent", "year", "segment"], as_index=False).agg(
        value=("value", "sum"), districts_reported=("geo_code", "nunique"), _prio=("_prio", "min"),
        _inexact=("_inexact", "any"),
    )  # fmt: skip
    # The least certain status of the summed figures labels the sum (a demonstration part makes it one); a sum with
    # an approximate (or bounded) part is approximate.
    out["data_status"] = out.pop("_prio").map({v: k for k, v in STATUS_PRIORITY.items()})
    out["qualifier"] = np.where(out.pop("_inexact"), "approx", "exact")
    out = out.rename(columns={"parent": "geo_code"})
    out["geo_level"] = level
    out["districts_total"] = out["geo_code"].map(totals).astype("int64")
    out["complete"] = out["districts_reported"] >= out["districts_total"]
    return out


@contracts.output(contracts.WithChildRateOutput)
def with_child_rate(frame: pd.DataFrame, child_population: pd.DataFrame | None, max_gap: int) -> pd.DataFrame:
    """Add children_0_17, children_year and rate_per_10k (nearest year within `max_gap`; zero/unknown -> NaN)."""
    out = frame.copy()
    out["_row"] = np.arange(len(out))
    if child_population is None or child_population.empty or out.empty:
        out["children_0_17"], out["children_year"], out["rate_per_10k"] = np.nan, pd.NA, np.nan
        return out.drop(columns="_row")
    cp = child_population[["geo_code", "year", "children_0_17"]].dropna(subset=["year"]).copy()
    cp["year"] = cp["year"].astype("int64")
    cp["children_year"] = cp["year"]
    cp["children_0_17"] = pd.to_numeric(cp["children_0_17"], errors="coerce").astype(float)
    left = out[["_row", "geo_code", "year"]].astype({"year": "int64"}).sort_values("year")
    m = pd.merge_asof(left, cp.sort_values("year"), on="year", by="geo_code", direction="nearest", tolerance=max_gap)
    m = m.set_index("_row").reindex(out["_row"])
    out["children_0_17"] = m["children_0_17"].to_numpy()
    out["children_year"] = m["children_year"].astype("Int64").to_numpy()
    kids = out["children_0_17"].to_numpy(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["rate_per_10k"] = np.where(kids > 0, out["value"].to_numpy(float) / kids * PER_CHILDREN, np.nan)
    return out.drop(columns="_row")


@contracts.output(contracts.SegmentBaselinesOutput)
def segment_baselines(annual: pd.DataFrame, baseline_year: int = BASELINE_YEAR) -> pd.DataFrame:
    """metrics.series.baselines per group *and segment*: columns GROUP, segment, baseline_value, baseline_year."""
    if annual.empty:
        return pd.DataFrame(columns=[*GROUP, "segment", "baseline_value", "baseline_year"])
    a = annual[[*GROUP, "segment", "year", "value"]].copy()
    sep = "\x1f"
    a["geo_code"] = a["geo_code"].astype(str) + sep + a["segment"].fillna("").astype(str)
    out = baselines(a[[*GROUP, "year", "value"]], baseline_year)
    parts = out["geo_code"].str.split(sep, n=1, expand=True)
    return out.assign(geo_code=parts[0], segment=parts[1])[[*GROUP, "segment", "baseline_value", "baseline_year"]]


@contracts.output(contracts.ChildrenStockOutput)
def children_stock(
    observations: pd.DataFrame,
    districts: pd.DataFrame,
    child_population: pd.DataFrame | None = None,
    indicators: pd.DataFrame | None = None,
    codes: tuple[str, ...] = STOCK_CODES,
    baseline_year: int = BASELINE_YEAR,
    max_gap: int = CHILD_POPULATION_MAX_GAP,
) -> pd.DataFrame:
    """The number of children per year at every level where it exists, with rate and change vs baseline.

    Regions are summed from districts (basis 'sum_of_districts', with districts_reported/districts_total and
    `complete`); the country too, but only in a year with every district and no national figure. A figure
    published for the unit itself (basis 'direct') always wins. Incomplete sums get no baseline comparison
    (change columns NaN).
    Each figure keeps its qualifier (a sum with an inexact part is 'approx') and series segment; sums add one
    segment's figures only and the change is measured from the baseline of the figure's own segment.
    Columns: indicator_code, geo_level, geo_code, year, period, value, qualifier, value_low, value_high, segment,
    basis, data_status, districts_reported,
    districts_total, complete, children_0_17, children_year, rate_per_10k, baseline_year, baseline_value,
    change_vs_baseline, change_pct.
    """
    o = observations[observations["indicator_code"].isin(codes)]
    annual = annual_series(classify(o, _kinds(indicators, codes, "stock")))
    annual["basis"] = "direct"
    annual["districts_reported"] = np.where(annual["geo_level"] == "district", 1, pd.NA)
    annual["districts_total"] = annual["districts_reported"]
    annual["complete"] = pd.array(np.where(annual["geo_level"] == "district", True, pd.NA), dtype="boolean")
    dist = annual[annual["geo_level"] == "district"]
    country = sum_districts(dist, districts, "country")
    sums = pd.concat([sum_districts(dist, districts, "region"), country[country["complete"]]])
    sums["basis"] = "sum_of_districts"
    sums["period"] = sums["year"].astype(str)
    out = pd.concat([annual, sums], ignore_index=True)
    out["_rank"] = (out["basis"] == "direct").astype("int8")
    out = out.sort_values([*GROUP, "year", "_rank"], kind="stable").drop_duplicates([*GROUP, "year"], keep="last")
    out = with_child_rate(out, child_population, max_gap)
    for c, default in (("qualifier", "exact"), ("value_low", np.nan), ("value_high", np.nan), ("segment", "")):
        if c not in out.columns:
            out[c] = default
    out["qualifier"] = out["qualifier"].fillna("exact").astype(str)
    out["segment"] = out["segment"].fillna("").astype(str)
    # Incomplete sums of districts are shown but never used as, or compared with, a baseline; a figure is compared
    # only with the baseline of its own segment (a change across a break in the series is not a change).
    reliable = (out["basis"] == "direct") | out["complete"].fillna(False).astype(bool)
    out = out.merge(segment_baselines(out.loc[reliable], baseline_year), on=[*GROUP, "segment"], how="left")
    out["change_vs_baseline"] = (out["value"] - out["baseline_value"]).where(reliable.to_numpy())
    with np.errstate(divide="ignore", invalid="ignore"):
        base = out["baseline_value"].to_numpy(float)
        out["change_pct"] = np.where(base != 0, out["change_vs_baseline"].to_numpy(float) / base * 100, np.nan)
    for c in ("districts_reported", "districts_total", "baseline_year"):
        out[c] = out[c].astype("Int64")
    cols = [*GROUP, "year", "period", "value", "qualifier", "value_low", "value_high", "segment", "basis",
            "data_status", "districts_reported", "districts_total",
            "complete", "children_0_17", "children_year", "rate_per_10k", "baseline_year", "baseline_value",
            "change_vs_baseline", "change_pct"]  # fmt: skip
    return out[cols].sort_values([*GROUP, "year"], kind="stable").reset_index(drop=True)


@contracts.output(contracts.FlowsOutput)
def children_flows(
    observations: pd.DataFrame,
    targets: pd.DataFrame,
    indicators: pd.DataFrame | None = None,
    codes: tuple[str, ...] = FLOW_CODES,
    geo_level: str = "country",
) -> pd.DataFrame:
    """Returned, prevented, adoptions and foster placements per year against their annual targets."""
    return figures_against_targets(observations, targets, codes, indicators, geo_level)
