"""Rehabilitation: throughput against both targets, care split, aids, capacity per 100,000 residents."""

import numpy as np
import pandas as pd
import pytest

from metrics.rehabilitation import aids_issued, capacity_by_region, care_split, throughput


def test_throughput_against_every_target_version(obs, targets):
    o = obs(
        [
            ("rehab_persons_served", "country", "AZ", y, v)
            for y, v in (("2019", 10457), ("2023", 87700), ("2025", 142000))
        ]
    )
    tg = targets(
        [
            ("rehab_persons_served", 30000, 2021, "2021-01", False),
            ("rehab_persons_served", 100000, None, "c. 2023", True),
        ]
    )
    t = throughput(o, tg).set_index(["year", "target_value"])
    assert len(t) == 6  # 3 years x 2 versions
    assert t.loc[(2025, 30000), "share_of_target"] == pytest.approx(142000 / 30000 * 100)  # 473 %
    assert t.loc[(2025, 100000), "meets_target"] and not t.loc[(2023, 100000), "meets_target"]
    assert t.loc[(2019, 30000), "share_of_target"] == pytest.approx(34.857, abs=1e-3)  # 10457 / 30000


def test_care_split_shares(obs):
    o = obs([
        ("rehab_persons_served", "country", "AZ", "2019", 10457),
        ("rehab_persons_inpatient", "country", "AZ", "2019", 8101),
        ("rehab_persons_outpatient", "country", "AZ", "2019", 2356),
        ("rehab_persons_served", "country", "AZ", "2025", 142000),
        ("rehab_persons_inpatient", "country", "AZ", "2025", 33200),
        ("rehab_persons_outpatient", "country", "AZ", "2025", 78600),
        ("rehab_persons_served", "country", "AZ", "2023", 87700),  # no split published: no row
    ])  # fmt: skip
    s = care_split(o).set_index("year")
    assert list(s.index) == [2019, 2025]
    assert s.loc[2019, "inpatient_share"] == pytest.approx(8101 / 10457 * 100)  # 77.5 %
    assert s.loc[2019, "unassigned"] == 0
    assert s.loc[2025, "unassigned"] == 30200  # 142,000 - 33,200 - 78,600
    assert s.loc[2025, ["inpatient_share", "outpatient_share", "unassigned_share"]].sum() == pytest.approx(100)
    assert (s[["served_qualifier", "inpatient_qualifier", "outpatient_qualifier"]] == "exact").all().all()
    # each part keeps the qualifier it was published with
    q = care_split(o.assign(qualifier=np.where(o["value"] == 33200, "approx", "exact"))).set_index("year")
    assert q.loc[2025, "inpatient_qualifier"] == "approx" and q.loc[2019, "inpatient_qualifier"] == "exact"
    assert q.loc[2025, "served_qualifier"] == "exact"


def test_aids_issued_flags_partial_years(obs):
    o = obs(
        [
            ("rehab_aids_issued", "country", "AZ", "2019", 38041),
            ("rehab_aids_issued", "country", "AZ", "2021-01..2021-10", 38670),
        ]
    )
    a = aids_issued(o).set_index("year")
    assert not a.loc[2019, "is_partial"] and a.loc[2021, "is_partial"]
    assert a.loc[2021, "annualised"] == pytest.approx(38670 * 365 / 304)  # Jan-Oct 2021: 304 days


def test_capacity_per_100000_by_region(geo, facility_table, status_table):
    districts, _, regions = geo
    f = facility_table([
        ("R1", "rehabilitation", "rehab_centre", "A", 100, 1000),
        ("R2", "rehabilitation", "rehab_centre", "C", None, 2000),
        ("R3", "rehabilitation", "rehab_centre", "D", 50, None),  # planned: not counted
        ("R4", "rehabilitation", "rehab_centre", None, 10, None),  # district unknown: country only
        ("X1", "dost", "centre", "A", 999, 999),  # another network
    ])  # fmt: skip
    st = status_table([
        ("R1", "open", "2021"), ("R2", "open", "2022"), ("R3", "planned", "2022"), ("R4", "open", "2020"),
        ("X1", "open", "2020"),
    ])  # fmt: skip
    c = capacity_by_region(f, st, districts, regions, "2025-01-01").set_index(["geo_level", "geo_code"])
    r1, r2, az = c.loc[("region", "R1")], c.loc[("region", "R2")], c.loc[("country", "AZ")]
    # R1: A 1000 + B 3000 residents; 100 beds -> 2,500 per 100,000; 1,000 a year -> 25,000 per 100,000
    assert r1["beds_per_100k"] == pytest.approx(2500) and r1["capacity_per_100k"] == pytest.approx(25000)
    # R2: C 2000 + D 4000 (+ AGD unknown); R2 facility has no beds figure
    # R2's only facility publishes no beds: unknown, not zero
    assert np.isnan(r2["beds"]) and np.isnan(r2["beds_per_100k"]) and r2["lacking_beds"] == 1
    assert r2["capacity_per_100k"] == pytest.approx(2000 / 6000 * 1e5)
    assert az["facilities_open"] == 3 and az["beds"] == 110 and az["lacking_capacity"] == 1
    assert az["population"] == 10_000 and az["beds_per_100k"] == pytest.approx(1100)


def test_capacity_with_zero_population_is_nan_not_inf(facility_table, status_table):
    districts = pd.DataFrame(
        {"code": ["A"], "economic_region_code": ["R"], "population_exclusive": pd.array([0], dtype="Int64")}
    )
    regions = pd.DataFrame({"code": ["R"], "name_az": ["R"], "name_en": ["R"]})
    f = facility_table([("R1", "rehabilitation", "rehab_centre", "A", 10, 100)])
    c = capacity_by_region(f, status_table([("R1", "open", "2020")]), districts, regions, "2021-01-01")
    assert np.isnan(c["beds_per_100k"]).all()
