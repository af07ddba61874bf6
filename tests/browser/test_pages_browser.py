"""Every page in Chromium, in both languages: drawn, without an exception, offline; the map draws all 78
district shapes; a click on the map (or the list) opens the district profile; a copied link opens the same view.

Screenshots go to test-artifacts/screenshots/pages-*.png.
"""

from __future__ import annotations

import math
import re

import pytest
from playwright.sync_api import Page

from data.i18n import translate
from tests.helpers import SCREENSHOT_DIR, assert_no_exception, wait_for_app, wait_for_charts

pytestmark = pytest.mark.browser

# url_path -> (title key, charts expected, height of the README screenshot: the page's first screen and its
# main chart)
PAGES = {
    "overview": ("overview.title", True, 1250),
    "children": ("children.title", True, 1250),
    "rehabilitation": ("rehab.title", True, 1300),
    "dost": ("dost.title", True, 1500),
    "map": ("map.title", True, 1400),
    "district": ("district.title", True, 1250),
    "facilities": ("facilities.title", True, 1350),
    "sources": ("sources.title", False, 1150),
}
LOCALES = {"az": "az-AZ", "en": "en-US"}
MAP_READY = """() => {
    const gd = document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot');
    const sub = gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot;
    return !!(sub && sub.map && sub.map.loaded() && sub.map.isStyleLoaded());
}"""
# The unit layer (meta ["units", level]): its locations, and the distinct polygons the map library drew for it
# (the map draws on a WebGL canvas, not SVG paths: the drawn features are counted by their centroid property).
MAP_SHAPES = """() => {
    const gd = document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot');
    const trace = gd._fullData.find(t => Array.isArray(t.meta) && t.meta[0] === 'units');
    const map = gd._fullLayout.map._subplot.map;
    const layers = map.getStyle().layers.map(l => l.id).filter(id => id.includes(trace.uid) && id.endsWith('-fill'));
    const drawn = new Set(map.queryRenderedFeatures({layers}).map(f => JSON.stringify(f.properties.ct)));
    return {level: trace.meta[1], locations: trace.locations.length, drawn: drawn.size};
}"""

# The country's extent (from the unit layer's GeoJSON) against what the map shows: the whole country must be in view.
MAP_EXTENT = """() => {
    const gd = document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot');
    const trace = gd._fullData.find(t => Array.isArray(t.meta) && t.meta[0] === 'units');
    let [w, s, e, n] = [180, 90, -180, -90];
    const walk = c => { if (typeof c[0] === 'number') { w = Math.min(w, c[0]); e = Math.max(e, c[0]);
        s = Math.min(s, c[1]); n = Math.max(n, c[1]); } else c.forEach(walk); };
    trace.geojson.features.forEach(f => walk(f.geometry.coordinates));
    const b = gd._fullLayout.map._subplot.map.getBounds();
    return {country: [w, s, e, n], view: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]};
}"""

# The facility layers (meta "facilities": polygons, one layer per status): how many shapes they hold, at how many
# distinct places per layer (facilities of one status at one place share a centre), at how many the map library
# drew them (by layer and centroid property), and each shape's size on the screen in CSS pixels (its corners
# projected by the map: width, height), by facility code.
FACILITY_SHAPES = """() => {
    const gd = document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot');
    const map = gd._fullLayout.map._subplot.map;
    const traces = gd._fullData.filter(t => t.meta === 'facilities');
    const ids = new Set(traces.map(t => 'plotly-trace-layer-' + t.uid + '-fill'));
    const layers = map.getStyle().layers.map(l => l.id).filter(id => ids.has(id));
    const drawn = new Set(map.queryRenderedFeatures({layers}).map(f => {
        const ct = typeof f.properties.ct === 'string' ? JSON.parse(f.properties.ct) : f.properties.ct;
        return f.layer.id + ct.map(x => x.toFixed(4)).join(); }));
    const centre = f => { const r = f.geometry.coordinates[0].slice(1);
        return [0, 1].map(i => (r.reduce((a, c) => a + c[i], 0) / r.length).toFixed(4)).join(); };
    const distinct = new Set(traces.flatMap(t => t.geojson.features.map(
        f => `plotly-trace-layer-${t.uid}-fill${centre(f)}`)));
    const sizes = {};
    traces.forEach(t => t.geojson.features.forEach(f => {
        const p = f.geometry.coordinates[0].map(c => map.project(c));
        const xs = p.map(q => q.x), ys = p.map(q => q.y);
        sizes[f.id] = [Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys)];
    }));
    return {locations: traces.reduce((n, t) => n + t.locations.length, 0), layers: layers.length,
            traces: traces.length, distinct: distinct.size, drawn: drawn.size, sizes};
}"""


