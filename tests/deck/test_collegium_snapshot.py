"""metrics.snapshot: the payload is plain JSON holding what the deck shows; compare() against hand-made cases."""

from __future__ import annotations

import json
import math
from datetime import date

import numpy as np
import pandas as pd
import pytest

from data.snapshots import canonical_json
from metrics.snapshot import PAYLOAD_VERSION, changed_rows, compare, period_changes, plain, records


def test_plain_turns_numpy_pandas_and_missing_values_into_json_values():
    assert plain(np.int64(3)) == 3 and isinstance(plain(np.int64(3)), int)
    assert plain(np.float64(2.5)) == 2.5
    assert plain(np.bool_(True)) is True
    assert plain(float("nan")) is None and plain(pd.NA) is None and plain(pd.NaT) is None
    assert plain(math.inf) is None
    assert plain(pd.Timestamp("2025-07-01")) == "2025-07-01"
    assert plain(date(2026, 1, 22)) == "2026-01-22"
    assert plain({"a": [np.int32(1), None]}) == {"a": [1, None]}


def test_records_keep_exactly_the_fields_asked_for():
    df = pd.DataFrame({"a": [1, 2], "b": [np.nan, 3.5], "c": ["x", "y"]})
    assert records(df, ("a", "b", "z")) == [{"a": 1, "b": None, "z": None}, {"a": 2, "b": 3.5, "z": None}]
    assert records(None, ("a",)) == []


def test_payload_is_canonical_json_with_every_indicator(payload, reference_engine):
    from data import queries

    text = canonical_json(payload)  # raises on NaN: the builder must not leave any
    assert json.loads(text) == payload
    assert payload["version"] == PAYLOAD_VERSION
    assert payload["meeting_date"] == "2026-12-15"
    assert payload["statuses"] == ["reported", "official"]
    codes = [i["code"] for i in payload["indicators"]]
    assert codes == list(queries.indicators(reference_engine)["code"])  # catalogue order
    assert payload["has_demonstration"] is False


def test_payload_holds_what_a_slide_shows(payload):
    adoptions = next(i for i in payload["indicators"] if i["code"] == "adoptions")
    for field in (
        "latest_value",
        "latest_period",
        "target_value",
        "target_year",
        "share_achieved",
        "pace_needed",
        "status",
        "latest_data_status",
        "sentence_az",
        "sentence_en",
        "source",
        "points",
    ):
        assert field in adoptions, field
    assert adoptions["latest_value"] == 149.0 and adoptions["latest_period"] == "2025"
    assert adoptions["target_value"] == 165.0 and adoptions["status"] == "at_risk"
    assert adoptions["source"]["title"] and adoptions["source"]["url"].startswith("http")
    assert adoptions["points"] and {"x", "value", "period", "is_partial", "data_status"} <= set(adoptions["points"][0])
    assert "ə" in adoptions["sentence_az"] or "ı" in adoptions["sentence_az"]


def test_payload_freezes_the_dost_map_with_its_polygons(payload):
    dost = payload["dost"]
    # 79 rows drawn, 75 districts counted: the four cities counted inside their district are not districts.
    assert len(dost["districts"]) == 79
    assert dost["summary"]["open"]["districts_total"] == 75
    assert 0 < dost["summary"]["open"]["population_share"] <= 100
    drawn = {d["code"] for d in dost["districts"]} & set(dost["rings"])
    assert len(drawn) >= 78  # every district with a shape (Ağdərə has none in the boundary source)
    ring = dost["rings"]["AZ-ABS"][0][0]
    assert ring[0] == ring[-1] and all(len(c) == 2 for c in ring)
    assert all(f["lat"] is None or 38 < f["lat"] < 42 for f in dost["facilities"])


def _live(rows: list[dict]) -> pd.DataFrame:
    base = {
        "geo_level": "country",
        "geo_code": "AZ",
        "unit": "persons",
        "name_az": "Ad",
        "name_en": "Name",
        "latest_data_status": "reported",
        "target_year": 2026,
    }
    return pd.DataFrame([{**base, **r} for r in rows])


def _snap(rows: list[dict]) -> dict:
    base = {
        "unit": "persons",
        "name_az": "Ad",
        "name_en": "Name",
        "latest_data_status": "reported",
        "target_year": 2026,
    }
    return {"meeting_date": "2026-06-01", "indicators": [{**base, **r} for r in rows]}


