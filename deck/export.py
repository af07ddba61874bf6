"""Export a payload as a PowerPoint deck and a PDF: the slide model, the images (rendered once), the writers."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from deck.images import render_pngs
from deck.model import Deck, build_deck
from deck.slide_figures import figure_size, slide_figures
from deck.to_pdf import write_pdf
from deck.to_pptx import write_pptx

PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
PDF_MIME = "application/pdf"


@dataclass(frozen=True)
class Export:
    """Both files of one deck and how long each step took (seconds)."""

    deck: Deck
    pptx: bytes
    pdf: bytes
    seconds: dict[str, float] = field(default_factory=dict)


def _created(payload: Mapping[str, Any]) -> datetime | None:
    """The freeze time of a payload (the files' dates)."""
    try:
        return datetime.fromisoformat(str(payload["frozen_at"]))
    except (KeyError, ValueError):
        return None


def export(payload: Mapping[str, Any], lang: str) -> Export:
    """The deck of `payload` in `lang` as .pptx and .pdf, the images rendered once for both."""
    t0 = time.perf_counter()
    deck = build_deck(payload, lang)
    figs = slide_figures(payload, lang)
    t1 = time.perf_counter()
    images = render_pngs(figs, {k: figure_size(k) for k in figs})
    t2 = time.perf_counter()
    pptx = write_pptx(deck, images, _created(payload), figs)
    t3 = time.perf_counter()
    pdf = write_pdf(deck, images)
    t4 = time.perf_counter()
    seconds = {"figures": t1 - t0, "images": t2 - t1, "pptx": t3 - t2, "pdf": t4 - t3, "total": t4 - t0}
    return Export(deck, pptx, pdf, seconds)


def file_name(payload: Mapping[str, Any], lang: str, extension: str) -> str:
    """'collegium_2026-12-15_az.pptx'."""
    return f"collegium_{payload.get('meeting_date', 'deck')}_{lang}.{extension}"
