"""The slides' figures, drawn from a frozen payload only: an indicator's series and the DOST coverage map.

The series reuses the dashboard's own builder (figures.charts.indicator_figure) with projector-sized type.
The map is drawn with plain filled scatter polygons (no map tiles, no WebGL), so that it renders the same in
the browser and in headless Chromium, offline.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from data.formatting import plotly_separators
from data.i18n import translate
from data.plain import plain_figure, plain_hover
from deck.model import MAP_KEY
from deck.system import DEJAVU_FONT
from figures import charts
from figures import palette as p

CHART_PX = (1280, 720)  # width, height of an indicator chart image (16:9; ~150 dpi on the slide)
MAP_PX = (1120, 800)
EXPORT_FONT = "DejaVu Sans, Verdana, sans-serif"  # DejaVu has every Azerbaijani letter (ə, Ə, ğ, ı, ş ...)
FONT_SIZE = 24
# Every text drawn into a slide's picture is at least this many image pixels. A chart picture is shown at about
# 0.9 of its size on the 1920x1080 slide (measured: 0.895 on the narrowest chart box), so 24 image px are more
# than 20 slide px; tests/deck/test_presenter_room_browser.py measures the shown scale in Chromium.
MIN_TEXT_PX = 24
SERVED, PIPELINE, NOT_SERVED = "#6BAED6", "#FDD49E", p.NO_DATA_FILL
OPEN_MARKER, PIPELINE_MARKER = "#08306B", p.ORANGE


def points_frame(it: Mapping[str, Any]) -> pd.DataFrame:
    """The frozen points of one indicator as the chart builder wants them (every frozen column kept: qualifier,
    segment and its label and note draw the breaks; snapshots frozen before those existed lack them)."""
    base = ["x", "value", "period", "is_partial", "data_status", "source_title"]
    pts = pd.DataFrame(it.get("points") or [])
    pts = pts.reindex(columns=base + [c for c in pts.columns if c not in base])
    pts["x"] = pd.to_datetime(pts["x"])
    pts["value"] = pd.to_numeric(pts["value"], errors="coerce").astype(float)
    pts["is_partial"] = pts["is_partial"].fillna(False).astype(bool)
    return pts


def versions_frame(it: Mapping[str, Any]) -> pd.DataFrame:
    """The frozen earlier target versions (all superseded) as the chart builder wants them."""
    v = pd.DataFrame(it.get("earlier_targets") or [], columns=["value", "target_year", "date_set"])
    return v.assign(superseded=True)


def indicator_chart(it: Mapping[str, Any], lang: str, size: tuple[int, int] = CHART_PX) -> go.Figure:
    """One indicator's national series with baseline, targets, pace needed and projection, for a slide."""
    width, height = size
    fig = charts.indicator_figure(points_frame(it), dict(it), lang, "", versions_frame(it), height=height)
    fig.update_layout(
        width=width,
        height=height,
        font={"family": EXPORT_FONT, "size": FONT_SIZE, "color": p.INK},
        margin={"l": 20, "r": 30, "t": 20, "b": 20},
        legend={
            "font": {"size": MIN_TEXT_PX},
            "orientation": "h",
            "yref": "paper",
            "yanchor": "top",
            "y": -0.08,
            "x": 0,
            "xref": "paper",
        },
        hoverlabel={"font": {"family": EXPORT_FONT, "size": FONT_SIZE - 4}},
    )
    fig.update_annotations(font={"size": FONT_SIZE + 4, "color": p.MUTED})  # "no data to show", readable on a slide
    fig.update_xaxes(tickfont={"size": MIN_TEXT_PX}, title_font={"size": MIN_TEXT_PX})
    fig.update_yaxes(tickfont={"size": MIN_TEXT_PX}, title_font={"size": MIN_TEXT_PX})
    fig.update_traces(textfont={"size": MIN_TEXT_PX}, selector=lambda tr: "text" in str(getattr(tr, "mode", "")))
    return fig


def text_sizes(fig: go.Figure) -> list[float]:
    """Every text size a figure's picture shows (layout, legend, axes, annotations, trace labels), in image px;
    a size left unset is the layout's."""
    base = fig.layout.font.size or 12
    sizes = [base, fig.layout.legend.font.size or base]
    for axis in [*fig.select_xaxes(), *fig.select_yaxes()]:
        if axis.visible is not False:
            sizes += [axis.tickfont.size or base, axis.title.font.size or base]
    sizes += [a.font.size or base for a in fig.layout.annotations]
    sizes += [
        (tr.textfont.size if tr.textfont.size is not None else base)
        for tr in fig.data
        if "text" in str(getattr(tr, "mode", "") or "") and tr.visible is not False
    ]
    return [float(x) for x in sizes]


