"""The shipped population surface: every district's points sum to its 2026 population; the rules hold."""

import pandas as pd
import pytest
import shapely

from data import geo
from data.build.build_population_surface import grid_points, largest_remainder, polygon_populations
from data.config import REFERENCE_DIR


@pytest.fixture(scope="module")
def districts():
    return pd.read_csv(REFERENCE_DIR / "districts.csv", dtype={"stat_parent_code": str})


def test_every_district_sums_to_its_population(districts):
    points = geo.population_points()
    by_polygon = points.groupby("district_code")["population"].sum()
    own = polygon_populations(districts).set_index("code")["population"]
    assert by_polygon.to_dict() == own[own > 0].to_dict()
    # The series' districts: a district's points plus its cities' points give its published population.
    parent = districts.set_index("code")["stat_parent_code"]
    series = points.groupby(points["district_code"].map(parent).fillna(points["district_code"]))["population"].sum()
    published = districts.dropna(subset=["population"]).query("stat_parent_code != stat_parent_code")
    for row in published.itertuples():
        assert series.get(row.code, 0) == int(row.population), row.code


def test_points_lie_in_their_polygon_or_at_a_settlement(districts):
    points = geo.population_points()
    bounds = geo.load_boundaries().to_crs(geo.PROJECTED_CRS).set_index("code").geometry
    grid = points[points["kind"] == "grid"]
    inside = [
        bounds[c].buffer(1).contains(__import__("shapely").Point(x, y))
        for c, x, y in zip(grid["district_code"], grid["x"], grid["y"], strict=True)
    ]
    assert all(inside)
    assert set(points.loc[points["kind"] == "settlement", "settlement_code"]) <= set(
        geo.settlements()["settlement_code"]
    )


def test_susa_city_people_live_at_the_town_where_the_branch_is():
    points = geo.population_points()
    susa = points[points["district_code"] == "AZX-SS"]
    assert susa["population"].sum() == 19400
    town = geo.settlements().set_index("settlement_code").loc["AZX-SS-susa"]
    assert susa.loc[susa["settlement_code"] == "AZX-SS-susa", "population"].sum() == town["population_used"] > 0


@pytest.mark.parametrize(("total", "weights"), [(10, [1, 1, 1]), (7, [5, 0, 5]), (0, [1, 2]), (5, [0, 0])])
def test_largest_remainder_sums_exactly(total, weights):
    got = largest_remainder(total, weights)
    assert got.sum() == total and (got >= 0).all()


def test_a_polygon_too_small_for_the_grid_gets_one_point():
    tiny = shapely.box(100.0, 100.0, 900.0, 900.0)
    assert len(grid_points(tiny, spacing=5000.0)) == 1
    big = shapely.box(0.0, 0.0, 20_000.0, 10_000.0)
    assert len(grid_points(big, spacing=5000.0)) == 8


def test_groups_name_existing_districts(districts):
    groups = geo.population_groups()
    assert set(groups["district_code"]) <= set(districts["code"])
    assert (groups["note"].str.len() > 0).all()
    assert set(groups["group"]) == {"baku_absheron", "registered", "partly_registered"}


def test_the_shipped_files_are_what_the_build_makes(tmp_path, monkeypatch):
    from data.build import build_population_surface as b

    for name in ("POINTS_PATH", "SETTLEMENTS_PATH", "NAMES_PATH"):
        monkeypatch.setattr(b, name, tmp_path / getattr(b, name).name)
    b.main()
    for name in ("population_points.csv", "settlements.csv", "settlement_names.csv"):
        assert (tmp_path / name).read_bytes() == (geo.GEO_DIR / name).read_bytes(), name
