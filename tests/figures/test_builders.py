"""Figure and map builders, adapters and downloads, tested without Streamlit on tiny hand-made tables."""

from __future__ import annotations

import io
import json
import math
import re
from pathlib import Path

import openpyxl
import pandas as pd
import plotly.graph_objects as go
import pytest

from app_pages.ui import downloads
from data import geo
from data.i18n import catalogue, translate
from figures import charts, frames, maps, palette, sprite
from metrics import regional

ROOT = Path(__file__).resolve().parents[2]
DEMO_AZ = translate("badge.demonstration", "az")
DEMO_EN = translate("badge.demonstration", "en")


@pytest.fixture(scope="module")
def districts_geojson():
    return geo.to_geojson(geo.load_boundaries())


@pytest.fixture(scope="module")
def region_geojson():
    regions = pd.read_csv(ROOT / "data/reference/districts.csv", usecols=["code", "economic_region_code"])
    return geo.to_geojson(geo.region_outlines(regions), id_column="economic_region_code")


def points(rows, kind_status="reported"):
    """Series points as frames.series_points returns them."""
    out = pd.DataFrame(rows, columns=["year", "value", "is_partial", "data_status"])
    out["x"] = pd.to_datetime(out["year"].astype(str) + "-07-01")
    out["period"] = out["year"].astype(str)
    out["months"] = 12
    out["source_title"] = "Source title"
    out["source_url"] = None
    out["source_published"] = None
    return out.reindex(columns=frames.POINT_COLUMNS)


# ------------------------------------------------------------------------------------------------ maps


def test_choropleth_draws_every_district_and_outlines(districts_geojson, region_geojson):
    codes = [f["id"] for f in districts_geojson["features"]]
    values = pd.DataFrame({"code": codes[:10], "value": range(10), "hover": ["h"] * 10})
    fig = maps.choropleth(districts_geojson, values, "en", "Children", {}, region_geojson=region_geojson)
    assert isinstance(fig, go.Figure)
    base = [t for t in fig.data if t.meta == ("units", "district") or t.meta == ["units", "district"]]
    assert len(base) == 1 and len(base[0].locations) == 78 == len(set(base[0].locations))
    shown = [t for t in fig.data if t.meta == "values"]
    assert len(shown[0].locations) == 10
    assert fig.layout.map.style == "white-bg"
    assert fig.layout.map.center.lat == pytest.approx(40.15) and fig.layout.map.center.lon == pytest.approx(47.7)
    # the 14 region borders: one line trace, a gap after each ring, no hover (a click goes to the district below)
    outlines = [t for t in fig.data if t.meta == "outlines"]
    rings = [r for f in region_geojson["features"] for r in maps._rings({"features": [f]})]
    assert len(region_geojson["features"]) == 14 and len(outlines) == 1
    assert outlines[0].type == "scattermap" and outlines[0].mode == "lines" and outlines[0].hoverinfo == "skip"
    assert list(outlines[0].lon).count(None) == len(rings) and len(outlines[0].lon) == sum(len(r) + 1 for r in rings)
    assert fig.data.index(outlines[0]) > fig.data.index(shown[0])  # drawn above the districts
    # Nothing in the figure points at a tile server, font or script on the internet.
    assert "http" not in json.dumps(fig.layout.map.to_plotly_json()) and not fig.layout.map.layers


def test_choropleth_does_not_change_the_cached_geojson(districts_geojson):
    before = json.dumps(districts_geojson, sort_keys=True)
    maps.choropleth(
        districts_geojson, pd.DataFrame(columns=["code", "value", "hover"]), "az", "x", {}, highlight="AZ-BA"
    )
    assert json.dumps(districts_geojson, sort_keys=True) == before


def test_unit_hover_translated_and_demo_labelled():
    row = {"label": "Bərdə", "value": 12.5, "period_label": "2025", "source_title": "S", "data_status": "demonstration"}
    en = maps.unit_hover(row, "en", "Per 10,000 residents", None)
    az = maps.unit_hover(row, "az", "Hər 10 000 sakinə", None)
    assert "Period: 2025" in en and "Source: S" in en and DEMO_EN in en and "12.5" in en
    assert "Dövr: 2025" in az and "Mənbə: S" in az and DEMO_AZ in az and "12,5" in az
    assert translate("map.no_data", "en") in maps.unit_hover({"label": "X", "value": None}, "en", "v", None)