def test_compare_by_hand():
    snap = _snap(
        [
            {
                "code": "a",
                "direction": "higher",
                "latest_value": 100.0,
                "latest_period": "2024",
                "target_value": 200.0,
                "share_achieved": 50.0,
                "status": "off_track",
            },
            {
                "code": "b",
                "direction": "lower",
                "latest_value": 80.0,
                "latest_period": "2024",
                "target_value": 50.0,
                "share_achieved": 40.0,
                "status": "on_track",
            },
            {
                "code": "c",
                "direction": "higher",
                "latest_value": 5.0,
                "latest_period": "2024",
                "target_value": None,
                "share_achieved": None,
                "status": "no_target",
            },
            {
                "code": "gone",
                "direction": "higher",
                "latest_value": 1.0,
                "latest_period": "2024",
                "target_value": None,
                "share_achieved": None,
                "status": "no_target",
            },
        ]
    )
    live = _live(
        [
            {
                "indicator_code": "a",
                "direction": "higher",
                "latest_value": 180.0,
                "latest_period": "2025",
                "target_value": 200.0,
                "share_achieved": 90.0,
                "status": "at_risk",
            },
            {
                "indicator_code": "b",
                "direction": "lower",
                "latest_value": 90.0,
                "latest_period": "2025",
                "target_value": 50.0,
                "share_achieved": 20.0,
                "status": "off_track",
            },
            {
                "indicator_code": "c",
                "direction": "higher",
                "latest_value": 5.0,
                "latest_period": "2024",
                "target_value": None,
                "share_achieved": np.nan,
                "status": "no_target",
            },
            {
                "indicator_code": "new",
                "direction": "higher",
                "latest_value": 7.0,
                "latest_period": "2025",
                "target_value": 9.0,
                "share_achieved": 77.0,
                "status": "at_risk",
            },
        ]
    )
    out = compare(live, snap).set_index("indicator_code")
    assert list(out.index) == ["a", "b", "c", "gone", "new"]
    a, b, c = out.loc["a"], out.loc["b"], out.loc["c"]
    assert (a["then_value"], a["now_value"], a["change"]) == (100.0, 180.0, 80.0)
    assert a["better"] is True and a["status_change"] == "better" and a["new_data"]
    assert b["change"] == 10.0 and b["better"] is False and b["status_change"] == "worse"  # lower is better
    assert not c["new_data"] and not c["target_changed"] and c["status_change"] == "same" and c["better"] is None
    assert out.loc["gone", "presence"] == "dropped" and out.loc["new", "presence"] == "new"
    assert pd.isna(out.loc["new", "then_value"]) and out.loc["new", "now_value"] == 7.0
    assert list(changed_rows(compare(live, snap))["indicator_code"]) == ["a", "b", "gone", "new"]


def test_compare_sees_a_moved_target_and_an_unchanged_table():
    snap = _snap(
        [
            {
                "code": "a",
                "direction": "higher",
                "latest_value": 10.0,
                "latest_period": "2025",
                "target_value": 20.0,
                "share_achieved": 50.0,
                "status": "off_track",
            }
        ]
    )
    same = _live(
        [
            {
                "indicator_code": "a",
                "direction": "higher",
                "latest_value": 10.0,
                "latest_period": "2025",
                "target_value": 20.0,
                "share_achieved": 50.0,
                "status": "off_track",
            }
        ]
    )
    assert changed_rows(compare(same, snap)).empty
    moved = same.assign(target_value=25.0)
    row = compare(moved, snap).iloc[0]
    assert row["target_changed"] and not row["new_data"]


def test_compare_of_today_with_its_own_payload_finds_nothing(payload, reference_engine):
    from data import queries
    from metrics.network import with_register_counts
    from metrics.progress import progress

    statuses = ("reported", "official")
    obs = queries.observations(reference_engine, geo_level="country", statuses=statuses)
    fstatus = queries.facility_status(reference_engine, statuses=statuses)
    obs = with_register_counts(obs, queries.facilities(reference_engine), fstatus, date.today())  # as the pages do
    live = progress(queries.indicators(reference_engine), queries.targets(reference_engine), obs)
    comparison = compare(live, payload)
    assert len(comparison) == len(payload["indicators"])
    assert changed_rows(comparison).empty


@pytest.mark.parametrize("bad", [float("nan"), float("inf")])
def test_canonical_json_refuses_nan(bad):
    with pytest.raises(ValueError):
        canonical_json({"x": bad})


