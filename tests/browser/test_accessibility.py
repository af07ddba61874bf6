"""WCAG 2.1 AA: axe-core (axe-playwright-python, offline) on every page in both languages, keyboard walks.

No serious or critical violation may be left on any page; the page's `lang` must be the chosen language.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from data.i18n import translate
from tests.helpers import assert_no_exception, wait_for_app

pytestmark = pytest.mark.browser

APP_PY = (Path(__file__).resolve().parents[2] / "app.py").read_text(encoding="utf-8")


def page_paths() -> list[str]:
    """Every page of the navigation, read from app.py: each page(file, title, icon, url_path, *roles) call, in
    order; the first is the default page, which Streamlit serves at the root ('')."""
    calls = [
        node
        for node in ast.walk(ast.parse(APP_PY))
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "page" and len(node.args) >= 4
    ]
    calls.sort(key=lambda n: (n.lineno, n.col_offset))
    paths = [n.args[3].value for n in calls if isinstance(n.args[3], ast.Constant)]
    return ["", *paths[1:]] if paths else []


PAGES = page_paths()


def test_every_page_is_audited():
    """The audit list comes from the navigation: a page added to app.py is audited without editing this file."""
    assert len(PAGES) >= 11 and "" in PAGES and "import_data" in PAGES, PAGES


def settle(page) -> None:
    """Wait until the script has run and Streamlit's 'stale element' fading is over."""
    wait_for_app(page)
    page.wait_for_function(
        """() => ![...document.querySelectorAll('[data-testid="stElementContainer"], .stElementContainer')]
               .some(e => parseFloat(getComputedStyle(e).opacity) < 1)""",
        timeout=30_000,
    )
    page.wait_for_timeout(300)