def screenshot(page: Page, name: str, top: int | None = None) -> None:
    """A screenshot of the whole page (the viewport grown to the content's height, then restored); with `top`,
    also `<name>-top.png`: the first `top` pixels at full width (the size the README shows, docs/screenshots)."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    height = page.evaluate(
        "() => { const m = document.querySelector('[data-testid=\"stMain\"]'); return m ? m.scrollHeight : 1000 }"
    )
    page.set_viewport_size({"width": size["width"], "height": min(max(int(height) + 40, size["height"]), 8000)})
    page.wait_for_timeout(600)
    page.screenshot(path=str(SCREENSHOT_DIR / f"{name}.png"), full_page=True)
    if top:
        clip = {"x": 0, "y": 0, "width": size["width"], "height": min(top, int(height) + 40)}
        page.screenshot(path=str(SCREENSHOT_DIR / f"{name}-top.png"), clip=clip)
    page.set_viewport_size(size)


def open_page(page: Page, base: str, path: str, **params: str) -> None:
    """Open a page by its address (the default page, the overview, lives at the root)."""
    query = "&".join(f"{k}={v}" for k, v in params.items())
    page.goto(f"{base}/{'' if path == 'overview' else path}?{query}")
    wait_for_app(page)


@pytest.mark.parametrize("lang", list(LOCALES))
@pytest.mark.parametrize("path", list(PAGES))
def test_page_renders_offline(app_server, browser_page_factory, path, lang):
    page = browser_page_factory(locale=LOCALES[lang], width=1400, height=1000)
    open_page(page, app_server, path, lang=lang)
    key, has_charts, top = PAGES[path]
    if has_charts:
        assert wait_for_charts(page, 1) >= 1
    heading = page.locator("h1").first.inner_text().strip()
    if path == "district":
        assert heading.endswith(translate(key, lang, name="").strip())
    else:
        assert heading == translate(key, lang)
    assert_no_exception(page)
    assert page.locator('[role="dialog"]').count() == 0, "a dialog (e.g. 'Page not found') is open"
    assert f"lang={lang}" in page.url, "the language is kept in the address"
    if path == "map":
        page.wait_for_function(MAP_READY, timeout=30_000)
    screenshot(page, f"pages-{path}-{lang}", top)
    assert page.external_requests() == [], "requests left the machine"


def test_map_draws_every_district_shape(app_server, browser_page_factory):
    page = browser_page_factory(locale="en-US", width=1400, height=1200)
    open_page(page, app_server, "map", lang="en")
    wait_for_charts(page)
    page.wait_for_function(MAP_READY, timeout=30_000)
    page.wait_for_timeout(500)
    shapes = page.evaluate(MAP_SHAPES)
    assert shapes["level"] == "district"
    assert shapes["locations"] == 78
    assert shapes["drawn"] == 78, shapes
    extent = page.evaluate(MAP_EXTENT)
    (w, s, e, n), (vw, vs, ve, vn) = extent["country"], extent["view"]
    assert vw <= w and vs <= s and ve >= e and vn >= n, f"part of the country is outside the map's view: {extent}"
    assert page.external_requests() == []


def test_facility_shapes_drawn_with_the_same_pixel_size_on_both_maps(app_server, browser_page_factory):
    """The facility polygons are drawn (one layer per status) on the national map and on the district locator,
    and a shape is as large on the screen on both (the polygons are sized for each figure's zoom)."""
    page = browser_page_factory(locale="en-US", width=1400, height=1200)
    sizes = {}
    for path, params in (("map", {}), ("district", {"district": "AZ-BAR"})):
        open_page(page, app_server, path, lang="en", **params)
        wait_for_charts(page)
        page.wait_for_function(MAP_READY, timeout=30_000)
        page.wait_for_timeout(500)
        shapes = page.evaluate(FACILITY_SHAPES)
        assert shapes["locations"] > 0 and shapes["layers"] == shapes["traces"] > 0, shapes
        assert shapes["drawn"] == shapes["distinct"] > 0, shapes
        sizes[path] = shapes["sizes"]
        assert_no_exception(page)
    assert page.external_requests() == []
    # the Karabakh regional centre in Bərdə is a hexagon 11 px from centre to corner: 19 x 22 px on both maps
    for path in sizes:
        width, height = sizes[path]["DOST-QARABAG-RC"]
        assert width == pytest.approx(2 * 11 * math.cos(math.radians(30)), abs=0.5), (path, width, height)
        assert height == pytest.approx(22, abs=0.5), (path, width, height)
    common = set(sizes["map"]) & set(sizes["district"])
    assert len(common) >= 3
    for code in common:
        assert sizes["map"][code] == pytest.approx(sizes["district"][code], abs=0.5), code


def test_map_region_level_from_a_copied_link(app_server, browser_page_factory):
    page = browser_page_factory(locale="en-US", width=1400, height=1200)
    open_page(page, app_server, "map", lang="en", level="region", measure="total", network="none")
    wait_for_charts(page)
    page.wait_for_function(MAP_READY, timeout=30_000)
    page.wait_for_timeout(500)
    shapes = page.evaluate(MAP_SHAPES)
    assert shapes["level"] == "region" and shapes["locations"] == 14 and shapes["drawn"] == 14, shapes
    assert "level=region" in page.url and "measure=total" in page.url
    assert_no_exception(page)


def test_click_on_the_map_opens_the_district_profile(app_server, browser_page_factory):
    page = browser_page_factory(locale="en-US", width=1400, height=1400)
    open_page(page, app_server, "map", lang="en", network="none")
    wait_for_charts(page)
    page.wait_for_function(MAP_READY, timeout=30_000)
    x, y = page.evaluate(
        """([lon, lat]) => {
            const gd = document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot');
            const map = gd._fullLayout.map._subplot.map;
            const p = map.project([lon, lat]);
            const r = map.getContainer().getBoundingClientRect();
            return [r.left + p.x, r.top + p.y];
        }""",
        [47.13, 40.38],  # Bərdə
    )
    page.mouse.move(x, y)
    page.mouse.click(x, y)
    page.wait_for_url(re.compile(r"/district\?.*district=AZ-BAR"), timeout=30_000)
    wait_for_app(page, rerun=True)
    wait_for_charts(page)
    assert page.locator("h1").first.inner_text().startswith("Barda")
    assert_no_exception(page)
    screenshot(page, "pages-district-from-map-click")
    assert page.external_requests() == []


def test_list_opens_the_district_profile_and_language_switch(app_server, browser_page_factory):
    page = browser_page_factory(locale="az-AZ", width=1400, height=1200)
    open_page(page, app_server, "map", lang="az", network="none")
    wait_for_charts(page)
    page.locator(".st-key-map-goto input").first.click()
    page.keyboard.type("Şəki")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/district\?"), timeout=30_000)
    wait_for_app(page, rerun=True)
    assert page.locator("h1").first.inner_text().startswith("Şəki")
    page.locator(".st-key-lang button", has_text="English").click()
    wait_for_app(page, rerun=True)
    page.wait_for_function("() => document.querySelector('h1').innerText.includes('district profile')", timeout=30_000)
    assert "lang=en" in page.url
    assert_no_exception(page)
    assert page.external_requests() == []
