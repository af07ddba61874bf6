"""Issue 9, data side: qualifiers, series segments, date precision and target kinds, as rules over every row."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from data import queries
from data import schema as s
from data.loader import read_reference
from data.semantics import (
    MEASURE_BY_KIND,
    QUALIFIERS,
    QualifierError,
    assign_segments,
    check_qualified_value,
    date_span,
    measure_of,
    qualifier_from_text,
    read_text,
    segment_start,
)

ENGINES = ["reference_engine", pytest.param("pg_engine", marks=pytest.mark.postgres)]


@pytest.fixture(params=ENGINES)
def engine(request):
    return request.getfixturevalue(request.param)


# ------------------------------------------------------------------------------------------- qualifiers


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("~10000", "approx"), ("about 900 000", "approx"), ("c. 50", "approx"), ("təxminən 5 000", "approx"),
        (">4100000", "more_than"), ("more than 4.1 million", "more_than"), ("over 30", "more_than"),
        ("10 000-dən çox", "more_than"), ("10 000-dən artıq", "more_than"), ("более 300", "more_than"),
        ("<5", "less_than"), ("less than 5", "less_than"), ("under 5", "less_than"),
        ("up to 650000", "up_to"), ("650 minədək", "up_to"), ("650 minə qədər", "up_to"), ("до 30", "up_to"),
        ("25-30", "range"), ("400–450", "range"),
        ("818 (412 boys, 406 girls)", "exact"), ("58 of 182", "exact"), ("1459", "exact"), ("", "exact"),
        ("overall 30", "exact"),
    ],
)  # fmt: skip
def test_the_text_states_its_qualifier(text, qualifier):
    assert read_text(text).qualifier == qualifier


def test_a_range_keeps_its_ends():
    assert read_text("25-30").low == 25 and read_text("25-30").high == 30
    assert read_text("30-25").qualifier == "exact"  # not a range: low must be below high


def test_an_inclusive_bound_must_be_stated_explicitly():
    with pytest.raises(QualifierError):
        read_text(">=8 (>=6 regional)")


def test_the_stored_value_rule_and_the_text_must_agree():
    assert qualifier_from_text("10000", "approximate").qualifier == "approx"  # the rule fills a silent text
    assert qualifier_from_text(">10000", "lower_bound").qualifier == "more_than"
    with pytest.raises(QualifierError):
        qualifier_from_text("~10000", "lower_bound")
    with pytest.raises(QualifierError):
        qualifier_from_text("10000", "guess")


def test_every_reference_observation_has_a_readable_qualifier_agreeing_with_its_rule():
    obs = read_reference("observations.csv")
    for i, r in enumerate(obs.to_dict("records"), start=2):
        reading = qualifier_from_text(r["value_text"], r["value_rule"])  # raises on disagreement
        assert reading.qualifier in QUALIFIERS, i
        given = r.get("qualifier", "")
        if given:
            assert given == reading.qualifier, f"observations.csv line {i}: {given} vs text {r['value_text']!r}"


@pytest.mark.parametrize(
    ("value", "qualifier", "low", "high", "ok"),
    [
        (27.5, "range", 25, 30, True), (25, "range", 25, 30, True), (31, "range", 25, 30, False),
        (27.5, "range", None, 30, False), (25, "range", 25, 25, False), (10, "approx", None, None, True),
        (10, "approx", 5, None, False), (10, "maybe", None, None, False),
    ],
)  # fmt: skip
def test_a_qualified_value_is_checked(value, qualifier, low, high, ok):
    assert (check_qualified_value(value, qualifier, low, high) is None) == ok


def test_qualifiers_round_trip_from_the_reference_file_to_the_queries_frame(engine):
    """Every reference observation keeps the qualifier its text states, through the database, on both engines."""
    ref = read_reference("observations.csv")
    rule = [qualifier_from_text(t, r).qualifier for t, r in zip(ref["value_text"], ref["value_rule"], strict=True)]
    assert ref["qualifier"].tolist() == rule  # the file holds what the text states
    ref = ref[["indicator_code", "geo_level", "geo_code", "period", "source_id"]].assign(expected=rule)
    got = queries.observations(engine, statuses=("reported",), preferred_only=False)
    key = ["indicator_code", "geo_level", "geo_code", "period", "source_id"]
    merged = ref.merge(got[[*key, "value", "qualifier", "value_low", "value_high"]], on=key, how="left")
    assert merged["qualifier"].notna().all()
    assert (merged["qualifier"] == merged["expected"]).all(), merged.loc[merged["qualifier"] != merged["expected"], key]
    assert set(got["qualifier"]) <= set(QUALIFIERS)
    assert set(got["qualifier"]) >= {"exact", "approx", "more_than", "up_to"}
    not_range = got["qualifier"] != "range"
    assert got.loc[not_range, ["value_low", "value_high"]].isna().all().all()
    rng = got[~not_range]
    assert ((rng["value_low"] <= rng["value"]) & (rng["value"] <= rng["value_high"])).all()


def test_every_stored_observation_has_a_known_qualifier(engine):
    o = queries.observations(engine, preferred_only=False, include_superseded=True)
    assert o["qualifier"].isin(QUALIFIERS).all()
    assert o["segment"].notna().all()


# ------------------------------------------------------------------------------------------- segments


def test_segments_follow_the_stated_rule():
    seg = pd.DataFrame({"indicator_code": ["a", "a", "a"], "segment": ["s05", "s06", "s09"],
                        "starts": ["2005", "2006", "2009-07"]})  # fmt: skip
    obs = pd.DataFrame({"indicator_code": ["a", "a", "a", "a", "b", "a"],
                        "period_end": pd.to_datetime(["2005-01-01", "2006-01-01", "2009-01-01", "2010-01-01",
                                                        "2001-01-01", "2004-01-01"])})  # fmt: skip
    assert assign_segments(obs, seg).tolist() == ["s05", "s06", "s06", "s09", "", None]
    assert assign_segments(obs, seg, clamp=True).tolist()[-1] == "s05"


def test_every_observation_has_a_segment_of_its_indicator_and_segments_are_ordered(engine):
    o = queries.observations(engine, preferred_only=False)
    seg = queries.series_segments(engine)
    assert len(seg) and seg["segment"].ne("").all()
    known = set(zip(seg["indicator_code"], seg["segment"], strict=True))
    with_segments = o["indicator_code"].isin(seg["indicator_code"])
    assert (o.loc[~with_segments, "segment"] == "").all()
    pairs = set(zip(o.loc[with_segments, "indicator_code"], o.loc[with_segments, "segment"], strict=True))
    assert pairs <= known
    for code, g in seg.groupby("indicator_code"):
        assert g["starts_day"].is_monotonic_increasing and g["starts_day"].is_unique, code
        assert g["reason"].iloc[0] == "start" and (g["reason"].iloc[1:] != "start").all(), code
        mine = o[o["indicator_code"] == code]
        # each observation is in the last segment that started on or before its period
        for row in mine.itertuples():
            started = g[g["starts_day"] <= row.period_end]
            assert row.segment == started["segment"].iloc[-1], (code, row.period)
    assert seg[["label_az", "label_en", "note_az", "note_en"]].ne("").all().all()


@pytest.mark.parametrize(
    ("code", "before", "after"),
    [
        ("children_in_institutions", "2005", "2006"),
        ("children_in_institutions", "2006", "2009"),
        ("orphans_in_boarding_institutions", "2018", "2024"),
        ("rehab_persons_inpatient", "2019", "2025"),
        ("home_care_recipients", "2020-06", "2025-08"),
    ],
)
def test_the_known_breaks_separate_their_periods(reference_engine, code, before, after):
    o = queries.observations(reference_engine, indicator_codes=[code], geo_level="country", statuses=("reported",))
    by_period = o.set_index("period")["segment"]
    assert by_period[before] != by_period[after]


# ------------------------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "precision", "earliest", "latest"),
    [
        ("2025-12-23", "day", date(2025, 12, 23), date(2025, 12, 23)),
        ("2025-08", "month", date(2025, 8, 1), date(2025, 8, 31)),
        ("2025", "year", date(2025, 1, 1), date(2025, 12, 31)),
        ("2025-08..2025-12", "interval", date(2025, 8, 1), date(2025, 12, 31)),
        ("2021-04..2022-01-15", "interval", date(2021, 4, 1), date(2022, 1, 15)),
        ("2023-H1", "interval", date(2023, 1, 1), date(2023, 6, 30)),
    ],
)
def test_a_published_date_keeps_its_precision(text, precision, earliest, latest):
    span = date_span(text)
    assert (span.precision, span.earliest, span.latest) == (precision, earliest, latest)


def test_every_status_row_is_certain_from_the_last_day_of_its_published_date(engine):
    fs = queries.facility_status(engine)
    assert fs["date_precision"].isin(s.DATE_PRECISIONS).all()
    for r in fs.itertuples():
        span = date_span(r.status_date)
        assert (r.date_precision, r.status_day.date(), r.date_latest.date()) == (
            span.precision, span.earliest, span.latest)  # fmt: skip
    assert fs["date_basis"].isin(s.DATE_BASES).all()
    inferred = fs[fs["date_basis"] == "inferred"]
    assert inferred["note"].fillna("").str.strip().ne("").all()


# ------------------------------------------------------------------------------------------- measures, targets


def test_every_indicator_has_a_measure(engine):
    ind = queries.indicators(engine)
    assert ind["kind"].isin(list(MEASURE_BY_KIND)).all()
    assert {measure_of(k) for k in ind["kind"]} <= {"stock", "flow"}


def test_every_target_has_a_kind_and_says_whether_a_deadline_is_stated(engine):
    t = queries.targets(engine)
    assert t["target_kind"].isin(s.TARGET_KINDS).all()
    assert (~t["deadline_stated"] | t["target_year"].notna()).all()
    no_year = t[t["target_year"].isna()]
    assert (~no_year["deadline_stated"]).all()


def test_segment_starts_are_read_as_periods():
    assert segment_start("2021-12") == date(2021, 12, 1)
