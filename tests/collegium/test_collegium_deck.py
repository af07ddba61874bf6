"""The exported deck: a 16:9 PowerPoint with titles, notes and PNG charts of the expected size, and a PDF with
one page per slide whose text keeps every Azerbaijani letter (DejaVu fonts embedded)."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Inches
from pypdf import PdfReader

from pages.ui.deck.figures import CHART_PX, MAP_PX
from pages.ui.deck.model import MAP_KEY, build_deck

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


def test_deck_model_has_title_summary_indicators_and_map(payload):
    deck = build_deck(payload, "az")
    n = len(payload["indicators"])
    assert [s.kind for s in deck.slides] == ["title", "summary"] + ["indicator"] * n + ["map"]
    assert deck.slides[0].title == "Kollegiya iclası"
    assert deck.slides[0].subtitle == "İclas tarixi: 15 dekabr 2026"
    assert len(deck.slides[1].rows) == n
    english = build_deck(payload, "en")
    assert english.slides[1].title == "Every indicator and its status"
    assert [s.title for s in english.slides[2:-1]] == [i["name_en"] for i in payload["indicators"]]


def test_pptx_is_16_9_with_one_slide_per_deck_slide(prs, exported, payload):
    assert (prs.slide_width, prs.slide_height) == (Inches(13.333), Inches(7.5))
    assert len(prs.slides) == len(exported.deck.slides) == len(payload["indicators"]) + 3
    titles = [slide.shapes.title.text for slide in prs.slides]
    assert titles == exported.deck.titles()
    assert titles[2:-1] == [i["name_az"] for i in payload["indicators"]]


def test_pptx_notes_hold_the_generated_sentences(prs, payload):
    slides = list(prs.slides)
    for slide, item in zip(slides[2:-1], payload["indicators"], strict=True):
        assert slide.has_notes_slide
        assert slide.notes_slide.notes_text_frame.text == item["sentence_az"]
    assert "DOST" in slides[-1].notes_slide.notes_text_frame.text


def test_pptx_pictures_are_pngs_of_the_expected_size(prs):
    slides = list(prs.slides)
    for i, slide in enumerate(slides):
        pictures = [sh for sh in slide.shapes if sh.shape_type == MSO_SHAPE_TYPE.PICTURE]
        if i < 2:
            assert pictures == []
            continue
        assert len(pictures) == 1, f"slide {i + 1}"
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
        "Tələb olunan temp",
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
    assert slide.numbers[0].value == f"{served} / 79"
