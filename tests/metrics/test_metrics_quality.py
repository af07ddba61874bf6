"""Data quality: each rule fires on a hand-made problem and stays quiet on clean data."""

import pandas as pd
import pytest

from metrics.quality import COLUMNS, completeness, consistency, outliers, quality_report

CODES = [f"D{i}" for i in range(1, 9)]


@pytest.fixture
def districts():
    # D1-D4 in R1, D5-D8 in R2, 10,000 residents each (so per 10,000 residents = the value itself)
    return pd.DataFrame(
        {
            "code": CODES,
            "name_az": CODES,
            "name_en": CODES,
            "economic_region_code": ["R1"] * 4 + ["R2"] * 4,
            "population_exclusive": pd.array([10_000] * 8, dtype="Int64"),
        }
    )


@pytest.fixture
def catalogue(indicators):
    return indicators([
        {"code": "home_care", "levels": "country,region,district", "name_en": "Home care"},
        {"code": "returned", "levels": "country"},
        {"code": "sat", "kind": "share", "unit": "percent", "levels": "country"},
        {"code": "rehab_persons_served"}, {"code": "rehab_persons_inpatient"}, {"code": "rehab_persons_outpatient"},
    ])  # fmt: skip


VALUES_2024 = [10, 11, 12, 10, 11, 12, 10, 100]


@pytest.fixture
def clean(obs):
    rows = [("home_care", "district", c, "2024", v) for c, v in zip(CODES, VALUES_2024, strict=True)]
    rows += [("home_care", "region", "R1", "2024", 43), ("home_care", "region", "R2", "2024", 133)]
    rows += [("home_care", "country", "AZ", "2024", 176)]
    return obs(rows)


def test_outlier_by_robust_z(clean, catalogue, districts):
    # median 11, MAD 1: D8 (100) has z = 0.6745 x 89 / 1 = 60; D3 (12) has 0.67
    o = outliers(clean, catalogue, districts)
    assert o["geo_code"].tolist() == ["D8"]
    assert o.iloc[0]["z"] == pytest.approx(0.6745 * 89) and o.iloc[0]["expected"] == 11


def test_clean_data_gives_no_consistency_or_completeness_findings(clean, catalogue, districts):
    assert consistency(clean, catalogue, districts).empty
    assert completeness(clean, catalogue, districts).empty


def test_missing_district_and_missing_national_years(clean, obs, catalogue, districts):
    more = obs([("home_care", "district", c, "2025", 10) for c in CODES[:7]])
    more = pd.concat([more, obs([("home_care", "country", "AZ", "2021", 150)])])
    c = completeness(pd.concat([clean, more]), catalogue, districts)
    gaps = set(zip(c["rule"], c["geo_code"], c["period"], strict=True))
    assert gaps == {("missing_district", "D8", "2025"), ("missing_year", "AZ", "2022"), ("missing_year", "AZ", "2023")}


def test_a_district_has_a_figure_only_from_a_row_a_chart_can_show(clean, obs, catalogue, districts):
    """A flow over two years or on one date is not a district's figure of its year; a part of the year is."""
    more = obs([("home_care", "district", c, "2025", 10) for c in CODES[:5]])
    more = pd.concat([more, obs([("home_care", "district", "D6", "2025-03", 1),
                                 ("home_care", "district", "D7", "2024-07..2025-06", 5),
                                 ("home_care", "district", "D8", "2025-05-01", 1)])])  # fmt: skip
    c = completeness(pd.concat([clean, more]), catalogue, districts)
    missing = set(c.loc[c["rule"] == "missing_district", "geo_code"])
    assert missing == {"D7", "D8"}


def test_consistency_rules(clean, obs, catalogue, districts):
    bad = obs([
        ("returned", "country", "AZ", "2024", -3),
        ("sat", "country", "AZ", "2024-05-15", 101),
        ("rehab_persons_served", "country", "AZ", "2019", 10457),
        ("rehab_persons_inpatient", "country", "AZ", "2019", 8101),
        ("rehab_persons_outpatient", "country", "AZ", "2019", 3000),  # 8101 + 3000 = 11,101 > 10,457
        ("home_care", "region", "R1", "2025", 40),
        ("home_care", "district", "D1", "2025", 30), ("home_care", "district", "D2", "2025", 20),  # 50 > 40
        ("home_care", "region", "R2", "2025", 500),
        ("home_care", "district", "D5", "2025", 30),  # only 1 of 4 districts, below the whole: fine
    ])  # fmt: skip
    c = consistency(pd.concat([clean, bad]), catalogue, districts)
    found = {(r.rule, r.indicator_code, r.geo_code, r.period) for r in c.itertuples()}
    assert found == {
        ("negative", "returned", "AZ", "2024"),
        ("share_range", "sat", "AZ", "2024-05-15"),
        ("part_exceeds_whole", "rehab_persons_served", "AZ", "2019"),
        ("districts_vs_total", "home_care", "R1", "2025"),
    }
    part = c[c["rule"] == "part_exceeds_whole"].iloc[0]
    assert (part["value"], part["expected"]) == (11101, 10457)