FACILITIES = pd.DataFrame(
    {
        "code": ["rc", "c1", "c2", "ic", "br", "sp", "rh", "pn", "ot"],
        "lat": [40.0, 40.5, 41.8, 38.6, 40.9, 39.5, 41.2, 40.3, 39.9],
        "lon": [47.0, 48.0, 49.0, 48.8, 46.1, 45.6, 48.4, 49.8, 46.8],
        "status": ["open", "planned", "open", "design", "under_construction", "open", "closed", "open", "planned"],
        "facility_type": [
            "regional_centre",
            "centre",
            "centre",
            "inclusive_centre",
            "branch",
            "service_point",
            "rehab_centre",
            "psychoneurological",
            "other",
        ],
        "hover": [f"hover of {c}" for c in ("rc", "c1", "c2", "ic", "br", "sp", "rh", "pn", "ot")],
    }
)
# The sprite symbol each facility type is drawn with (its shape in palette.FACILITY_SHAPES).
EXPECTED_SYMBOLS = {
    "regional_centre": "hexagon",
    "centre": "square",
    "inclusive_centre": "diamond",
    "branch": "triangle",
    "service_point": "small_circle",
    "rehab_centre": "cross",
    "psychoneurological": "pentagon",
    "other": "circle",
}
SPRITE = "http://127.0.0.1:8501/app/static/facilities"


def layers(traces):
    """(outline trace, symbol trace) pairs, checking that each status's two traces go together."""
    pairs = list(zip(traces[::2], traces[1::2], strict=True))
    for under, over in pairs:
        assert under.meta == maps.FACILITY_OUTLINE_META and over.meta == maps.FACILITY_META
        assert under.legendgroup == over.legendgroup and under.lon == over.lon and under.lat == over.lat
        assert under.showlegend is False and under.hoverinfo == "skip"
    return pairs


def test_facility_layer_symbols_by_type_colour_by_status():
    traces = maps.facility_traces(FACILITIES, "en", sprite=SPRITE)
    assert all(t.type == "scattermap" and t.mode == "markers" for t in traces)
    pairs = layers(traces)
    # one layer per status shown, in the palette's order, named by the status word, in the status colour
    statuses = [s for s in palette.FACILITY_STATUS_ORDER if s in set(FACILITIES["status"])]
    assert [t.name for _, t in pairs] == [translate(f"facility.status.{s}", "en") for s in statuses]
    types = dict(zip(FACILITIES["code"], FACILITIES["facility_type"], strict=True))
    for status, (under, over) in zip(statuses, pairs, strict=True):
        assert over.showlegend and over.marker.color == palette.FACILITY_STATUS_COLOURS[status]
        assert under.marker.color == "white"
        assert sorted(over.customdata) == sorted(FACILITIES.loc[FACILITIES["status"] == status, "code"])
        # the shape is the type's, from the sprite; the halo under it is the same shape's
        assert list(over.marker.symbol) == [EXPECTED_SYMBOLS[types[c]] for c in over.customdata]
        assert list(under.marker.symbol) == [f"{s}-halo" for s in over.marker.symbol]
        # the sprite's images carry the sizes: icon-size 1 (plotly.js draws size / 10), symbols may overlap
        assert over.marker.size == under.marker.size == maps.SYMBOL_SIZE == 10
        assert over.marker.allowoverlap and under.marker.allowoverlap
        # hover and click data kept: each facility's own hover text, its code as customdata
        assert list(over.hovertext) == [f"hover of {c}" for c in over.customdata] and over.hoverinfo == "text"
    # small symbols on top of large ones within a layer (drawn last)
    radii = [maps.facility_shape(types[c])[2] for c in pairs[0][1].customdata]
    assert radii == sorted(radii, reverse=True)


