"""Imported figures keep their qualifier, range ends and series segment, through the database (SQLite, PostgreSQL)."""

from __future__ import annotations

from importfx import VALID

from data import importer, queries


def test_qualifiers_and_segments_round_trip_through_an_import(engine):
    path = VALID / "qualifiers.csv"
    checked = importer.check(engine, path.read_bytes(), path.name)
    assert checked.ok
    importer.commit(engine, checked)
    o = queries.observations(engine, statuses=("official",))
    got = {(r.indicator_code, r.geo_code, r.period): (r.qualifier, r.value_low, r.value_high, r.segment)
           for r in o.itertuples()}  # fmt: skip
    nan = got[("dost_satisfaction", "AZ", "2026-03")][1:3]
    assert nan == (98.0, 99.0)
    assert got[("dost_satisfaction", "AZ", "2026-03")][0] == "range"
    assert got[("home_care_recipients", "AZ", "2026-03")][0] == "approx"
    assert got[("home_care_recipients", "AZ-BA", "2026-03")][0] == "more_than"
    assert got[("adoptions", "AZ", "2026-Q1")][0] == "approx"  # the Azerbaijani word
    # segments: named, or by the rule from the period (home care from 2024 is sxa_2024; adoptions has none)
    assert got[("children_in_institutions", "AZ-ABS", "2026")][3] == "unicef_2009"
    assert got[("home_care_recipients", "AZ", "2026-03")][3] == "sxa_2024"
    assert got[("adoptions", "AZ", "2026-Q1")][3] == ""
