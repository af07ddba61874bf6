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
