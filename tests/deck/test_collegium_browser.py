"""Presenter mode in Chromium: no sidebar or toolbar, the keyboard steps through the slides, the slide number
follows in the URL, a chart slide shows its server-rendered image, Esc leaves; nothing leaves the machine."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from data.i18n import translate
from tests.helpers import assert_no_exception, save_screenshot, wait_for_app

pytestmark = pytest.mark.browser
TITLE = ".deck .slide-title"


def title(page) -> str:
    page.wait_for_selector(TITLE, timeout=90_000)
    return page.locator(TITLE).first.inner_text().strip()


def press(page, key: str) -> None:
    page.keyboard.press(key)
    wait_for_app(page, rerun=True)


def slide_number(page) -> int:
    return int(re.search(r"[?&]slide=(\d+)", page.url).group(1))


def test_presenter_steps_through_slides_with_the_keyboard(app_server, browser_page_factory):
    page = browser_page_factory(width=1920, height=1080)
    page.goto(f"{app_server}/presenter?slide=1&lang=az")
    wait_for_app(page)
    first = title(page)
    assert first == translate("collegium.deck.title", "az")
    expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()
    expect(page.locator('[data-testid="stToolbar"]')).to_be_hidden()

    press(page, "ArrowRight")
    assert slide_number(page) == 2
    second = title(page)
    assert second.startswith(translate("collegium.deck.since.title_first", "az")) and second != first

    press(page, "PageDown")
    assert slide_number(page) == 3
    third = title(page)
    assert third == translate("collegium.deck.risks.title", "az")

    press(page, "ArrowLeft")
    assert (slide_number(page), title(page)) == (2, second)
    press(page, "PageUp")
    assert (slide_number(page), title(page)) == (1, first)
    assert_no_exception(page)

    press(page, "Escape")
    expect(page.locator("h1").first).to_have_text(translate("collegium.title", "az"), timeout=60_000)
    assert page.external_requests() == [], "requests left the machine"


def test_presenter_opens_the_slide_named_in_the_url_in_english(app_server, browser_page_factory):
    page = browser_page_factory(locale="en-US", width=1920, height=1080)
    page.goto(f"{app_server}/presenter?slide=5&lang=en")
    wait_for_app(page)
    assert title(page).startswith(translate("collegium.deck.summary_title", "en"))
    rows = page.locator(".deck table.summary tbody tr")
    assert 5 <= rows.count() <= 9
    # readable on a 4:3 projector: the slide scaled to 1024 px wide keeps the rows at 15 px or more
    size = rows.first.evaluate("r => parseFloat(getComputedStyle(r.querySelector('td')).fontSize)")
    slide_width = page.locator(".deck .slide").first.bounding_box()["width"]
    assert size * 1024 / slide_width >= 15, (size, slide_width)
    save_screenshot(page, "collegium-presenter-summary-en", full_page=False)
    table = page.locator(".deck table.summary").bounding_box()
    foot = page.locator(".deck .slide .foot").first.bounding_box()
    assert table["y"] + table["height"] <= foot["y"], "the summary table runs into the footer"
    assert_no_exception(page)


def test_presenter_map_slide_fills_a_1920_by_1080_window(app_server, browser_page_factory):
    page = browser_page_factory(locale="en-US", width=1920, height=1080)
    page.goto(f"{app_server}/presenter?slide=999&lang=en")
    wait_for_app(page)
    found = re.search(r"(\d+) / (\d+)$", page.locator(".deck .slide .pageno").first.inner_text().strip())
    number, total = int(found.group(1)), int(found.group(2))
    assert slide_number(page) == number == total  # the last slide (a number past the end opens the last)
    assert title(page).startswith(translate("collegium.deck.map_title", "en", date="").rstrip(": "))
    image = page.locator(".deck .slide.kind-map .chart img")
    expect(image).to_be_visible(timeout=90_000)
    assert image.evaluate("img => [img.naturalWidth, img.naturalHeight]") == [1120, 800]
    box = page.locator(".deck .slide").first.bounding_box()
    assert box["width"] >= 1800 and box["height"] >= 1000  # the slide fills the projector's window
    assert box["y"] + box["height"] <= 1080 and box["x"] + box["width"] <= 1920  # ... and nothing scrolls
    expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()
    save_screenshot(page, "collegium-presenter-map-en", full_page=False)
    assert_no_exception(page)
