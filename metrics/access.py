"""Access where people live: distance from every population point to the nearest open DOST facility.

Distances are straight lines in the projected CRS (EPSG:32638, metres), never across a border: the Nakhchivan
Autonomous Republic (economic region ER-NAX) is served only by facilities in Nakhchivan and the mainland only
by the mainland. Centres, regional centres and branches are the network's offices; service points and Smart
DOST kiosks are reported apart. The administrative "served" flag (metrics.dost) stays as a second figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import geopandas as gpd
import numpy as np
import pandas as pd

from data.geo import GEOGRAPHIC_CRS, PROJECTED_CRS
from metrics import contracts
from metrics.distance import facility_points, nearest
from metrics.facilities import PIPELINE_HORIZON, open_facilities, status_on, status_with_pipeline
from metrics.network import NETWORK_TYPES, network_progress

OFFICE_TYPES = ("centre", "regional_centre", "branch")  # centres and branches: where a person is served in full
POINT_TYPES = ("service_point", "smart_point")  # service points and Smart DOST kiosks, reported apart
EXCLAVE_REGION = "ER-NAX"
RADII_KM = (15, 30, 60)
DEFAULT_RADIUS_KM = 30
SIDES = ("mainland", "nakhchivan")
TARGET_READINGS: dict[str, tuple[str, ...]] = {
    "all_centres": NETWORK_TYPES["dost_centres_open"],  # the headline's reading: Baku's centres count
    "regional_only": ("regional_centre",),
}
HEADLINE_READING = "all_centres"


@dataclass(frozen=True)
class Where:
    """Where people live and where a facility without coordinates stands (data.geo: population_points,
    settlements, settlement_names)."""

    points: pd.DataFrame
    settlements: pd.DataFrame
    names: pd.DataFrame


def side_of(district_codes: pd.Series, districts: pd.DataFrame) -> pd.Series:
    """'nakhchivan' for units of the exclave's economic region, else 'mainland' (unknown codes: mainland)."""
    region = district_codes.map(districts.set_index("code")["economic_region_code"])
    return pd.Series(np.where(region == EXCLAVE_REGION, "nakhchivan", "mainland"), index=district_codes.index)


def stat_district(codes: pd.Series, districts: pd.DataFrame) -> pd.Series:
    """The district of the population series a unit is counted in: a city counted inside its district maps to
    that district, every other unit to itself."""
    parent = districts.set_index("code")["stat_parent_code"].replace("", np.nan)
    return codes.map(parent).fillna(codes)


@contracts.output(contracts.PlaceFacilitiesOutput)
def place_facilities(
    facilities: pd.DataFrame,
    settlements: pd.DataFrame,
    names: pd.DataFrame,
    centroids: pd.DataFrame,
    districts: pd.DataFrame,
) -> pd.DataFrame:
    """Facilities as points in the projected CRS: their own coordinates; else their settlement (`names` maps a
    facility's settlement name, within its district or a city counted inside it, to a settlement of
    `settlements`); else, last, the district centroid (said in location_basis). Columns: facility_code,
    district_code, facility_type, x, y, location_basis (the registry's basis | settlement | district_seat |
    district_centroid), side, lon, lat."""
    f = facilities.reset_index(drop=True)
    placed = facility_points(f, centroids).set_index("facility_code")
    xy = settlements.set_index("settlement_code")[["x", "y"]]
    family = stat_district(names["district_code"], districts)
    lookup = {
        (d, n): (float(xy.at[c, "x"]), float(xy.at[c, "y"]), b)
        for d, n, c, b in zip(family, names["name_az"], names["settlement_code"], names["basis"], strict=True)
        if c in xy.index
    }
    f_family = stat_district(f["district_code"], districts)
    rows = []
    for r, fam in zip(f.itertuples(index=False), f_family, strict=True):
        known = r.code in placed.index
        if known and placed.at[r.code, "location_basis"] != "district_centroid":
            p = placed.loc[r.code]
            rows.append((r.code, r.district_code, r.facility_type, p["x"], p["y"], p["location_basis"]))
        elif (fam, str(r.settlement)) in lookup:
            x, y, basis = lookup[(fam, str(r.settlement))]
            rows.append((r.code, r.district_code, r.facility_type, x, y, basis))
        elif known:
            p = placed.loc[r.code]
            rows.append((r.code, r.district_code, r.facility_type, p["x"], p["y"], "district_centroid"))
    cols = ["facility_code", "district_code", "facility_type", "x", "y", "location_basis"]
    out = pd.DataFrame(rows, columns=cols)
    out["side"] = side_of(out["district_code"], districts).to_numpy()
    ll = gpd.GeoSeries(gpd.points_from_xy(out["x"], out["y"]), crs=PROJECTED_CRS).to_crs(GEOGRAPHIC_CRS)
    out["lon"], out["lat"] = ll.x.to_numpy(), ll.y.to_numpy()
    return out