def test_every_symbol_drawn_is_in_the_sprite():
    """A rule over every facility type: the symbols (and halos) the traces name are images of the committed sprite
    at both pixel ratios (an image missing from the style would be fetched from plotly.js's CDN)."""
    every = FACILITIES.iloc[[0] * len(palette.FACILITY_TYPE_SHAPES)].assign(
        code=[f"f{i}" for i in range(len(palette.FACILITY_TYPE_SHAPES))],
        facility_type=list(palette.FACILITY_TYPE_SHAPES),
    )
    named = {s for t in maps.facility_traces(every, "en", sprite=SPRITE) for s in t.marker.symbol}
    assert len(named) == 2 * len(set(palette.FACILITY_TYPE_SHAPES.values()))
    for index in ("facilities.json", "facilities@2x.json"):
        assert named <= set(json.loads((ROOT / "static" / index).read_text())), index


def test_facility_symbols_do_not_depend_on_the_zoom():
    """Symbols keep their screen size at any zoom (the map library draws icons in screen pixels): the figure's
    zoom changes only where facilities sharing a point are set around it, never a symbol or its size."""
    national = maps.facility_traces(FACILITIES, "en", maps.ZOOM, SPRITE)
    near = maps.facility_traces(FACILITIES, "en", 10.0, SPRITE)
    assert [t.marker.to_plotly_json() for t in national] == [t.marker.to_plotly_json() for t in near]
    assert [t.lon for t in national] == [t.lon for t in near]  # no shared points here: nothing moved


def test_facility_circles_without_a_sprite():
    """Without a sprite address (no browser address known) facilities are circles of their shape's size over a
    white one HALO_PX wider, on the plain white style: no icon is named at all."""
    traces = maps.facility_traces(FACILITIES, "en")
    assert all("symbol" not in t.marker.to_plotly_json() for t in traces)
    types = dict(zip(FACILITIES["code"], FACILITIES["facility_type"], strict=True))
    for under, over in layers(traces):
        radii = [palette.FACILITY_SHAPES[EXPECTED_SYMBOLS[types[c]]][1] for c in over.customdata]
        assert list(over.marker.size) == [2 * r for r in radii]
        assert list(under.marker.size) == [2 * (r + sprite.HALO_PX) for r in radii]
    assert maps.map_style(None) == "white-bg"


def test_map_style_names_the_sprite_and_nothing_else():
    style = maps.map_style(SPRITE)
    assert style["version"] == 8 and style["sprite"] == SPRITE
    assert style["sources"], "not empty (Streamlit drops an empty object, and a style needs its sources)"
    assert [layer["type"] for layer in style["layers"]] == ["background"]
    assert "glyphs" not in style and "http" not in json.dumps({**style, "sprite": ""})


def test_facility_types_have_distinct_documented_shapes():
    dost = ["regional_centre", "centre", "inclusive_centre", "branch", "service_point"]
    assert len({palette.FACILITY_TYPE_SHAPES[t] for t in dost}) == len(dost)
    assert palette.FACILITY_TYPE_SHAPES["rehab_centre"] not in {palette.FACILITY_TYPE_SHAPES[t] for t in dost}
    glyphs = [g for g, _ in palette.FACILITY_SHAPES.values()]
    assert len(set(glyphs)) == len(glyphs)
    assert set(palette.FACILITY_TYPE_SHAPES.values()) <= set(sprite.UNIT_SHAPES) == set(palette.FACILITY_SHAPES)
    fac = pd.read_csv(ROOT / "data/reference/facilities.csv", dtype=str, keep_default_na=False)
    assert set(fac["facility_type"]) <= set(palette.FACILITY_TYPE_SHAPES)


def test_type_legend_names_the_shapes_shown_in_both_languages():
    en = maps.type_legend(["branch", "regional_centre", "branch", None], "en")
    assert en == (
        f"{translate('map.legend.type', 'en')}: ⬢ {translate('facility.type.regional_centre', 'en')}"
        f" · ▲ {translate('facility.type.branch', 'en')}"
    )
    az = maps.type_legend(["rehab_centre", "centre"], "az")
    assert az.startswith(translate("map.legend.type", "az"))
    assert (
        f"■ {translate('facility.type.centre', 'az')}" in az
        and f"✚ {translate('facility.type.rehab_centre', 'az')}" in az
    )
    assert maps.type_legend([], "en") == ""


