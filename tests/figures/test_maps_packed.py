"""Packed GeoJSON (figures.maps.packed): rings as float arrays make the same figure and the same JSON as lists."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.io as pio
import plotly.tools
import pytest

from data import geo
from figures import maps

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def shapes() -> dict:
    regions = pd.read_csv(ROOT / "data/reference/districts.csv", usecols=["code", "economic_region_code"])
    return {
        "districts": geo.to_geojson(geo.load_boundaries()),
        "regions": geo.to_geojson(geo.region_outlines(regions), id_column="economic_region_code"),
    }


def text(geojson: dict) -> str:
    """A GeoJSON as JSON text, packed rings written as the lists they hold."""
    return json.dumps(geojson, default=lambda a: a.tolist())


def sent(fig) -> str:
    """The JSON st.plotly_chart sends for a figure (plotly's to_dict, then to_json as Streamlit calls them)."""
    return pio.to_json(plotly.tools.return_figure_from_figure_or_data(fig, validate_figure=True), validate=False)


@pytest.mark.parametrize("name", ["districts", "regions"])
def test_every_ring_is_packed_and_the_input_is_unchanged(shapes, name):
    plain = shapes[name]
    before = text(plain)
    pk = maps.packed(plain)
    assert text(plain) == before and text(pk) == before
    assert [f["id"] for f in pk["features"]] == [f["id"] for f in plain["features"]]
    for p, f in zip(pk["features"], plain["features"], strict=True):
        assert p["geometry"]["type"] == f["geometry"]["type"] and p["properties"] == f["properties"]
        assert maps._rings({"features": [p]}) == maps._rings({"features": [f]})
        polygons = (
            [p["geometry"]["coordinates"]] if p["geometry"]["type"] == "Polygon" else p["geometry"]["coordinates"]
        )
        assert all(isinstance(r, np.ndarray) and r.shape[1] == 2 for poly in polygons for r in poly)
    assert text(maps.packed(pk)) == before  # packing twice changes nothing


@pytest.mark.parametrize("level", ["district", "region"])
def test_a_map_of_packed_shapes_sends_the_same_json(shapes, level):
    units = shapes["districts" if level == "district" else "regions"]
    codes = [f["id"] for f in units["features"]]
    values = pd.DataFrame({"code": codes[::2], "value": np.arange(len(codes[::2])) * 1.5, "hover": "h"})
    fac = pd.DataFrame(
        {"code": ["a", "b"], "lat": [40.4, 40.7], "lon": [49.8, 46.4], "status": ["open", "planned"],
         "facility_type": ["centre", "branch"], "hover": ["A", "B"]}
    )  # fmt: skip
    kwargs = {"facilities": fac, "level": level, "highlight": codes[3]}
    plain = maps.choropleth(units, values, "en", "Value", {}, region_geojson=shapes["regions"], **kwargs)
    packed = maps.choropleth(
        maps.packed(units), values, "en", "Value", {}, region_geojson=maps.packed(shapes["regions"]), **kwargs
    )
    assert sent(packed) == sent(plain)
