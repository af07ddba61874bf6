"""Issue 9: date precision in status_on, the pipeline rules, and the register reconciled with published totals."""

from __future__ import annotations

import pandas as pd
import pytest

from data import queries
from data.semantics import date_span
from metrics.facilities import pipeline_state, status_on, status_with_pipeline
from metrics.network import network_progress, network_timeline
from metrics.quality import quality_report
from metrics.reconcile import disagreements, opened_before_network, reconcile, register_count

CENTRES = ("centre", "regional_centre")


def statuses(rows: list[tuple]) -> pd.DataFrame:
    """Status rows from (facility_code, status, published date[, source_id]) tuples, as data.queries returns them."""
    out = []
    for r in rows:
        span = date_span(r[2])
        out.append(
            {
                "facility_code": r[0],
                "status": r[1],
                "status_date": span.text,
                "status_day": pd.Timestamp(span.earliest),
                "date_latest": pd.Timestamp(span.latest),
                "date_precision": span.precision,
                "date_basis": "as_of",
                "expected_open": None,
                "source_id": r[3] if len(r) > 3 else "src_a",
            }
        )
    return pd.DataFrame(out)


def registry(rows: list[tuple]) -> pd.DataFrame:
    """Facilities from (code, network, facility_type) tuples."""
    return pd.DataFrame(rows, columns=["code", "network", "facility_type"])


def totals(rows: list[tuple]) -> pd.DataFrame:
    """Published totals from (facility_types, status, published_date, count[, kind, source_id]) tuples."""
    out = []
    for r in rows:
        out.append(
            {
                "network": "dost",
                "facility_types": r[0],
                "status": r[1],
                "published_date": r[2],
                "date_latest": pd.Timestamp(date_span(r[2]).latest),
                "count": r[3],
                "kind": r[4] if len(r) > 4 else "count",
                "source_id": r[5] if len(r) > 5 else "src_total",
            }
        )
    return pd.DataFrame(out)


# ------------------------------------------------------------------------------------------- date precision


@pytest.mark.parametrize(
    ("published", "first_day_counted"),
    [
        ("2025-03-14", "2025-03-14"),
        ("2025-03", "2025-03-31"),
        ("2025", "2025-12-31"),
        ("2025-08..2025-12", "2025-12-31"),
        ("2025-08-20..2025-12-08", "2025-12-08"),
    ],
)
def test_an_opening_counts_only_once_it_is_certain(published, first_day_counted):
    fs = statuses([("F", "open", published)])
    day = pd.Timestamp(first_day_counted)
    assert status_on(fs, day)["is_open"].tolist() == [True]
    assert status_on(fs, day - pd.Timedelta(days=1)).empty


def test_the_latest_certain_row_gives_the_status():
    fs = statuses([("F", "planned", "2021-04"), ("F", "open", "2021-04..2021-12"), ("F", "open", "2025-08-28")])
    assert status_on(fs, "2021-11-30")["status"].tolist() == ["planned"]
    assert status_on(fs, "2021-12-31")["status"].tolist() == ["open"]


# ------------------------------------------------------------------------------------------- pipeline


def test_the_latest_official_list_supersedes_older_statements_and_old_evidence_is_stale():
    fac = registry([("A", "dost", "centre"), ("B", "dost", "centre"), ("C", "dost", "centre"),
                    ("D", "dost", "centre"), ("E", "dost", "branch")])  # fmt: skip
    fs = statuses(
        [
            ("A", "under_construction", "2024-08-31", "src_old"),
            ("A", "under_construction", "2025-12-23", "src_list"),  # on the list
            ("B", "design", "2024-08-31", "src_old"),  # not on the later list
            ("C", "planned", "2021-01-19", "src_older"),  # not on the list and stale
            ("D", "planned", "2026-01-10", "src_new"),  # evidence after the list: still counts
            ("E", "planned", "2023-01-01", "src_x"),  # a branch: the centres' list says nothing; stale by then
        ]
    )
    lists = totals([("centre,regional_centre", "design|under_construction", "2025-12-23", 1, "list", "src_list")])
    state = pipeline_state(fs, "2026-01-22", fac, lists).set_index("facility_code")["pipeline_state"].to_dict()
    assert state == {"A": "pipeline", "B": "not_on_latest_list", "C": "not_on_latest_list", "D": "pipeline",
                     "E": "stale"}  # fmt: skip
    # before the list existed, B still counts; C and E have no evidence in the 18 months before 2024-08-31
    before = pipeline_state(fs, "2024-12-31", fac, lists).set_index("facility_code")["pipeline_state"].to_dict()
    assert before == {"A": "pipeline", "B": "pipeline", "C": "stale", "E": "stale"}
    assert pipeline_state(fs, "2024-12-31", fac, lists, stale_months=24).set_index("facility_code").at[
        "E", "pipeline_state"] == "pipeline"  # fmt: skip
    counted = status_with_pipeline(fs, "2026-01-22", facilities=fac, totals=lists)
    assert sorted(counted.loc[counted["counted_open"], "facility_code"]) == ["A", "D"]
    with_stale = status_with_pipeline(fs, "2026-01-22", facilities=fac, totals=lists, include_stale=True)
    assert sorted(with_stale.loc[with_stale["counted_open"], "facility_code"]) == ["A", "D", "E"]