@contracts.output(contracts.NearestOnSideOutput)
def nearest_on_side(points: pd.DataFrame, facilities: pd.DataFrame) -> pd.DataFrame:
    """For each point (x, y, side) the nearest facility (facility_code, x, y, side) on the same side of the
    border. Columns (index as `points`): facility_code, distance_km (NaN when that side has no facility)."""
    out = pd.DataFrame({"facility_code": None, "distance_km": np.nan}, index=points.index).astype(
        {"facility_code": object}
    )
    for side in SIDES:
        mine = (points["side"] == side).to_numpy()
        if not mine.any():
            continue
        fac = facilities[(facilities["side"] == side).to_numpy()]
        if fac.empty:
            continue
        sub = points.loc[mine, ["x", "y"]].assign(code=np.arange(int(mine.sum())))
        near = nearest(sub, fac[["facility_code", "x", "y"]])
        out.loc[mine, "facility_code"] = near["nearest_facility_code"].to_numpy()
        out.loc[mine, "distance_km"] = near["distance_km"].to_numpy()
    return out


@contracts.output(contracts.PointAccessOutput)
def point_access(pop_points: pd.DataFrame, placed: pd.DataFrame, districts: pd.DataFrame) -> pd.DataFrame:
    """Every population point with its nearest office (centre, regional centre or branch) and its nearest
    service point or kiosk, each on its own side of the border. Columns: district_code, stat_district_code,
    side, population, x, y, office_code, office_km, point_code, point_km."""
    p = pop_points.reset_index(drop=True)
    base = pd.DataFrame(
        {
            "district_code": p["district_code"],
            "stat_district_code": stat_district(p["district_code"], districts).to_numpy(),
            "side": side_of(p["district_code"], districts).to_numpy(),
            "population": p["population"].astype(float),
            "x": p["x"].astype(float),
            "y": p["y"].astype(float),
        }
    )
    office = nearest_on_side(base, placed[placed["facility_type"].isin(OFFICE_TYPES).to_numpy()])
    kiosk = nearest_on_side(base, placed[placed["facility_type"].isin(POINT_TYPES).to_numpy()])
    return base.assign(
        office_code=office["facility_code"],
        office_km=office["distance_km"],
        point_code=kiosk["facility_code"],
        point_km=kiosk["distance_km"],
    )


@contracts.output(contracts.UnitDistancesOutput)
def unit_distances(points: pd.DataFrame, placed: pd.DataFrame, districts: pd.DataFrame) -> pd.DataFrame:
    """Each polygon unit's population-weighted mean distance from where its people live to the nearest facility of
    `placed` on its side of the border, and the facility nearest to its most populous point. Units with no point,
    or with no facility on their side, get NaN. Columns: code, nearest_facility_code, nearest_location_basis,
    distance_km."""
    p = points.reset_index(drop=True)
    base = pd.DataFrame(
        {
            "x": p["x"].astype(float),
            "y": p["y"].astype(float),
            "side": side_of(p["district_code"], districts).to_numpy(),
        }
    )
    near = nearest_on_side(base, placed)
    w = p["population"].to_numpy(float)
    d = near["distance_km"].to_numpy(float)
    ok = ~np.isnan(d)
    parts = pd.DataFrame(
        {"code": p["district_code"], "w": np.where(ok, w, 0.0), "wd": np.where(ok, w * np.nan_to_num(d), 0.0)}
    )
    g = parts.groupby("code").sum()
    top = (
        p.assign(_f=near["facility_code"].to_numpy())
        .sort_values("population", ascending=False)
        .drop_duplicates("district_code")
    )
    basis = dict(zip(placed["facility_code"], placed["location_basis"], strict=True))
    out = pd.DataFrame(
        {"code": g.index, "distance_km": np.where(g["w"] > 0, g["wd"] / g["w"].where(g["w"] > 0, 1), np.nan)}
    )
    out["nearest_facility_code"] = out["code"].map(dict(zip(top["district_code"], top["_f"], strict=True)))
    out["nearest_location_basis"] = out["nearest_facility_code"].map(basis)
    return out[["code", "nearest_facility_code", "nearest_location_basis", "distance_km"]]


