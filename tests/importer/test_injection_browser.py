"""In Chromium: a facility imported with Markdown and HTML in its name, note and source (an image link to an
address, a link, <b>, <img>) is shown as text on the district, facilities and map pages, and the browser fetches
nothing it names; and no table offers the grid toolbar's raw "Download as CSV" (formulas would leave live).

The app runs on a database of its own (the import must not leak into the other browser tests)."""

import json

import pytest
from importfx import VALID, build
from playwright.sync_api import expect

from data import importer
from tests.conftest import run_app_server
from tests.helpers import assert_no_exception, wait_for_app, wait_for_charts

pytestmark = pytest.mark.browser

NAME = '![x](http://evil.test/p.png) [click](https://phish.test) <b>bold</b> <img src="http://evil.test/i.png">'
EXTERNAL = ("evil.test", "phish.test")

HOVERS = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot')]
    .flatMap(gd => (gd.data || []).flatMap(t => [].concat(t.hovertext || [], t.text || [])))
    .filter(x => typeof x === 'string')"""


@pytest.fixture(scope="module")
def injected_app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("injection")
    url = f"sqlite:///{folder / 'app.sqlite3'}"
    engine = build(url)
    path = VALID / "markdown_html_names.csv"
    checked = importer.check(engine, path.read_bytes(), path.name)
    assert checked.ok, [p.message("en") for p in checked.errors]
    importer.commit(engine, checked, "browser-test")
    engine.dispose()
    with run_app_server(url, folder) as base_url:
        yield base_url


def shows_text(page, text: str) -> None:
    """The page shows `text` character for character (word joiners, which keep addresses unlinked, aside)."""
    page.wait_for_function(
        "t => document.body.innerText.replaceAll('\\u2060', '').includes(t)", arg=text, timeout=30_000
    )


def no_live_markup(page) -> None:
    """Nothing of the name became an element or a request."""
    assert page.locator('img[src*="evil.test"]').count() == 0
    links = page.locator('a[href*="phish.test"], a[href*="evil.test"]')
    where = [
        links.nth(i).evaluate("a => (a.closest('[data-testid]') || a).getAttribute('data-testid') + ' ' + a.outerHTML")
        for i in range(links.count())
    ]
    assert where == []
    assert page.locator("b", has_text="bold").count() == 0
    assert page.locator("strong", has_text="qalın").count() == 0
    assert [u for u in page.request_log if any(h in u for h in EXTERNAL)] == []


def test_imported_markup_is_shown_as_text_and_fetches_nothing(injected_app, browser_page):
    page = browser_page
    page.goto(f"{injected_app}/facilities?lang=en&facility=DOST-INJECT")
    wait_for_app(page)
    assert_no_exception(page)
    shows_text(page, NAME)
    shows_text(page, "**qalın** ![y](http://evil.test/n.png)")
    no_live_markup(page)

    page.goto(f"{injected_app}/district?lang=en&district=AZ-QAX")
    wait_for_app(page)
    wait_for_charts(page)
    assert_no_exception(page)
    shows_text(page, NAME)
    hovers = page.evaluate(HOVERS)
    assert any("&lt;b&gt;bold&lt;/b&gt;" in h for h in hovers), hovers[:5]
    assert not any("<b>bold</b>" in h or "<img" in h or '<a href="http://evil' in h for h in hovers)
    no_live_markup(page)

    page.goto(f"{injected_app}/map?lang=en&level=district")
    wait_for_app(page)
    wait_for_charts(page)
    assert_no_exception(page)
    hovers = page.evaluate(HOVERS)
    mine = [h for h in hovers if "evil.test" in h]
    assert mine, "the imported facility is on the map"
    assert all("<b>bold</b>" not in h and "<img" not in h and "<a " not in h for h in mine), json.dumps(mine[:2])
    assert any("&lt;a href=&#34;http://evil.test/s&#34;&gt;" in h for h in mine)  # the source title, escaped
    # plotly draws the hover as SVG text: hover the facility and read what it shows
    no_live_markup(page)
    assert page.locator('svg a[href*="evil.test"], svg a[href*="phish.test"]').count() == 0


def test_no_table_offers_the_raw_csv_download(injected_app, browser_page):
    """client.disableDataExport: the grid toolbar keeps search and fullscreen, but has no download button."""
    page = browser_page
    page.goto(f"{injected_app}/facilities?lang=en")
    wait_for_app(page)
    grids = page.locator('[data-testid="stDataFrame"]')
    expect(grids.first).to_be_visible(timeout=30_000)
    checked = 0
    for i in range(grids.count()):
        grid = grids.nth(i)
        if not grid.is_visible():  # inside a closed expander or tab
            continue
        checked += 1
        grid.scroll_into_view_if_needed()
        grid.hover()
        toolbar = page.locator('[data-testid="stElementToolbar"]')
        expect(toolbar.first).to_be_visible()
        buttons = toolbar.locator("button")
        labels = [buttons.nth(j).get_attribute("aria-label") or "" for j in range(buttons.count())]
        assert any("search" in x.lower() or "fullscreen" in x.lower() for x in labels), labels
        assert not any("download" in x.lower() for x in labels), labels
    assert checked
