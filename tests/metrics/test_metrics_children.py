"""Children in institutions: stock, rates, sums of districts, change vs baseline and flows against targets."""

import numpy as np
import pandas as pd
import pytest

from metrics.children import children_flows, children_stock

CODE = "children_in_institutions"


@pytest.fixture
def districts():
    # R1 = D1 + D2, R2 = D3
    return pd.DataFrame(
        {
            "code": ["D1", "D2", "D3"],
            "economic_region_code": ["R1", "R1", "R2"],
            "population_exclusive": pd.array([100, 0, None], dtype="Int64"),
        }
    )


@pytest.fixture
def stock(obs):
    return obs([
        (CODE, "country", "AZ", "2019", 1000),
        (CODE, "country", "AZ", "2024", 800),
        (CODE, "district", "D1", "2024", 30),
        (CODE, "district", "D2", "2024", 20, "demonstration"),
        (CODE, "district", "D3", "2024", 5),
        (CODE, "district", "D1", "2025", 25),  # 2025: only one district of three
    ])  # fmt: skip


def test_rate_per_10000_children_and_zero_or_unknown_population(stock, districts):
    kids = pd.DataFrame(
        {"geo_code": ["AZ", "D1", "D2"], "year": [2023, 2024, 2024], "children_0_17": [2_500_000, 0, 1000]}
    )
    s = children_stock(stock, districts, kids).set_index(["geo_code", "year"])
    # AZ 2024: the 2023 child population is the nearest within 2 years: 800 / 2,500,000 x 10,000 = 3.2
    assert s.loc[("AZ", 2024), "rate_per_10k"] == pytest.approx(3.2)
    assert s.loc[("AZ", 2024), "children_year"] == 2023
    assert np.isnan(s.loc[("AZ", 2019), "rate_per_10k"])  # 2023 is 4 years away: unknown
    assert np.isnan(s.loc[("D1", 2024), "rate_per_10k"])  # zero children: NaN, never inf
    assert s.loc[("D2", 2024), "rate_per_10k"] == pytest.approx(200.0)  # 20 / 1000 x 10,000
    assert np.isnan(s.loc[("D3", 2024), "rate_per_10k"])  # no child population
    assert not np.isinf(s["rate_per_10k"].to_numpy(float)).any()


def test_regions_are_summed_from_districts_with_completeness(stock, districts):
    s = children_stock(stock, districts).set_index(["geo_level", "geo_code", "year"])
    r1 = s.loc[("region", "R1", 2024)]
    assert r1["value"] == 50 and r1["districts_reported"] == 2 and r1["districts_total"] == 2 and r1["complete"]
    assert r1["data_status"] == "demonstration"  # one part is demonstration: the sum is labelled so
    r1_25 = s.loc[("region", "R1", 2025)]
    assert r1_25["value"] == 25 and not r1_25["complete"] and np.isnan(r1_25["change_vs_baseline"])
    # the national figure is published for 2024: it wins over the sum (55); 2025 has 1 of 3 districts: no sum
    assert s.loc[("country", "AZ", 2024), "value"] == 800 and s.loc[("country", "AZ", 2024), "basis"] == "direct"
    assert ("country", "AZ", 2025) not in s.index


def test_change_against_baseline(stock, districts):
    s = children_stock(stock, districts).set_index(["geo_code", "year"])
    assert s.loc[("AZ", 2024), "baseline_year"] == 2019
    assert s.loc[("AZ", 2024), "change_vs_baseline"] == -200  # 800 - 1000
    assert s.loc[("AZ", 2024), "change_pct"] == pytest.approx(-20.0)
    # D1 has no figure in or before 2019: its earliest (2024, 30) is the baseline
    assert s.loc[("D1", 2025), "change_vs_baseline"] == -5


def test_input_not_mutated(stock, districts):
    a, b = stock.copy(), districts.copy()
    children_stock(stock, districts)
    pd.testing.assert_frame_equal(a, stock)
    pd.testing.assert_frame_equal(b, districts)


def test_flows_against_annual_targets_with_partial_years(obs, targets):
    o = obs([
        ("adoptions", "country", "AZ", "2024", 100),
        ("adoptions", "country", "AZ", "2025-Q1", 40),
        ("adoptions", "country", "AZ", "2025-01..2025-08", 110),
        ("adoptions", "country", "AZ", "2026-Q1", 170),
        ("children_returned_to_families", "country", "AZ", "2023", 216),
    ])  # fmt: skip
    tg = targets(
        [("adoptions", 165, 2026, "2026-01-19", True), ("children_returned_to_families", 240, 2026, "2026", True)]
    )
    f = children_flows(o, tg).set_index(["indicator_code", "year"])
    full = f.loc[("adoptions", 2024)]
    assert not full["is_partial"] and full["share_of_target"] == pytest.approx(100 / 165 * 100)
    part = f.loc[("adoptions", 2025)]
    assert part["period"] == "2025-01..2025-08"  # the most complete partial figure of the year
    assert part["is_partial"] and np.isnan(part["share_of_target"]) and not part["meets_target"]
    assert part["pro_rata_share"] == pytest.approx(110 * 365 / 243 / 165 * 100)  # 243 days: 165.2 / 165 = 100.1 %
    # 2026 Q1 already 170 >= 165 in the target year: met although partial
    assert f.loc[("adoptions", 2026), "target_applies"] and f.loc[("adoptions", 2026), "meets_target"]
    ret = f.loc[("children_returned_to_families", 2023)]
    assert ret["share_of_target"] == pytest.approx(90.0) and not ret["target_applies"]  # 216 / 240


def test_flow_year_without_data_has_no_row(obs, targets):
    o = obs([("adoptions", "country", "AZ", "2022", 90), ("adoptions", "country", "AZ", "2024", 110)])
    f = children_flows(o, targets([("adoptions", 165, 2026, "2026", True)]))
    assert f["year"].tolist() == [2022, 2024]