@contracts.output(contracts.NetworkOnOutput)
def network_on(
    facilities: pd.DataFrame,
    facility_status: pd.DataFrame,
    on_date: date | str | pd.Timestamp,
    with_pipeline: bool = False,
    horizon: date | str | pd.Timestamp = PIPELINE_HORIZON,
    totals: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The DOST facilities counted open on a date (metrics.facilities.status_on), or with the pipeline counted
    as built (status_with_pipeline, with the official lists of `totals`)."""
    if with_pipeline:
        status = status_with_pipeline(facility_status, on_date, horizon, facilities=facilities, totals=totals)
    else:
        status = status_on(facility_status, on_date)
    return open_facilities(facilities, status, "dost")


def _groups(stat_codes: pd.Series, groups: pd.DataFrame) -> dict[str, np.ndarray]:
    """Boolean masks of the comparison groups over rows with these series district codes."""
    members = {g: set(groups.loc[groups["group"] == g, "district_code"]) for g in groups["group"].unique()}
    ba = stat_codes.isin(members.get("baku_absheron", set())).to_numpy()
    reg = stat_codes.isin(members.get("registered", set())).to_numpy()
    part = stat_codes.isin(members.get("partly_registered", set())).to_numpy()
    return {
        "baku_absheron": ba,
        "outside_baku_absheron": ~ba,
        "registered": reg,
        "partly_registered": part,
        "resident": ~reg & ~part,
    }


@contracts.output(contracts.AccessSummaryOutput)
def access_summary(
    access: pd.DataFrame,
    districts: pd.DataFrame,
    groups: pd.DataFrame,
    radii: tuple[int, ...] = RADII_KM,
    served_codes: set[str] | None = None,
) -> pd.DataFrame:
    """Population within each radius of an office and of a service point/kiosk, and the population-weighted mean
    distance, per district (the series' 75 units: a city counted inside its district joins it), economic region,
    country and comparison group (baku_absheron, outside_baku_absheron, registered, partly_registered, resident).

    `served_codes` (the units the administrative flag calls served, metrics.dost) adds the second figure,
    population_served_admin / share_served_admin. Population with no office on its side of the border counts as
    beyond every radius and is reported (population_no_office); the mean distance is over the rest.
    Columns: geo_level, geo_code, population, population_no_office, office_km_mean, then for each radius r:
    office_within_{r}, office_share_{r}, point_within_{r}, point_share_{r}; then population_served_admin,
    share_served_admin.
    """
    a = access.reset_index(drop=True)
    pop = a["population"].to_numpy(float)
    dist = a["office_km"].to_numpy(float)
    pdist = a["point_km"].to_numpy(float)
    has = ~np.isnan(dist)
    cols = {
        "population": pop,
        "no_office": np.where(has, 0.0, pop),
        "w": np.where(has, pop, 0.0),
        "wd": np.where(has, pop * np.nan_to_num(dist), 0.0),
    }
    for r in radii:
        cols[f"office_within_{r}"] = np.where(has & (np.nan_to_num(dist, nan=np.inf) <= r), pop, 0.0)
        cols[f"point_within_{r}"] = np.where(np.nan_to_num(pdist, nan=np.inf) <= r, pop, 0.0)
    if served_codes is not None:
        served = a["district_code"].isin(served_codes).to_numpy()
        cols["served_admin"] = np.where(served, pop, 0.0)
    parts = pd.DataFrame(cols)
    region = a["stat_district_code"].map(districts.set_index("code")["economic_region_code"])
    frames = [
        parts.groupby(a["stat_district_code"].to_numpy()).sum().assign(geo_level="district"),
        parts.groupby(region.to_numpy()).sum().assign(geo_level="region"),
        parts.sum().to_frame("AZ").T.assign(geo_level="country"),
    ]
    for name, mask in _groups(a["stat_district_code"], groups).items():
        frames.append(parts[mask].sum().to_frame(name).T.assign(geo_level="group"))
    g = pd.concat(frames)
    g.index.name = "geo_code"
    g = g.reset_index()
    total = g["population"].to_numpy(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = pd.DataFrame(
            {
                "geo_level": g["geo_level"],
                "geo_code": g["geo_code"],
                "population": total,
                "population_no_office": g["no_office"].to_numpy(float),
                "office_km_mean": np.where(g["w"] > 0, g["wd"] / g["w"], np.nan),
            }
        )
        for r in radii:
            out[f"office_within_{r}"] = g[f"office_within_{r}"].to_numpy(float)
            out[f"office_share_{r}"] = np.where(total > 0, out[f"office_within_{r}"] / total * 100, np.nan)
            out[f"point_within_{r}"] = g[f"point_within_{r}"].to_numpy(float)
            out[f"point_share_{r}"] = np.where(total > 0, out[f"point_within_{r}"] / total * 100, np.nan)
        if served_codes is not None:
            out["population_served_admin"] = g["served_admin"].to_numpy(float)
            out["share_served_admin"] = np.where(total > 0, out["population_served_admin"] / total * 100, np.nan)
    order = {"country": 0, "group": 1, "region": 2, "district": 3}
    return out.sort_values(
        ["geo_level", "geo_code"], key=lambda s: s.map(order) if s.name == "geo_level" else s
    ).reset_index(drop=True)


def served_units(coverage: pd.DataFrame, districts: pd.DataFrame) -> set[str]:
    """The units the administrative flag calls served (metrics.dost.district_coverage, scenario rows of one
    scenario), with a city counted inside a served district and the district of a served city served too (the
    flag is about the district, and Şuşa city is Şuşa district's)."""
    served = set(coverage.loc[coverage["served"].to_numpy(bool), "code"])
    parent = districts.set_index("code")["stat_parent_code"].replace("", np.nan).dropna()
    for city, district in parent.items():
        if city in served or district in served:
            served |= {city, district}
    return served


@contracts.output(contracts.TargetReadingsOutput)
def target_readings(
    facilities: pd.DataFrame,
    facility_status: pd.DataFrame,
    targets: pd.DataFrame,
    on_date: date | str | pd.Timestamp,
    totals: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Both readings of the 2030 centres target side by side: 'all_centres' counts every DOST centre (Baku's
    included; the headline's reading, HEADLINE_READING), 'regional_only' only regional centres. Columns: reading,
    is_headline, facility_types, open, with_pipeline, target_value, target_year, share_of_target,
    share_with_pipeline."""
    rows = []
    for reading, types in TARGET_READINGS.items():
        p = network_progress(
            facilities, facility_status, targets, on_date, network_types={"dost_centres_open": types}, totals=totals
        )
        r = p.iloc[0]
        rows.append(
            {
                "reading": reading,
                "is_headline": reading == HEADLINE_READING,
                "facility_types": ", ".join(types),
                "open": int(r["open"]),
                "with_pipeline": int(r["with_pipeline"]),
                "target_value": r["target_value"],
                "target_year": r["target_year"],
                "share_of_target": r["share_of_target"],
                "share_with_pipeline": r["share_with_pipeline"],
            }
        )
    return pd.DataFrame(rows)


@contracts.output(contracts.AccessScenariosOutput)
def access_scenarios(
    facilities: pd.DataFrame,
    facility_status: pd.DataFrame,
    catchment: pd.DataFrame,
    districts: pd.DataFrame,
    on_date: date | str | pd.Timestamp,
    where: Where,
    centroids: pd.DataFrame,
    groups: pd.DataFrame,
    radii: tuple[int, ...] = RADII_KM,
    totals: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Population within each radius of a DOST office, per district, region, country and group, for the open
    network and with the pipeline (column scenario; access_summary with the administrative "served" figure):
    the DOST page's tiles and the figures command read this one function."""
    from metrics.dost import coverage_scenarios  # metrics.dost imports this module

    on = pd.Timestamp(on_date).date().isoformat()
    parts = []
    for scenario, wp in (("open", False), ("with_pipeline", True)):
        net = network_on(facilities, facility_status, on, wp, totals=totals)
        placed = place_facilities(net, where.settlements, where.names, centroids, districts)
        acc = point_access(where.points, placed, districts)
        cov = coverage_scenarios(
            facilities, facility_status, catchment, districts, on, scenarios=(scenario,), totals=totals
        )
        s = access_summary(acc, districts, groups, tuple(radii), served_codes=served_units(cov, districts))
        parts.append(s.assign(scenario=scenario))
    return pd.concat(parts, ignore_index=True)
