"""The PDF rendered at a 4:3 projector's scale (1024x768): the smallest text of every page, measured in pixels.

How it is measured: poppler's `pdftoppm` renders every page so that the 16:9 slide is 1024 px wide (the width a
1024x768 projector gives it); `pdftotext -bbox` says where each word is. For each word made only of letters
that neither descend below the baseline nor carry an accent (so the ink's height is the letters' own height),
the ink rows of the rendered word are summed, each by its share of ink (its strongest contrast with the word's
background against the word's strongest; anti-aliased edge rows count by their coverage). A word holding a
capital, a digit or an ascender (b d h k l t) measures the cap height, a word of x-height letters only
(a c e m n o r s u v w x z) the x-height. One word's pixels vary with where its baseline falls on the pixel
grid, so a page's smallest text is the smallest, over the type sizes on it (told apart by the words' box
heights), of the median height of that size's words.

The readability rule (issue 15): body text at least 24 px on the 1920 px slide, so 12.8 px type at 1024 px;
DejaVu Sans's capitals are 0.73 em and its x-height 0.55 em tall, so 9.3 and 7.0 px. A 20 px slide text (the
size of a chart's text, too small for body text) gives 7.8 and 5.8 px. The thresholds lie between the two: the
cap height must be at least CAP_MIN_PX = 8.5 px and the x-height at least X_MIN_PX = 6.4 px (text of about 22
slide px); the control test below renders 20 and 24 px text and shows the measure tells them apart. Text inside
the chart and map pictures is not text in the PDF: its size is checked on the figures
(`deck.slide_figures.text_sizes`, MIN_TEXT_PX) and in Chromium (tests/deck/test_presenter_room_browser.py).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

PROJECTOR_W = 1024
CAP_MIN_PX = 8.5
X_MIN_PX = 6.4
TALL = set("ABCDEFGHIKLMNOPRSTUVWXYZ0123456789bdhklt")
SHORT = set("acemnorsuvwxz")
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def text_heights(pdf: bytes) -> list[dict[str, list[tuple[float, str, float]]]]:
    """Per page: {'cap': [(px, word, box height)...], 'x': [...]}: the rendered height of every measurable word at
    1024 px, with the height of its box in the PDF (which tells the type sizes apart)."""
    assert shutil.which("pdftoppm") and shutil.which("pdftotext"), "poppler-utils missing (.ci/install-system-deps.sh)"
    with tempfile.TemporaryDirectory(prefix="deck-render-") as tmp:
        src = Path(tmp) / "deck.pdf"
        src.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-gray", "-png", "-scale-to-x", str(PROJECTOR_W), "-scale-to-y", "-1", str(src), f"{tmp}/p"],
            check=True,
            capture_output=True,
        )
        layout = subprocess.run(["pdftotext", "-bbox", str(src), "-"], capture_output=True, text=True, check=True)
        pages = re.split(r"<page ", layout.stdout)[1:]
        files = sorted(Path(tmp).glob("p-*.png"), key=lambda f: int(f.stem.split("-")[-1]))
        assert len(files) == len(pages)
        out = []
        for page, file in zip(pages, files, strict=True):
            img = np.asarray(Image.open(file).convert("L"), dtype=float)
            assert img.shape[1] == PROJECTOR_W
            scale = img.shape[1] / float(re.search(r'width="([\d.]+)"', page).group(1))
            found: dict[str, list[tuple[float, str, float]]] = {"cap": [], "x": []}
            for m in WORD.finditer(page):
                word = m.group(5)
                if not word or not set(word) <= TALL | SHORT:
                    continue
                x0, y0, x1, y1 = (float(v) * scale for v in m.groups()[:4])
                crop = img[int(y0) + 1 : int(np.ceil(y1)), int(x0) : int(np.ceil(x1))]
                if crop.size == 0:
                    continue
                background = np.median(np.concatenate([crop[0], crop[-1], crop[:, 0], crop[:, -1]]))
                contrast = np.abs(crop - background)
                if contrast.max() < 40:  # nothing drawn there (a word under a picture, white on white)
                    continue
                # each row's share of ink (an anti-aliased edge row counts by its coverage): the height to 0.1 px
                rows = contrast.max(axis=1) / contrast.max()
                height = float(rows[rows > 0.15].sum())
                size = round((y1 - y0) / scale, 1)  # the word's box height in the PDF: one group per type size
                found["cap" if set(word) & TALL else "x"].append((round(height, 2), word, size))
            out.append(found)
        return out


def smallest(measured: list[tuple[float, str, float]]) -> tuple[float, str]:
    """The smallest type on a page: the median rendered height of each type size's words (one word's pixels
    vary with where its baseline falls on the pixel grid), the smallest of those medians, with a word of it."""
    sizes: dict[float, list[tuple[float, str, float]]] = {}
    for m in measured:
        sizes.setdefault(m[2], []).append(m)
    medians = [(float(np.median([m[0] for m in group])), group[0][1]) for group in sizes.values()]
    return min(medians)


def test_every_page_holds_readable_text_at_1024_px(exported):
    pages = text_heights(exported.pdf)
    assert len(pages) == len(exported.deck.slides)
    small = []
    for n, found in enumerate(pages, start=1):
        assert found["cap"], f"page {n}: no measurable word (the test would pass vacuously)"
        cap, word = smallest(found["cap"])
        if cap < CAP_MIN_PX:
            small.append(f"page {n}: {word!r}: capitals {cap:.1f} px")
        if found["x"] and smallest(found["x"])[0] < X_MIN_PX:
            small.append(f"page {n}: {smallest(found['x'])[1]!r}: x-height {smallest(found['x'])[0]:.1f} px")
    assert not small, small
    assert sum(len(f["x"]) for f in pages) >= 10  # the x-height was measured too, not only capitals


def test_the_regional_slides_hold_readable_text_at_1024_px(regional_export):
    """The regional slides' tables (the region with the most districts, Qarabağ, among them) measured the same way."""
    pages = text_heights(regional_export.pdf)
    regional = [i for i, s in enumerate(regional_export.deck.slides) if s.kind == "region"]
    assert len(regional) == 2
    for i in regional:
        assert pages[i]["cap"], f"page {i + 1}: nothing measurable"
        cap, word = smallest(pages[i]["cap"])
        assert cap >= CAP_MIN_PX, (i + 1, word, cap)
        if pages[i]["x"]:
            assert smallest(pages[i]["x"])[0] >= X_MIN_PX, (i + 1, smallest(pages[i]["x"]))


@pytest.mark.parametrize(("slide_px", "readable"), [(20, False), (24, True)])
def test_the_measure_tells_20_px_text_from_24_px_text(slide_px, readable):
    """Control: one 1920x1080 page with text at `slide_px`, printed like the deck: 20 px fails, 24 px passes."""
    from deck.to_pdf import print_html

    text = "Dost 2026 Bakı Naxçıvan Lənkəran ora Sumqayıt 15 on 31 Mart 48 Kür ana 7 Qax az 90 son"
    html = (
        "<!doctype html><html><head><style>@page { size: 1920px 1080px; margin: 0 } body { margin: 80px;"
        f' font-family: "DejaVu Sans"; font-size: {slide_px}px }}</style></head><body><p>{text}</p></body></html>'
    )
    [found] = text_heights(print_html(html))
    cap, x = smallest(found["cap"])[0], smallest(found["x"])[0]
    assert (cap >= CAP_MIN_PX and x >= X_MIN_PX) is readable, (cap, x)