def _area(ring: list[list[float]]) -> float:
    """The absolute shoelace area of a ring (degrees squared; only used to order the drawing)."""
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True))) / 2


def _category(d: Mapping[str, Any]) -> str:
    """served | pipeline (served only once the pipeline opens) | none."""
    if d.get("served"):
        return "served"
    return "pipeline" if d.get("served_with_pipeline") else "none"


def _legend_entry(name: str, colour: str, symbol: str = "square", size: int = 22) -> go.Scatter:
    """A legend-only trace."""
    return go.Scatter(
        x=[None],
        y=[None],
        mode="markers",
        name=name,
        hoverinfo="skip",
        marker={"symbol": symbol, "size": size, "color": colour, "line": {"color": p.MUTED, "width": 1}},
    )


@dataclass(frozen=True)
class MapFrame:
    """Where the map's degrees fall in the picture: the plot area's top-left corner in degrees, pixels per degree
    (longitude, latitude) and the plot area's size in pixels (the legend's strip below the map included)."""

    west: float
    north: float
    px_lon: float
    px_lat: float
    width: float
    height: float
    legend_px: float

    def pixel(self, lon: float, lat: float) -> tuple[float, float]:
        """(x, y) in plot-area pixels, y downwards, of a point in degrees."""
        return (lon - self.west) * self.px_lon, (self.north - lat) * self.px_lat


MAP_MARGIN_PX = 10
LEGEND_STRIP_PX = 120  # room kept free under the districts for the legend (two rows of 24 px entries)
LABEL_PX = MIN_TEXT_PX  # district names: as large as every other text of a slide picture
LABEL_GAP_PX = 4  # the free space kept around each name


def map_frame(all_rings: list, size: tuple[int, int] = MAP_PX) -> MapFrame:
    """The map's projection (degrees scaled by the cosine of the middle latitude, as on the pages) fitted into the
    picture above the legend strip; the axes' ranges are set from it, so names can be placed in pixels."""
    xs = [c[0] for r in all_rings for c in r] or [44.7, 50.9]
    ys = [c[1] for r in all_rings for c in r] or [38.4, 41.9]
    west, east, south, north = min(xs) - 0.1, max(xs) + 0.1, min(ys) - 0.1, max(ys) + 0.1
    ratio = 1 / math.cos(math.radians((south + north) / 2))  # a degree of latitude is this many of longitude
    width, height = size[0] - 2 * MAP_MARGIN_PX, size[1] - 2 * MAP_MARGIN_PX
    px_lon = min(width / (east - west), (height - LEGEND_STRIP_PX) / ((north - south) * ratio))
    centre = (west + east) / 2
    west = centre - width / px_lon / 2
    return MapFrame(west, north, px_lon, px_lon * ratio, width, height, LEGEND_STRIP_PX)


@cache
def _advances() -> tuple[dict[int, int], int, int]:
    """DejaVu Sans's advance width of every character it maps, its units per em and the width of a missing glyph."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(DEJAVU_FONT), lazy=True)
    hmtx = font["hmtx"]
    widths = {code: hmtx[name][0] for code, name in font.getBestCmap().items()}
    return widths, int(font["head"].unitsPerEm), int(hmtx[".notdef"][0])


def text_width_px(text: str, size_px: float) -> float:
    """The width of `text` set in DejaVu Sans at `size_px` (its glyphs' advances; 0.62 em a letter without the
    font file)."""
    if not DEJAVU_FONT.exists():
        return len(text) * 0.62 * size_px
    widths, upm, missing = _advances()
    return sum(widths.get(ord(ch), missing) for ch in text) * size_px / upm


def _anchor(polygons: list) -> tuple[float, float] | None:
    """Where a district's name goes: the centroid of its largest polygon, or a point surely inside it when the
    centroid falls outside (a crescent-shaped district)."""
    from shapely.geometry import Polygon

    shapes = [Polygon(poly[0], poly[1:]) for poly in polygons if poly and len(poly[0]) >= 4]
    shapes = [x for x in shapes if x.is_valid and x.area > 0]
    if not shapes:
        return None
    largest = max(shapes, key=lambda x: x.area)
    point = largest.centroid if largest.contains(largest.centroid) else largest.representative_point()
    return point.x, point.y


def label_order(districts: list[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The order districts are offered a name on the map: those where a DOST facility stands (most facilities
    first), then every other district by population, largest first."""

    def key(d: Mapping[str, Any]) -> tuple:
        pop = d.get("population_exclusive")
        pop = float(pop) if isinstance(pop, (int, float)) and not math.isnan(pop) else 0.0
        n = int(d.get("n_facilities") or 0)
        return (0 if n > 0 else 1, -n, -pop, str(d["code"]))

    return sorted(districts, key=key)