def test_choropleth_draws_facilities_above_the_outlines_with_a_status_legend(districts_geojson, region_geojson):
    values = pd.DataFrame({"code": ["AZ-BAR"], "value": [1.0], "hover": ["h"]})
    fig = maps.choropleth(
        districts_geojson, values, "az", "x", {}, region_geojson=region_geojson, facilities=FACILITIES,
        highlight="AZ-BAR",
    )  # fmt: skip
    fac = [t for t in fig.data if t.meta in (maps.FACILITY_META, maps.FACILITY_OUTLINE_META)]
    # drawn last (plotly.js stacks the map layers in trace order): above the districts, the borders and the
    # highlighted district's outline
    assert fac and fig.data[-len(fac) :] == tuple(fac)
    assert [t.meta for t in fig.data[: -len(fac)]][-2:] == ["outlines", "highlight"]
    assert fig.layout.showlegend and fig.layout.legend.title.text.strip() == translate("map.legend.status", "az")
    # only the unit layer carries the units meta (the browser test counts its polygons)
    assert len([t for t in fig.data if isinstance(t.meta, tuple | list) and t.meta[0] == "units"]) == 1
    assert fig.layout.map.style == "white-bg"  # no sprite address: circles on the plain style
    with_sprite = maps.choropleth(districts_geojson, values, "az", "x", {}, facilities=FACILITIES, sprite=SPRITE)
    assert with_sprite.layout.map.style == maps.map_style(SPRITE)
    assert with_sprite.layout.legend.groupclick == "togglegroup"  # a status's symbols and outline hide together
    assert "http" not in fig.to_json()


# ------------------------------------------------------------------------------------------------ charts


ROW = {
    "indicator_code": "x",
    "unit": "persons",
    "kind": "count",
    "status": "on_track",
    "latest_value": 300.0,
    "latest_year": 2024,
    "target_value": 400.0,
    "target_year": 2026,
    "baseline_value": 100.0,
    "baseline_year": 2019,
    "projected_value": 420.0,
    "projected_low": 380.0,
    "projected_high": 460.0,
    "pace_needed": 50.0,
    "pace_observed": 60.0,
    "target_date_set": "2023-01",
}


def test_indicator_figure_has_baseline_target_pace_and_projection_band():
    pts = points([(2019, 100, False, "reported"), (2022, 200, False, "reported"), (2024, 300, False, "reported")])
    fig = charts.indicator_figure(pts, ROW, "en", "Title")
    names = [t.name for t in fig.data]
    assert translate("chart.observed", "en") in names
    assert any(n.startswith("Target: ") for n in names)  # the target is labelled with its value and year
    assert translate("chart.pace_needed", "en") in names
    assert translate("chart.projection", "en") in names
    band = [t for t in fig.data if t.fill == "toself"][0]
    assert list(band.y) == [300.0, 460.0, 380.0, 300.0]
    assert any(n.startswith("Baseline 2019") for n in names)
    assert fig.layout.title.text == "Title"
    assert fig.layout.separators == ".,"


def test_indicator_figure_marks_partial_and_demonstration_points():
    pts = points([(2023, 100, False, "demonstration"), (2024, 120, False, "reported"), (2025, 80, True, "reported")])
    fig = charts.indicator_figure(pts, {"unit": "persons", "kind": "count"}, "az", "T")
    names = [t.name for t in fig.data]
    assert translate("chart.partial_legend", "az") in names
    assert translate("chart.demo_legend", "az") in names
    observed = fig.data[0]
    assert DEMO_AZ in observed.hovertext[0] and DEMO_AZ not in observed.hovertext[1]
    partial = [t for t in fig.data if t.name == translate("chart.partial_legend", "az")][0]
    assert translate("chart.partial_year", "az") in partial.hovertext[0]
    assert fig.layout.separators == ",\u00a0"


