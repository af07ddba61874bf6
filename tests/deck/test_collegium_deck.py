"""The exported deck: a 16:9 PowerPoint with titles, notes and PNG charts of the expected size, and a PDF with
one page per slide whose text keeps every Azerbaijani letter (DejaVu fonts embedded)."""

from __future__ import annotations

import io
import re

import plotly.graph_objects as go
import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Inches
from pypdf import PdfReader

from data.i18n import translate
from deck.images import render_pngs
from deck.model import MAP_KEY, SUMMARY_ROWS_PER_SLIDE, build_deck
from deck.slide_figures import CHART_PX, EXPORT_FONT, MAP_PX
from tests.deck.common import kinds_at, summary_rows

AZ_LETTERS = set("əşğıçöüƏİ")  # those the reference figures and labels use


def squash(text: str) -> str:
    """Whitespace (and the PDF's line breaks) collapsed to single spaces."""
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def prs(exported):
    return Presentation(io.BytesIO(exported.pptx))


@pytest.fixture(scope="module")
def pdf(exported):
    return PdfReader(io.BytesIO(exported.pdf))


def test_deck_model_has_title_opening_summary_indicators_and_map(payload):
    deck = build_deck(payload, "az")
    n = len(payload["indicators"])
    k = len(kinds_at(deck)["summary"])
    assert [s.kind for s in deck.slides] == ["title", "text", "text", "text"] + ["summary"] * k + ["indicator"] * n + [
        "planning",
        "map",
    ]
    assert [s.key for s in deck.slides[1:4]] == ["since", "risks", "decisions"]
    assert deck.slides[0].title == "Kollegiya iclası"
    assert deck.slides[0].subtitle == "İclas tarixi: 15 dekabr 2026"
    assert sorted(r.code for r in summary_rows(deck)) == sorted(i["code"] for i in payload["indicators"])
    assert all(len(deck.slides[i].rows) <= SUMMARY_ROWS_PER_SLIDE for i in kinds_at(deck)["summary"])
    demo_note = translate("collegium.deck.summary_demo_note", "en")
    assert all(demo_note not in deck.slides[i].footnote for i in kinds_at(deck)["summary"])  # no demonstration note
    english = build_deck(payload, "en")
    assert english.slides[kinds_at(english)["summary"][0]].title.startswith("Every indicator and its status")
    first = kinds_at(english)["indicator"][0]
    assert [s.title for s in english.slides[first : first + len(payload["indicators"])]] == [
        i["name_en"] for i in payload["indicators"]
    ]


def test_pptx_is_16_9_with_one_slide_per_deck_slide(prs, exported, payload):
    assert (prs.slide_width, prs.slide_height) == (Inches(13.333), Inches(7.5))
    first = kinds_at(exported.deck)["indicator"][0]
    assert len(prs.slides) == len(exported.deck.slides) == len(payload["indicators"]) + first + 2  # planning, map
    titles = [slide.shapes.title.text for slide in prs.slides]
    assert titles == exported.deck.titles()
    assert titles[first : first + len(payload["indicators"])] == [i["name_az"] for i in payload["indicators"]]


def test_pptx_notes_hold_the_generated_sentences(prs, payload, exported):
    slides = list(prs.slides)
    first = kinds_at(exported.deck)["indicator"][0]
    for slide, item in zip(slides[first : first + len(payload["indicators"])], payload["indicators"], strict=True):
        assert slide.has_notes_slide
        assert slide.notes_slide.notes_text_frame.text == item["sentence_az"]
    assert "DOST" in slides[-1].notes_slide.notes_text_frame.text


def test_pptx_charts_are_native_and_pictures_are_pngs_of_the_expected_size(prs, exported):
    """Indicator slides carry a native chart (a picture only when the series has no dated number); the map is a
    PNG of the map's size."""
    slides = list(prs.slides)
    for i, slide in enumerate(slides):
        pictures = [sh for sh in slide.shapes if sh.shape_type == MSO_SHAPE_TYPE.PICTURE]
        charts = [sh for sh in slide.shapes if sh.has_chart]
        if exported.deck.slides[i].kind not in ("indicator", "map"):
            assert pictures == [] and charts == []
            continue
        assert len(pictures) + len(charts) == 1, f"slide {i + 1}"
        if charts:
            continue
        blob = pictures[0].image.blob
        assert blob.startswith(b"\x89PNG\r\n\x1a\n")
        image = Image.open(io.BytesIO(blob))
        image.verify()
        expected = MAP_PX if i == len(slides) - 1 else CHART_PX
        assert pictures[0].image.size == expected and Image.open(io.BytesIO(blob)).size == expected


def test_pptx_slide_shows_key_numbers_status_and_source(prs):
    adoption = next(s for s in prs.slides if s.shapes.title.text == "Övladlığa verilən uşaqlar")
    text = squash(" ".join(sh.text_frame.text for sh in adoption.shapes if sh.has_text_frame))
    for expected in (
        "Son göstərici",
        "149",
        "Hədəf",
        "165",
        "Hədəfin icrası",
        "90 %",
        "Lazım olan temp",
        "ildə +16",
        "risk altında",
        "Məlumatın statusu: dərc olunub",
        "Mənbə: ",
    ):
        assert squash(expected) in text, expected


