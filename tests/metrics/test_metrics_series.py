"""Yearly series, baselines and trends on tiny hand-made tables."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from metrics.series import annual_series, baselines, classify, date_key, latest_partial, recent_trend, yearly_figures

KINDS = {"flow": "count", "stock": "stock"}


def test_classify_flags_partial_years_only_for_flows(obs):
    o = obs([
        ("flow", "country", "AZ", "2024", 10),
        ("flow", "country", "AZ", "2025-01..2025-08", 8),
        ("flow", "country", "AZ", "2025-Q1", 3),
        ("stock", "country", "AZ", "2025-03-31", 7),
        ("flow", "country", "AZ", "2023-11..2025-09", 50),  # spans years: neither full nor partial
    ])  # fmt: skip
    c = classify(o, KINDS)
    assert c["is_partial"].tolist() == [False, True, True, False, False]
    assert c["usable_annual"].tolist() == [True, False, False, True, False]
    assert c["months"].tolist()[:3] == [12, 8, 3]


def test_annual_series_prefers_official_then_latest_stock(obs):
    o = obs([
        ("stock", "country", "AZ", "2025-03-31", 7),
        ("stock", "country", "AZ", "2025-10-31", 9),  # later in the year: wins among reported
        ("flow", "country", "AZ", "2024", 100),
        ("flow", "country", "AZ", "2024", 120, "official"),  # official beats reported for the same year
    ])  # fmt: skip
    a = annual_series(classify(o, KINDS)).set_index(["indicator_code", "year"])["value"]
    assert a[("stock", 2025)] == 9
    assert a[("flow", 2024)] == 120


def test_baseline_is_latest_in_or_before_2019_else_earliest(obs):
    o = obs([
        ("a", "country", "AZ", "2017", 5), ("a", "country", "AZ", "2019", 6), ("a", "country", "AZ", "2020", 6.5),
        ("a", "country", "AZ", "2021", 7),
        ("b", "country", "AZ", "2021", 8), ("b", "country", "AZ", "2023", 9),
    ])  # fmt: skip
    b = baselines(annual_series(classify(o, {}))).set_index("indicator_code")
    assert (b.loc["a", "baseline_value"], b.loc["a", "baseline_year"]) == (6, 2019)
    assert (b.loc["b", "baseline_value"], b.loc["b", "baseline_year"]) == (8, 2021)


def test_recent_trend_uses_last_five_points(obs):
    # 2015..2022; the last five (2018..2022) lie on y = 10 x + c, the early ones are far off.
    rows = [("a", "country", "AZ", str(y), 1000) for y in (2015, 2016, 2017)]
    rows += [("a", "country", "AZ", str(y), 10 * (y - 2018)) for y in range(2018, 2023)]
    t = recent_trend(annual_series(classify(obs(rows), {})), n=5).iloc[0]
    assert t["n_points"] == 5 and t["latest_year"] == 2022 and t["latest_value"] == 40
    assert abs(t["slope"] - 10) < 1e-9
    assert abs(t["resid_se"]) < 1e-9
    assert t["sxx"] == 10  # (-2)^2 + (-1)^2 + 0 + 1 + 4


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(0, 1e6, allow_nan=False), min_size=2, max_size=9), st.integers(0, 2**32 - 1))
def test_recent_trend_matches_numpy_polyfit_whatever_the_row_order(values, seed):
    years = list(range(2010, 2010 + len(values)))
    where = {"geo_level": "country", "geo_code": "AZ", "year": years}
    o = pd.concat(
        [
            pd.DataFrame({"indicator_code": "a", **where, "value": values}),
            pd.DataFrame({"indicator_code": "b", **where, "value": values[::-1]}),
        ]
    ).sample(frac=1, random_state=seed % 2**31)
    t = recent_trend(o, n=5).set_index("indicator_code")
    for code, vals in (("a", values), ("b", values[::-1])):
        x, y = np.array(years[-5:], float), np.array(vals[-5:], float)
        slope, intercept = np.polyfit(x, y, 1)
        assert np.isclose(t.loc[code, "slope"], slope, rtol=1e-6, atol=1e-6 * (1 + np.abs(y).max()))
        if len(x) >= 3:
            resid = y - (slope * x + intercept)
            se = np.sqrt((resid**2).sum() / (len(x) - 2))
            assert np.isclose(t.loc[code, "resid_se"], se, rtol=1e-5, atol=1e-5 * (1 + np.abs(y).max()))


def test_latest_partial_and_yearly_figures(obs):
    o = obs([
        ("flow", "country", "AZ", "2025-Q1", 30),
        ("flow", "country", "AZ", "2025-01..2025-08", 80),  # longest partial of 2025
        ("flow", "country", "AZ", "2024", 100),
        ("flow", "country", "AZ", "2024-H1", 45),  # a full year exists for 2024: the partial is not used
    ])  # fmt: skip
    c = classify(o, KINDS)
    p = latest_partial(c).iloc[0]
    # Jan-Aug 2025: 243 days of 365 -> 80 x 365 / 243 = 120.2
    assert p["partial_period"] == "2025-01..2025-08" and p["partial_annualised"] == pytest.approx(80 * 365 / 243)
    y = yearly_figures(c).set_index("year")
    assert y.loc[2024, "value"] == 100 and not y.loc[2024, "is_partial"] and y.loc[2024, "days"] == 366  # leap
    assert y.loc[2025, "value"] == 80 and y.loc[2025, "is_partial"] and y.loc[2025, "days"] == 243
    assert y.loc[2025, "annualised"] == pytest.approx(80 * 365 / 243)


def test_pro_rata_counts_days_not_months(obs):
    # 1 Jan - 8 Aug 2024 touches 8 months but covers 31+29+31+30+31+30+31+8 = 221 days of a 366-day year
    c = classify(obs([("flow", "country", "AZ", "2024-01-01..2024-08-08", 139)]), KINDS)
    assert c.iloc[0]["months"] == 8 and c.iloc[0]["days"] == 221
    assert yearly_figures(c).iloc[0]["annualised"] == pytest.approx(139 * 366 / 221)


def test_classify_carries_the_source_for_the_charts(obs):
    # the dashboard's series points (figures.frames.series_points) show each point's source in its hover
    c = classify(obs([("flow", "country", "AZ", "2024", 10), ("stock", "country", "AZ", "2025-03-31", 7)]), KINDS)
    assert c["source_title"].tolist() == ["Test source", "Test source"]
    assert "source_url" in c.columns and "note" not in c.columns


def test_date_key_sorts_published_dates():
    assert date_key("2022-01") == "2022-01-00"
    assert date_key("c. 2023") == "2023-00-00"
    assert date_key(None) == ""
    assert sorted(["2023", "2019-06", "2022-01-15"], key=date_key) == ["2019-06", "2022-01-15", "2023"]
