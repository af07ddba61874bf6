"""Property tests: fast paths against obvious versions, invariants of sums and shares, empty inputs."""

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from metrics.children import sum_districts
from metrics.series import last_per


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["a", "b", "c"]), st.sampled_from(["x", "y"]), st.integers(0, 3), st.integers(0, 5)),
        min_size=1,
        max_size=40,
    )
)
def test_last_per_equals_sort_then_drop_duplicates(rows):
    f = pd.DataFrame(rows, columns=["k1", "k2", "order", "tag"])
    f["row"] = range(len(f))
    fast = last_per(f, ["k1", "k2"], ["order"])
    slow = f.sort_values(["k1", "k2", "order"], kind="stable").drop_duplicates(["k1", "k2"], keep="last")
    assert fast["row"].tolist() == slow["row"].tolist()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 7), st.integers(0, 500)), max_size=20, unique_by=lambda r: r[0]))
def test_sums_of_districts_keep_the_total(rows):
    districts = pd.DataFrame(
        {"code": [f"D{i}" for i in range(8)], "economic_region_code": ["R1", "R1", "R1", "R2", "R2", "R3", "R3", "R3"]}
    )
    codes, amounts = [f"D{r[0]}" for r in rows], [float(r[1]) for r in rows]
    values = pd.DataFrame(
        {"indicator_code": "a", "geo_code": codes, "year": 2024, "value": amounts, "data_status": "reported"}
    )
    regions = sum_districts(values, districts, "region")
    country = sum_districts(values, districts, "country")
    assert regions["value"].sum() == values["value"].sum() == country["value"].sum()
    assert (regions["districts_reported"] <= regions["districts_total"]).all()
    assert regions["complete"].tolist() == (regions["districts_reported"] == regions["districts_total"]).tolist()
    if len(rows):
        assert country.iloc[0]["districts_reported"] == len(rows) and bool(country.iloc[0]["complete"]) == (
            len(rows) == 8
        )


def test_every_metric_copes_with_empty_inputs(obs, indicators, targets, facility_table, status_table, geo):
    from metrics.children import children_flows, children_stock
    from metrics.dost import coverage_scenarios, coverage_summary
    from metrics.network import network_progress
    from metrics.progress import progress
    from metrics.quality import quality_report
    from metrics.rehabilitation import capacity_by_region, care_split, throughput

    districts, centroids, regions = geo
    o, ind, tg = (
        obs([]),
        indicators([{"code": "a"}, {"code": "b", "has_target": False}]),
        targets([("a", 5, 2026, "2020", True)]),
    )
    assert progress(ind, tg, o)["status"].tolist() == ["no_data", "no_target"]
    assert progress(ind, tg.iloc[0:0], o)["status"].tolist() == ["no_target", "no_target"]
    for frame in (children_stock(o, districts), children_flows(o, tg), throughput(o, tg), care_split(o)):
        assert frame.empty
    fac, fs = (
        facility_table([("F1", "dost", "centre", "A")]).iloc[0:0],
        status_table([("F1", "open", "2020")]).iloc[0:0],
    )
    catchment = pd.DataFrame(columns=["facility_code", "district_code", "source_id"])
    summary = coverage_summary(coverage_scenarios(fac, fs, catchment, districts, "2025-01-01", centroids))
    assert (summary["district_share"] == 0).all() and summary["pop_weighted_distance_km"].isna().all()
    assert (capacity_by_region(fac, fs, districts, regions, "2025-01-01")["facilities_open"] == 0).all()
    assert (network_progress(fac, fs, tg, "2025-01-01")["open"] == 0).all()
    assert quality_report(o, ind, districts).empty


@pytest.fixture
def world(obs, indicators, targets, dost_network, geo):
    districts, centroids, regions = geo
    facilities, status, catchment = dost_network
    rows = [("children_in_institutions", "district", d, str(y), 10 * i + y - 2018)
            for i, d in enumerate(["A", "B", "C", "D"]) for y in (2018, 2019, 2024)]  # fmt: skip
    rows += [
        ("children_in_institutions", "country", "AZ", "2019", 120), ("adoptions", "country", "AZ", "2024", 100),
        ("adoptions", "country", "AZ", "2025-01..2025-08", 90), ("rehab_persons_served", "country", "AZ", "2025", 9),
    ]  # fmt: skip
    ind = indicators([
        {"code": "children_in_institutions", "kind": "stock", "direction": "lower", "levels": "country,district"},
        {"code": "adoptions"}, {"code": "rehab_persons_served"},
    ])  # fmt: skip
    tg = targets([("adoptions", 165, 2026, "2026", True), ("rehab_persons_served", 30000, None, "2021", True),
                  ("children_in_institutions", 50, 2026, "2020", True)])  # fmt: skip
    return {"obs": obs(rows), "ind": ind, "tg": tg, "districts": districts, "centroids": centroids,
            "regions": regions, "facilities": facilities, "status": status, "catchment": catchment}  # fmt: skip


def _everything(w):
    from metrics.children import children_flows, children_stock
    from metrics.dost import coverage_scenarios, coverage_summary
    from metrics.network import network_progress, target_history
    from metrics.progress import progress
    from metrics.quality import quality_report
    from metrics.rehabilitation import capacity_by_region, throughput

    cov = coverage_scenarios(w["facilities"], w["status"], w["catchment"], w["districts"], "2031-01-01", w["centroids"])
    return {
        "progress": progress(w["ind"], w["tg"], w["obs"], geo_level=None),
        "stock": children_stock(w["obs"], w["districts"], None, w["ind"]),
        "flows": children_flows(w["obs"], w["tg"], w["ind"]),
        "throughput": throughput(w["obs"], w["tg"], w["ind"]),
        "capacity": capacity_by_region(w["facilities"], w["status"], w["districts"], w["regions"], "2025-01-01"),
        "coverage": cov.sort_values(["scenario", "code"]).reset_index(drop=True),
        "summary": coverage_summary(cov),
        "network": network_progress(w["facilities"], w["status"], w["tg"], "2031-01-01"),
        "history": target_history(w["tg"]),
        "quality": quality_report(w["obs"], w["ind"], w["districts"]),
    }


def test_no_input_is_mutated(world):
    before = {k: v.copy() for k, v in world.items()}
    _everything(world)
    for k, v in before.items():
        pd.testing.assert_frame_equal(v, world[k], obj=k)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_row_order_of_the_inputs_does_not_change_any_result(world, seed):
    shuffled = {k: v.sample(frac=1, random_state=seed) for k, v in world.items()}
    a, b = _everything(world), _everything(shuffled)
    for name in a:
        pd.testing.assert_frame_equal(a[name].reset_index(drop=True), b[name].reset_index(drop=True), obj=name)
