"""Rehabilitation: persons served against the 30,000 and 100,000 targets, care split, aids, capacity."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from metrics import contracts
from metrics.facilities import open_facilities, status_on
from metrics.series import GROUP, classify, kind_map, yearly_figures
from metrics.yearly import figures_against_targets, within_segments

SERVED = "rehab_persons_served"
INPATIENT = "rehab_persons_inpatient"
OUTPATIENT = "rehab_persons_outpatient"
AIDS = "rehab_aids_issued"
PER_POPULATION = 100_000
QUALIFIER_COLUMNS = ("served_qualifier", "inpatient_qualifier", "outpatient_qualifier")


@contracts.output(contracts.FlowsOutput)
def throughput(
    observations: pd.DataFrame, targets: pd.DataFrame, indicators: pd.DataFrame | None = None, code: str = SERVED
) -> pd.DataFrame:
    """Persons served per year against every stated target version (30,000 a year, then 100,000 capacity).

    One row per year and target version; columns as metrics.yearly.figures_against_targets.
    """
    return figures_against_targets(observations, targets, (code,), indicators, "country", all_targets=True)


@contracts.output(contracts.CareSplitOutput)
def care_split(
    observations: pd.DataFrame,
    indicators: pd.DataFrame | None = None,
    whole: str = SERVED,
    parts: tuple[str, str] = (INPATIENT, OUTPATIENT),
) -> pd.DataFrame:
    """Inpatient and outpatient persons as shares of those served, for every period published for all three.

    Columns: geo_level, geo_code, period, year, is_partial, served, inpatient, outpatient, served_qualifier,
    inpatient_qualifier, outpatient_qualifier (each figure's qualifier), inpatient_share, outpatient_share,
    unassigned, unassigned_share (served minus both parts, e.g. community-based care).
    """
    codes = (whole, *parts)
    o = observations[observations["indicator_code"].isin(codes)]
    cls = classify(o, {**dict.fromkeys(codes, "count"), **kind_map(indicators)})
    cls = cls.sort_values("status_priority", kind="stable").drop_duplicates([*GROUP, "period"], keep="last")
    wide = cls.pivot_table(
        index=["geo_level", "geo_code", "period", "year"], columns="indicator_code", values="value", aggfunc="first"
    )
    keys = ["geo_level", "geo_code", "period"]
    wide = wide.reindex(columns=list(codes)).dropna().reset_index()
    wide.columns.name = None
    out = wide.rename(columns={whole: "served", parts[0]: "inpatient", parts[1]: "outpatient"})
    out = out.merge(cls[[*keys, "is_partial"]].drop_duplicates(keys), on=keys, how="left")
    # each part keeps the qualifier it was published with ('~', 'more than' ...)
    q = cls.assign(qualifier=cls["qualifier"].fillna("exact") if "qualifier" in cls else "exact")
    quals = q.pivot_table(index=keys, columns="indicator_code", values="qualifier", aggfunc="first")
    quals = quals.reindex(columns=list(codes)).rename(columns=dict(zip(codes, QUALIFIER_COLUMNS, strict=True)))
    out = out.merge(quals.reset_index(), on=keys, how="left")
    for c in QUALIFIER_COLUMNS:
        out[c] = out[c].fillna("exact")
    served = out["served"].to_numpy(float)
    out["unassigned"] = out["served"] - out["inpatient"] - out["outpatient"]
    with np.errstate(divide="ignore", invalid="ignore"):
        for c in ("inpatient", "outpatient", "unassigned"):
            out[f"{c}_share"] = np.where(served > 0, out[c].to_numpy(float) / served * 100, np.nan)
    cols = ["geo_level", "geo_code", "period", "year", "is_partial", "served", "inpatient", "outpatient",
            *QUALIFIER_COLUMNS, "inpatient_share", "outpatient_share", "unassigned", "unassigned_share"]  # fmt: skip
    return out[cols].sort_values(["geo_level", "geo_code", "year", "period"]).reset_index(drop=True)


@contracts.output(contracts.AidsIssuedOutput)
def aids_issued(observations: pd.DataFrame, indicators: pd.DataFrame | None = None, code: str = AIDS) -> pd.DataFrame:
    """Rehabilitation aids issued per year (full year, else the most complete partial figure, flagged), with the
    qualifier, segment and change within the segment (metrics.yearly.within_segments)."""
    o = observations[observations["indicator_code"] == code]
    return within_segments(yearly_figures(classify(o, {code: "count", **kind_map(indicators)})))


@contracts.output(contracts.RehabCapacityOutput)
def capacity_by_region(
    facilities: pd.DataFrame,
    facility_status: pd.DataFrame,
    districts: pd.DataFrame,
    economic_regions: pd.DataFrame,
    on_date: date | str | pd.Timestamp,
    network: str = "rehabilitation",
    per: int = PER_POPULATION,
) -> pd.DataFrame:
    """Open facilities' beds and annual capacity per `per` residents, by economic region and nationally.

    Only facilities open on on_date count; those without a published figure add nothing to the sums and are
    counted in lacking_beds / lacking_capacity (a sum is then a lower bound; when no open facility of the area
    publishes the figure it is NaN, while an area with no open facility has 0). Population:
    districts.population_exclusive (so a city counted inside its district is not counted twice).
    Regions in decree order (sort_order), then the country. Columns: geo_level, geo_code, name_az, name_en,
    facilities_open, lacking_beds, lacking_capacity, beds,
    annual_capacity, population, beds_per_100k, capacity_per_100k (the suffix names the default `per`).
    """
    f = open_facilities(facilities, status_on(facility_status, on_date), network)
    f = f.assign(
        region=f["district_code"].map(districts.set_index("code")["economic_region_code"]),
        country="AZ",
        _beds=f["beds"].astype("Float64"),
        _cap=f["annual_capacity"].astype("Float64"),
    )
    f = f.assign(_no_beds=f["_beds"].isna(), _no_cap=f["_cap"].isna())
    pop = districts["population_exclusive"].astype("Float64")
    population = {
        "region": pop.groupby(districts["economic_region_code"]).sum(),
        "country": pd.Series({"AZ": pop.sum()}),
    }
    names = {
        "region": economic_regions.sort_values(["sort_order", "code"] if "sort_order" in economic_regions else "code")[
            ["code", "name_az", "name_en"]
        ].rename(columns={"code": "geo_code"}),
        "country": pd.DataFrame({"geo_code": ["AZ"], "name_az": ["Azərbaycan"], "name_en": ["Azerbaijan"]}),
    }
    parts = []
    for level, key in (("region", "region"), ("country", "country")):
        agg = f.groupby(key).agg(
            facilities_open=("code", "size"),
            lacking_beds=("_no_beds", "sum"),
            lacking_capacity=("_no_cap", "sum"),
            beds=("_beds", "sum"),
            annual_capacity=("_cap", "sum"),
        )
        out = names[level].merge(agg, left_on="geo_code", right_index=True, how="left")
        out["population"] = out["geo_code"].map(population[level]).astype(float)
        out.insert(0, "geo_level", level)
        parts.append(out)
    out = pd.concat(parts, ignore_index=True)
    for c in ("facilities_open", "lacking_beds", "lacking_capacity"):
        out[c] = out[c].fillna(0).astype("int64")
    # No open facility: zero. Open facilities none of which publishes the figure: unknown (NaN), not zero.
    for c, lacking in (("beds", "lacking_beds"), ("annual_capacity", "lacking_capacity")):
        unknown = (out["facilities_open"] > 0) & (out[lacking] == out["facilities_open"])
        out[c] = out[c].astype(float).fillna(0.0).mask(unknown)
    popn = out["population"].to_numpy(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["beds_per_100k"] = np.where(popn > 0, out["beds"].to_numpy() / popn * per, np.nan)
        out["capacity_per_100k"] = np.where(popn > 0, out["annual_capacity"].to_numpy() / popn * per, np.nan)
    return out