@pytest.mark.parametrize("lang", ["az", "en"])
@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_serious_violation(app_server, browser_page, path, lang):
    page = browser_page
    page.goto(f"{app_server}/{path}?lang={lang}")
    settle(page)
    if page.locator('[data-testid="stPlotlyChart"]').count():
        page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=60_000)
        settle(page)
    assert_no_exception(page)
    assert page.locator('[data-testid="stDialog"]').count() == 0, "a dialog (e.g. 'page not found') is open"
    # the page's language is set by a script the sidebar runs after the page has drawn: wait for it (it still fails
    # when it is never set, or set to the other language)
    page.wait_for_function("l => document.documentElement.lang === l", arg=lang, timeout=30_000)
    result = Axe().run(page).response
    serious = [
        f"{v['id']} ({v['impact']}): {len(v['nodes'])} node(s), e.g. {v['nodes'][0]['html'][:160]}"
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert not serious, f"/{path}?lang={lang}:\n" + "\n".join(serious)


# Presenter views beyond its first slide: the map slide (the last), a regional slide (the one before it, with a
# region asked for in the URL) and the speaker-notes window.
PRESENTER_VIEWS = [
    "presenter?regions=ER-LAS&slide=999",
    "presenter?regions=ER-LAS&slide=-2",
    "presenter?view=notes&slide=2",
]


@pytest.mark.parametrize("lang", ["az", "en"])
@pytest.mark.parametrize("view", PRESENTER_VIEWS)
def test_axe_finds_no_serious_violation_in_the_presenter_views(app_server, browser_page, view, lang):
    page = browser_page
    if view.endswith("slide=-2"):  # the slide before the last: find the last one first
        page.goto(f"{app_server}/{view.replace('slide=-2', 'slide=999')}&lang={lang}")
        settle(page)
        last = int(re.search(r"slide=(\d+)", page.url).group(1))
        view = view.replace("slide=-2", f"slide={last - 1}")
    page.goto(f"{app_server}/{view}&lang={lang}")
    settle(page)
    assert_no_exception(page)
    if "regions=" in view and "999" not in view:
        assert page.locator("section.kind-region").count() == 1, "not the regional slide"
    # the page's language is set by a script the sidebar runs after the page has drawn: wait for it (it still fails
    # when it is never set, or set to the other language)
    page.wait_for_function("l => document.documentElement.lang === l", arg=lang, timeout=30_000)
    result = Axe().run(page).response
    serious = [
        f"{v['id']} ({v['impact']}): {len(v['nodes'])} node(s), e.g. {v['nodes'][0]['html'][:160]}"
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert not serious, f"/{view}&lang={lang}:\n" + "\n".join(serious)


def focus_walk(page, presses: int = 80) -> list[str]:
    """Tab through the page; the accessible names (or tags) of the elements that received focus."""
    seen = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        seen.append(
            page.evaluate(
                """() => { const e = document.activeElement; if (!e) return '';
                     return (e.getAttribute('aria-label') || e.innerText || e.getAttribute('data-testid') || e.tagName)
                            .trim().slice(0, 60); }"""
            )
        )
    return seen


def test_keyboard_reaches_navigation_and_downloads_on_the_overview(app_server, browser_page):
    page = browser_page
    page.goto(f"{app_server}/?lang=en")
    settle(page)
    seen = focus_walk(page, 120)
    assert any(s == "Map" or s.endswith("Map") for s in seen), seen  # a navigation link
    assert any("CSV" in s or "Excel" in s for s in seen), seen  # a chart's data download


def test_keyboard_chooses_a_district_on_the_map_page_without_the_map(app_server, browser_page):
    """The map's district choice has a non-map alternative that works from the keyboard alone."""
    page = browser_page
    page.goto(f"{app_server}/map?lang=en")
    settle(page)
    combo = page.get_by_role("combobox", name=re.compile("district profile", re.I))
    option = page.get_by_role("option", name="Guba", exact=True)
    # the list filters as one types: wait until it offers the district, or Enter may find nothing highlighted yet.
    # Under load a freshly drawn select can drop the first keys; a person would see that and type again.
    for _attempt in range(3):
        combo.focus()
        page.keyboard.press("ControlOrMeta+a")
        page.keyboard.type("Guba", delay=50)
        try:
            option.wait_for(timeout=15_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    else:
        raise AssertionError("typing 'Guba' into the district choice never offered the district")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/district\?.*district="), timeout=60_000)
    wait_for_app(page)
    assert "Guba" in page.locator("h1").first.inner_text()


@pytest.mark.parametrize("label", ["chart.data_table", "map.facility_table"])
def test_keyboard_opens_a_table_section(app_server, browser_page, label):
    """A table in a closed section (a chart's data, the map's facility list) is drawn only once its section is
    opened (a rerun): closed, the section holds no table; opened from the keyboard alone, it shows its rows."""
    page = browser_page
    page.goto(f"{app_server}/map?lang=en")
    settle(page)
    section = page.locator('[data-testid="stExpander"]').filter(has_text=translate(label, "en")).first
    expect(section).to_be_visible()
    assert section.locator('[data-testid="stDataFrame"]').count() == 0
    section.locator("summary").focus()
    page.keyboard.press("Enter")
    table = section.locator('[data-testid="stDataFrame"]')
    expect(table).to_be_visible(timeout=60_000)
    assert_no_exception(page)
    assert table.locator("canvas").count() >= 1  # the grid drew its rows


def test_keyboard_reaches_the_import_upload_and_template(app_server, browser_page):
    page = browser_page
    page.goto(f"{app_server}/import_data?lang=en")
    settle(page)
    seen = focus_walk(page, 80)
    assert any("template" in s.lower() for s in seen), seen
    assert any("browse" in s.lower() or "upload" in s.lower() for s in seen), seen


def test_language_switch_names_each_language_in_its_own_letters(app_server, browser_page):
    page = browser_page
    page.goto(f"{app_server}/?lang=en")
    settle(page)
    group = page.locator('[data-testid="stSidebar"] [role="radiogroup"]').first
    assert group.inner_text().split() == ["Azərbaycanca", "English"]