def test_achieved_target_draws_no_needed_pace():
    pts = points([(2023, 350, False, "reported"), (2024, 450, False, "reported")])
    fig = charts.indicator_figure(pts, {**ROW, "status": "achieved", "latest_value": 450.0}, "en", "T")
    assert translate("chart.pace_needed", "en") not in [t.name for t in fig.data]


def test_empty_series_says_so():
    fig = charts.indicator_figure(points([]), ROW, "en", "T")
    assert fig.layout.annotations[0].text == translate("chart.no_data", "en")


def test_flows_figure_orders_years_and_shows_target_years():
    flows = pd.DataFrame(
        {
            "indicator_code": ["a", "a", "a"],
            "year": [2024, 2022, 2025],
            "period": ["2024", "2022", "2025-01..2025-08"],
            "value": [10.0, 8.0, 6.0],
            "is_partial": [False, False, True],
            "annualised": [10.0, 8.0, 9.0],
            "data_status": ["reported"] * 3,
            "target_value": [20.0] * 3,
            "target_year": pd.array([2026] * 3, "Int64"),
            "target_applies": [False] * 3,
            "share_of_target": [50.0, 40.0, None],
        }
    )
    fig = charts.flows_figure(flows, {"a": "Adoptions"}, "en", "T")
    assert list(fig.layout.xaxis.categoryarray) == ["2022", "2024", "2025", "2026"]
    target = [t for t in fig.data if t.type == "scatter"][0]
    assert list(target.x) == ["2026"] and list(target.y) == [20.0]
    bars = fig.data[0]
    assert list(bars.marker.pattern.shape) == ["", "", "/"]


def test_bar_breakdown_labels_demonstration_and_reference():
    frame = pd.DataFrame(
        {"code": ["a", "b"], "label": ["A", "B"], "value": [3.0, 5.0], "data_status": ["demonstration"] * 2}
    )
    fig = charts.bar_breakdown(frame, "label", "value", "en", "T", "Value", highlight="a", reference=("National", 4))
    names = [t.name for t in fig.data]
    assert translate("chart.demo_legend", "en") in names
    assert "National: 4" in names
    assert fig.layout.shapes[0].x0 == 4
    assert DEMO_EN in fig.data[0].hovertext[0]


def test_network_progress_stacks_open_and_pipeline_against_the_target():
    prog = pd.DataFrame(
        {
            "indicator_code": ["centres", "points"],
            "open": [10, 4],
            "pipeline_added": [3, 0],
            "target_value": [20.0, float("nan")],
            "target_year": pd.array([2026, pd.NA], dtype="Int64"),
        }
    )
    fig = charts.network_progress_figure(prog, {"centres": "Centres"}, "en", "T")
    opened, pipeline, target = fig.data
    assert list(opened.x) == [10, 4] and list(pipeline.x) == [3, 0]
    assert opened.marker.color == palette.BLUE and pipeline.marker.pattern.shape == "/"
    assert opened.hovertext[0] == f"<b>Centres</b><br>{translate('facility.status.open', 'en')}: 10"
    assert list(target.y) == ["Centres"] and "2026" in target.hovertext[0]
    assert fig.layout.barmode == "stack" and fig.layout.yaxis.type == "category"
    assert fig.layout.xaxis.title.text == charts.unit_label("facilities", "en")


def test_facility_timeline_segments_by_status():
    fs = pd.DataFrame(
        {
            "id": [1, 2, 3],
            "facility_code": ["f", "f", "g"],
            "status": ["planned", "open", "design"],
            "status_day": pd.to_datetime(["2020-01-01", "2021-06-01", "2022-01-01"]),
            "status_date": ["2020", "2021-06", "2022"],
            "date_basis": ["as_of"] * 3,
            "expected_open": ["2021", None, "2027"],
            "source_title": ["S"] * 3,
            "source_url": [None] * 3,
            "data_status": ["reported", "reported", "demonstration"],
        }
    )
    segs = frames.facility_segments(fs, "2026-11-22")
    assert list(segs["end"].dt.strftime("%Y-%m-%d")) == ["2021-06-01", "2026-11-22", "2026-11-22"]
    fig = charts.facility_timeline_figure(segs, {"f": "F", "g": "G"}, "en", "T", pd.Timestamp("2026-11-22"))
    assert {t.name for t in fig.data} == {
        translate(f"facility.status.{s}", "en") for s in ("planned", "open", "design")
    }
    design = [t for t in fig.data if t.name == translate("facility.status.design", "en")][0]
    assert DEMO_EN in design.hovertext[0]


