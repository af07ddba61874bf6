"""The slides' figures, drawn from a frozen payload only: an indicator's series and the DOST coverage map.

The series reuses the dashboard's own builder (figures.charts.indicator_figure) with projector-sized type.
The map is drawn with plain filled scatter polygons (no map tiles, no WebGL), so that it renders the same in
the browser and in headless Chromium, offline.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from data.formatting import plotly_separators
from data.i18n import translate
from data.plain import plain_hover
from deck.model import MAP_KEY
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


def coverage_map(dost: Mapping[str, Any], lang: str, size: tuple[int, int] = MAP_PX) -> go.Figure:
    """Districts coloured by DOST service (served / only with the pipeline / not served) and the facilities."""
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
    return _map_layout(traces, [r for _, r, _ in shapes], lang, size)


def _map_layout(traces: list, all_rings: list, lang: str, size: tuple[int, int]) -> go.Figure:
    """The map's axes (hidden, degrees with the latitude's aspect), legend and size."""
    xs = [c[0] for r in all_rings for c in r] or [44.7, 50.9]
    ys = [c[1] for r in all_rings for c in r] or [38.4, 41.9]
    mid_lat = (min(ys) + max(ys)) / 2
    axis = {"visible": False, "showgrid": False, "zeroline": False}
    fig = go.Figure(traces)
    fig.update_layout(
        template="none",
        width=size[0],
        height=size[1],
        paper_bgcolor="white",
        plot_bgcolor="white",
        font={"family": EXPORT_FONT, "size": FONT_SIZE, "color": p.INK},
        separators=plotly_separators(lang),
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        hovermode="closest",
        dragmode="pan",
        xaxis={**axis, "range": [min(xs) - 0.1, max(xs) + 0.1]},
        yaxis={
            **axis,
            "range": [min(ys) - 0.1, max(ys) + 0.1],
            "scaleanchor": "x",
            "scaleratio": 1 / math.cos(math.radians(mid_lat)),
        },
        legend={
            "orientation": "h",
            "yanchor": "top",
            "y": 0.0,
            "x": 0,
            "font": {"size": MIN_TEXT_PX},
            "bgcolor": "rgba(255,255,255,0.9)",
        },
    )
    return fig


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