def test_status_on_with_the_pipeline_follows_the_one_pipeline_rule():
    """status_on(include_pipeline=True) counts a pipeline item only while pipeline_state counts it: a rule over
    every facility at every date from the first row to the horizon and after."""
    fac = registry([("A", "dost", "centre"), ("B", "dost", "centre"), ("C", "dost", "centre"),
                    ("D", "dost", "centre"), ("E", "dost", "branch")])  # fmt: skip
    fs = statuses(
        [
            ("A", "under_construction", "2024-08-31", "src_old"),
            ("A", "under_construction", "2025-12-23", "src_list"),
            ("B", "design", "2024-08-31", "src_old"),
            ("C", "planned", "2021-01-19", "src_older"),
            ("D", "planned", "2026-01-10", "src_new"),
            ("E", "planned", "2023-01-01", "src_x"),
        ]
    )
    lists = totals([("centre,regional_centre", "design|under_construction", "2025-12-23", 1, "list", "src_list")])
    seen = set()
    for day in ["2021-06-30", "2023-06-30", "2024-12-31", "2026-01-22", "2030-12-31", "2031-06-30"]:
        st = status_on(fs, day, include_pipeline=True, facilities=fac, totals=lists).set_index("facility_code")
        state = pipeline_state(fs, day, fac, lists).set_index("facility_code")["pipeline_state"]
        for code, row in st[st["in_pipeline"].to_numpy(bool)].iterrows():
            seen.add(state[code])
            if state[code] != "pipeline":
                assert not row["counted_open"], (day, code, state[code])
        # without the list, only staleness applies; the stale never count
        bare = status_on(fs, day, include_pipeline=True).set_index("facility_code")
        stale = pipeline_state(fs, day).set_index("facility_code")["pipeline_state"]
        assert not bare.loc[[c for c in stale.index if stale[c] == "stale"], "counted_open"].any()
    assert seen == {"pipeline", "stale", "not_on_latest_list"}
    late = status_on(fs, "2031-06-30", include_pipeline=True, facilities=fac, totals=lists)
    assert sorted(late.loc[late["counted_open"], "facility_code"]) == ["A", "D"]  # as status_with_pipeline counts


def test_staleness_is_measured_from_the_evidence_not_from_a_future_date():
    fs = statuses([("A", "under_construction", "2025-12-23"), ("B", "open", "2026-01-22")])
    state = pipeline_state(fs, "2030-12-31")
    assert state["pipeline_state"].tolist() == ["pipeline"]


def test_an_open_facility_is_never_pipeline():
    fs = statuses([("A", "planned", "2021-04"), ("A", "open", "2021-04..2021-12")])
    assert pipeline_state(fs, "2024-12-31").empty


# ------------------------------------------------------------------------------------------- reconciliation


def test_reconcile_finds_each_disagreement_on_a_small_register():
    fac = registry([("A", "dost", "centre"), ("B", "dost", "regional_centre"), ("C", "dost", "branch"),
                    ("R", "rehabilitation", "centre")])  # fmt: skip
    fs = statuses([("A", "open", "2019-05-09"), ("B", "open", "2023-08-07"), ("C", "open", "2025-06"),
                   ("R", "open", "2010")])  # fmt: skip
    t = totals(
        [
            ("centre,regional_centre", "open", "2020-01-01", 1),  # agrees
            ("centre,regional_centre", "open", "2023-08-10", 3),  # register: 2
            ("branch", "open", "2025-06-15", 1),  # C is certain only from 30 June: register 0
            ("branch", "open", "2025-06", 1),  # a month: agrees (on its last day)
            ("centre,regional_centre", "open", "2023", 1),  # a year: 1 before 7 August, 2 after: agrees
        ]
    )
    r = reconcile(fac, fs, t)
    assert r["agrees"].tolist() == [True, False, False, True, True]
    assert r["register"].tolist() == [1, 2, 0, 1, 2]
    assert (r.loc[4, "register_low"], r.loc[4, "register_high"]) == (1, 2)
    d = disagreements(fac, fs, t)
    assert d["published_date"].tolist() == ["2023-08-10", "2025-06-15"]


def test_register_count_respects_network_types_and_statuses():
    fac = registry([("A", "dost", "centre"), ("B", "dost", "centre"), ("R", "rehabilitation", "centre")])
    fs = statuses([("A", "design", "2024"), ("B", "under_construction", "2024-02"), ("R", "design", "2024")])
    assert register_count(fac, fs, "2024-12-31", "dost", CENTRES, ("design", "under_construction")) == 2
    assert register_count(fac, fs, "2024-12-31", "dost", CENTRES, ("design",)) == 1
    assert register_count(fac, fs, "2024-06-30", "dost", CENTRES, ("design", "under_construction")) == 1


