"""DOST coverage: status on a date, the served-by rule, shares, distances (checked against a slow loop)."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from metrics.distance import facility_points, nearest, weighted_mean
from metrics.dost import coverage_scenarios, coverage_summary, district_coverage, open_by_type, served_by, status_on
from metrics.facilities import status_with_pipeline

# The hand-made register's pipeline rows are years old by 2031: these tests are about expected dates and the
# horizon, not staleness (tests/metrics/test_metrics_reconcile.py covers that), so nothing is stale here.
LONG = 1200


def test_status_on_takes_the_latest_row_up_to_the_date(dost_network):
    _, status, _ = dost_network
    s = status_on(status, "2023-01-01").set_index("facility_code")
    assert s.loc["F1", "status"] == "open" and s.loc["F2", "status"] == "under_construction"
    assert s.loc["F6", "counted_open"] and "F4" not in s.index  # F4 has no row before 2025-12-23
    assert not status_on(status, "2019-03-01").set_index("facility_code").loc["F1", "counted_open"]
    assert not status_on(status, "2024-06-01").set_index("facility_code").loc["F6", "counted_open"]  # closed


def test_pipeline_counts_at_its_expected_date_or_the_horizon(dost_network):
    _, status, _ = dost_network
    s = status_on(status, "2026-12-31", include_pipeline=True, stale_months=LONG).set_index("facility_code")
    assert s.loc["F4", "expected_day"] == pd.Timestamp("2026-12-31")  # "2026" -> its last day
    assert s.loc["F4", "counted_open"] and s.loc["F4", "open_basis"] == "pipeline_expected"
    assert s.loc["F5", "assumed_horizon"] and not s.loc["F5", "counted_open"]  # horizon 2030-12-31 not reached
    early = status_on(status, "2026-12-30", include_pipeline=True, stale_months=LONG).set_index("facility_code")
    assert not early.loc["F4", "counted_open"]
    mid = status_on(status, "2030-12-30", include_pipeline=True, stale_months=LONG).set_index("facility_code")
    assert not mid.loc["F5", "counted_open"]  # the horizon is 2030-12-31
    assert (
        status_on(status, "2030-12-31", include_pipeline=True, stale_months=LONG)
        .set_index("facility_code")
        .loc["F5", "counted_open"]
    )
    late = status_on(status, "2031-01-01", include_pipeline=True, stale_months=LONG).set_index("facility_code")
    assert late.loc["F5", "counted_open"] and late.loc["F5", "open_basis"] == "pipeline_horizon"
    assert not status_on(status, "2031-01-01").set_index("facility_code").loc["F5", "counted_open"]


def test_served_by_rule(dost_network):
    facilities, status, catchment = dost_network
    s = served_by(facilities, status_on(status, "2025-01-01"), catchment)
    pairs = set(zip(s["district_code"], s["facility_code"], s["basis"], strict=True))
    # F1 own district; F2 own district + catchment; F3 inclusive: none; F6 closed
    assert pairs == {("A", "F1", "own_district"), ("C", "F2", "own_district"), ("D", "F2", "catchment")}
    t = open_by_type(facilities, status_on(status, "2031-01-01", include_pipeline=True, stale_months=LONG)).set_index(
        "facility_type"
    )
    assert t.loc["branch", "open"] == 0 and t.loc["branch", "pipeline"] == 2 and t.loc["inclusive_centre", "open"] == 1


def test_shares_of_districts_and_population(dost_network, geo):
    facilities, status, catchment = dost_network
    districts, centroids, _ = geo
    cov = coverage_scenarios(facilities, status, catchment, districts, "2025-01-01", centroids)
    summary = coverage_summary(cov).set_index(["scenario", "geo_level", "geo_code"])
    now = summary.loc[("open", "country", "AZ")]
    # served: A, C, D of 5 districts; population 1000 + 2000 + 4000 of 10,000 (AGD has none: out of that share)
    assert now["district_share"] == pytest.approx(60.0) and now["population_share"] == pytest.approx(70.0)
    assert now["districts_without_population"] == 1
    assert summary.loc[("open", "region", "R1"), "population_share"] == pytest.approx(25.0)  # A: 1000 of 4000
    late = coverage_summary(coverage_scenarios(facilities, status, catchment, districts, "2031-01-01", centroids))
    late = late.set_index(["scenario", "geo_level", "geo_code"])
    assert late.loc[("with_pipeline", "country", "AZ"), "population_share"] == pytest.approx(100.0)
    assert late.loc[("with_pipeline", "country", "AZ"), "district_share"] == pytest.approx(80.0)  # AGD unserved


def test_distances_and_population_weighted_mean(dost_network, geo):
    facilities, status, catchment = dost_network
    districts, centroids, _ = geo
    cov = coverage_scenarios(facilities, status, catchment, districts, "2025-01-01", centroids)
    d = cov[cov["scenario"] == "open"].set_index("code")
    # open: F1 at A (0, 0), F2 at C (0, 20 km). B -> F1 10 km; D -> F2 hypot(30, 20) = 36.06 km
    assert d.loc["B", "distance_km"] == pytest.approx(10.0) and d.loc["B", "nearest_facility_code"] == "F1"
    assert d.loc["D", "distance_km"] == pytest.approx(math.hypot(30, 20))
    assert d.loc["D", "nearest_location_basis"] == "district_centroid"  # F2 has no coordinates of its own
    assert np.isnan(d.loc["AGD", "distance_km"])
    s = coverage_summary(cov).set_index(["scenario", "geo_level", "geo_code"]).loc[("open", "country", "AZ")]
    # (1000 x 0 + 3000 x 10 + 2000 x 0 + 4000 x 36.06) / 10,000
    assert s["pop_weighted_distance_km"] == pytest.approx((3000 * 10 + 4000 * math.hypot(30, 20)) / 10_000)
    assert s["districts_without_distance"] == 1


def slow_nearest(centroids, points):
    """The obvious version: every district against every facility with math.hypot."""
    out = {}
    for c in centroids.itertuples():
        best = min(((math.hypot(c.x - p.x, c.y - p.y), p.facility_code) for p in points.itertuples()), default=None)
        out[c.code] = best
    return out


coords = st.floats(-300_000, 300_000, allow_nan=False)


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.tuples(coords, coords), min_size=1, max_size=12),
    st.lists(st.tuples(coords, coords), min_size=1, max_size=8),
)
def test_nearest_matches_a_slow_loop(cs, ps):
    centroids = pd.DataFrame(
        {"code": [f"D{i}" for i in range(len(cs))], "x": [c[0] for c in cs], "y": [c[1] for c in cs]}
    )
    points = pd.DataFrame(
        {"facility_code": [f"F{i}" for i in range(len(ps))], "x": [p[0] for p in ps], "y": [p[1] for p in ps]}
    )
    fast = nearest(centroids, points, chunk=5).set_index("code")
    for code, (dist, _) in slow_nearest(centroids, points).items():
        assert fast.loc[code, "distance_km"] == pytest.approx(dist / 1000, rel=1e-9, abs=1e-9)


def haversine_km(lat1, lon1, lat2, lon2):
    r = 6371.0088
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


TOWNS = {  # lat, lon
    "Baku": (40.4093, 49.8671),
    "Ganja": (40.6828, 46.3606),
    "Lankaran": (38.7529, 48.8475),
    "Nakhchivan": (39.2089, 45.4122),
    "Shaki": (41.1919, 47.1706),
}


def test_projected_distances_agree_with_haversine_within_one_percent():
    f = pd.DataFrame(
        {
            "code": list(TOWNS), "district_code": None, "facility_type": "centre",
            "lat": [v[0] for v in TOWNS.values()], "lon": [v[1] for v in TOWNS.values()], "location_basis": "town",
        }
    )  # fmt: skip
    pts = facility_points(f, pd.DataFrame(columns=["code", "x", "y"])).set_index("facility_code")
    assert (pts["location_basis"] == "town").all()
    names = list(TOWNS)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            projected = math.hypot(pts.loc[a, "x"] - pts.loc[b, "x"], pts.loc[a, "y"] - pts.loc[b, "y"]) / 1000
            assert projected == pytest.approx(haversine_km(*TOWNS[a], *TOWNS[b]), rel=0.01)


def test_facilities_without_coordinates_sit_at_their_district_centroid(geo):
    _, centroids, _ = geo
    f = pd.DataFrame(
        {"code": ["X", "Y", "Z"], "district_code": ["B", None, "AGD"], "facility_type": "branch",
         "lat": [np.nan, np.nan, np.nan], "lon": [np.nan, np.nan, np.nan], "location_basis": None}
    )  # fmt: skip
    pts = facility_points(f, centroids)
    # Y has no district and AGD has no centroid: neither can be placed
    assert pts["facility_code"].tolist() == ["X"] and pts.iloc[0]["location_basis"] == "district_centroid"
    assert (pts.iloc[0]["x"], pts.iloc[0]["y"]) == (10_000.0, 0.0)


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.tuples(st.booleans(), st.one_of(st.none(), st.integers(0, 10**6)), st.sampled_from(["R1", "R2"])),
             min_size=1, max_size=15),
    st.integers(0, 2**31 - 1),
)  # fmt: skip
def test_shares_are_between_0_and_100_and_row_order_free(rows, seed):
    cov = pd.DataFrame(
        {
            "code": [f"D{i}" for i in range(len(rows))],
            "economic_region_code": [r[2] for r in rows],
            "population_exclusive": pd.array([r[1] for r in rows], dtype="Int64"),
            "served": [r[0] for r in rows],
            "distance_km": [0.0 if r[0] else 12.5 for r in rows],
        }
    )
    a = coverage_summary(cov)
    for c in ("district_share", "population_share"):
        v = a[c].dropna()
        assert ((v >= 0) & (v <= 100)).all()
    b = coverage_summary(cov.sample(frac=1, random_state=seed))
    pd.testing.assert_frame_equal(a, b)
    # against the obvious per-group computation
    for region, group in [("AZ", rows), *[(r, [x for x in rows if x[2] == r]) for r in ("R1", "R2")]]:
        got = a[a["geo_code"] == region]
        if not group:
            assert got.empty
            continue
        got = got.iloc[0]
        pop = [(x[1], x[0]) for x in group if x[1]]
        assert got["districts_served"] == sum(x[0] for x in group)
        assert got["district_share"] == pytest.approx(100 * sum(x[0] for x in group) / len(group))
        total = sum(p for p, _ in pop)
        if total:
            assert got["population_share"] == pytest.approx(100 * sum(p for p, served in pop if served) / total)
            expected = weighted_mean(pd.Series([0.0 if s else 12.5 for _, s in pop]), pd.Series([p for p, _ in pop]))
            assert got["pop_weighted_distance_km"] == pytest.approx(expected)
        else:
            assert np.isnan(got["population_share"])
        assert got["districts_without_population"] == sum(1 for x in group if not x[1])


def test_district_coverage_lists_the_serving_facilities(dost_network, geo):
    facilities, status, catchment = dost_network
    districts, _, _ = geo
    s = served_by(facilities, status_on(status, "2031-01-01", include_pipeline=True, stale_months=LONG), catchment)
    d = district_coverage(districts, s).set_index("code")
    assert d.loc["D", "served_by"] == "F2; F5" and d.loc["D", "n_facilities"] == 2
    assert d.loc["B", "served_only_via_pipeline"] and not d.loc["D", "served_only_via_pipeline"]
    assert not d.loc["AGD", "served"]


def test_with_pipeline_counts_what_is_under_way_on_the_date(dost_network, geo):
    """On 2026-01-15 F4 (branch in B, expected 2026) is under way and counts as built with the pipeline; F5
    (branch in D, no date, no evidence since 2021) is stale and counts only when asked for."""
    facilities, status, catchment = dost_network
    districts, centroids, _ = geo
    cov = coverage_scenarios(facilities, status, catchment, districts, "2026-01-15", centroids)
    served = cov.pivot(index="code", columns="scenario", values="served")
    assert not served.loc["B", "open"] and served.loc["B", "with_pipeline"]  # only the pipeline serves B
    summary = coverage_summary(cov).set_index(["scenario", "geo_level", "geo_code"])
    assert summary.loc[("open", "country", "AZ"), "population_share"] == pytest.approx(70.0)
    assert summary.loc[("with_pipeline", "country", "AZ"), "population_share"] == pytest.approx(100.0)
    basis = status_with_pipeline(status, "2026-01-15").set_index("facility_code")["open_basis"]
    assert basis["F4"] == "pipeline_expected" and basis["F1"] == "open"
    assert pd.isna(basis["F6"])  # closed
    # F5's only evidence (March 2021) is more than 18 months older than the register's: stale, set apart
    assert pd.isna(basis["F5"])
    with_stale = status_with_pipeline(status, "2026-01-15", include_stale=True).set_index("facility_code")
    assert with_stale.loc["F5", "open_basis"] == "pipeline_horizon"