def _overlaps(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    """True when two boxes (x0, y0, x1, y1) share some area."""
    return not (a[2] <= b[0] or a[0] >= b[2] or a[3] <= b[1] or a[1] >= b[3])


def facility_boxes(dost: Mapping[str, Any], frame: MapFrame) -> list[tuple[float, float, float, float]]:
    """The box of every facility marker in plot-area pixels (a name is never drawn over a marker)."""
    boxes = []
    for f in dost.get("facilities") or []:
        if f.get("lat") is None or f.get("lon") is None:
            continue
        x, y = frame.pixel(float(f["lon"]), float(f["lat"]))
        r = max(12, p.FACILITY_TYPE_SIZES.get(f.get("facility_type"), p.DEFAULT_TYPE_SIZE) + 6) / 2 + 1.5
        boxes.append((x - r, y - r, x + r, y + r))
    return boxes


def label_places(half_w: float, half_h: float) -> tuple[tuple[float, float], ...]:
    """Where a name may go, in pixels from its district's point, in the order tried: centred on it, then just
    above, below, to the right and to the left of it (so a facility's marker on the point stays visible)."""
    return ((0.0, 0.0), (0.0, -2 * half_h), (0.0, 2 * half_h), (half_w + 6, 0.0), (-half_w - 6, 0.0))


def district_labels(dost: Mapping[str, Any], lang: str, frame: MapFrame) -> list[dict[str, Any]]:
    """The district names the map shows, by the rule of `label_order`: each name goes centred on its district, or
    (`label_places`) just beside that point when a facility's marker or another name is there; it is kept only
    when its box (the name's width in DejaVu Sans at LABEL_PX, plus LABEL_GAP_PX around) overlaps no name already
    kept and no facility marker and stays inside the map above the legend. Each: code, name, lon, lat (where the
    name is centred) and its box (x0, y0, x1, y1) in plot-area pixels."""
    rings = dost.get("rings") or {}
    markers = facility_boxes(dost, frame)
    kept: list[dict[str, Any]] = []
    for d in label_order(list(dost.get("districts") or [])):
        point = _anchor(rings.get(d["code"]) or [])
        if point is None:
            continue
        name = str(d.get(f"name_{lang}") or d["code"])
        x, y = frame.pixel(*point)
        half_w = text_width_px(name, LABEL_PX) / 2 + LABEL_GAP_PX
        half_h = LABEL_PX * 0.6 + LABEL_GAP_PX
        for dx, dy in label_places(half_w, half_h):
            box = (x + dx - half_w, y + dy - half_h, x + dx + half_w, y + dy + half_h)
            inside = box[0] >= 0 and box[1] >= 0 and box[2] <= frame.width and box[3] <= frame.height - frame.legend_px
            if (
                inside
                and not any(_overlaps(box, k["box"]) for k in kept)
                and not any(_overlaps(box, m) for m in markers)
            ):
                lon, lat = point[0] + dx / frame.px_lon, point[1] - dy / frame.px_lat
                kept.append({"code": d["code"], "name": name, "lon": lon, "lat": lat, "box": box})
                break
    return kept


def coverage_map(dost: Mapping[str, Any], lang: str, size: tuple[int, int] = MAP_PX) -> go.Figure:
    """Districts coloured by DOST service (served / only with the pipeline / not served), the names of the
    districts `district_labels` keeps, and the facilities."""
    t = lambda key, **kw: translate(key, lang, **kw)  # noqa: E731
    fills = {"served": SERVED, "pipeline": PIPELINE, "none": NOT_SERVED}
    labels = {
        "served": t("collegium.map.served"),
        "pipeline": t("collegium.map.pipeline"),
        "none": t("collegium.map.not_served"),
    }
    rings = dost.get("rings") or {}
    shapes = []
    for d in dost.get("districts", []):
        for polygon in rings.get(d["code"], []):
            if polygon:
                shapes.append((_area(polygon[0]), polygon[0], d))
    traces: list[go.Scatter] = []
    for _, ring, d in sorted(shapes, key=lambda s: -s[0]):  # large first: a city inside its district stays visible
        name = plain_hover(d.get(f"name_{lang}") or d["code"])
        cat = _category(d)
        traces.append(
            go.Scatter(
                x=[c[0] for c in ring],
                y=[c[1] for c in ring],
                mode="lines",
                fill="toself",
                fillcolor=fills[cat],
                line={"color": "white", "width": 1},
                hoverinfo="text",
                hovertext=f"<b>{name}</b><br>{labels[cat]}",
                showlegend=False,
                hoveron="fills",
            )
        )
    traces += [_legend_entry(labels[c], fills[c]) for c in ("served", "pipeline", "none")]
    frame = map_frame([r for _, r, _ in shapes], size)
    named = district_labels(dost, lang, frame)
    if named:  # plain SVG text in the picture: drawn offline, in the picture's own font (no map tiles, no glyph server)
        traces.append(
            go.Scatter(
                x=[n["lon"] for n in named],
                y=[n["lat"] for n in named],
                mode="text",
                text=[plain_hover(n["name"]) for n in named],
                textposition="middle center",
                textfont={"size": LABEL_PX, "color": p.INK, "shadow": "auto"},
                hoverinfo="skip",
                showlegend=False,
                name="district_names",
            )
        )
    fac = pd.DataFrame(
        dost.get("facilities") or [], columns=["code", "name_az", "name_en", "facility_type", "status", "lat", "lon"]
    ).dropna(subset=["lat", "lon"])
    for is_open, colour, key in (
        (True, OPEN_MARKER, "collegium.map.facility_open"),
        (False, PIPELINE_MARKER, "collegium.map.facility_pipeline"),
    ):
        f = fac[(fac["status"] == "open") == is_open]
        if len(f):
            names = [plain_hover(r.get(f"name_{lang}") or r["code"]) for r in f.to_dict("records")]
            sizes = [max(12, p.FACILITY_TYPE_SIZES.get(x, p.DEFAULT_TYPE_SIZE) + 6) for x in f["facility_type"]]
            traces.append(
                go.Scatter(
                    x=f["lon"],
                    y=f["lat"],
                    mode="markers",
                    name=t(key),
                    hovertext=names,
                    hoverinfo="text",
                    marker={"size": sizes, "color": colour, "line": {"color": "white", "width": 1.5}},
                )
            )
    return _map_layout(traces, frame, lang, size)


def _map_layout(traces: list, frame: MapFrame, lang: str, size: tuple[int, int]) -> go.Figure:
    """The map's axes (hidden, ranges from `frame`: degrees with the latitude's aspect), the legend in the strip
    kept free under the districts, and the size."""
    axis = {"visible": False, "showgrid": False, "zeroline": False, "fixedrange": False}
    fig = go.Figure(traces)
    fig.update_layout(
        template="none",
        width=size[0],
        height=size[1],
        paper_bgcolor="white",
        plot_bgcolor="white",
        font={"family": EXPORT_FONT, "size": FONT_SIZE, "color": p.INK},
        separators=plotly_separators(lang),
        margin={"l": MAP_MARGIN_PX, "r": MAP_MARGIN_PX, "t": MAP_MARGIN_PX, "b": MAP_MARGIN_PX},
        hovermode="closest",
        dragmode="pan",
        xaxis={**axis, "range": [frame.west, frame.west + frame.width / frame.px_lon]},
        yaxis={
            **axis,
            "range": [frame.north - frame.height / frame.px_lat, frame.north],
            "scaleanchor": "x",
            "scaleratio": frame.px_lat / frame.px_lon,
        },
        legend={
            "orientation": "h",
            "yanchor": "bottom",
            "y": 0.0,
            "x": 0,
            "entrywidth": 0.5,  # two columns: three rows fit the strip kept for the legend
            "entrywidthmode": "fraction",
            "font": {"size": MIN_TEXT_PX},
            "bgcolor": "rgba(255,255,255,0.9)",
        },
    )
    return plain_figure(fig)


def slide_figures(payload: Mapping[str, Any], lang: str) -> dict[str, go.Figure]:
    """Every figure of a deck by its key (indicator code, MAP_KEY)."""
    figs = {it["code"]: indicator_chart(it, lang) for it in payload.get("indicators", [])}
    if payload.get("dost"):
        figs[MAP_KEY] = coverage_map(payload["dost"], lang)
    return figs


def slide_figure(payload: Mapping[str, Any], lang: str, key: str) -> go.Figure | None:
    """The one figure of a deck with this key (None when the payload has no such figure)."""
    if key == MAP_KEY:
        return coverage_map(payload["dost"], lang) if payload.get("dost") else None
    item = next((it for it in payload.get("indicators", []) if it["code"] == key), None)
    return indicator_chart(item, lang) if item is not None else None


def figure_size(key: str) -> tuple[int, int]:
    """The pixel size of a figure's image."""
    return MAP_PX if key == MAP_KEY else CHART_PX
