"""Districts against their economic region and the country: rates per 10,000 residents, district figures summed
to economic regions, and one district's place among its peers. Pure functions on DataFrames."""

from __future__ import annotations

import numpy as np
import pandas as pd

from metrics import contracts
from metrics.quality import PER_RESIDENTS
from metrics.series import STATUS_PRIORITY

AVERAGED_KINDS = ("share", "ratio")  # summed over districts would be meaningless: population-weighted mean


def per_residents(value: pd.Series, population: pd.Series, kind: str) -> np.ndarray:
    """Value per 10,000 residents (NaN for shares and ratios, and where the population is unknown or zero)."""
    pop = pd.to_numeric(population, errors="coerce").astype(float).to_numpy()
    v = pd.to_numeric(value, errors="coerce").astype(float).to_numpy()
    if kind in AVERAGED_KINDS:
        return np.full(len(v), np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(pop > 0, v / pop * PER_RESIDENTS, np.nan)


def combined_qualifier(parts: pd.DataFrame) -> str:
    """The qualifier of a figure made of several values (a sum, a mean, a median, a rate of all districts):
    approximate when a part with a value is not exact ("~", a bound, a range), else exact."""
    if "qualifier" not in parts or parts.empty:
        return "exact"
    has = parts["value"].notna() if "value" in parts else pd.Series(True, index=parts.index)
    return "approx" if bool(parts["qualifier"].fillna("exact").ne("exact")[has].any()) else "exact"


def derived_qualifier(qualifier: object) -> str:
    """The qualifier of a figure derived from one value by a rising rule (its rate per residents): the value's
    own ("~", "more than", "up to" keep their sense), a range's as approximate; no qualifier is exact."""
    q = qualifier if isinstance(qualifier, str) and qualifier else "exact"
    return "approx" if q == "range" else q


@contracts.output(contracts.RegionValuesOutput)
def region_values(district_vals: pd.DataFrame, regions: pd.DataFrame, kind: str) -> pd.DataFrame:
    """District figures summed to economic regions (population-weighted mean for shares and ratios).

    Columns: code, name_az, name_en, population, value, rate, districts_reported, districts_total, complete,
    data_status (the least certain status among the parts), qualifier ('approx' when a part is not exact).
    """
    d = district_vals.assign(_pop=pd.to_numeric(district_vals["population"], errors="coerce").astype(float))
    has = d["value"].notna()
    d = d.assign(_w=d["value"] * d["_pop"], _prio=d["data_status"].map(STATUS_PRIORITY))
    inexact = d["qualifier"].fillna("exact").ne("exact") & has if "qualifier" in d else pd.Series(False, index=d.index)
    d = d.assign(_inexact=inexact)
    g = d.groupby("economic_region_code")
    agg = pd.DataFrame(
        {
            "population": g["_pop"].sum(min_count=1),
            "districts_total": g.size(),
            "districts_reported": has.groupby(d["economic_region_code"]).sum(),
            "sum": g["value"].sum(min_count=1),
            "weighted": g["_w"].sum(min_count=1),
            "pop_reported": d["_pop"].where(has).groupby(d["economic_region_code"]).sum(min_count=1),
            "_prio": g["_prio"].min(),
            "_inexact": g["_inexact"].any(),
        }
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = agg["weighted"] / agg["pop_reported"]
    agg["value"] = mean if kind in AVERAGED_KINDS else agg["sum"]
    agg["value"] = agg["value"].where(agg["districts_reported"] > 0)
    names = {v: k for k, v in STATUS_PRIORITY.items()}
    agg["data_status"] = agg["_prio"].map(names)
    # a sum (or mean) with an approximate or bounded part is approximate
    agg["qualifier"] = np.where(agg["_inexact"].fillna(False).astype(bool), "approx", "exact")
    out = regions[["code", "name_az", "name_en"]].merge(agg, left_on="code", right_index=True, how="left")
    out["districts_total"] = out["districts_total"].fillna(0).astype("int64")
    out["districts_reported"] = out["districts_reported"].fillna(0).astype("int64")
    out["complete"] = out["districts_reported"] >= out["districts_total"]
    out["rate"] = per_residents(out["value"], out["population"], kind)
    cols = [
        "code",
        "name_az",
        "name_en",
        "population",
        "value",
        "rate",
        "districts_reported",
        "districts_total",
        "complete",
        "data_status",
        "qualifier",
    ]
    out["qualifier"] = out["qualifier"].fillna("exact")
    return out[cols].reset_index(drop=True)


def peers(
    district_vals: pd.DataFrame, national_value: float | None, national_population: float | None, kind: str, code: str
) -> dict[str, float | int | None]:
    """One district against the country and the other districts of its economic region.

    Returns value, rate, national_rate, region_median_rate, rank (1 = highest rate in the region), region_size,
    and the qualifiers of the district's rate (derived_qualifier of its value's) and of the median
    (combined_qualifier of the region's districts).
    """
    row = district_vals[district_vals["code"] == code]
    if row.empty:
        return {}
    r = row.iloc[0]
    same = district_vals[district_vals["economic_region_code"] == r["economic_region_code"]]
    metric = "value" if kind in AVERAGED_KINDS else "rate"
    ranked = same[same[metric].notna()].sort_values(metric, ascending=False).reset_index(drop=True)
    pos = ranked.index[ranked["code"] == code]
    nat_rate = np.nan
    if national_value is not None and national_population and kind not in AVERAGED_KINDS:
        nat_rate = national_value / national_population * PER_RESIDENTS
    elif kind in AVERAGED_KINDS and national_value is not None:
        nat_rate = national_value
    return {
        "value": None if pd.isna(r["value"]) else float(r["value"]),
        "rate": None if pd.isna(r[metric]) else float(r[metric]),
        "national_rate": None if pd.isna(nat_rate) else float(nat_rate),
        "region_median_rate": float(ranked[metric].median()) if len(ranked) else None,
        "rank": int(pos[0]) + 1 if len(pos) else None,
        "region_size": len(ranked),
        "rate_qualifier": derived_qualifier(r.get("qualifier")),
        "region_median_qualifier": combined_qualifier(ranked),
    }


def reference_rate(
    district_vals: pd.DataFrame, national_value: float | None, national_population: float | None, kind: str
) -> tuple[str, float | None]:
    """What a district is compared with: ("national", the country's rate) when the country has a full-year figure
    (`national_value`), else ("all_districts", the rate of all districts with a figure taken together; None for
    shares and ratios, whose average over districts would mean nothing)."""
    if national_value is not None:
        if kind in AVERAGED_KINDS:
            return "national", float(national_value)
        return "national", (national_value / national_population * PER_RESIDENTS) if national_population else None
    if kind in AVERAGED_KINDS:
        return "all_districts", None
    has = district_vals["value"].notna()
    total = district_vals["value"].sum(min_count=1)
    pops = pd.to_numeric(district_vals.loc[has, "population"], errors="coerce").astype(float).sum()
    return "all_districts", (float(total) / pops * PER_RESIDENTS) if pops else None


def reference(
    district_vals: pd.DataFrame, national_points: pd.DataFrame, national_population: float | None, kind: str
) -> tuple[str, float | None, str]:
    """What a district is compared with, and how exact it is: (basis, figure, qualifier) by reference_rate and
    reference_qualifier, from the country's full-year figures of the district year (`national_points`: the last
    one counts; none: all the districts together)."""
    has = len(national_points) > 0
    national = float(national_points["value"].iloc[-1]) if has else None
    national_q = (national_points["qualifier"].iloc[-1] if "qualifier" in national_points else "exact") if has else None
    basis, rate = reference_rate(district_vals, national, national_population, kind)
    return basis, rate, reference_qualifier(district_vals, national_q)


def reference_qualifier(district_vals: pd.DataFrame, national_qualifier: object) -> str:
    """The qualifier of reference_rate's figure: the national value's (derived_qualifier) when the country has a
    figure (`national_qualifier` not None), else that of all the districts taken together (combined_qualifier)."""
    if national_qualifier is not None:
        return derived_qualifier(national_qualifier)
    return combined_qualifier(district_vals)
