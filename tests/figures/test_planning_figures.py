"""Planning figures and the facility placement the maps use (settlement before centroid)."""

import numpy as np
import pandas as pd

from data import geo
from figures import planning
from figures.frames import place_at_centroids


def test_a_facility_without_coordinates_is_drawn_at_its_settlement():
    fac = pd.DataFrame(
        {
            "code": ["DOST-MASALLI", "X", "Y"],
            "district_code": ["AZ-MAS", "AZ-ZAN", "AZ-LER"],
            "settlement": ["Masallı", "Ağalı", "Nowhere"],
            "lat": [np.nan, np.nan, np.nan],
            "lon": [np.nan, np.nan, np.nan],
            "location_basis": [None, None, None],
        }
    )
    out = place_at_centroids(fac, geo.centroids(), geo.settlements(), geo.settlement_names()).set_index("code")
    town = geo.settlements().set_index("settlement_code").loc["AZ-MAS-masally"]
    assert (out.loc["DOST-MASALLI", "lat"], out.loc["DOST-MASALLI", "lon"]) == (town["lat"], town["lon"])
    assert out.loc["DOST-MASALLI", "location_basis"] == "settlement"
    assert out.loc["X", "location_basis"] == "district_seat"
    assert out.loc["Y", "location_basis"] == "district_centroid"


def test_curve_and_map_builders():
    curve = pd.DataFrame({"branches": [0, 1, 2], "population_covered": [10.0, 30.0, 40.0]})
    curve["share_covered"] = curve["population_covered"] / 50 * 100
    fig = planning.curve_figure(curve, "en", "Curve", chosen=1, pipeline={"sites": 2, "pipeline_added": 5.0})
    names = [t.name for t in fig.data]
    assert len(names) == 3 and list(fig.data[0].y) == [20.0, 60.0, 80.0]
    assert fig.data[2].y[0] == 30.0  # the pipeline: 20 % + 5 of 50 people
    sites = pd.DataFrame(
        {
            "order": [1],
            "name": ["A"],
            "district_code": ["AZ-MAS"],
            "lat": [39.0],
            "lon": [48.6],
            "added_population": [5.0],
        }
    )
    offices = pd.DataFrame({"lat": [40.4], "lon": [49.9], "label": ["Baku"]})
    gj = {"type": "FeatureCollection", "features": []}
    fig = planning.sites_map(sites, offices, gj, "az", {"AZ-MAS": "Masallı"})
    assert "Masallı" in fig.data[-1].hovertext[0] and len(fig.data) == 3
