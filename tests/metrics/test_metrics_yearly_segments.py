"""Yearly figures never add or compare across a break in a series (a new segment): rules over every indicator.

* a year's figure is one segment's figure; a sum of districts adds one segment's figures only;
* the change from one year to the next is measured within a segment: across a break there is no change;
* a stock's change from its baseline compares it with the baseline of its own segment.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from data import queries
from metrics.children import children_stock, sum_districts
from metrics.rehabilitation import aids_issued
from metrics.series import GROUP
from metrics.yearly import figures_against_targets, within_segments
from tests.metrics.conftest import make_obs


@pytest.fixture(scope="module")
def reference(reference_engine):
    """Indicators, targets, every observation and the series segments of the reference database."""
    e = reference_engine
    return queries.indicators(e), queries.targets(e), queries.observations(e), queries.series_segments(e)


def _assert_no_change_across_a_break(yearly: pd.DataFrame, where: str) -> int:
    """Every change lies within one segment between consecutive full years; every break has no change."""
    breaks = 0
    for _, g in yearly.groupby(GROUP, sort=False):
        g = g.drop_duplicates("year").sort_values("year")
        prev = None
        for r in g.to_dict("records"):
            if prev is not None and r["segment"] != prev["segment"]:
                breaks += 1
                assert r["segment_break"], f"{where}: {r['indicator_code']} {r['year']} break not marked"
                assert pd.isna(r["change"]), f"{where}: {r['indicator_code']} {r['year']}: a change across a break"
            if not pd.isna(r["change"]):
                assert prev is not None and prev["segment"] == r["segment"] and prev["year"] == r["year"] - 1
                assert not r["is_partial"] and not prev["is_partial"]
                assert r["change"] == pytest.approx(r["value"] - prev["value"])
            prev = r
    return breaks


def test_every_yearly_figure_keeps_its_segment_and_no_change_crosses_a_break(reference):
    ind, targets, obs, segments = reference
    codes = tuple(segments.loc[segments.groupby("indicator_code")["segment"].transform("nunique") > 1,
                               "indicator_code"].unique())  # fmt: skip
    assert len(codes) >= 5  # children, orphans, inpatient rehabilitation, home care, DOST citizens, foster care
    yearly = figures_against_targets(obs, targets, codes, ind, "country")
    assert set(codes) <= set(yearly["indicator_code"])
    # each year's figure is one observation of one segment: the one stored with that period
    country = obs[obs["geo_level"] == "country"]
    stored = set(zip(country["indicator_code"], country["period"], country["segment"].fillna(""), strict=True))
    for r in yearly.to_dict("records"):
        assert (r["indicator_code"], r["period"], r["segment"]) in stored, (r["indicator_code"], r["year"])
    assert _assert_no_change_across_a_break(yearly, "reference") >= 1


def test_the_rule_holds_for_a_break_placed_anywhere_in_any_flow(reference):
    """The same rule with a break placed at random in every flow series of the reference data (the rule, not the
    data's own breaks)."""
    ind, targets, obs, _ = reference
    rng = np.random.default_rng(9)
    flows = ind.loc[ind["kind"] == "count", "code"]
    o = obs[(obs["geo_level"] == "country") & obs["indicator_code"].isin(flows)].copy()
    years = o.groupby("indicator_code")["period_end"].agg(lambda x: sorted(set(x.dt.year)))
    cut = {code: rng.choice(ys[1:]) if len(ys) > 1 else 9999 for code, ys in years.items()}
    o["segment"] = np.where(o["period_end"].dt.year >= o["indicator_code"].map(cut), "b", "a")
    yearly = figures_against_targets(o, targets, tuple(flows), ind, "country")
    assert _assert_no_change_across_a_break(yearly, "random") >= 3
    aids = aids_issued(o, ind)
    assert set(aids["segment"]) <= {"a", "b"}
    _assert_no_change_across_a_break(aids, "aids")


def test_a_change_needs_two_consecutive_full_years_of_one_segment():
    o = make_obs([("f", "country", "AZ", str(y), v) for y, v in [(2019, 10), (2020, 12), (2022, 20), (2023, 25),
                                                                   (2024, 40)]])  # fmt: skip
    o["segment"] = ["a", "a", "a", "a", "b"]
    from metrics.series import classify, yearly_figures

    out = within_segments(yearly_figures(classify(o, {"f": "count"})))
    assert out["change"].tolist()[:2] == [pytest.approx(np.nan, nan_ok=True), 2.0]
    assert np.isnan(out["change"].iloc[2])  # 2021 missing: 2022 has no change from 2020
    assert out["change"].iloc[3] == 5.0
    assert np.isnan(out["change"].iloc[4]) and out["segment_break"].iloc[4]  # 2024 starts a new segment
    assert out["segment_break"].tolist() == [False, False, False, False, True]


def test_stock_changes_and_district_sums_stay_within_a_segment(reference):
    ind, _, obs, _ = reference
    stock = children_stock(obs, _districts(reference), None, ind)
    rows = stock.dropna(subset=["change_vs_baseline"])
    assert len(rows)
    base = stock.set_index([*GROUP, "year"])["segment"]
    for r in rows.to_dict("records"):
        assert base.loc[(r["indicator_code"], r["geo_level"], r["geo_code"], r["baseline_year"])] == r["segment"]
    # a break placed at random in the district series: a year's sum adds one segment's figures only
    rng = np.random.default_rng(3)
    dist = stock[stock["geo_level"] == "district"].copy()
    dist["segment"] = rng.choice(["a", "b"], size=len(dist))
    dist["period_end"] = pd.to_datetime(dist["year"].astype(str) + "-12-31")
    sums = sum_districts(dist, _districts(reference), "region")
    for r in sums.to_dict("records"):
        parts = dist[(dist["indicator_code"] == r["indicator_code"]) & (dist["year"] == r["year"])]
        parts = parts.merge(_districts(reference)[["code", "economic_region_code"]], left_on="geo_code",
                            right_on="code")  # fmt: skip
        parts = parts[parts["economic_region_code"] == r["geo_code"]]
        same = parts[parts["segment"] == r["segment"]]
        assert r["value"] == pytest.approx(same["value"].sum()), "a sum added figures of two segments"


_DISTRICTS: dict = {}


def _districts(reference) -> pd.DataFrame:
    return _DISTRICTS["d"]


@pytest.fixture(autouse=True, scope="module")
def _load_districts(reference_engine):
    _DISTRICTS["d"] = queries.districts(reference_engine)
