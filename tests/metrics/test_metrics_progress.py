"""Progress towards targets: values worked out by hand in the comments."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from figures.sentences import sentence
from metrics.progress import AT_RISK_SHARE, BAND_LEVEL, STATUSES, progress, sentence_key, sentence_keys


def said(row: pd.Series, lang: str = "en") -> str:
    """The sentence a page or slide shows for a progress row (figures.sentences)."""
    return sentence(row.to_dict(), lang)


REHAB = [
    ("rehab", "country", "AZ", y, v) for y, v in (("2019", 10457), ("2022", 50000), ("2023", 87700), ("2025", 142000))
]


@pytest.fixture
def rehab(obs, indicators, targets):
    ind = indicators([{"code": "rehab", "name_en": "Persons receiving rehabilitation", "name_az": "Reabilitasiya"}])
    tg = targets([("rehab", 30000, 2021, "2021-01", False), ("rehab", 100000, None, "c. 2023", True)])
    return ind, tg, obs(REHAB)


def test_target_already_exceeded_is_achieved_with_share_above_100(rehab):
    ind, tg, o = rehab
    row = progress(ind, tg, o).iloc[0]
    # current target: 100,000 (no deadline stated -> judged against the strategy's end, never shown as its year)
    assert row["status"] == "achieved" and row["target_value"] == 100000 and row["basis"] == "met"
    assert row["share_achieved"] == pytest.approx(142.0)  # 142,000 / 100,000
    assert row["target_year_assumed"] and pd.isna(row["target_year"]) and row["horizon_year"] == 2026
    assert np.isnan(row["pace_needed"])  # met: no (negative) pace needed
    assert "2026" not in said(row).split("Basis")[0]
    assert (row["baseline_value"], row["baseline_year"]) == (10457, 2019)
    versions = progress(ind, tg, o, all_targets=True).set_index("target_value")
    assert versions.loc[30000, "status"] == "achieved"
    assert versions.loc[30000, "share_achieved"] == pytest.approx(473.333, abs=1e-3)  # 142,000 / 30,000


def _linear(obs, code="a", start=2021, values=(100, 110, 120, 130, 140)):
    return obs([(code, "country", "AZ", str(start + i), v) for i, v in enumerate(values)])


@pytest.mark.parametrize(
    ("target", "status", "projected_share"),
    [
        (170, "on_track", 100.0),  # slope 10/yr: 140 + 3 x 10 = 170 by 2028 -> 170/170
        (185, "at_risk", 170 / 185 * 100),  # 91.9 % >= 90 %
        (200, "off_track", 85.0),  # 170/200
    ],
)
def test_status_thresholds_on_a_linear_series(obs, indicators, targets, target, status, projected_share):
    row = progress(indicators([{"code": "a"}]), targets([("a", target, 2028, "2020", True)]), _linear(obs)).iloc[0]
    assert row["pace_observed"] == pytest.approx(10)
    assert row["pace_needed"] == pytest.approx((target - 140) / 3)
    assert row["projected_value"] == pytest.approx(170)
    assert row["projected_share"] == pytest.approx(projected_share)
    assert row["status"] == status
    # a perfect line: residual SE 0, so the band collapses onto the projection
    assert row["projected_low"] == pytest.approx(170) and row["projected_high"] == pytest.approx(170)


def test_lower_is_better_measures_distance_from_baseline(obs, indicators, targets):
    o = obs([("kids", "country", "AZ", y, v) for y, v in (("2018", 1000), ("2019", 900), ("2023", 700))])
    ind = indicators([{"code": "kids", "kind": "stock", "direction": "lower"}])
    row = progress(ind, targets([("kids", 500, 2026, "2020", True)]), o).iloc[0]
    # baseline 900 (2019), target 500: (900 - 700) / (900 - 500) = 50 %
    assert row["share_achieved"] == pytest.approx(50.0)
    # slope: x = 2018, 2019, 2023 (mean 2020), y mean 866.67 -> Sxy = -800, Sxx = 14 -> -57.14/yr
    assert row["pace_observed"] == pytest.approx(-800 / 14)
    projected = 2600 / 3 - 800 / 14 * 6  # the OLS line at 2026: mean + slope x (2026 - 2020) = 523.8
    assert row["projected_value"] == pytest.approx(projected)
    assert row["projected_share"] == pytest.approx((900 - projected) / 400 * 100)  # 94.0 % -> at risk
    assert row["status"] == "at_risk"
    met = progress(ind, targets([("kids", 750, 2026, "2020", True)]), o).iloc[0]
    assert met["status"] == "achieved"  # 700 <= 750


def test_partial_year_is_reported_but_not_compared(obs, indicators, targets):
    o = obs([("ret", "country", "AZ", "2024", 200), ("ret", "country", "AZ", "2025-01..2025-08", 110)])
    row = progress(indicators([{"code": "ret"}]), targets([("ret", 240, 2026, "2026-01-19", True)]), o).iloc[0]
    assert row["latest_value"] == 200 and row["latest_period"] == "2024"
    assert row["share_achieved"] == pytest.approx(200 / 240 * 100)  # not 110/240
    assert row["is_partial"] and row["partial_value"] == 110 and row["partial_months"] == 8
    # Jan-Aug 2025 = 31+28+31+30+31+30+31+31 = 243 days: 110 x 365 / 243 = 165.2
    assert row["partial_days"] == 243 and row["partial_annualised"] == pytest.approx(110 * 365 / 243)
    # one yearly point: no pace, no trend: the verdict is at most "at risk", and it says why
    assert np.isnan(row["pace_observed"]) and row["status"] == "at_risk" and row["basis"] == "single_point"
    assert "fewer than two comparable yearly points" in said(row)
    assert "Jan–Aug 2025" in said(row) and "165" in said(row)


def test_partial_figure_of_the_target_year_that_meets_it_counts(obs, indicators, targets):
    o = obs([("a", "country", "AZ", "2024", 60), ("a", "country", "AZ", "2025-H1", 120)])
    row = progress(indicators([{"code": "a"}]), targets([("a", 100, 2025, "2024", True)]), o).iloc[0]
    assert row["status"] == "achieved" and row["achieved_by_partial"]
    assert row["share_achieved"] == pytest.approx(60.0)  # the full-year figure, still 2024's


def test_missed_deadline_no_data_and_no_target(obs, indicators, targets):
    ind = indicators([{"code": "late"}, {"code": "empty"}, {"code": "free", "has_target": False}])
    o = obs([("late", "country", "AZ", "2022", 200), ("late", "country", "AZ", "2024", 250)])
    o = pd.concat([o, obs([("free", "country", "AZ", "2024", 5)])])
    tg = targets([("late", 300, 2023, "2020", True), ("empty", 10, 2026, "2025", True)])
    p = progress(ind, tg, o).set_index("indicator_code")
    assert p.loc["late", "status"] == "off_track" and np.isnan(p.loc["late", "projected_value"])
    assert p.loc["late", "sentence_key"] == "metric.sentence.missed"  # its text: tests/figures/test_sentences.py
    assert p.loc["empty", "status"] == "no_data"
    assert p.loc["free", "status"] == "no_target" and p.loc["free", "latest_value"] == 5
    assert set(p["status"]) <= set(STATUSES)


def _ols_prediction(x: np.ndarray, y: np.ndarray, x0: float, level: float = 0.95) -> tuple[float, float]:
    """An independent textbook OLS prediction and the half-width of its prediction interval (numpy lstsq, and
    the t quantile found by bisection on a numerically integrated Student t density)."""
    n = len(x)
    design = np.c_[np.ones(n), x]
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    resid = y - design @ coef
    s = np.sqrt(resid @ resid / (n - 2))
    dof = n - 2
    grid = np.linspace(0, 60, 600_001)
    from math import gamma, pi, sqrt

    density = gamma((dof + 1) / 2) / (sqrt(dof * pi) * gamma(dof / 2)) * (1 + grid**2 / dof) ** (-(dof + 1) / 2)
    cdf = 0.5 + np.concatenate([[0], np.cumsum((density[1:] + density[:-1]) / 2 * np.diff(grid))])
    q = float(np.interp(0.5 + level / 2, cdf, grid))
    leverage = 1 / n + (x0 - x.mean()) ** 2 / ((x - x.mean()) ** 2).sum()
    return float(coef[0] + coef[1] * x0), q * s * np.sqrt(1 + leverage)


def test_band_is_the_ols_prediction_interval(obs, indicators, targets):
    values = (100, 120, 110, 130, 140)
    o = pd.concat([_linear(obs, "near", values=values), _linear(obs, "far", values=values)])
    tg = targets([("near", 500, 2027, "2020", True), ("far", 500, 2032, "2020", True)])
    p = progress(indicators([{"code": "near"}, {"code": "far"}]), tg, o).set_index("indicator_code")
    x, y = np.arange(2021, 2026, dtype=float), np.array(values, float)
    assert BAND_LEVEL == 0.95
    for code, year in (("near", 2027), ("far", 2032)):
        projected, half = _ols_prediction(x, y, year)
        assert p.loc[code, "projected_value"] == pytest.approx(projected)
        assert p.loc[code, "projected_high"] - p.loc[code, "projected_value"] == pytest.approx(half, rel=1e-4)
        assert p.loc[code, "projected_value"] - p.loc[code, "projected_low"] == pytest.approx(half, rel=1e-4)
    far, near = p.loc["far"], p.loc["near"]
    assert far["projected_high"] - far["projected_low"] > near["projected_high"] - near["projected_low"]


def test_rehabilitation_band_of_five_yearly_points(obs, indicators, targets):
    # The published figures 2018 ~10 000, 2019 10 457, 2022 ~50 000, 2023 87 700, 2025 142 000 against a target
    # far above them by 2026: the 95 % prediction interval at 2026 is about +/-73 700 (not +/-34 000).
    rows = [("rehab", "country", "AZ", y, v) for y, v in
            (("2018", 10000), ("2019", 10457), ("2022", 50000), ("2023", 87700), ("2025", 142000))]  # fmt: skip
    row = progress(indicators([{"code": "rehab"}]), targets([("rehab", 500000, 2026, "2023", True)]), obs(rows))
    row = row.iloc[0]
    x = np.array([2018, 2019, 2022, 2023, 2025], float)
    y = np.array([10000, 10457, 50000, 87700, 142000], float)
    projected, half = _ols_prediction(x, y, 2026)
    assert half == pytest.approx(73_747, abs=50)
    assert row["projected_value"] == pytest.approx(projected)
    assert (row["projected_high"] - row["projected_low"]) / 2 == pytest.approx(half, rel=1e-4)
    assert row["basis"] == "trend" and row["n_points"] == 5
    assert "trend of 5 yearly points (2018–2025)" in said(row)


def test_no_band_below_three_points(obs, indicators, targets):
    o = obs([("a", "country", "AZ", "2023", 100), ("a", "country", "AZ", "2024", 120)])
    row = progress(indicators([{"code": "a"}]), targets([("a", 500, 2030, "2020", True)]), o).iloc[0]
    assert row["projected_value"] == pytest.approx(120 + 20 * 6)
    assert np.isnan(row["projected_low"]) and np.isnan(row["projected_high"])


def test_a_target_of_another_kind_is_named_not_compared(obs, indicators, targets):
    o = obs([("served", "country", "AZ", y, v) for y, v in (("2023", 87700), ("2025", 142000))])
    tg = targets([("served", 100000, None, "c. 2023", True)]).assign(target_kind="capacity", deadline_stated=False)
    row = progress(indicators([{"code": "served"}]), tg, o).iloc[0]
    assert row["status"] == "no_target" and row["basis"] == "kind_differs" and not row["target_comparable"]
    assert np.isnan(row["share_achieved"]) and np.isnan(row["pace_needed"]) and np.isnan(row["projected_value"])
    assert "measures something else" in said(row) and "capacity" in said(row)


@pytest.mark.parametrize("n_years", [1, 2, 3, 6])
def test_every_verdict_states_its_basis(obs, indicators, targets, n_years):
    o = obs([("a", "country", "AZ", str(2020 + i), 100 + 5 * i) for i in range(n_years)])
    for target, year in ((90, 2028), (1000, 2028), (1000, 2021), (150, None)):
        row = progress(indicators([{"code": "a"}]), targets([("a", target, year, "2020", True)]), o).iloc[0]
        assert row["basis"] in ("met", "met_partial", "deadline_passed", "single_point", "trend")
        for lang in ("en", "az"):
            assert ("Basis:" if lang == "en" else "Əsas:") in said(row, lang)
        if n_years < 2 and row["basis"] != "met":
            assert row["status"] in ("at_risk", "off_track") and row["status"] != "on_track"
        if row["status"] == "achieved":
            assert np.isnan(row["pace_needed"])


def test_inputs_are_not_mutated(rehab):
    ind, tg, o = rehab
    before = [x.copy() for x in rehab]
    progress(ind, tg, o, geo_level=None)
    for a, b in zip(before, rehab, strict=True):
        pd.testing.assert_frame_equal(a, b)


def test_district_level_rows(obs, indicators, targets):
    o = obs(
        [("a", "district", "D1", "2024", 5), ("a", "district", "D2", "2024", 7), ("a", "country", "AZ", "2024", 12)]
    )
    p = progress(indicators([{"code": "a"}]), targets([("a", 20, 2026, "2020", True)]), o, geo_level="district")
    assert sorted(p["geo_code"]) == ["D1", "D2"] and set(p["status"]) == {"no_target"}
    everywhere = progress(indicators([{"code": "a"}]), targets([("a", 20, 2026, "2020", True)]), o, geo_level=None)
    assert len(everywhere) == 3


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.integers(0, 10_000), min_size=1, max_size=6),
    st.integers(1, 20_000),
    st.sampled_from(["higher", "lower"]),
    st.integers(0, 2**31 - 1),
)
def test_properties_status_share_and_row_order(obs, indicators, targets, values, target, direction, seed):
    o = obs([("a", "country", "AZ", str(2020 + i), v) for i, v in enumerate(values)])
    ind = indicators([{"code": "a", "direction": direction}])
    tg = targets([("a", target, 2030, "2020", True)])
    a = progress(ind, tg, o)
    b = progress(ind, tg, o.sample(frac=1, random_state=seed))
    pd.testing.assert_frame_equal(a, b)
    row = a.iloc[0]
    latest = values[-1]
    met = latest >= target if direction == "higher" else latest <= target
    assert (row["status"] == "achieved") == met
    if direction == "higher":
        assert row["share_achieved"] == pytest.approx(latest / target * 100)
    if len(values) < 2 and row["status"] != "achieved":
        assert row["status"] == "at_risk" and row["basis"] == "single_point"
    elif row["status"] in ("on_track", "at_risk", "off_track") and not np.isnan(row["projected_share"]):
        share = row["projected_share"]
        expected = "on_track" if share >= 100 else "at_risk" if share >= AT_RISK_SHARE else "off_track"
        assert row["status"] == expected


def test_pace_uses_the_last_five_yearly_points(obs, indicators, targets):
    # 2018-2019 are far off; 2020..2024 rise by exactly 20 a year: the pace is 20, not the 7-point slope
    values = (500, 450, 100, 120, 140, 160, 180)
    o = obs([("a", "country", "AZ", str(2018 + i), v) for i, v in enumerate(values)])
    row = progress(indicators([{"code": "a"}]), targets([("a", 300, 2030, "2020", True)]), o).iloc[0]
    assert row["n_points"] == 5 and row["pace_observed"] == pytest.approx(20.0)
    assert row["projected_value"] == pytest.approx(180 + 20 * 6)  # 300 by 2030: on track
    assert row["status"] == "on_track"


def test_partial_figure_of_another_year_never_achieves(obs, indicators, targets):
    o = obs([("a", "country", "AZ", "2024", 60), ("a", "country", "AZ", "2025-H1", 120)])
    row = progress(indicators([{"code": "a"}]), targets([("a", 100, 2026, "2024", True)]), o).iloc[0]
    assert row["status"] != "achieved" and not row["achieved_by_partial"]
    assert row["status"] == "at_risk"  # a single yearly point (60 % of 100): no trend, at most "at risk"


def test_change_pace_and_projection_use_the_current_segment_only(obs, indicators, targets):
    # orphans: 2001-2018 on one definition, 2024-2025 on a broader one: no pace across the break
    rows = [("orph", "country", "AZ", str(y), v) for y, v in ((2016, 800), (2017, 760), (2018, 737), (2024, 1459),
                                                              (2025, 1500))]  # fmt: skip
    o = obs(rows).assign(segment=["ssc", "ssc", "ssc", "broad", "broad"])
    ind = indicators([{"code": "orph", "kind": "stock", "direction": "lower"}])
    row = progress(ind, targets([("orph", 500, 2030, "2020", True)]), o).iloc[0]
    assert row["segment"] == "broad" and row["n_points"] == 2 and row["first_year"] == 2024
    assert row["pace_observed"] == pytest.approx(41.0)  # 1459 -> 1500, not (1500 - 800) / 9
    assert row["baseline_year"] == 2024  # the baseline of the segment, never a figure of another definition
    whole = progress(ind, targets([("orph", 500, 2030, "2020", True)]), o.drop(columns="segment")).iloc[0]
    assert whole["n_points"] == 5  # the same rows without a break: one series


def _sentence_rule(row: dict) -> str:
    """The sentence template rule as it was first written, row by row (the first that applies wins): the reference
    metrics.progress.sentence_keys is checked against."""
    status = row["status"]
    has_value = row.get("latest_value") is not None and not pd.isna(row.get("latest_value"))
    if row.get("basis") == "kind_differs":
        return "metric.sentence.kind_differs"
    if status == "achieved" and row.get("achieved_by_partial"):
        return "metric.sentence.achieved_partial"
    if status == "achieved" and row.get("target_year_assumed"):
        return "metric.sentence.achieved_no_year"
    if status == "no_target":
        return "metric.sentence.no_target" if has_value else "metric.sentence.no_target_no_data"
    if status in ("at_risk", "off_track"):
        if pd.isna(row.get("projected_value")):
            return "metric.sentence.missed"
        if pd.isna(row.get("pace_observed")):
            return "metric.sentence.flat"
    return f"metric.sentence.{status}"


_MAYBE_NUMBER = st.one_of(st.none(), st.just(np.nan), st.floats(-1e6, 1e6, allow_nan=False))
_SENTENCE_ROW = st.fixed_dictionaries(
    {
        "status": st.sampled_from(sorted(STATUSES)),
        "latest_value": _MAYBE_NUMBER,
        "basis": st.sampled_from(["kind_differs", "met", "met_partial", "trend", "single_point", "no_target", None]),
        "achieved_by_partial": st.booleans(),
        "target_year_assumed": st.booleans(),
        "projected_value": _MAYBE_NUMBER,
        "pace_observed": _MAYBE_NUMBER,
    }
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(_SENTENCE_ROW, min_size=1, max_size=40))
def test_sentence_keys_column_by_column_follow_the_rule_row_by_row(rows):
    """Every progress row's sentence template, worked out for the whole frame at once (sentence_keys), is the one
    the rule gives row by row, and so is one row's (sentence_key)."""
    frame = pd.DataFrame(rows)
    want = [_sentence_rule(r) for r in rows]
    assert list(sentence_keys(frame)) == want
    assert [sentence_key(r) for r in rows] == want


def test_sentence_keys_of_every_reference_row_follow_the_rule(reference_engine):
    """Over every progress row of the reference data at every level: the template progress wrote is the rule's."""
    from data import queries

    ind, tg = queries.indicators(reference_engine), queries.targets(reference_engine)
    prog = progress(ind, tg, queries.observations(reference_engine), geo_level=None)
    assert len(prog) > 100 and prog["sentence_key"].nunique() > 3
    assert list(prog["sentence_key"]) == [_sentence_rule(r) for r in prog.to_dict("records")]
