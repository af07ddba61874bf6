"""The planning slide: access where people live and the pipeline against the best sites, in the deck."""

from datetime import date

from deck.model import PLANNING_KEY, build_deck
from deck.source import planning_section


def test_planning_section_and_slide(reference_engine):
    from data import queries

    fac, status = queries.facilities(reference_engine), queries.facility_status(reference_engine)
    plan = planning_section(reference_engine, fac, status, date(2026, 12, 6))
    assert 0 < plan["open"]["outside_baku_absheron"] < plan["open"]["baku_absheron"] <= 100
    assert plan["with_pipeline"]["AZ"] >= plan["open"]["AZ"]
    vs = plan["pipeline_versus_optimum"]
    assert vs["sites"] > 0 and 0 < vs["pipeline_added"] <= vs["optimum_added"]
    payload = {
        "meeting_date": "2026-12-06", "frozen_at": "2026-12-06T09:00:00+00:00", "statuses": ["reported"],
        "goals": [], "indicators": [], "planning": plan,
    }  # fmt: skip
    for lang in ("az", "en"):
        deck = build_deck(payload, lang)
        slide = deck.slides[-1]
        assert slide.key == PLANNING_KEY and slide.chart is None and len(slide.numbers) == 3
        assert all(n.value not in ("", "–") for n in slide.numbers)