# ------------------------------------------------------------------------------------------------ adapters


def test_series_points_put_flows_mid_year_and_keep_stock_dates():
    from tests.metrics.conftest import make_obs

    obs = make_obs(
        [
            ("flow", "country", "AZ", "2024", 10),
            ("flow", "country", "AZ", "2025-01..2025-08", 6),
            ("flow", "country", "AZ", "2025-01..2025-04", 3),
            ("stock", "country", "AZ", "2025-12-23", 7),
            ("stock", "country", "AZ", "2025-12-23", 8, "official"),
        ]
    )
    pts = frames.series_points(obs, {"flow": "count", "stock": "stock"})
    flow = frames.points_of(pts, "flow")
    # a flow sits at the middle of its period: 2024 (leap) -> 1 July, Jan-Aug 2025 -> 2 May
    assert list(flow["x"].dt.strftime("%Y-%m-%d")) == ["2024-07-01", "2025-05-02"]
    assert list(flow["value"]) == [10, 6] and list(flow["is_partial"]) == [False, True]
    stock = frames.points_of(pts, "stock")
    assert len(stock) == 1 and stock["value"].iloc[0] == 8 and stock["data_status"].iloc[0] == "official"


def test_region_values_sum_counts_and_average_shares():
    dv = pd.DataFrame(
        {
            "code": ["d1", "d2", "d3"],
            "economic_region_code": ["R", "R", "S"],
            "population": [1000, 3000, 500],
            "value": [10.0, 30.0, None],
            "data_status": ["reported", "demonstration", None],
        }
    )
    regions = pd.DataFrame({"code": ["R", "S"], "name_az": ["R", "S"], "name_en": ["R", "S"]})
    counts = regional.region_values(dv, regions, "count").set_index("code")
    assert counts.loc["R", "value"] == 40 and counts.loc["R", "rate"] == pytest.approx(100.0)
    assert counts.loc["R", "data_status"] == "demonstration"
    assert counts.loc["R", "complete"] and not counts.loc["S", "complete"] and pd.isna(counts.loc["S", "value"])
    shares = regional.region_values(dv, regions, "share").set_index("code")
    assert shares.loc["R", "value"] == pytest.approx((10 * 1000 + 30 * 3000) / 4000)
    assert pd.isna(shares.loc["R", "rate"])


def test_peers_rank_within_the_economic_region():
    dv = pd.DataFrame(
        {
            "code": ["a", "b", "c"],
            "economic_region_code": ["R", "R", "R"],
            "population": [100, 100, 100],
            "value": [1.0, 3.0, 2.0],
        }
    )
    dv["rate"] = regional.per_residents(dv["value"], dv["population"], "count")
    out = regional.peers(dv, 60.0, 3000.0, "count", "c")
    assert out["rank"] == 2 and out["region_size"] == 3
    assert out["rate"] == pytest.approx(200.0) and out["national_rate"] == pytest.approx(200.0)


# ------------------------------------------------------------------------------------------------ downloads


def test_downloads_neutralise_formulas():
    df = pd.DataFrame({"=name": ["=1+1", "+cmd", "-2", "@SUM(A1)", "\tx", "\rx", "ok", "Şəki"], "n": range(8)})
    safe = downloads.safe_frame(df)
    assert list(safe["'=name"]) == ["'=1+1", "'+cmd", "'-2", "'@SUM(A1)", "'\tx", "'\rx", "ok", "Şəki"]
    assert list(safe["n"]) == list(range(8))  # numbers stay numbers
    csv = downloads.csv_bytes(df)
    assert csv.startswith(b"\xef\xbb\xbf") and b"'=1+1" in csv and "Şəki".encode() in csv
    book = openpyxl.load_workbook(io.BytesIO(downloads.xlsx_bytes(df)))
    cells = [c.value for c in book.active["A"]]
    assert cells[1] == "'=1+1" and cells[-1] == "Şəki"
    assert book.active["B2"].value == 0
    assert downloads.file_stem("rehab regions/2025 ə") == "rehab_regions_2025"


