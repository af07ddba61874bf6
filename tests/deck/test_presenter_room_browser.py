"""Presenter mode for the room in Chromium (issue 15): at 1920x1080 no text of a slide is under 24 slide px and a
chart picture is shown at a scale that keeps its smallest text (MIN_TEXT_PX image px) at 20 slide px or more;
at 1024x768 (a 4:3 projector) nothing of a slide spills out of the slide's box and no text is under 11 CSS px.

Sizes are measured in slide pixels: the computed font size divided by the slide's scale (its width / 1920)."""

from __future__ import annotations

import pytest

from deck.slide_figures import MIN_TEXT_PX
from tests.helpers import assert_no_exception, wait_for_app

pytestmark = pytest.mark.browser

# smallest font of the slide's own text (not inside pictures), in CSS px, and the slide's scale
MEASURE = """() => {
  const slide = document.querySelector('.deck.presenter .slide');
  const scale = slide.getBoundingClientRect().width / 1920;
  let smallest = 1e9, where = '';
  for (const el of slide.querySelectorAll('*')) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const px = parseFloat(getComputedStyle(el).fontSize);
    if (px < smallest) { smallest = px; where = el.className + ': ' + el.textContent.trim().slice(0, 40); }
  }
  const img = slide.querySelector('.chart img');
  const shown = img && img.naturalWidth ? img.getBoundingClientRect().width / img.naturalWidth : null;
  return {scale, smallest, where, shown};
}"""

SPILL = """() => {
  const slide = document.querySelector('.deck.presenter .slide');
  const box = slide.getBoundingClientRect();
  const out = [];
  for (const el of slide.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height) continue;
    if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1)
      out.push(el.className + ': ' + (el.textContent || '').trim().slice(0, 40));
  }
  return out;
}"""


# the live deck with the regional slide of the region with the most districts (Qarabağ: 11), so that its tables
# are measured and checked for spilling like every other slide
REGIONS = "ER-QAR"


def open_slide(page, app_server: str, number: int, lang: str) -> None:
    page.goto(f"{app_server}/presenter?slide={number}&lang={lang}&regions={REGIONS}")
    wait_for_app(page)
    page.wait_for_selector(".deck.presenter .slide .foot", timeout=90_000)  # the picture is inline in the HTML


def total_slides(page) -> int:
    return int(page.locator(".deck.presenter .pageno").first.inner_text().strip().rsplit("/", 1)[1])


@pytest.mark.parametrize("lang", ["az", "en"])
def test_every_slide_text_is_at_least_24_slide_px_at_1920_by_1080(app_server, browser_page_factory, lang):
    page = browser_page_factory(locale="en-US", width=1920, height=1080)
    open_slide(page, app_server, 1, lang)
    total, small, charts = total_slides(page), {}, 0
    for number in range(1, total + 1):
        if number > 1:
            open_slide(page, app_server, number, lang)
        m = page.evaluate(MEASURE)
        if m["smallest"] / m["scale"] < 24 - 0.01:
            small[number] = (round(m["smallest"] / m["scale"], 1), m["where"])
        if m["shown"] is not None:
            charts += 1
            chart_px = MIN_TEXT_PX * m["shown"] / m["scale"]
            assert chart_px >= 20, (number, chart_px)
    assert not small, small
    assert charts >= 10
    assert_no_exception(page)


def test_nothing_spills_out_of_the_slide_at_1024_by_768(app_server, browser_page_factory):
    page = browser_page_factory(locale="en-US", width=1024, height=768)
    open_slide(page, app_server, 1, "az")
    total, spilled, tiny = total_slides(page), {}, {}
    for number in range(1, total + 1):
        if number > 1:
            open_slide(page, app_server, number, "az")
        out = page.evaluate(SPILL)
        if out:
            spilled[number] = out[:3]
        m = page.evaluate(MEASURE)
        if m["smallest"] < 11:
            tiny[number] = (m["smallest"], m["where"])
        box = page.locator(".deck.presenter .slide").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 1024 and box["y"] + box["height"] <= 768
    assert not spilled, spilled
    assert not tiny, tiny
    assert_no_exception(page)
    open_slide(page, app_server, total - 1, "az")  # the regional slide stands before the map
    assert page.locator(".deck.presenter section.kind-region").count() == 1
