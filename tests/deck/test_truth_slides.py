"""Slides say what the map shows: a network indicator without a published figure is counted from the register,
so its slide is never empty while the map draws its facilities as open; every verdict states its basis."""

from __future__ import annotations

from data.i18n import translate
from deck.model import build_deck
from deck.source import live_payload
from metrics.network import NETWORK_TYPES
from tests.deck.common import FROZEN_AT, MEETING, STATUSES


def test_network_slides_count_what_the_map_draws_open(reference_engine):
    payload = live_payload(reference_engine, MEETING, STATUSES, frozen_at=FROZEN_AT)
    drawn = payload["dost"]["facilities"]
    items = {it["code"]: it for it in payload["indicators"]}
    checked = 0
    for code, types in NETWORK_TYPES.items():
        it = items[code]
        open_on_map = sum(1 for f in drawn if f["facility_type"] in types and f["status"] == "open")
        if open_on_map == 0:
            continue
        assert it["latest_value"] is not None, f"{code}: the map draws {open_on_map} open, the slide has no figure"
        if code == "dost_points_open":  # no published figure: counted from the register, as the map is
            assert it["latest_value"] == open_on_map
        checked += 1
    assert checked >= 1
    for lang in ("az", "en"):
        slide = next(s for s in build_deck(payload, lang).slides if s.key == "dost_points_open")
        assert slide.numbers[0].value not in ("–", "")
        assert translate("collegium.deck.no_source", lang) not in slide.footnote


def test_every_verdict_on_a_slide_states_its_basis(reference_engine):
    payload = live_payload(reference_engine, MEETING, STATUSES, frozen_at=FROZEN_AT)
    for lang, word in (("az", "Əsas:"), ("en", "Basis:")):
        for s in build_deck(payload, lang).slides:
            if s.kind == "indicator" and s.status in ("achieved", "on_track", "at_risk", "off_track"):
                assert word in s.footnote, (s.key, s.footnote)


def _shows_figures(slide) -> bool:
    """A slide that shows figures: key numbers, a table of rows, or lines with a number (not the title, not the
    decisions the staff wrote)."""
    if slide.kind == "title" or slide.key == "decisions":
        return False
    return bool(slide.numbers or slide.rows or any(any(ch.isdigit() for ch in line) for line in slide.lines))


def test_every_slide_that_shows_figures_states_the_date_of_its_latest_evidence(reference_engine):
    from data import queries

    regions = queries.economic_regions(reference_engine)["code"].tolist()[:2]  # regional slides too
    payload = live_payload(reference_engine, MEETING, STATUSES, frozen_at=FROZEN_AT, regions=regions)
    code = payload["indicators"][0]["code"]
    # a meeting before this one, so that "since the last collegium" lists figures too
    payload["since"] = {"meeting_date": "2026-06-01", "rows": [
        {"code": code, "kind": "new_period", "name_az": code, "name_en": code, "period": "2025", "unit": "persons",
         "then_value": None, "now_value": 100.0, "then_status": "at_risk", "now_status": "at_risk"}]}  # fmt: skip
    kinds = set()
    for lang in ("az", "en"):
        start = translate("collegium.deck.evidence", lang, date="X").split("X")[0].strip().lower()
        stale = translate("collegium.deck.stale", lang, date="X", months=6).split("X")[1].strip().lower()
        for s in build_deck(payload, lang).slides:
            if not _shows_figures(s):
                continue
            said = " ".join((s.data_label, s.footnote, s.chart_note)).lower()
            assert start in said, (lang, s.kind, s.key)
            # every figure of the reference data is older than 6 months on 22 November 2026: marked stale
            assert stale in said, (lang, s.kind, s.key)
            kinds.add(s.kind)
    assert {"summary", "indicator", "map", "planning", "text", "region"} <= kinds


def test_the_map_and_planning_slides_date_their_evidence_from_the_register(reference_engine):
    from datetime import UTC, datetime

    from data import queries
    from metrics.facilities import evidence_day

    frozen = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)  # five weeks after the register's latest evidence: not stale
    payload = live_payload(reference_engine, MEETING, STATUSES, frozen_at=frozen)
    fac = queries.facilities(reference_engine)
    fs = queries.facility_status(reference_engine, statuses=STATUSES)
    day = evidence_day(fs[fs["facility_code"].isin(fac.loc[fac["network"] == "dost", "code"])], frozen.date())
    assert payload["dost"]["evidence_date"] == payload["planning"]["evidence_date"] == day.date().isoformat()
    for lang in ("az", "en"):
        expected = translate("collegium.deck.evidence", lang, date=__import__("data.formatting").formatting.format_date(
            day.date(), lang))  # fmt: skip
        stale = translate("collegium.deck.stale", lang, date="X", months=6).split("X")[1].strip()
        for s in build_deck(payload, lang).slides:
            if s.kind in ("map", "planning"):
                assert expected in s.data_label and stale not in s.data_label, (lang, s.kind, s.data_label)
