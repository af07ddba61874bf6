"""District boundaries as GeoDataFrames (EPSG:4326), the projected CRS for distances, and region outlines.

The boundary file is built by `python -m data.build.build_boundaries` (see data/geo/ATTRIBUTION.md).
Nothing here reads the database: callers pass the district -> economic region table in.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely

from data.config import GEO_DIR

BOUNDARIES_PATH: Path = GEO_DIR / "districts.geojson"
GEOGRAPHIC_CRS = "EPSG:4326"
PROJECTED_CRS = "EPSG:32638"  # WGS 84 / UTM zone 38N, metres: distances, areas and centroids


@functools.lru_cache(maxsize=1)
def _read_boundaries() -> gpd.GeoDataFrame:
    """Read the shipped boundary file once (callers get copies)."""
    with BOUNDARIES_PATH.open(encoding="utf-8") as fh:
        collection = json.load(fh)
    gdf = gpd.GeoDataFrame.from_features(collection["features"], crs=GEOGRAPHIC_CRS)
    return gdf[["code", "name_az", "geometry"]].reset_index(drop=True)


def load_boundaries() -> gpd.GeoDataFrame:
    """The district polygons: columns code, name_az, geometry; CRS EPSG:4326 (a fresh copy each call)."""
    return _read_boundaries().copy()


@functools.lru_cache(maxsize=1)
def _centroids() -> pd.DataFrame:
    """Centroids computed once in the projected CRS."""
    projected = _read_boundaries().to_crs(PROJECTED_CRS)
    points = projected.geometry.centroid
    geographic = points.to_crs(GEOGRAPHIC_CRS)
    return pd.DataFrame(
        {
            "code": projected["code"].to_numpy(),
            "lat": geographic.y.to_numpy(),
            "lon": geographic.x.to_numpy(),
            "x": points.x.to_numpy(),
            "y": points.y.to_numpy(),
        }
    )


def centroids() -> pd.DataFrame:
    """True centroid of every district (computed in PROJECTED_CRS): code, lat, lon, x, y (x/y in metres)."""
    return _centroids().copy()


def region_outlines(district_regions: pd.DataFrame) -> gpd.GeoDataFrame:
    """Dissolve the district polygons by economic region (district_regions: code, economic_region_code)."""
    missing = {"code", "economic_region_code"} - set(district_regions.columns)
    if missing:
        raise ValueError(f"district_regions lacks column(s): {sorted(missing)}")
    regions = district_regions[["code", "economic_region_code"]].dropna().drop_duplicates()
    if regions["code"].duplicated().any():
        duplicated = sorted(regions.loc[regions["code"].duplicated(), "code"])
        raise ValueError(f"districts given more than one economic region: {duplicated}")
    # Districts without a region in district_regions (and registry units without a shape) are left out.
    merged = load_boundaries().merge(regions, on="code", how="inner")
    outlines = merged.dissolve(by="economic_region_code", as_index=False)[["economic_region_code", "geometry"]]
    outlines["geometry"] = shapely.orient_polygons(shapely.make_valid(outlines.geometry.to_numpy()), exterior_cw=False)
    return gpd.GeoDataFrame(outlines, geometry="geometry", crs=GEOGRAPHIC_CRS)


def to_geojson(gdf: gpd.GeoDataFrame, id_column: str = "code") -> dict[str, Any]:
    """A GeoJSON FeatureCollection (EPSG:4326) with `id` = the id_column value on every feature, for plotly."""
    if id_column not in gdf.columns:
        raise ValueError(f"no column {id_column!r} to use as feature id")
    collection = json.loads(gdf.to_json(drop_id=True, to_wgs84=gdf.crs is not None))
    for feature in collection["features"]:
        feature["id"] = feature["properties"][id_column]
    return collection


POPULATION_POINTS_PATH: Path = GEO_DIR / "population_points.csv"
SETTLEMENTS_PATH: Path = GEO_DIR / "settlements.csv"
POPULATION_GROUPS_PATH: Path = GEO_DIR / "population_groups.csv"


@functools.lru_cache(maxsize=1)
def _population_points() -> pd.DataFrame:
    return pd.read_csv(
        POPULATION_POINTS_PATH,
        dtype={"district_code": str, "kind": str, "settlement_code": str, "population": "int64"},
        keep_default_na=False,
        na_values={"lon": [""], "lat": [""]},
    )


def population_points() -> pd.DataFrame:
    """Where people live (data/build/build_population_surface.py): district_code (the polygon's unit), kind
    (settlement | grid), settlement_code, lon, lat, x, y (PROJECTED_CRS metres), population (whole people)."""
    return _population_points().copy()


@functools.lru_cache(maxsize=1)
def _settlements() -> pd.DataFrame:
    return pd.read_csv(SETTLEMENTS_PATH, dtype={"name_az": str}, keep_default_na=False, na_values={"lon": [""]})


def settlements() -> pd.DataFrame:
    """GeoNames places of 1,000+ people (candidate sites; where a facility without coordinates is placed):
    settlement_code, name, name_az, district_code, lon, lat, x, y, population_geonames, population_used,
    population_rule."""
    return _settlements().copy()


def population_groups() -> pd.DataFrame:
    """Districts in named groups (baku_absheron, registered, partly_registered) with the basis of each: group,
    district_code, note."""
    return pd.read_csv(POPULATION_GROUPS_PATH, dtype=str, keep_default_na=False)


def settlement_names() -> pd.DataFrame:
    """Which settlement a facility's settlement name means (data/curation/settlement_names.csv resolved by the
    build): name_az, district_code, settlement_code, basis (settlement | district_seat)."""
    return pd.read_csv(GEO_DIR / "settlement_names.csv", dtype=str, keep_default_na=False)
