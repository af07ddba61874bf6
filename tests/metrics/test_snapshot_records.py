"""A snapshot's indicator records against their rule written row by row.

`metrics.snapshot.indicator_records` groups the catalogue, the sources, the national points and the earlier targets
once for all indicators (a filter per indicator took about 3 s for the 1,076 indicators of the 10 M-row database).
The rule it must keep, written here as it was first written, one indicator at a time: an indicator's catalogue
fields are those of its row in the catalogue (none without one), its source is the first row of the sources with
its id (its id alone when unknown, nothing when none is named), its points are the country rows of AZ with its
code in the points' order, and its earlier targets are its superseded national target versions in the history's
order. Generated frames (hypothesis) mix unknown, missing and repeated source ids, indicators missing from the
catalogue, points of other levels and places, and target versions of other levels, superseded or not."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from metrics.snapshot import POINT_FIELDS, SOURCE_FIELDS, indicator_records, plain, records

CODES = ["a", "b", "c", "d"]
SOURCE_IDS = ["s1", "s2", "s3"]


def _source_rule(sources: pd.DataFrame, source_id: object) -> dict | None:
    if source_id is None or (not isinstance(source_id, str) and pd.isna(source_id)):
        return None
    match = sources[sources["id"] == source_id]
    if match.empty:
        return {"id": str(source_id), "title": None, "publisher": None, "url": None, "published": None}
    return records(match.head(1), SOURCE_FIELDS)[0]


def _rule(progress, indicators, sources, points, history) -> list[dict]:
    """indicator_records as first written: a filter of each frame per indicator."""
    meta = indicators.set_index("code")
    national = points[(points["geo_level"] == "country") & (points["geo_code"] == "AZ")]
    out = []
    for row in progress[progress["geo_level"] == "country"].to_dict("records"):
        code = row["indicator_code"]
        m = meta.loc[code] if code in meta.index else {}
        h = history[(history["indicator_code"] == code) & (history["geo_level"] == "country")]
        h = h[h["superseded"].astype(bool)]
        out.append(
            {
                "code": code,
                "goal": plain(m.get("goal")),
                "area": plain(m.get("area")),
                "sort_order": plain(m.get("sort_order")),
                "source": _source_rule(sources, row.get("latest_source_id")),
                "target_source": _source_rule(sources, row.get("target_source_id")),
                "points": records(national[national["indicator_code"] == code], POINT_FIELDS),
                "earlier_targets": records(h, ("value", "target_year", "date_set")),
            }
        )
    return sorted(out, key=lambda r: (r["sort_order"] if r["sort_order"] is not None else 10**6, r["code"]))


source_ids = st.sampled_from([*SOURCE_IDS, "unknown", None, float("nan")])
progress_rows = st.lists(
    st.tuples(st.sampled_from(CODES), st.sampled_from(["country", "region"]), source_ids, source_ids),
    max_size=8,
    unique_by=lambda r: (r[0], r[1]),
)
source_rows = st.lists(st.tuples(st.sampled_from(SOURCE_IDS), st.text("xyz", max_size=3)), max_size=6)
point_rows = st.lists(
    st.tuples(
        st.sampled_from(CODES), st.sampled_from(["country", "district"]), st.sampled_from(["AZ", "D1"]),
        st.integers(2015, 2026), st.floats(0, 100, allow_nan=False),
    ),
    max_size=20,
)  # fmt: skip
history_rows = st.lists(
    st.tuples(
        st.sampled_from(CODES), st.sampled_from(["country", "region"]), st.booleans(),
        st.floats(0, 100, allow_nan=False), st.integers(2020, 2030),
    ),
    max_size=10,
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(progress_rows, source_rows, point_rows, history_rows, st.lists(st.sampled_from(CODES), unique=True))
def test_each_indicator_record_says_what_the_rule_written_per_indicator_says(prog, srcs, pts, hist, catalogue):
    progress = pd.DataFrame(
        prog, columns=["indicator_code", "geo_level", "latest_source_id", "target_source_id"]
    ).astype(object)
    indicators = pd.DataFrame(
        {
            "code": catalogue,
            "sort_order": list(range(len(catalogue), 0, -1)),
            "goal": [f"goal of {c}" for c in catalogue],
            "area": [None if c == "b" else f"area of {c}" for c in catalogue],
        }
    )
    sources = pd.DataFrame(
        [(i, title, "publisher", None, "2024") for i, title in srcs], columns=list(SOURCE_FIELDS)
    ).astype(object)
    points = pd.DataFrame(pts, columns=["indicator_code", "geo_level", "geo_code", "x", "value"])
    history = pd.DataFrame(hist, columns=["indicator_code", "geo_level", "superseded", "value", "target_year"])
    history["date_set"] = "2021-01-01"

    got = indicator_records(progress, indicators, sources, points, history)
    fields = ("code", "goal", "area", "sort_order", "source", "target_source", "points", "earlier_targets")
    assert [{k: r[k] for k in fields} for r in got] == _rule(progress, indicators, sources, points, history)


def test_no_target_history_and_no_points_give_empty_lists():
    progress = pd.DataFrame({"indicator_code": ["a"], "geo_level": ["country"], "latest_source_id": [None]})
    indicators = pd.DataFrame({"code": ["a"], "sort_order": [1]})
    sources = pd.DataFrame(columns=list(SOURCE_FIELDS))
    points = pd.DataFrame(columns=["indicator_code", "geo_level", "geo_code"])
    (rec,) = indicator_records(progress, indicators, sources, points, None)
    assert (rec["points"], rec["earlier_targets"], rec["source"]) == ([], [], None)