def test_a_revision_is_not_an_improvement_and_new_periods_are_listed():
    # the meeting saw 2025 = 142 000; today 2025 reads 150 000 (a revision) and Jan-Oct 2026 is new
    shown = [{"x": "2025-07-02", "period": "2025", "value": 142000.0, "is_partial": False}]
    snap = _snap([{"code": "r", "direction": "higher", "latest_value": 142000.0, "latest_period": "2025",
                   "status": "on_track", "kind": "count", "points": shown},
                  {"code": "ad", "direction": "higher", "latest_value": 150.0, "latest_period": "2025",
                   "status": "at_risk", "kind": "count", "points": [{"period": "2025", "value": 150.0}]}])  # fmt: skip
    live = _live([{"indicator_code": "r", "direction": "higher", "latest_value": 150000.0, "latest_period": "2025",
                   "status": "on_track"},
                  {"indicator_code": "ad", "direction": "higher", "latest_value": 150.0, "latest_period": "2025",
                   "status": "at_risk"}])  # fmt: skip
    row = compare(live, snap).set_index("indicator_code").loc["r"]
    assert row["change"] == 8000 and row["change_kind"] == "revision" and row["better"] is None
    points = pd.DataFrame(
        {"indicator_code": ["r", "ad", "ad"], "geo_code": "AZ", "period": ["2025", "2025", "2026-01..2026-10"],
         "value": [150000.0, 150.0, 140.0], "is_partial": [False, False, True], "data_status": "reported"}
    )  # fmt: skip
    changes = period_changes(points, snap).set_index(["indicator_code", "period"])
    assert list(changes.index) == [("ad", "2026-01..2026-10"), ("r", "2025")]
    revised, new = changes.loc[("r", "2025")], changes.loc[("ad", "2026-01..2026-10")]
    assert revised["change_kind"] == "revision" and revised["then_value"] == 142000 and revised["change"] == 8000
    assert new["change_kind"] == "new_period" and new["is_partial"] and np.isnan(new["then_value"])


def test_changes_of_counts_are_whole_numbers():
    from app_pages.ui.since import change_text

    for lang in ("az", "en"):
        assert change_text(1.0, "persons", "count", lang) == "+1"
        assert change_text(-3.0, "facilities", "stock", lang) == "\u22123"
        assert change_text(0.4, "percent", "share", lang) in ("+0.4", "+0,4")


def test_the_last_meeting_is_the_latest_on_or_before_today(reference_engine):
    from app_pages.ui import cache
    from data import snapshots

    future = date.today().replace(year=date.today().year + 1)
    past = date(2026, 6, 1)
    made = []
    try:
        for day in (past, future):
            made.append(snapshots.save(reference_engine, day, _snap([]), ("reported",)))
        key = f"{reference_engine.url.render_as_string(hide_password=False)}#test-last-meeting|*"  # URL#version|scope
        assert cache.latest_snapshot.at(key).meeting_date == past  # the page's rule: a future meeting is not "last"
        assert snapshots.latest(reference_engine).meeting_date == future
    finally:
        cache.latest_snapshot.clear()
        for snapshot_id in made:
            snapshots.remove(reference_engine, snapshot_id)


def test_revised_and_new_figures_keep_their_qualifiers_on_the_page_and_the_slide():
    """'since the last collegium' writes each value as presented then and as stored now with its own qualifier."""
    from deck.model import since_slide
    from metrics.snapshot import since_rows

    shown = [{"period": "2026-01", "value": 4100000.0, "qualifier": "more_than"}]
    snap = _snap([{"code": "c", "direction": "higher", "latest_value": 4100000.0, "latest_period": "2026-01",
                   "status": "no_target", "kind": "stock", "points": shown}])  # fmt: skip
    points = pd.DataFrame(
        {"indicator_code": ["c", "c"], "geo_code": "AZ", "period": ["2026-01", "2026-06"],
         "value": [4200000.0, 4500000.0], "is_partial": False, "data_status": "reported",
         "qualifier": ["approx", "range"], "value_low": [None, 4400000.0], "value_high": [None, 4600000.0]}
    )  # fmt: skip
    changes = period_changes(points, snap).set_index("period")
    assert (
        changes.loc["2026-01", "then_qualifier"] == "more_than" and changes.loc["2026-01", "now_qualifier"] == "approx"
    )
    assert changes.loc["2026-06", "now_qualifier"] == "range" and changes.loc["2026-06", "now_value_low"] == 4400000
    now = {**snap["indicators"][0], "points": [{"period": p, "value": v, "qualifier": q, "value_low": lo,
                                                "value_high": hi} for p, v, q, lo, hi in points[
        ["period", "value", "qualifier", "value_low", "value_high"]].itertuples(index=False)]}  # fmt: skip
    rows = since_rows(snap, {"indicators": [now]})
    for lang, then_text, now_text in (
        ("en", "more than 4,100,000", "~4,200,000"),
        ("az", "4\u00a0100\u00a0000-dən çox", None),
    ):
        text = " ".join(since_slide({"since": {"meeting_date": "2026-06-01", "rows": rows}}, lang).lines)
        assert then_text in text, text
        if now_text:
            assert now_text in text and "4,400,000–4,600,000" in text, text
