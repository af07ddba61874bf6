"""DOST coverage on a chosen date: facilities open by type, districts served, shares, distances, pipeline."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from metrics import contracts
from metrics.access import Where, place_facilities, unit_distances
from metrics.distance import facility_points, nearest
from metrics.facilities import PIPELINE_HORIZON, open_facilities, status_on, status_with_pipeline

__all__ = [
    "CATCHMENT_TYPES", "OWN_DISTRICT_TYPES", "SCENARIOS", "coverage_scenarios", "coverage_summary",
    "district_coverage", "open_by_type", "served_by", "status_on",
]  # fmt: skip

NETWORK = "dost"
OWN_DISTRICT_TYPES = ("centre", "regional_centre", "branch", "service_point", "smart_point")
CATCHMENT_TYPES = ("regional_centre",)  # also serve the districts of their stated catchment
SCENARIOS = ("open", "with_pipeline")
FACILITY_COLUMNS = ["code", "network", "facility_type", "district_code", "settlement", "lat", "lon", "location_basis"]


@contracts.output(contracts.OpenByTypeOutput)
def open_by_type(facilities: pd.DataFrame, status: pd.DataFrame, network: str = NETWORK) -> pd.DataFrame:
    """Facilities counted open per type. Columns: facility_type, open, pipeline, counted (= open + pipeline)."""
    f = open_facilities(facilities, status, network)
    g = f.assign(_open=f["open_basis"] == "open", _pipe=f["open_basis"] != "open").groupby("facility_type")
    out = g.agg(open=("_open", "sum"), pipeline=("_pipe", "sum")).astype("int64")
    out["counted"] = out["open"] + out["pipeline"]
    return out.reset_index().sort_values("facility_type").reset_index(drop=True)


@contracts.output(contracts.ServedByOutput)
def served_by(
    facilities: pd.DataFrame,
    status: pd.DataFrame,
    catchment: pd.DataFrame,
    network: str = NETWORK,
    own_types: tuple[str, ...] = OWN_DISTRICT_TYPES,
    catchment_types: tuple[str, ...] = CATCHMENT_TYPES,
) -> pd.DataFrame:
    """Which counted-open facility serves which district, and on what basis.

    A facility of `own_types` serves its own district; one of `catchment_types` also serves every district of
    its stated catchment (facility_catchment). Other types (inclusive centres, 'other') serve none.
    Columns: district_code, facility_code, facility_type, basis (own_district | catchment), via_pipeline.
    """
    f = open_facilities(facilities.reindex(columns=FACILITY_COLUMNS), status, network)
    return _served(f, catchment, own_types, catchment_types)


def _served(
    f: pd.DataFrame, catchment: pd.DataFrame, own_types: tuple[str, ...], catchment_types: tuple[str, ...]
) -> pd.DataFrame:
    """served_by for the counted-open facilities `f` (from open_facilities)."""
    via = (f["open_basis"] != "open").to_numpy()
    own = (f["facility_type"].isin(own_types) & f["district_code"].notna()).to_numpy()
    hub = f["facility_type"].isin(catchment_types).to_numpy()
    stated = catchment[catchment["facility_code"].isin(f["code"][hub])]
    kind, piped = dict(zip(f["code"], f["facility_type"], strict=True)), dict(zip(f["code"], via, strict=True))
    out = pd.DataFrame(
        {
            "district_code": [*f["district_code"][own], *stated["district_code"]],
            "facility_code": [*f["code"][own], *stated["facility_code"]],
            "basis": ["own_district"] * int(own.sum()) + ["catchment"] * len(stated),
        },
        dtype=object,
    )
    out["facility_type"] = [kind[c] for c in out["facility_code"]]
    out["via_pipeline"] = np.array([piped[c] for c in out["facility_code"]], dtype=bool)
    out = out.drop_duplicates(["district_code", "facility_code"], keep="first")
    return out[["district_code", "facility_code", "facility_type", "basis", "via_pipeline"]].sort_values(
        ["district_code", "facility_code"], ignore_index=True
    )


@contracts.output(contracts.DistrictCoverageOutput)
def district_coverage(
    districts: pd.DataFrame,
    served: pd.DataFrame,
    centroids: pd.DataFrame | None = None,
    points: pd.DataFrame | None = None,
    distances: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per district: served or not, by which facilities, and (with centroids) the nearest distance.

    A city counted inside its district (`stat_parent_code`) and that district share their facilities: Şuşa city
    is served by the branch coded to Şuşa district, and the reverse. `distances` (metrics.access.unit_distances:
    from where people live, never across the border) replaces the centroid distance when given.

    Columns: code, name_az, name_en, economic_region_code, population_exclusive, served, n_facilities,
    served_by ('; '-joined facility codes), served_only_via_pipeline, nearest_facility_code,
    nearest_location_basis (where that facility was placed: its own coordinates' basis or 'district_centroid'),
    distance_km.
    """
    cols = ["code", "name_az", "name_en", "economic_region_code", "population_exclusive"]
    out = districts.reindex(columns=cols).reset_index(drop=True)
    by_district: dict[str, list[str]] = {}
    pipeline_only: dict[str, bool] = {}
    for d, fac, via in zip(served["district_code"], served["facility_code"], served["via_pipeline"], strict=True):
        by_district.setdefault(d, []).append(fac)
        pipeline_only[d] = pipeline_only.get(d, True) and bool(via)
    if "stat_parent_code" in districts.columns:  # a city and its district share their facilities
        for city, parent in districts.dropna(subset=["stat_parent_code"])[["code", "stat_parent_code"]].itertuples(
            index=False
        ):
            if not parent:
                continue
            both = by_district.get(city, []) + by_district.get(parent, [])
            only = pipeline_only.get(city, True) and pipeline_only.get(parent, True)
            for c in (city, parent):
                if both:
                    by_district[c] = both
                    pipeline_only[c] = only
    codes = out["code"]
    out["n_facilities"] = codes.map(lambda c: len(set(by_district.get(c, ())))).astype("int64")
    out["served"] = out["n_facilities"] > 0
    out["served_by"] = codes.map(lambda c: "; ".join(sorted(set(by_district.get(c, ())))))
    out["served_only_via_pipeline"] = codes.map(lambda c: pipeline_only.get(c, False)).astype(bool)
    if distances is not None:
        out = out.merge(distances, on="code", how="left")
    elif centroids is not None and points is not None:
        near = nearest(centroids, points)
        out = out.merge(near, on="code", how="left")
        basis = dict(zip(points["facility_code"], points["location_basis"], strict=True))
        out["nearest_location_basis"] = out["nearest_facility_code"].map(basis)
    else:
        out["nearest_facility_code"], out["distance_km"], out["nearest_location_basis"] = None, np.nan, None
    out["counted_in"] = districts["stat_parent_code"].to_numpy() if "stat_parent_code" in districts else None
    order = [*cols, "served", "n_facilities", "served_by", "served_only_via_pipeline",
             "nearest_facility_code", "nearest_location_basis", "distance_km", "counted_in"]  # fmt: skip
    return out[order]