def test_a_facility_open_before_its_network_is_found():
    fac = registry([("A", "dost", "centre"), ("B", "dost", "centre"), ("R", "rehabilitation", "centre")])
    fs = statuses([("A", "open", "2019-03"), ("A", "open", "2019-05-09"), ("B", "open", "2019-05"),
                   ("R", "open", "1990")])  # fmt: skip
    nets = pd.DataFrame({"code": ["dost", "rehabilitation"],
                         "started_day": pd.to_datetime(["2019-05-09", None])})  # fmt: skip
    bad = opened_before_network(fac, fs, nets)
    assert bad[["facility_code", "status_date"]].values.tolist() == [["A", "2019-03"]]


# ------------------------------------------------------------------------------------------- the reference data


@pytest.fixture(scope="module")
def register(reference_engine) -> dict[str, pd.DataFrame]:
    e = reference_engine
    return {
        "facilities": queries.facilities(e),
        "facility_status": queries.facility_status(e, statuses=("reported",)),
        "network_totals": queries.network_totals(e),
        "networks": queries.networks(e),
        "targets": queries.targets(e),
    }


def test_no_facility_opens_before_its_network_existed(register):
    assert opened_before_network(register["facilities"], register["facility_status"], register["networks"]).empty


def test_every_published_total_is_reproduced_by_the_register(register):
    r = reconcile(register["facilities"], register["facility_status"], register["network_totals"])
    assert len(r) == len(register["network_totals"])
    assert r["agrees"].all(), r.loc[
        ~r["agrees"], ["facility_types", "status", "published_date", "published", "register"]
    ]


@pytest.mark.parametrize(
    ("on", "centres"),
    [("2019-10-27", 1), ("2021-02-24", 3), ("2022-01-15", 5), ("2023-08-10", 7), ("2024-08-07", 7),
     ("2024-12-31", 7), ("2025-08-20", 7), ("2026-01-22", 7)],
)  # fmt: skip
def test_open_centres_at_published_dates(register, on, centres):
    assert (
        register_count(register["facilities"], register["facility_status"], on, "dost", CENTRES, ("open",)) == centres
    )


def test_the_pipeline_is_the_latest_official_list(register):
    fac, fs, tot = register["facilities"], register["facility_status"], register["network_totals"]
    latest = tot[tot["kind"] == "list"].sort_values("date_latest").iloc[-1]
    members = set(fs.loc[(fs["source_id"] == latest["source_id"]) & (fs["date_latest"] == latest["date_latest"])
                         & fs["status"].isin(latest["status"].split("|")), "facility_code"])  # fmt: skip
    members &= set(fac.loc[fac["facility_type"].isin(latest["facility_types"].split(",")), "code"])
    assert len(members) == latest["count"] == 6
    state = pipeline_state(fs, "2026-01-22", fac, tot)
    mine = state[state["facility_code"].isin(fac.loc[fac["facility_type"].isin(CENTRES), "code"])]
    assert set(mine.loc[mine["pipeline_state"] == "pipeline", "facility_code"]) == members
    prog = network_progress(fac, fs, register["targets"], "2026-01-22", totals=tot).set_index("indicator_code")
    assert (prog.at["dost_centres_open", "open"], prog.at["dost_centres_open", "with_pipeline"]) == (7, 13)


def test_on_2024_12_31_the_open_abseron_centre_is_not_pipeline(register):
    st = status_with_pipeline(register["facility_status"], "2024-12-31", facilities=register["facilities"],
                              totals=register["network_totals"]).set_index("facility_code")  # fmt: skip
    assert st.at["DOST-ABSERON", "status"] == "open" and not st.at["DOST-ABSERON", "in_pipeline"]


def test_the_quality_report_carries_the_register_findings(register, reference_engine):
    broken = dict(register)
    fs = register["facility_status"]
    broken["facility_status"] = fs[fs["facility_code"] != "DOST-ABSERON"]
    e = reference_engine
    obs, ind, dist = queries.observations(e, statuses=("reported",)), queries.indicators(e), queries.districts(e)
    q = quality_report(obs, ind, dist, broken)
    found = q[q["rule"] == "register_vs_total"]
    assert len(found) and (found["indicator_code"] == "dost_centres_open").all()
    assert set(found["message_key"]) == {"register_vs_total"}
    assert (found["expected"] - found["value"] == 1).all()
    clean = quality_report(obs, ind, dist, register)
    assert not clean["rule"].isin(["register_vs_total", "opened_before_network"]).any()


def test_the_network_timeline_counts_a_status_from_the_day_it_is_certain():
    fac = registry([("F", "dost", "service_point"), ("G", "dost", "centre")])
    fs = statuses([("F", "open", "2025"), ("G", "planned", "2025-03"), ("G", "open", "2025-08..2025-10")])
    tl = network_timeline(fac, fs, "dost", "2026-01-31")
    by_month = tl.pivot_table(index="date", columns="status", values="count", aggfunc="sum").fillna(0)
    assert by_month.loc["2025-09-30", "open"] == 0 and by_month.loc["2025-09-30", "planned"] == 1
    assert by_month.loc["2025-10-31", "open"] == 1  # G from the interval's end
    assert by_month.loc["2025-11-30", "open"] == 1 and by_month.loc["2025-12-31", "open"] == 2  # F from 31 December
