"""Access where people live: the exclave rule, nearest distances against a slow loop, summaries by hand."""

import math

import numpy as np
import pandas as pd
import pytest

from metrics.access import (
    access_summary,
    nearest_on_side,
    place_facilities,
    point_access,
    served_units,
    side_of,
)

# Two mainland districts (M1 with a city C1 counted inside it, M2) and one exclave district N1.
DISTRICTS = pd.DataFrame(
    {
        "code": ["M1", "C1", "M2", "N1"],
        "economic_region_code": ["ER-A", "ER-A", "ER-B", "ER-NAX"],
        "stat_parent_code": [None, "M1", None, None],
    }
)
GROUPS = pd.DataFrame({"group": ["baku_absheron", "registered"], "district_code": ["M2", "N1"], "note": ["", ""]})


def test_nakhchivan_is_served_only_from_nakhchivan_and_the_mainland_only_from_the_mainland():
    # The exclave point is 1 km from a mainland office and 100 km from the exclave's own one.
    points = pd.DataFrame({"x": [0.0, 500_000.0], "y": [0.0, 0.0], "side": ["nakhchivan", "mainland"]})
    fac = pd.DataFrame(
        {
            "facility_code": ["MAIN", "NAX"],
            "x": [1000.0, 100_000.0],
            "y": [0.0, 0.0],
            "side": ["mainland", "nakhchivan"],
        }
    )
    near = nearest_on_side(points, fac)
    assert list(near["facility_code"]) == ["NAX", "MAIN"]
    assert near["distance_km"].tolist() == pytest.approx([100.0, 499.0])
    # Without an exclave facility the exclave has none: no distance at all, not the mainland's.
    alone = nearest_on_side(points, fac[fac["side"] == "mainland"])
    assert alone.loc[0, "facility_code"] is None and math.isnan(alone.loc[0, "distance_km"])


def test_side_follows_the_economic_region():
    sides = side_of(pd.Series(["M1", "N1", "C1", "unknown"]), DISTRICTS)
    assert list(sides) == ["mainland", "nakhchivan", "mainland", "mainland"]


def slow_nearest(points, fac):
    """The obvious version: every point against every facility on its side, in plain Python."""
    out = []
    for p in points.itertuples():
        best = (None, math.inf)
        for f in fac.itertuples():
            if f.side != p.side:
                continue
            d = math.hypot(p.x - f.x, p.y - f.y) / 1000
            if d < best[1]:
                best = (f.facility_code, d)
        out.append(best)
    return out


@pytest.mark.parametrize("seed", range(5))
def test_nearest_on_side_matches_the_slow_version(seed):
    rng = np.random.default_rng(seed)
    n, m = 300, 12
    points = pd.DataFrame(
        {"x": rng.uniform(0, 2e5, n), "y": rng.uniform(0, 2e5, n), "side": rng.choice(["mainland", "nakhchivan"], n)}
    )
    fac = pd.DataFrame(
        {
            "facility_code": [f"F{i}" for i in range(m)],
            "x": rng.uniform(0, 2e5, m),
            "y": rng.uniform(0, 2e5, m),
            "side": rng.choice(["mainland", "nakhchivan"], m),
        }
    )
    fast = nearest_on_side(points, fac)
    slow = slow_nearest(points, fac)
    for (code, d), got_code, got_d in zip(slow, fast["facility_code"], fast["distance_km"], strict=True):
        if code is None:
            assert got_code is None and math.isnan(got_d)
        else:
            assert got_d == pytest.approx(d)
            assert got_code == code


POP = pd.DataFrame(
    {
        "district_code": ["M1", "M1", "C1", "M2", "N1"],
        "x": [0.0, 40_000.0, 1000.0, 200_000.0, 900_000.0],
        "y": [0.0, 0.0, 0.0, 0.0, 0.0],
        "population": [100, 50, 200, 400, 250],
    }
)


def placed(rows):
    df = pd.DataFrame(rows, columns=["facility_code", "district_code", "facility_type", "x", "y"])
    df["location_basis"] = "test"
    df["side"] = side_of(df["district_code"], DISTRICTS).to_numpy()
    return df