@contracts.output(contracts.CoverageSummaryOutput)
def coverage_summary(coverage: pd.DataFrame) -> pd.DataFrame:
    """Shares of districts and of population served and distances, nationally and per economic region.

    A district without population (Ağdərə) counts in the district share but not in the population share
    (districts_without_population says how many). Grouped by `scenario` too when the input has it. Columns:
    [scenario,] geo_level, geo_code, districts_total, districts_served, district_share, population_total,
    population_served, population_share, districts_without_population, mean_distance_km,
    pop_weighted_distance_km, max_distance_km, districts_without_distance.
    """
    pop = pd.to_numeric(coverage["population_exclusive"], errors="coerce").astype(float).to_numpy()
    known = ~np.isnan(pop) & (pop > 0)
    served = coverage["served"].to_numpy(bool)
    dist = coverage["distance_km"].astype(float).to_numpy()
    has_dist = ~np.isnan(dist)
    weighted = known & has_dist
    # A city counted inside its district is not a district of its own: 75 districts, not 79 rows.
    own_unit = (
        (coverage["counted_in"].isna() | (coverage["counted_in"] == "")).to_numpy()
        if "counted_in" in coverage
        else np.ones(len(coverage), bool)
    )
    parts = pd.DataFrame(
        {
            "n": own_unit.astype(int),
            "served": (served & own_unit).astype(int),
            "pop": np.where(known, pop, 0.0),
            "pop_served": np.where(known & served, pop, 0.0),
            "no_pop": (~known).astype(int),
            "dist": np.where(has_dist, dist, 0.0),
            "dist_max": dist,
            "has_dist": has_dist.astype(int),
            "own_dist": (has_dist & own_unit).astype(int),  # a city counted in its district is not a district
            "w": np.where(weighted, pop, 0.0),
            "wd": np.where(weighted, pop * np.nan_to_num(dist), 0.0),
        }
    )
    by_scenario = "scenario" in coverage.columns
    parts["scenario"] = coverage["scenario"].to_numpy() if by_scenario else ""
    parts["region"] = coverage["economic_region_code"].to_numpy()
    aggs = {c: (c, "sum") for c in parts.columns if c not in ("scenario", "region", "dist_max")}
    aggs["dist_max"] = ("dist_max", "max")
    country = parts.groupby("scenario", sort=False).agg(**aggs).reset_index().assign(geo_level="country", geo_code="AZ")
    regions = parts.groupby(["scenario", "region"], sort=True).agg(**aggs).reset_index()
    regions = regions.rename(columns={"region": "geo_code"}).assign(geo_level="region")
    g = pd.concat([country, regions], ignore_index=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = pd.DataFrame(
            {
                "scenario": g["scenario"],
                "geo_level": g["geo_level"],
                "geo_code": g["geo_code"],
                "districts_total": g["n"].astype("int64"),
                "districts_served": g["served"].astype("int64"),
                "district_share": np.where(g["n"] > 0, g["served"] / g["n"] * 100, np.nan),
                "population_total": g["pop"].astype(float),
                "population_served": g["pop_served"].astype(float),
                "population_share": np.where(g["pop"] > 0, g["pop_served"] / g["pop"] * 100, np.nan),
                "districts_without_population": g["no_pop"].astype("int64"),
                "mean_distance_km": np.where(g["has_dist"] > 0, g["dist"] / g["has_dist"], np.nan),
                "pop_weighted_distance_km": np.where(g["w"] > 0, g["wd"] / g["w"], np.nan),
                "max_distance_km": g["dist_max"].astype(float),
                "districts_without_distance": (g["n"] - g["own_dist"]).astype("int64"),
            }
        )
    scenarios = {v: i for i, v in enumerate(pd.unique(parts["scenario"]))}
    out = out.assign(_s=out["scenario"].map(scenarios), _level=(out["geo_level"] == "region").astype(int))
    out = out.sort_values(["_s", "_level", "geo_code"], kind="stable").drop(columns=["_s", "_level"])
    return out.reset_index(drop=True) if by_scenario else out.drop(columns="scenario").reset_index(drop=True)


@contracts.output(contracts.CoverageOutput)
def coverage_scenarios(
    facilities: pd.DataFrame,
    facility_status: pd.DataFrame,
    catchment: pd.DataFrame,
    districts: pd.DataFrame,
    on_date: date | str | pd.Timestamp,
    centroids: pd.DataFrame | None = None,
    horizon: date | str | pd.Timestamp = PIPELINE_HORIZON,
    network: str = NETWORK,
    scenarios: tuple[str, ...] = SCENARIOS,
    totals: pd.DataFrame | None = None,
    where: Where | None = None,
) -> pd.DataFrame:
    """district_coverage on `on_date` for the open network and with the pipeline added (column `scenario`;
    `scenarios` limits which are computed; the pipeline as metrics.facilities.status_with_pipeline counts it,
    with the official lists of `totals`). With `where` (and centroids), distances are measured from where
    people live to facilities placed at their coordinates or settlement, never across the border
    (metrics.access.unit_distances); without it, from district centroids."""
    frames = []
    narrow = facilities.reindex(columns=FACILITY_COLUMNS)
    for scenario in scenarios:
        if scenario == "with_pipeline":
            status = status_with_pipeline(facility_status, on_date, horizon, facilities=narrow, totals=totals)
        else:
            status = status_on(facility_status, on_date)
        net = open_facilities(narrow, status, network)
        served = _served(net, catchment, OWN_DISTRICT_TYPES, CATCHMENT_TYPES)
        points, distances = None, None
        own = net[net["facility_type"].isin(OWN_DISTRICT_TYPES).to_numpy()]
        if centroids is not None and where is not None:
            placed = place_facilities(own, where.settlements, where.names, centroids, districts)
            distances = unit_distances(where.points, placed, districts)
        elif centroids is not None:
            points = facility_points(own, centroids)
        frames.append(district_coverage(districts, served, centroids, points, distances).assign(scenario=scenario))
    return pd.concat(frames, ignore_index=True)