# ------------------------------------------------------------------------------------------------ texts


KEY = re.compile(r"""["']((?:[a-z_]+\.)+[a-z0-9_]+)["']""")
PREFIXES = (
    "common.",
    "chart.",
    "map.",
    "facility.",
    "overview.",
    "children.",
    "rehab.",
    "dost.",
    "district.",
    "facilities.",
    "sources.",
    "targets.",
    "page.",
    "unit.",
    "status.",
    "nav.",
    "sidebar.",
    "badge.",
)


def test_every_text_key_used_by_the_pages_exists_in_both_languages():
    used = set()
    for path in [ROOT / "app.py", *(ROOT / "app_pages").rglob("*.py")]:
        if path.name == "import_data.py":
            continue
        source = path.read_text(encoding="utf-8")
        for m in KEY.finditer(source):
            before = source[max(0, m.start() - 12) : m.start()]
            if m[1].startswith(PREFIXES) and not re.search(r"(key=|seed\(|seed_list\(|labeller\()\s*$", before):
                used.add(m[1])
    used = {k for k in used if not k.endswith(".py")}  # page files named in app.py, not text keys
    for lang in ("az", "en"):
        missing = sorted(k for k in used if k not in catalogue(lang))
        assert not missing, f"{lang}: {missing}"


def test_pages_catalogue_adds_no_key_of_the_main_catalogue_and_matches():
    main = json.loads((ROOT / "data/locales/az.json").read_text(encoding="utf-8"))
    az = json.loads((ROOT / "data/locales/az.pages.json").read_text(encoding="utf-8"))
    en = json.loads((ROOT / "data/locales/en.pages.json").read_text(encoding="utf-8"))
    assert set(az) == set(en)
    assert not set(az) & set(main)
    assert all(re.search("[əığşçöüƏİĞŞÇÖÜ]", v) or not re.search("[a-z]{4}", v) for v in az.values() if len(v) > 25)


@pytest.mark.parametrize(
    "prefix, values",
    [
        ("facility.status", ("open", "under_construction", "design", "planned", "closed")),
        ("map.level", ("district", "region")),
        ("map.measure", ("total", "per_10k")),
        ("sources.formula", ("count", "stock", "share", "ratio")),
        ("sources.direction", ("higher", "lower", "none")),
    ],
)
def test_dynamic_keys_exist(prefix, values):
    for lang in ("az", "en"):
        assert all(f"{prefix}.{v}" in catalogue(lang) for v in values)


def test_every_facility_type_and_unit_of_the_reference_data_has_a_name():
    fac = pd.read_csv(ROOT / "data/reference/facilities.csv", dtype=str, keep_default_na=False)
    ind = pd.read_csv(ROOT / "data/reference/indicators.csv", dtype=str, keep_default_na=False)
    for lang in ("az", "en"):
        cat = catalogue(lang)
        assert not sorted({f"facility.type.{t}" for t in fac["facility_type"]} - set(cat))
        assert not sorted({f"facility.network.{t}" for t in fac["network"]} - set(cat))
        assert not sorted({f"facility.location.{t}" for t in fac["location_basis"] if t} - set(cat))
        assert not sorted({f"unit.{u}" for u in ind["unit"]} - set(cat))


@pytest.mark.parametrize(
    ("stated", "az", "en"),
    [
        ("n.d.", "tarixsiz", "undated"),
        ("c. 2021-12", "təqr. 2021-12", "c. 2021-12"),
        ("c. late 2019", "təqr. 2019, ilin sonu", "c. late 2019"),
        ("c. 2026 (data at 2026-01-01)", "təqr. 2026 (2026-01-01 tarixinə məlumat)", "c. 2026 (data at 2026-01-01)"),
        ("after 2025-05 (inferred)", "2025-05 tarixindən sonra (ehtimal)", "after 2025-05 (inferred)"),
        ("2024-03-01", "2024-03-01", "2024-03-01"),
        (None, "", ""),
    ],
)
def test_source_dates_in_both_languages(stated, az, en):
    assert frames.date_text(stated, "az") == az
    assert frames.date_text(stated, "en") == en