def test_pdf_has_one_page_per_slide_of_1920_by_1080_pixels(pdf, exported):
    assert len(pdf.pages) == len(exported.deck.slides)
    box = pdf.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (1440, 810)  # 1920 x 1080 CSS px in points


def test_pdf_text_keeps_azerbaijani_letters_and_titles(pdf, exported):
    pages = [squash(page.extract_text()) for page in pdf.pages]
    assert set("".join(pages)) >= AZ_LETTERS, AZ_LETTERS - set("".join(pages))
    for page, slide in zip(pages, exported.deck.slides, strict=True):
        assert squash(slide.title) in page
    adoption = pages[exported.deck.titles().index("Övladlığa verilən uşaqlar")]
    assert "149" in adoption and "ildə +16" in adoption


def test_pdf_embeds_dejavu_fonts(pdf):
    fonts = set()
    for page in pdf.pages[:3]:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object().get("/BaseFont")))
    assert any("DejaVu" in f for f in fonts), fonts


def test_map_slide_has_the_coverage_numbers(exported, payload):
    slide = exported.deck.slides[-1]
    assert slide.kind == "map" and slide.chart == MAP_KEY
    served = payload["dost"]["summary"]["open"]["districts_served"]
    # 75 districts: the four cities counted inside their district are not districts of their own (not 79 rows).
    assert slide.numbers[0].value == f"{served} / 75"


def _letter_figure(text: str, family: str = EXPORT_FONT) -> go.Figure:
    """A small figure showing one text in large type (only the glyphs differ between two such images)."""
    fig = go.Figure()
    fig.update_layout(
        template="none",
        width=160,
        height=120,
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        xaxis_visible=False,
        yaxis_visible=False,
        paper_bgcolor="white",
    )
    fig.add_annotation(text=text, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False, font_size=80)
    fig.update_layout(font_family=family)
    return fig


def test_chart_images_draw_every_azerbaijani_letter_in_dejavu():
    # A letter the fonts lack is drawn as the same empty box as any unassigned code point ("tofu"): every
    # Azerbaijani letter must come out as a glyph of its own, and the charts' font must be DejaVu Sans.
    letters = "əƏğĞıİöÖşŞçÇüÜ"
    figs = {c: _letter_figure(c) for c in letters}
    figs |= {"tofu_1": _letter_figure("\U0010fffd"), "tofu_2": _letter_figure("\U0010fffc")}
    figs |= {"e": _letter_figure("e"), "e_dejavu": _letter_figure("e", "DejaVu Sans")}
    pngs = render_pngs(figs, {k: (160, 120) for k in figs})
    assert all(Image.open(io.BytesIO(b)).size == (160, 120) for b in pngs.values())
    assert pngs["tofu_1"] == pngs["tofu_2"]  # the check below can tell a missing glyph
    drawn = [pngs[c] for c in letters]
    assert pngs["tofu_1"] not in drawn, [c for c in letters if pngs[c] == pngs["tofu_1"]]
    assert len(set(drawn)) == len(letters)
    assert pngs["e"] == pngs["e_dejavu"]


def test_a_part_year_figure_is_shown_as_such(payload, prs):
    # No full year yet, only January-August 2025: the slide shows that figure and says it covers part of the year.
    item = next(i for i in payload["indicators"] if i["code"] == "children_returned_to_families")
    assert item["latest_value"] is None and item["is_partial"] and item["partial_value"] == 110.0
    deck = build_deck(payload, "az")
    slide = next(s for s in deck.slides if s.key == item["code"])
    assert (slide.numbers[0].value, slide.numbers[0].note) == ("110", "natamam il: 2025, yan–avq")
    assert slide.data_label.startswith("Məlumatın statusu: dərc olunub · son sübut: 31 avqust 2025")
    point = next(pt for pt in item["points"] if pt["period"] == item["partial_period"])
    assert slide.footnote.startswith(f"Mənbə: {point['source_title']} · Hədəfin mənbəyi: ")
    assert [r.latest for r in summary_rows(deck) if r.code == item["code"]] == ["110 (natamam il: 2025, yan–avq)"]
    english = next(s for s in build_deck(payload, "en").slides if s.key == item["code"])
    assert english.numbers[0].note == "part of the year: Jan–Aug 2025"
    exported = list(prs.slides)[deck.slides.index(slide)]
    text = squash(" ".join(sh.text_frame.text for sh in exported.shapes if sh.has_text_frame))
    assert "Son göstərici 110 natamam il: 2025, yan–avq" in text


def test_map_slide_names_the_sources_of_its_figures(payload):
    found = payload["dost"]["sources"]
    assert found["facility_status_sources"] > 0
    assert any(title.startswith("SSC: permanent population") for title in found["population"])
    slide = build_deck(payload, "en").slides[-1]
    assert slide.kind == "map"
    assert f"facility statuses from {found['facility_status_sources']} public sources" in slide.footnote
    assert found["population"][0] in slide.footnote
    older = {**payload, "dost": {k: v for k, v in payload["dost"].items() if k != "sources"}}
    assert build_deck(older, "en").slides[-1].footnote == translate("collegium.deck.map_note", "en")
