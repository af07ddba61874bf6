"""Demonstration figures in a frozen meeting are labelled wherever they are shown: a warning on the title slide,
the data status on the indicator's slide, and the summary's value marked (PowerPoint, PDF and the slide model)."""

from __future__ import annotations

import io
import re

import pytest
from pptx import Presentation
from pypdf import PdfReader

from data.i18n import translate
from deck.export import export
from deck.source import live_payload
from tests.deck.common import FROZEN_AT, MEETING, STATUSES, kinds_at, summary_rows
from tests.deck.test_collegium_frozen import CODE, import_official_figure

WITH_DEMO = (*STATUSES, "demonstration")


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


@pytest.fixture
def demo_payload(fresh_engine):
    """A payload whose adoptions figure for 2026 is a demonstration value (shown: the switch is on)."""
    import_official_figure(fresh_engine, 158.0, status="demonstration")
    return live_payload(fresh_engine, MEETING, WITH_DEMO, frozen_at=FROZEN_AT)


def test_payload_knows_it_holds_demonstration_data(demo_payload, fresh_engine):
    item = next(i for i in demo_payload["indicators"] if i["code"] == CODE)
    assert (item["latest_value"], item["latest_data_status"]) == (158.0, "demonstration")
    assert demo_payload["has_demonstration"] is True
    others = [i for i in demo_payload["indicators"] if i["code"] != CODE]
    assert all(i["latest_data_status"] != "demonstration" for i in others)
    hidden = live_payload(fresh_engine, MEETING, STATUSES, frozen_at=FROZEN_AT)  # the switch off: not shown
    assert hidden["has_demonstration"] is False
    assert next(i for i in hidden["indicators"] if i["code"] == CODE)["latest_value"] == 149.0


@pytest.mark.parametrize("lang", ["az", "en"])
def test_deck_labels_demonstration_data_on_its_slides(demo_payload, lang):
    result = export(demo_payload, lang)
    deck = result.deck
    warning = translate("collegium.deck.demo_warning", lang)
    label = translate("collegium.deck.data_status", lang, status=translate("badge.demonstration", lang))
    title = deck.slides[0]
    at = kinds_at(deck)["summary"]
    assert title.demo and title.lines[-1] == warning
    assert [r.code for r in summary_rows(deck) if r.demo] == [CODE]
    marked = [i for i in at if any(r.demo for r in deck.slides[i].rows)]
    for i in at:  # in words, not colour alone, on the summary slide that holds the value
        note = translate("collegium.deck.summary_demo_note", lang)
        assert (note in deck.slides[i].footnote) == (i in marked)
    slide = next(s for s in deck.slides if s.key == CODE)
    assert slide.demo and slide.data_label.startswith(label)
    assert all(not s.demo for s in deck.slides if s.kind == "indicator" and s.key != CODE)

    index = deck.slides.index(slide)
    prs = list(Presentation(io.BytesIO(result.pptx)).slides)
    texts = [squash(" ".join(sh.text_frame.text for sh in s.shapes if sh.has_text_frame)) for s in prs]
    assert squash(warning) in texts[0]
    assert squash(translate("collegium.deck.summary_demo_note", lang)) in texts[marked[0]]
    assert squash(label) in texts[index]
    assert sum(squash(label) in t for t in texts) == 1
    pages = [squash(p.extract_text()) for p in PdfReader(io.BytesIO(result.pdf)).pages]
    assert squash(warning) in pages[0] and squash(label) in pages[index]
    assert sum(squash(label) in p for p in pages) == 1
