"""Every page in Chromium, in both languages: drawn, without an exception, offline; the map draws all 78
district shapes; a click on the map (or the list) opens the district profile; a copied link opens the same view.

Screenshots go to test-artifacts/screenshots/pages-*.png.
"""

from __future__ import annotations

import base64
import math
import re

import pytest
from playwright.sync_api import Page

from data.i18n import translate
from figures import palette
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

# The facility layers (meta "facilities": symbols, one trace per status over its outline trace): the map library's
# layers that draw them and their type, the style's sprite and whether every icon the traces name is in the style
# (not fetched), how many symbols the traces hold and how many the library placed, and each facility's point on
# the screen (CSS pixels in the page) by code.
FACILITY_SYMBOLS = """() => {
    const gd = document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot');
    const map = gd._fullLayout.map._subplot.map;
    const traces = gd._fullData.filter(t => t.meta === 'facilities' || t.meta === 'facility-outlines');
    const layers = map.getStyle().layers.filter(l => traces.some(t => l.id.includes(t.uid)) && l.type !== 'fill'
        && l.type !== 'line' && (l.layout || {}).visibility !== 'none');
    const names = [...new Set(traces.flatMap(t => [].concat(t.marker.symbol)))];
    const drawn = map.queryRenderedFeatures({layers: layers.map(l => l.id)}).length;
    const box = map.getContainer().getBoundingClientRect();
    const points = {};
    traces.filter(t => t.meta === 'facilities').forEach(t => t.customdata.forEach((code, i) => {
        const q = map.project([t.lon[i], t.lat[i]]);
        points[code] = [box.left + q.x, box.top + q.y];
    }));
    return {types: [...new Set(layers.map(l => l.type))], sprite: map.getStyle().sprite, names,
            missing: names.filter(n => !map.hasImage(n)), symbols: traces.reduce((n, t) => n + t.lon.length, 0),
            drawn, points, zoom: map.getZoom()};
}"""

# The size (width, height in CSS pixels) of the patch of `colour` around a point of a screenshot (base64 PNG of
# the square `half` pixels around it): the pixels connected to the centre within a colour distance of 60.
PATCH_SIZE = """async ([png, half, colour]) => {
    const img = new Image(); img.src = 'data:image/png;base64,' + png; await img.decode();
    const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
    const g = c.getContext('2d'); g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data, w = c.width, h = c.height;
    const near = i => Math.hypot(d[4*i] - colour[0], d[4*i+1] - colour[1], d[4*i+2] - colour[2]) < 60;
    const seen = new Uint8Array(w * h), stack = [half * w + half];
    let [x0, y0, x1, y1] = [w, h, -1, -1];
    if (!near(stack[0])) return null;
    while (stack.length) { const i = stack.pop(); if (seen[i] || !near(i)) continue; seen[i] = 1;
        const x = i % w, y = (i - x) / w; x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
        if (x > 0) stack.push(i - 1); if (x < w - 1) stack.push(i + 1);
        if (y > 0) stack.push(i - w); if (y < h - 1) stack.push(i + w); }
    return [x1 - x0 + 1, y1 - y0 + 1];
}"""
RELAYOUT = """([zoom, lon, lat]) => {
    const gd = document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot');
    return window.Plotly.relayout(gd, {'map.zoom': zoom, 'map.center': {lon, lat}}).then(() => true);
}"""


def symbol_size(page: Page, code: str, colour: str, half: int = 30) -> tuple[int, int] | None:
    """The drawn size in CSS pixels of the facility symbol `code` (its status colour `colour`), measured on a
    screenshot of the page around its point."""
    x, y = page.evaluate(FACILITY_SYMBOLS)["points"][code]
    clip = {"x": round(x) - half, "y": round(y) - half, "width": 2 * half + 1, "height": 2 * half + 1}
    png = base64.b64encode(page.screenshot(clip=clip)).decode()
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    size = page.evaluate(PATCH_SIZE, [png, half, rgb])
    return tuple(size) if size else None


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


def wait_for_map(page: Page) -> None:
    """Wait for the map's style, sources and symbols (MapLibre fades symbols in for 300 ms)."""
    wait_for_charts(page)
    page.wait_for_function(MAP_READY, timeout=30_000)
    page.wait_for_timeout(800)


def test_facility_symbols_drawn_from_the_apps_own_sprite_offline(app_server, browser_page_factory):
    """The facility layers are map symbols from the app's own sprite (/app/static/facilities), every icon named
    is in the style (none asked of plotly.js's CDN), every symbol is placed, on the map and the district
    locator; no request leaves the machine."""
    page = browser_page_factory(locale="en-US", width=1400, height=1200)
    for path, params in (("map", {}), ("district", {"district": "AZ-BAR"})):
        open_page(page, app_server, path, lang="en", **params)
        wait_for_map(page)
        drawn = page.evaluate(FACILITY_SYMBOLS)
        assert drawn["types"] == ["symbol"], drawn["types"]
        assert drawn["sprite"].startswith(app_server) and drawn["sprite"].endswith("/app/static/facilities"), drawn
        assert drawn["missing"] == [] and drawn["names"], drawn
        assert drawn["symbols"] > 0 and drawn["drawn"] == drawn["symbols"], (path, drawn["symbols"], drawn["drawn"])
        assert_no_exception(page)
    assert any(u.endswith("/app/static/facilities.png") for u in page.request_log)
    assert page.external_requests() == []


def test_facility_symbol_keeps_its_pixel_size_when_the_map_is_zoomed(app_server, browser_page_factory):
    """The Karabakh regional centre in Bərdə (a hexagon 11 px from centre to corner, open: blue, 19 x 22 px by
    design) is drawn as large on the national map, after zooming the map in (6.45 -> 9, plotly's relayout, as the
    zoom buttons do) and on the district locator (7.8): measured on screenshots."""
    code, colour = "DOST-QARABAG-RC", palette.FACILITY_STATUS_COLOURS["open"]
    expected = (2 * 11 * math.cos(math.radians(30)), 22)
    page = browser_page_factory(locale="en-US", width=1400, height=1200)
    open_page(page, app_server, "map", lang="en")
    wait_for_map(page)
    sizes = {"national": symbol_size(page, code, colour)}
    lon, lat = 47.15, 40.37
    page.evaluate(RELAYOUT, [9, lon, lat])
    page.wait_for_function(MAP_READY, timeout=30_000)
    page.wait_for_timeout(800)
    assert page.evaluate(FACILITY_SYMBOLS)["zoom"] == pytest.approx(9, abs=0.01)
    sizes["zoomed"] = symbol_size(page, code, colour)
    open_page(page, app_server, "district", lang="en", district="AZ-BAR")
    wait_for_map(page)
    sizes["locator"] = symbol_size(page, code, colour)
    for where, size in sizes.items():
        assert size is not None, f"no symbol drawn at the facility's point ({where})"
        # the edge's smoothing adds about a pixel on each side (measured: 21 x 24 px)
        assert size[0] == pytest.approx(expected[0], abs=2.5) and size[1] == pytest.approx(expected[1], abs=2.5), sizes
        assert size == pytest.approx(sizes["national"], abs=1.5), sizes  # the same size at every zoom
    assert page.external_requests() == []


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