def test_summary_by_hand():
    # One branch in M1 at x=0 and a kiosk in M2: the branch reaches M1's two points and C1's; the kiosk is apart.
    fac = placed([("B", "M1", "branch", 0.0, 0.0), ("K", "M2", "smart_point", 200_000.0, 0.0)])
    acc = point_access(POP, fac, DISTRICTS)
    s = access_summary(acc, DISTRICTS, GROUPS, radii=(15, 60)).set_index(["geo_level", "geo_code"])
    country = s.loc[("country", "AZ")]
    assert country["population"] == 1000
    assert country["office_within_15"] == 300  # M1 at 0 km, C1 at 1 km; M1's second point is 40 km away
    assert country["office_within_60"] == 350
    assert country["point_within_15"] == 400  # the kiosk is counted apart, never as an office
    assert country["population_no_office"] == 250  # the exclave has no office of its own
    # Mean distance over those with an office on their side: (100*0 + 50*40 + 200*1 + 400*200) / 750
    assert country["office_km_mean"] == pytest.approx((50 * 40 + 200 * 1 + 400 * 200) / 750)
    # The city C1 is counted in its district M1 (the series' unit): 350 people, all within 60 km.
    assert s.loc[("district", "M1"), "population"] == 350 and ("district", "C1") not in s.index
    assert s.loc[("group", "baku_absheron"), "office_share_60"] == 0
    assert s.loc[("group", "outside_baku_absheron"), "population"] == 600
    assert s.loc[("group", "registered"), "population"] == 250
    assert s.loc[("region", "ER-A"), "office_share_15"] == pytest.approx(300 / 350 * 100)


def test_admin_flag_is_a_second_figure_and_a_city_shares_its_district_flag():
    fac = placed([("B", "M1", "branch", 0.0, 0.0)])
    acc = point_access(POP, fac, DISTRICTS)
    cov = pd.DataFrame({"code": ["M1", "C1", "M2", "N1"], "served": [True, False, False, False]})
    served = served_units(cov, DISTRICTS)
    assert served == {"M1", "C1"}
    s = access_summary(acc, DISTRICTS, GROUPS, radii=(30,), served_codes=served).set_index("geo_code")
    assert s.loc["AZ", "population_served_admin"] == 350
    assert s.loc["AZ", "share_served_admin"] == pytest.approx(35.0)


def test_a_facility_without_coordinates_is_placed_at_its_settlement_not_the_centroid():
    fac = pd.DataFrame(
        {
            "code": ["P", "Q", "R"],
            "district_code": ["M1", "M2", "M2"],
            "facility_type": ["service_point", "branch", "branch"],
            "settlement": ["Town", "Village", "Nowhere"],
            "lat": [np.nan, np.nan, np.nan],
            "lon": [np.nan, np.nan, np.nan],
            "location_basis": [None, None, None],
        }
    )
    settlements = pd.DataFrame({"settlement_code": ["S1", "S2"], "x": [5000.0, 7000.0], "y": [1.0, 2.0]})
    # "Town" is in the city C1 (counted inside M1): the facility of M1 still finds it; "Village" is a seat.
    names = pd.DataFrame(
        {"name_az": ["Town", "Village"], "district_code": ["C1", "M2"], "settlement_code": ["S1", "S2"],
         "basis": ["settlement", "district_seat"]}
    )  # fmt: skip
    centroids = pd.DataFrame({"code": ["M1", "M2"], "x": [0.0, 9.0], "y": [0.0, 9.0]})
    out = place_facilities(fac, settlements, names, centroids, DISTRICTS).set_index("facility_code")
    assert (out.loc["P", "x"], out.loc["P", "location_basis"]) == (5000.0, "settlement")
    assert out.loc["Q", "location_basis"] == "district_seat"
    assert (out.loc["R", "x"], out.loc["R", "location_basis"]) == (9.0, "district_centroid")


def test_a_city_shares_its_districts_facilities_and_is_not_a_district_of_its_own():
    from metrics.dost import coverage_summary, district_coverage

    units = pd.DataFrame(
        {
            "code": ["D", "C", "E", "F"],
            "name_az": ["D", "C", "E", "F"],
            "name_en": ["D", "C", "E", "F"],
            "economic_region_code": ["R", "R", "R", "R"],
            "population_exclusive": [10, 5, 7, 3],
            "stat_parent_code": [None, "D", None, "E"],
        }
    )
    # A branch coded to district D serves its city C; a kiosk in city F serves its district E.
    served = pd.DataFrame(
        {
            "district_code": ["D", "F"],
            "facility_code": ["B", "K"],
            "facility_type": ["branch", "smart_point"],
            "basis": ["own_district", "own_district"],
            "via_pipeline": [False, False],
        }
    )
    cov = district_coverage(units, served).set_index("code")
    assert cov["served"].all()
    assert cov.loc["C", "served_by"] == "B" and cov.loc["E", "served_by"] == "K"
    country = coverage_summary(cov.reset_index()).set_index("geo_level").loc["country"]
    assert country["districts_total"] == 2 and country["districts_served"] == 2  # cities are not districts
    assert country["population_total"] == 25
