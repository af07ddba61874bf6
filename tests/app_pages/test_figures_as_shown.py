"""The figures command's network, pipeline and coverage figures are the numbers the DOST page and the deck show.

`python -m metrics.figures` prints, beside every indicator's latest figure, the DOST network on the date asked
(open, with the pipeline that still counts, the pipeline items set apart, the two readings of the 2030 centres
target) and the coverage (districts and population served, distance, population within reach), from the functions
the page and the deck call. These tests read what the page and the deck show and compare.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from data.formatting import format_number, format_percent
from data.i18n import translate
from deck.model import build_deck
from deck.source import live_payload
from metrics import figures as headline
from tests.deck.common import FROZEN_AT, MEETING, STATUSES


def _value(figs: pd.DataFrame, figure: str, code: str = headline.COVERAGE_CODE, geo: str = "AZ") -> float:
    row = figs[(figs["indicator_code"] == code) & (figs["figure"] == figure) & (figs["geo_code"] == geo)]
    assert len(row) == 1, (code, figure, geo)
    return float(row["value"].iloc[0])


def test_every_figure_row_states_what_the_issue_lists(reference_engine):
    figs = headline.load_network(reference_engine, headline.STATUSES, date(2026, 11, 22), "en")
    assert list(figs.columns) == headline.FIGURE_COLUMNS
    codes = set(figs["indicator_code"])
    assert {"dost_centres_open", "dost_branches_open", headline.COVERAGE_CODE} <= codes
    for r in figs.to_dict("records"):
        assert r["qualifier"] == "exact" and r["period"] == "2026-11-22" and r["unit"], r
        assert r["data_status"] in ("official", "reported", "demonstration"), r
        assert r["source_ids"] or r["value"] == 0, r  # a count of nothing rests on no row
        assert r["evidence_date"] and r["evidence_date"] <= "2026-11-22", r
        assert r["segment"] == "" and r["indicator"], r
        if pd.notna(r["target_value"]):  # a count against the 2030 target: its kind, deadline, share and gap in words
            assert r["target_kind"] == "network_size" and r["target_year"] == 2030 and r["deadline_stated"]
            assert r["basis_key"] == "share_of_target" and r["verdict_basis"].startswith("Basis:")
        else:
            assert r["basis_key"] == "no_target" and pd.isna(r["verdict"])
    centres = figs[figs["indicator_code"] == "dost_centres_open"].set_index("figure")["target_value"]
    assert centres["open"] == 14 and centres["with_pipeline"] == 14  # the 2030 target of 14 centres
    branches = figs[figs["indicator_code"] == "dost_branches_open"].set_index("figure")["target_value"]
    assert branches["open"] == 64
    for code in ("dost_centres_open", "dost_branches_open", "dost_points_open"):
        got = figs[figs["indicator_code"] == code].set_index("figure")["value"]
        assert got["with_pipeline"] >= got["open"]  # the pipeline only adds; the items set apart are counted beside


def test_the_dost_page_shows_the_commands_figures(open_page, reference_engine):
    at = open_page("dost", lang="en")
    assert not at.exception, at.exception[0].value if at.exception else ""
    figs = headline.load_network(reference_engine, ("reported", "official"), date.today(), "en")
    pct = lambda v: format_percent(v, "en")  # noqa: E731
    tiles = {m.label: m for m in at.metric}
    within = tiles[translate("dost.metric.within", "en", km=headline.REACH_KM)]
    assert within.value == pct(_value(figs, "population_within_km"))
    assert pct(_value(figs, "population_within_km_with_pipeline")) in within.proto.delta
    assert tiles[translate("dost.metric.districts", "en")].value == pct(_value(figs, "district_share"))
    population = tiles[translate("dost.metric.population", "en")]
    assert population.value == pct(_value(figs, "population_share"))
    assert pct(_value(figs, "population_share_with_pipeline")) in population.proto.delta
    km = translate("common.km", "en", value=format_number(_value(figs, "pop_weighted_distance_km"), "en", 1))
    assert tiles[translate("dost.metric.distance", "en")].value == km
    # the network panel's data (its table under the chart): open, with the pipeline, items set apart
    shown = [d.value for d in at.dataframe if {"open", "with_pipeline", "pipeline_stale"} <= set(d.value.columns)]
    assert len(shown) == 1
    for r in shown[0].to_dict("records"):
        code = r["indicator_code"]
        assert r["open"] == _value(figs, "open", code) and r["with_pipeline"] == _value(figs, "with_pipeline", code)
        assert r["pipeline_stale"] == _value(figs, "pipeline_stale", code)
        assert r["pipeline_not_on_list"] == _value(figs, "pipeline_not_on_latest_list", code)
    # both readings of the centres target, as the caption states them
    reading = translate(
        "dost.target_readings", "en",
        all_open=format_number(_value(figs, "open", "dost_centres_open"), "en"),
        regional_open=format_number(_value(figs, "open_regional_only", "dost_centres_open"), "en"),
        target=format_number(14, "en"),
        all_share=pct(_value(figs, "open", "dost_centres_open") / 14 * 100),
        regional_share=pct(_value(figs, "open_regional_only", "dost_centres_open") / 14 * 100),
    )  # fmt: skip
    assert reading in [c.value for c in at.caption]


@pytest.mark.parametrize("lang", ["az", "en"])
def test_the_decks_map_and_planning_slides_show_the_commands_figures(reference_engine, lang):
    payload = live_payload(reference_engine, MEETING, STATUSES, frozen_at=FROZEN_AT)
    figs = headline.load_network(reference_engine, STATUSES, FROZEN_AT.date(), lang)
    deck = build_deck(payload, lang)
    pct = lambda v: format_percent(v, lang)  # noqa: E731
    slide = next(s for s in deck.slides if s.kind == "map")
    values = [(n.value, n.note) for n in slide.numbers]
    assert values[0][1] == pct(_value(figs, "district_share"))
    assert values[1][0] == pct(_value(figs, "population_share"))
    assert values[2][0] == pct(_value(figs, "population_share_with_pipeline"))
    km = translate("collegium.deck.km", lang, value=format_number(_value(figs, "pop_weighted_distance_km"), lang, 0))
    assert values[3][0] == km
    planning = next(s for s in deck.slides if s.kind == "planning")
    assert planning.numbers[0].value == pct(_value(figs, "population_within_km"))
    assert planning.numbers[1].value == pct(_value(figs, "population_within_km_with_pipeline"))
    # the network counts on the indicator slides are the register's count on the day the figures were frozen
    for code in ("dost_centres_open", "dost_branches_open"):
        it = next(i for i in payload["indicators"] if i["code"] == code)
        if it.get("latest_period") == FROZEN_AT.date().isoformat():
            assert it["latest_value"] == _value(figs, "open", code)


@pytest.mark.parametrize(
    ("page", "params"),
    [
        ("map", {}),  # the default layer with the DOST network drawn
        ("map", {"indicator": "dost_distance"}),  # the coverage layer: distance to the nearest office
        ("map", {"indicator": "population", "network": "none"}),
        ("children", {}),
        ("rehabilitation", {}),
        ("dost", {}),
    ],
)
def test_the_map_and_theme_pages_state_the_date_of_their_latest_evidence(open_page, page, params):
    at = open_page(page, lang="en", **params)
    assert not at.exception, at.exception[0].value if at.exception else ""
    start = translate("collegium.deck.evidence", "en", date="X").split("X")[0].strip().lower()
    shown = [c.value for c in at.caption if c.value.lower().startswith(start)]
    assert shown, (page, params)
    # each names a day ("Latest evidence: January 31, 2026"), marked when it lies more than 6 months before the date
    for text in shown:
        assert any(ch.isdigit() for ch in text)
