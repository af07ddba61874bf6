"""The shipped district boundaries, their crosswalk to the registry, and data.geo."""

from __future__ import annotations

import json

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from data import geo
from data.build import build_boundaries
from data.config import REFERENCE_DIR

LON_RANGE = (44.7, 50.9)
LAT_RANGE = (38.3, 41.95)


@pytest.fixture(scope="module")
def registry() -> pd.DataFrame:
    """The 79-row district registry."""
    return pd.read_csv(REFERENCE_DIR / "districts.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def crosswalk() -> pd.DataFrame:
    """The reviewed source feature -> registry code crosswalk."""
    return pd.read_csv(REFERENCE_DIR / "boundary_crosswalk.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def boundaries() -> gpd.GeoDataFrame:
    """The shipped boundaries as loaded at run time."""
    return geo.load_boundaries()


def test_every_own_code_has_exactly_one_shape(registry: pd.DataFrame, boundaries: gpd.GeoDataFrame) -> None:
    """Each registry unit with shape_status=own appears once in the GeoJSON, and nothing else does."""
    own = registry.loc[registry["shape_status"] == "own", "code"]
    counts = boundaries["code"].value_counts()
    assert {code: counts.get(code, 0) for code in own if counts.get(code, 0) != 1} == {}
    assert set(boundaries["code"]) == set(own)


def test_only_agdere_has_no_shape(registry: pd.DataFrame, boundaries: gpd.GeoDataFrame) -> None:
    """Ağdərə is the only registry unit without a polygon, and its shape_note says why."""
    without = registry[~registry["code"].isin(boundaries["code"])]
    assert list(without["code"]) == ["AZX-AGD"]
    assert without["shape_status"].item() == "none"
    assert without["shape_note"].item().strip()


def test_file_has_unique_codes_and_only_code_and_name() -> None:
    """The GeoJSON file has no duplicate codes and carries only code and name_az."""
    features = json.loads(geo.BOUNDARIES_PATH.read_text(encoding="utf-8"))["features"]
    codes = [f["properties"]["code"] for f in features]
    assert len(codes) == len(set(codes)) == 78
    assert all(set(f["properties"]) == {"code", "name_az"} for f in features)


def test_names_come_from_the_registry(registry: pd.DataFrame, boundaries: gpd.GeoDataFrame) -> None:
    """Each feature's name_az is the registry's."""
    names = registry.set_index("code")["name_az"]
    assert (boundaries["name_az"] == boundaries["code"].map(names)).all()


def test_geometries_are_valid_polygons(boundaries: gpd.GeoDataFrame) -> None:
    """Every geometry is a valid, non-empty (Multi)Polygon."""
    assert boundaries.is_valid.all()
    assert not boundaries.is_empty.any()
    assert set(boundaries.geom_type) <= {"Polygon", "MultiPolygon"}


def test_crs_is_wgs84(boundaries: gpd.GeoDataFrame) -> None:
    """The boundaries come in EPSG:4326."""
    assert boundaries.crs.to_epsg() == 4326
    assert geo.GEOGRAPHIC_CRS == "EPSG:4326"


def test_all_within_azerbaijan_bbox(boundaries: gpd.GeoDataFrame) -> None:
    """Every polygon lies inside Azerbaijan's bounding box."""
    bounds = boundaries.bounds
    assert bounds["minx"].min() >= LON_RANGE[0] and bounds["maxx"].max() <= LON_RANGE[1]
    assert bounds["miny"].min() >= LAT_RANGE[0] and bounds["maxy"].max() <= LAT_RANGE[1]


def test_rings_follow_rfc7946_winding(boundaries: gpd.GeoDataFrame) -> None:
    """Exterior rings run counter-clockwise and holes clockwise."""
    for code, geom in zip(boundaries["code"], boundaries.geometry, strict=True):
        for polygon in shapely.get_parts(geom):
            assert shapely.is_ccw(polygon.exterior), code
            assert not any(shapely.is_ccw(hole) for hole in polygon.interiors), code


def test_neighbours_meet_without_gaps_or_overlaps(boundaries: gpd.GeoDataFrame) -> None:
    """No two units overlap, and the only hole in the union is the Armenian exclave in Gədəbəy (~35 km²)."""
    projected = boundaries.to_crs(geo.PROJECTED_CRS).geometry.to_numpy()
    left, right = shapely.STRtree(projected).query(projected, predicate="intersects")
    pairs = left < right
    overlap = shapely.area(shapely.intersection(projected[left[pairs]], projected[right[pairs]])).sum()
    assert overlap < 1_000  # m², i.e. nothing beyond rounding noise
    holes = [
        shapely.Polygon(ring).area / 1e6
        for polygon in shapely.get_parts(shapely.union_all(projected))
        for ring in polygon.interiors
    ]
    assert len(holes) == 1 and 30 < holes[0] < 40


def test_crosswalk_maps_all_78_features_uniquely(crosswalk: pd.DataFrame, registry: pd.DataFrame) -> None:
    """78 source features, each once, onto 78 distinct registry units with shape_status=own."""
    assert len(crosswalk) == 78
    assert crosswalk["adm1_code"].is_unique
    assert crosswalk["district_code"].is_unique
    own = set(registry.loc[registry["shape_status"] == "own", "code"])
    assert set(crosswalk["district_code"]) == own


@pytest.mark.parametrize(
    ("adm1_code", "code"),
    [
        ("AZE-1735", "AZ-LAC"),
        ("AZE-4838", "AZ-XA"),
        ("AZE-1739", "AZ-XCI"),
        ("AZE-1737", "AZ-SUS"),
        ("AZE-5565", "AZX-SS"),
        ("AZE-1680", "AZ-GYG"),
        ("AZE-1701", "AZ-SBN"),
        ("AZE-5563", "AZ-SR"),
    ],
)
def test_crosswalk_reviewed_cases(crosswalk: pd.DataFrame, adm1_code: str, code: str) -> None:
    """The features whose source names are wrong or outdated map to today's units, with a review note."""
    row = crosswalk.set_index("adm1_code").loc[adm1_code]
    assert row["district_code"] == code
    assert row["review_note"].strip()


def test_apply_crosswalk_fails_loudly() -> None:
    """An unmapped feature, or a unit given two shapes or none, stops the build."""

    def feature(adm1: str) -> dict:
        return {"properties": {"adm1_code": adm1, "name": adm1, "name_alt": None, "code_hasc": "", "type_en": "D"}}

    def row(adm1: str, code: str) -> dict:
        return {
            "adm1_code": adm1,
            "source_name": adm1,
            "source_name_alt": "",
            "source_hasc": "",
            "source_type": "D",
            "district_code": code,
        }

    features = {a: feature(a) for a in ("A", "B")}
    registry = [{"code": "X", "shape_status": "own"}, {"code": "Y", "shape_status": "own"}]
    assert build_boundaries.apply_crosswalk(features, [row("A", "X"), row("B", "Y")], registry) == {"A": "X", "B": "Y"}
    with pytest.raises(build_boundaries.BoundaryBuildError, match="not in the crosswalk"):
        build_boundaries.apply_crosswalk(features, [row("A", "X")], registry)
    with pytest.raises(build_boundaries.BoundaryBuildError, match="gets 2 shapes"):
        build_boundaries.apply_crosswalk(features, [row("A", "X"), row("B", "X")], registry)


def test_baku_centroid(boundaries: gpd.GeoDataFrame) -> None:
    """The centroid of Bakı lies near the city, and x/y are UTM 38N metres."""
    points = geo.centroids()
    assert list(points.columns) == ["code", "lat", "lon", "x", "y"]
    assert len(points) == len(boundaries) and points["code"].is_unique
    baku = points.set_index("code").loc["AZ-BA"]
    assert 40.3 <= baku["lat"] <= 40.6 and 49.6 <= baku["lon"] <= 50.4
    assert 700_000 < baku["x"] < 1_000_000 and 4_400_000 < baku["y"] < 4_500_000


def test_region_outlines_give_14_regions(registry: pd.DataFrame) -> None:
    """Dissolving by economic region over the 79-row registry gives the 14 regions of the 2021 decree."""
    outlines = geo.region_outlines(registry[["code", "economic_region_code"]])
    assert list(outlines.columns) == ["economic_region_code", "geometry"]
    assert len(outlines) == 14 and outlines["economic_region_code"].is_unique
    assert outlines.crs.to_epsg() == 4326
    assert outlines.is_valid.all() and not outlines.is_empty.any()


def test_to_geojson_sets_ids(boundaries: gpd.GeoDataFrame) -> None:
    """Every feature carries id = code, for plotly's locations."""
    collection = geo.to_geojson(boundaries)
    assert collection["type"] == "FeatureCollection"
    assert [f["id"] for f in collection["features"]] == list(boundaries["code"])


def test_load_boundaries_returns_copies() -> None:
    """Changing a returned frame does not change the cached one."""
    first = geo.load_boundaries()
    first.loc[0, "code"] = "changed"
    assert geo.load_boundaries().loc[0, "code"] != "changed"
