"""Pipeline items set apart (stale, or not on the latest official list) are drawn apart on the maps: a rule over
every facility of the reference register at several dates, from metrics.facilities.pipeline_state."""

import pandas as pd
import pytest

from data import queries
from data.i18n import translate
from figures import frames, maps, palette
from metrics.facilities import pipeline_state, status_on

DATES = ["2022-01-15", "2024-12-31", "2025-12-23", "2026-01-22", "2026-12-05"]


def drawn(engine, on: str, lang: str) -> tuple[pd.DataFrame, list]:
    """The map's facility frame on `on` (as the map page builds it) and the facility layers drawn from it."""
    fac, fs, totals = queries.facilities(engine), queries.facility_status(engine), queries.network_totals(engine)
    states = pipeline_state(fs, on, fac, totals)
    frame = frames.facilities_on(fac, status_on(fs, on), fs, None, True, states)
    frame = frame.assign(lat=40.0 + frame.index * 0.01, lon=47.0, label=frame["code"])
    frame["hover"] = [maps.facility_hover(r, lang) for r in frame.to_dict("records")]
    return frame, [t for t in maps.facility_traces(frame, lang) if t.meta == maps.FACILITY_META]


@pytest.mark.parametrize("lang", ["en", "az"])
def test_every_set_apart_pipeline_item_is_drawn_apart_with_why(reference_engine, lang):
    seen = set()
    for on in DATES:
        frame, traces = drawn(reference_engine, on, lang)
        layer_of = {code: t.name for t in traces for code in t.customdata}
        hover_of = {code: h for t in traces for code, h in zip(t.customdata, t.hovertext, strict=True)}
        assert set(layer_of) == set(frame["code"]), "every facility is drawn once"
        for r in frame.to_dict("records"):
            state = r["pipeline_state"]
            if state in palette.FACILITY_APART_COLOURS:
                seen.add(state)
                assert layer_of[r["code"]] == translate(f"map.legend.apart.{state}", lang), (on, r["code"])
                why = maps.apart_text(r, lang)
                assert why and why in hover_of[r["code"]], (on, r["code"])
            else:
                assert layer_of[r["code"]] == translate(f"facility.status.{r['status']}", lang), (on, r["code"])
                assert maps.apart_text(r, lang) == ""
    assert seen == set(palette.FACILITY_APART_COLOURS), "the reference register has items of both kinds"


def test_apart_texts_say_why():
    stale = {"pipeline_state": "stale", "months_silent": 27}
    assert maps.apart_text(stale, "en") == "Set apart: no evidence for 27 months"
    listed = {"pipeline_state": "not_on_latest_list", "list_date": pd.Timestamp("2025-12-23")}
    assert maps.apart_text(listed, "en") == "Set apart: not on the official list of December 23, 2025"
    assert maps.apart_text({"pipeline_state": "pipeline"}, "en") == ""


def test_registry_carries_pipeline_state(reference_engine):
    fac, fs = queries.facilities(reference_engine), queries.facility_status(reference_engine)
    districts = queries.districts(reference_engine)
    states = pipeline_state(fs, "2026-01-22", fac, queries.network_totals(reference_engine))
    assert len(states)
    reg = frames.facility_registry(fac, fs, status_on(fs, "2026-01-22"), districts, states)
    by_code = states.set_index("facility_code")["pipeline_state"]
    for code, state in zip(reg["code"], reg["pipeline_state"], strict=True):
        assert state == by_code.get(code), code