def test_complete_districts_that_do_not_add_up(clean, obs, catalogue, districts):
    wrong = clean.copy()
    wrong.loc[(wrong["geo_level"] == "country"), "value"] = 200.0  # districts add up to 176
    c = consistency(wrong, catalogue, districts)
    assert c[["rule", "geo_code"]].values.tolist() == [["districts_vs_total", "AZ"]]


def test_report_is_one_tidy_table_with_message_keys(clean, obs, catalogue, districts):
    data = pd.concat([clean, obs([("returned", "country", "AZ", "2024", -3)])])
    r = quality_report(data, catalogue, districts)
    assert list(r.columns) == COLUMNS
    assert r.iloc[0]["severity"] == "error"  # errors first
    outlier = r[r["rule"] == "outlier"].iloc[0]
    assert outlier["message_key"] == "outlier" and outlier["geo_code"] == "D8"  # text: tests/figures/test_sentences.py
    assert r["message_key"].notna().all()


def test_findings_carry_the_data_status_and_say_so_on_demonstration_values(reference_engine):
    from data import queries
    from figures.sentences import add_messages
    from metrics.quality import quality_report

    ind, districts = queries.indicators(reference_engine), queries.districts(reference_engine)
    obs = queries.observations(reference_engine)
    report = add_messages(quality_report(obs, ind, districts), ind, districts)
    assert "data_status" in report.columns
    demo = report[report["data_status"] == "demonstration"]
    assert len(demo)  # the district outliers of the reference build rest on demonstration values
    assert demo["message_en"].str.contains("demonstration values").all()
    assert demo["message_az"].str.contains("nümayiş").all()
    real = report[report["data_status"].isin(["reported", "official"])]
    assert not real["message_en"].str.contains("demonstration values").any()
    keyed = obs.drop_duplicates(["indicator_code", "geo_level", "geo_code", "period"], keep="last").set_index(
        ["indicator_code", "geo_level", "geo_code", "period"]
    )["data_status"]
    for r in report[report["rule"] == "outlier"].itertuples():  # an outlier's status is its figure's own
        assert r.data_status == keyed[(r.indicator_code, r.geo_level, r.geo_code, r.period)]


@pytest.mark.parametrize("seed", range(6))
def test_a_sum_of_districts_is_as_certain_as_its_least_certain_part(clean, obs, catalogue, districts, seed):
    """The data status of a districts_vs_total finding: the least certain of the yearly district figures summed
    and the published whole, for any statuses of those; a part-year district row of that year is not summed and
    does not count."""
    import numpy as np

    from metrics.quality import STATUS_ORDER

    rng = np.random.default_rng(seed)
    wrong = clean.copy()
    wrong.loc[wrong["geo_level"] != "district", "value"] *= 2  # every region and the country: a finding each
    statuses = ["official", "reported", "demonstration"]
    wrong["data_status"] = rng.choice(statuses, len(wrong), p=[0.6, 0.3, 0.1])
    monthly = obs([("home_care", "district", "D1", "2024-03", 1)]).assign(data_status="demonstration")
    report = quality_report(pd.concat([wrong, monthly], ignore_index=True), catalogue, districts)
    sums = report[report["rule"] == "districts_vs_total"]
    assert set(sums["geo_code"]) == {"R1", "R2", "AZ"}
    yearly = wrong[wrong["geo_level"] == "district"].assign(region=lambda d: d["geo_code"].map(
        districts.set_index("code")["economic_region_code"]))  # fmt: skip
    for r in sums.itertuples():
        parts = yearly if r.geo_level == "country" else yearly[yearly["region"] == r.geo_code]
        whole = wrong.loc[(wrong["geo_level"] == r.geo_level) & (wrong["geo_code"] == r.geo_code), "data_status"]
        least = min([*parts["data_status"], *whole], key=STATUS_ORDER.get)
        assert r.data_status == least, (seed, r.geo_code)