def test_every_stated_source_date_reads_in_azerbaijani():
    """No English word of a stated date (n.d., c., late, after, data at) is left in the Azerbaijani text."""
    date_text = frames.date_text
    ref = Path(__file__).resolve().parents[2] / "data" / "reference"
    stated = set()
    for file, cols in (("sources", ["published", "published_approx"]), ("targets", ["date_set"])):
        df = pd.read_csv(ref / f"{file}.csv", dtype=str)
        for c in cols:
            stated |= set(df[c].dropna())
    left = {s: date_text(s, "az") for s in stated if re.search(r"n\.d\.|\bc\.|late|after|data at", date_text(s, "az"))}
    assert not left, left


def test_facilities_without_coordinates_are_placed_at_their_district_centroid():
    from figures.frames import place_at_centroids

    fac = pd.DataFrame(
        {
            "code": ["OWN", "NONE", "NOSHAPE"],
            "district_code": ["A", "B", "Z"],
            "lat": [40.5, None, None],
            "lon": [47.5, None, None],
            "location_basis": ["town", "district_centroid", "district_centroid"],
        }
    )
    centroids = pd.DataFrame({"code": ["A", "B"], "lat": [40.0, 41.0], "lon": [47.0, 48.0]})
    out = place_at_centroids(fac, centroids).set_index("code")
    assert (out.loc["OWN", "lat"], out.loc["OWN", "lon"], out.loc["OWN", "location_basis"]) == (40.5, 47.5, "town")
    assert (out.loc["NONE", "lat"], out.loc["NONE", "lon"]) == (41.0, 48.0)
    assert out.loc["NONE", "location_basis"] == "district_centroid"
    assert pd.isna(out.loc["NOSHAPE", "lat"])  # its district has no shape: still no position
    assert fac["lat"].isna().sum() == 2  # the input is not changed


def test_every_reference_dost_facility_has_a_place_on_the_map(reference_engine):
    from data import geo, queries
    from figures.frames import place_at_centroids

    fac = queries.facilities(reference_engine)
    placed = place_at_centroids(fac, geo.centroids())
    assert fac["lat"].isna().any(), "the registry has facilities without coordinates (Masallı, Ağalı, Kəlbəcər)"
    assert placed["lat"].notna().all() and placed["lon"].notna().all()


def test_facilities_sharing_a_point_are_set_apart_and_others_stay():
    from figures import maps

    f = pd.DataFrame(
        {
            "code": ["B", "A", "C", "ALONE"],
            "lat": [40.4, 40.4, 40.4, 41.0],
            "lon": [49.8, 49.8, 49.8, 47.0],
            "facility_type": ["centre", "centre", "branch", "centre"],
        }
    )
    zoom = 6.45
    out = maps.spread_shared_points(f, zoom).set_index("code")
    assert (out.loc["ALONE", "lat"], out.loc["ALONE", "lon"]) == (41.0, 47.0)
    px = maps.degrees_per_pixel(zoom)

    def screen(code):  # pixel position (x right, y up) relative to the shared point
        r = out.loc[code]
        return (r["lon"] - 49.8) / px, (r["lat"] - 40.4) / (px * math.cos(math.radians(40.4)))

    radius = max(maps.facility_shape(t)[2] for t in f["facility_type"])
    points = [screen(c) for c in ("A", "B", "C")]
    for i, (x1, y1) in enumerate(points):
        for x2, y2 in points[i + 1 :]:
            assert math.hypot(x1 - x2, y1 - y2) >= 2 * radius  # neighbouring shapes do not overlap
    assert screen("A")[0] == pytest.approx(0, abs=1e-3) and screen("A")[1] > 0  # first by code at the top
    assert f["lat"].tolist() == [40.4, 40.4, 40.4, 41.0]  # the input is unchanged
