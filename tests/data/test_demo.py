"""Demonstration series: deterministic, anchored on reported national figures, whole numbers that add up."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from data.demo import DEMO_YEARS, MAX_HOLD_YEARS, allocate, demo_frame, national_anchors, national_series


def obs(rows):
    df = pd.DataFrame(rows, columns=["indicator_code", "period_start", "period_end", "period_type", "value"])
    df["geo_level"], df["data_status"] = "country", "reported"
    df["period_start"] = pd.to_datetime(df["period_start"])
    df["period_end"] = pd.to_datetime(df["period_end"])
    return df


def test_anchors_prefer_full_years_and_annualise_partial_years():
    o = obs(
        [
            ("x", "2024-01-01", "2024-08-31", "range", 80),  # Jan-Aug: 80 * 12 / 8 = 120
            ("x", "2025-01-01", "2025-08-31", "range", 80),
            ("x", "2025-01-01", "2025-12-31", "year", 200),  # a full year wins over the part
            ("x", "2019-11-01", "2021-03-31", "range", 999),  # spans years: not an anchor
        ]
    )
    a = national_anchors(o)
    assert a.to_dict() == {2024: 120.0, 2025: 200.0}


def test_a_stock_is_a_level_never_annualised():
    o = obs(
        [
            ("x", "2020-03-01", "2020-03-31", "month", 10000),
            ("x", "2020-06-01", "2020-06-30", "month", 15000),  # the latest of 2020
            ("x", "2024-01-01", "2024-08-31", "range", 4300),
        ]
    )
    assert national_anchors(o, "stock").to_dict() == {2020: 15000.0, 2024: 4300.0}
    assert national_anchors(o, "count").to_dict() == {2020: 180000.0, 2024: 6450.0}


def test_series_interpolates_and_holds_the_ends():
    s = national_series(pd.Series({2020: 100.0, 2022: 300.0}), 2019, 2023)
    assert s.tolist() == [100.0, 100.0, 200.0, 300.0, 300.0]


@given(st.floats(0, 1e6), st.lists(st.floats(0.01, 1e4), min_size=1, max_size=80))
def test_allocation_adds_up_exactly(total, weights):
    parts = allocate(total, np.array(weights))
    assert parts.sum() == int(round(total))
    assert (parts >= 0).all()


def test_frame_is_deterministic_and_adds_up_to_the_national_anchor():
    districts = pd.DataFrame({"code": ["A", "B", "C"], "population_exclusive": [100, 300, 0]})
    code = next(iter(DEMO_YEARS))
    o = obs([(code, "2020-01-01", "2020-12-31", "year", 1000)])
    first = demo_frame(o, districts)
    second = demo_frame(o, districts.iloc[::-1])
    pd.testing.assert_frame_equal(first, second)
    assert set(first["geo_code"]) == {"A", "B"}  # no population, no demonstration value
    assert (first.groupby("year")["value"].sum() == 1000).all()
    lo, hi = DEMO_YEARS[code]
    # every year within MAX_HOLD_YEARS of the 2020 anchor, none further (no figure held flat for years)
    assert sorted(first["year"].unique()) == [y for y in range(lo, hi + 1) if abs(y - 2020) <= MAX_HOLD_YEARS]


@pytest.mark.parametrize("engine_name", ["reference_engine"])
def test_database_demo_sums_match_reported_full_years(engine_name, request):
    from data import queries

    engine = request.getfixturevalue(engine_name)
    demo = queries.observations(engine, statuses=("demonstration",))
    reported = queries.observations(engine, geo_level="country", statuses=("reported",))
    full = reported[reported["period_type"] == "year"]
    checked = 0
    for r in full.itertuples():
        if (
            r.indicator_code in DEMO_YEARS
            and DEMO_YEARS[r.indicator_code][0] <= r.period_start.year <= DEMO_YEARS[r.indicator_code][1]
        ):
            sub = demo[(demo["indicator_code"] == r.indicator_code) & (demo["period"] == r.period)]
            assert sub["value"].sum() == round(r.value)
            checked += 1
    assert checked > 0


def test_database_demo_stock_keeps_the_published_level(reference_engine):
    """Home care recipients (a stock): >15,000 in June 2020 stays 15,000 for 2020 in the districts."""
    from data import queries

    demo = queries.observations(reference_engine, indicator_codes=["home_care_recipients"], statuses=("demonstration",))
    reported = queries.observations(
        reference_engine, indicator_codes=["home_care_recipients"], geo_level="country", statuses=("reported",)
    )
    latest_2020 = reported[reported["period_end"].dt.year == 2020].sort_values("period_end")["value"].iloc[-1]
    assert demo[demo["period"] == "2020"]["value"].sum() == round(latest_2020)


def test_demonstration_years_use_their_own_segment_and_hold_no_old_figure(reference_engine):
    """Children in institutions: the latest national figure is of 2010 (segment unicef_2009): nothing is generated
    for 2019-2025 rather than 10 000 held flat; no generated year is further than MAX_HOLD_YEARS from a national
    figure of its own segment."""
    from data import queries

    demo = queries.observations(reference_engine, statuses=("demonstration",))
    assert demo[demo["indicator_code"] == "children_in_institutions"].empty
    nat = queries.observations(reference_engine, geo_level="country", statuses=("reported",))
    for (code, seg), part in demo.groupby(["indicator_code", "segment"]):
        years = nat[(nat["indicator_code"] == code) & (nat["segment"].fillna("") == seg)]["period_end"].dt.year
        assert len(years), (code, seg)
        for y in part["period_start"].dt.year.unique():
            assert min(abs(years - y)) <= MAX_HOLD_YEARS, (code, seg, y)
