"""Map builders: choropleths of districts or economic regions with region outlines and a facility layer.

Offline by construction: `choropleth_map` on a white background (no tiles), no text labels (they would fetch
fonts), a fixed centre and zoom over Azerbaijan. Facilities are map symbols (a shape per type, a colour per
status) that keep their screen size at every zoom: SDF icons of the app's own sprite (figures.sprite, served from
static/ and named by the map style, so plotly.js never asks its CDN for an icon), or circles where no sprite
address is given. No Streamlit here: every builder returns a plotly Figure.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from data.formatting import format_date, format_period, plotly_separators
from data.plain import plain_figure, plain_hover
from figures import palette as p
from figures.charts import FONT, qualified_cell, status_label, tr
from figures.sprite import HALO_PX, halo_name

CENTER = {"lat": 40.15, "lon": 47.7}  # the middle of the country (38.4-41.9 N), so the south is not cut off
ZOOM = 6.45
MAP_STYLE = "white-bg"
HEIGHT = 760
BASE_META = "units"  # the `meta` of the layer that draws every unit (the browser tests count its shapes)
FACILITY_META = "facilities"  # the `meta` of the facility layers (one per status)
FACILITY_OUTLINE_META = "facility-outlines"  # the `meta` of the outline under each facility layer
SYMBOL_SIZE = 10  # marker.size of a sprite symbol: plotly.js draws it at icon-size size / 10, the sprite's own size
# plotly's map subplots (maplibre) show the whole world as one 512-pixel tile at zoom 0 (not 256 as raster tiles).
TILE_PX = 512


def _layout(
    lang: str,
    height: int,
    center: Mapping | None = None,
    zoom: float | None = None,
    legend: bool = True,
    sprite: str | None = None,
) -> dict:
    """The map's layout: white background (no tiles; the facility sprite's style with `sprite`), fixed centre and
    zoom, legend below (a status's symbols and their outline toggle together)."""
    return dict(
        template="none",
        map={"style": map_style(sprite), "center": dict(center or CENTER), "zoom": zoom or ZOOM},
        height=height,
        margin={"l": 0, "r": 0, "t": 0, "b": 0 if not legend else 50},
        font={"family": FONT, "size": 13, "color": p.INK},
        separators=plotly_separators(lang),
        showlegend=legend,
        legend={
            "orientation": "h",
            "x": 0,
            "y": 0,
            "xanchor": "left",
            "yanchor": "bottom",
            "yref": "container",
            "bgcolor": "white",
            "itemsizing": "trace",
            "groupclick": "togglegroup",
            "tracegroupgap": 0,
            "title": {"text": tr(lang, "map.legend.status") + " ", "side": "left"},
        },
        hoverlabel={"bgcolor": "white", "font": {"family": FONT, "size": 13, "color": p.INK}},
        clickmode="event+select",
        dragmode="pan",
        paper_bgcolor="white",
    )


def _base_layer(
    geojson: dict[str, Any], names: Mapping[str, str], hover: Mapping[str, str], name: str, level: str
) -> go.Choroplethmap:
    """Every feature in light grey (so a unit without data is still drawn and clickable)."""
    codes = [f["id"] for f in geojson["features"]]
    return go.Choroplethmap(
        geojson=geojson,
        locations=codes,
        z=np.zeros(len(codes)),
        featureidkey="id",
        colorscale=[[0, p.NO_DATA_FILL], [1, p.NO_DATA_FILL]],
        showscale=False,
        marker={"line": {"color": "white", "width": 0.8}},
        customdata=codes,
        hovertext=[hover.get(c) or f"<b>{plain_hover(names.get(c, c))}</b>" for c in codes],
        hoverinfo="text",
        name=name,
        meta=[BASE_META, level],
        showlegend=False,
    )


def _rings(geojson: dict[str, Any]) -> list[list[list[float]]]:
    """Every ring (outer and inner) of every Polygon or MultiPolygon feature, as lists (packed rings unpacked)."""
    rings = []
    for feature in geojson["features"]:
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        rings.extend(
            ring.tolist() if isinstance(ring, np.ndarray) else ring for polygon in polygons for ring in polygon
        )
    return rings


def packed(geojson: dict[str, Any]) -> dict[str, Any]:
    """The same FeatureCollection with every ring of its Polygon and MultiPolygon features as one float array
    (n x 2) instead of n lists of two floats (the input is not changed).

    A map figure carries its GeoJSON in every choropleth trace, and on every run `st.plotly_chart` copies the
    figure (plotly's `to_dict` is a deep copy) and writes it as JSON: a packed ring is copied and written in one
    piece, a list ring point by point (78 districts: about 8 ms instead of 1.5 ms to copy, and the JSON is the
    same, byte for byte; plotly never turns a `geojson` into a base64 array)."""

    def ring(r: Any) -> np.ndarray:
        return r if isinstance(r, np.ndarray) else np.asarray(r, dtype=float).reshape(-1, 2)

    features = []
    for f in geojson["features"]:
        g = f.get("geometry") or {}
        if g.get("type") == "Polygon":
            g = {**g, "coordinates": [ring(r) for r in g["coordinates"]]}
        elif g.get("type") == "MultiPolygon":
            g = {**g, "coordinates": [[ring(r) for r in poly] for poly in g["coordinates"]]}
        features.append({**f, "geometry": g})
    return {**geojson, "features": features}


def _outline_trace(geojson: dict[str, Any], colour: str, width: float, meta: str) -> go.Scattermap:
    """The outlines of a GeoJSON's features as one line trace (rings separated by gaps), without hover or clicks.

    A trace, not a layout layer: plotly.js inserts layout layers above or below the trace layers as a whole, and
    the outlines must lie above the units but under the facility shapes (a border would cross a shape).
    """
    lon: list[float | None] = []
    lat: list[float | None] = []
    for ring in _rings(geojson):
        lon.extend([c[0] for c in ring] + [None])
        lat.extend([c[1] for c in ring] + [None])
    return go.Scattermap(
        lon=lon,
        lat=lat,
        mode="lines",
        line={"color": colour, "width": width},
        hoverinfo="skip",
        showlegend=False,
        meta=meta,
    )


def _outline_traces(region_geojson: dict[str, Any] | None, highlight: dict[str, Any] | None) -> list[go.Scattermap]:
    """Economic-region borders and the highlighted unit's outline."""
    traces = []
    if region_geojson is not None:
        traces.append(_outline_trace(region_geojson, p.OUTLINE, 1.8, "outlines"))
    if highlight is not None:
        traces.append(_outline_trace(highlight, p.VERMILLION, 4, "highlight"))
    return traces


def window(
    bounds: Mapping[str, tuple[float, float, float, float]], center: Mapping[str, float], span: float
) -> set[str]:
    """The codes whose bounding box (min lon, min lat, max lon, max lat) meets the square of half-side `span`
    degrees around `center` (a locator map draws only these: fewer shapes, a lighter figure)."""
    lon, lat = center["lon"], center["lat"]
    return {
        c for c, (x0, y0, x1, y1) in bounds.items()
        if x1 >= lon - span and x0 <= lon + span and y1 >= lat - span and y0 <= lat + span
    }  # fmt: skip


def feature_subset(geojson: dict[str, Any], codes: set[str]) -> dict[str, Any]:
    """A FeatureCollection with the features whose id is in `codes` (the input is not changed)."""
    return {"type": "FeatureCollection", "features": [f for f in geojson["features"] if f["id"] in codes]}


def choropleth(
    geojson: dict[str, Any],
    values: pd.DataFrame,
    lang: str,
    colour_title: str,
    names: Mapping[str, str],
    region_geojson: dict[str, Any] | None = None,
    facilities: pd.DataFrame | None = None,
    highlight: str | None = None,
    height: int = HEIGHT,
    center: Mapping | None = None,
    zoom: float | None = None,
    base_name: str | None = None,
    legend: bool = True,
    level: str = "district",
    scale: bool = True,
    sprite: str | None = None,
) -> go.Figure:
    """A choropleth of `values` (code, value, hover) over every feature of `geojson`, outlines and facilities.

    Units without a value are drawn in light grey; `hover` is the prepared hover text of each unit. The layer that
    draws every unit carries meta [BASE_META, level] (level: district | region). `sprite`: the absolute URL of
    the facility sprite (see facility_traces; the page passes its own address's, app_pages.ui.present).
    """
    hover = dict(zip(values["code"], values["hover"], strict=True)) if len(values) else {}
    traces = [_base_layer(geojson, names, hover, base_name or tr(lang, "map.no_data"), level)]
    v = values[values["value"].notna()]
    if len(v):
        traces.append(
            go.Choroplethmap(
                geojson=geojson,
                locations=v["code"].tolist(),  # lists, not object arrays: plotly's JSON writer then needs no
                z=v["value"].astype(float),  # second pass over the figure (orjson writes it at once)
                featureidkey="id",
                colorscale=[[i / (len(p.SEQUENTIAL) - 1), c] for i, c in enumerate(p.SEQUENTIAL)],
                marker={"line": {"color": "white", "width": 0.8}, "opacity": 0.95},
                colorbar={
                    "title": {"text": colour_title, "side": "right"},
                    "thickness": 14,
                    "len": 0.75,
                    "x": 0.995,
                    "xanchor": "right",
                    "bgcolor": "rgba(255,255,255,0.85)",
                },
                showscale=scale,
                customdata=v["code"].tolist(),
                hovertext=v["hover"].tolist(),
                hoverinfo="text",
                name=colour_title,
                showlegend=False,
                meta="values",
            )
        )
    hl = feature_subset(geojson, {highlight}) if highlight else None
    traces.extend(_outline_traces(region_geojson, hl))  # above the units, under the facilities
    has_facilities = facilities is not None and len(facilities) > 0
    fac = facility_traces(facilities, lang, zoom or ZOOM, sprite) if has_facilities else []
    traces.extend(fac)
    return plain_figure(
        go.Figure(data=traces, layout=_layout(lang, height, center, zoom, legend and bool(fac), sprite))
    )


def degrees_per_pixel(zoom: float) -> float:
    """Degrees of longitude that one screen pixel spans at a map zoom (web Mercator, 512-pixel tiles)."""
    return 360.0 / (TILE_PX * 2.0**zoom)


def facility_shape(facility_type: Any) -> tuple[str, str, float]:
    """(shape, glyph, circumradius in pixels) of a facility type."""
    shape = p.FACILITY_TYPE_SHAPES.get(facility_type, p.DEFAULT_TYPE_SHAPE)
    glyph, radius = p.FACILITY_SHAPES[shape]
    return shape, glyph, radius


def spread_shared_points(facilities: pd.DataFrame, zoom: float, gap_px: float = 2.0) -> pd.DataFrame:
    """Facilities that share one point (the same town's coordinates: Baku's centres) set around it in a ring, so
    each shape can be seen and hovered; a facility alone at its point keeps it. The ring's radius (in screen
    pixels at `zoom`) keeps neighbouring shapes `gap_px` apart; the order is by code (stable across reruns).
    Returns a copy with lat/lon moved; the true coordinates stay in the facility table and the downloads."""
    out = facilities.copy()
    placed = out["lat"].notna() & out["lon"].notna()
    key = out.loc[placed, "lat"].round(5).astype(str) + "," + out.loc[placed, "lon"].round(5).astype(str)
    for _, idx in key.groupby(key).groups.items():
        n = len(idx)
        if n < 2:
            continue
        members = out.loc[idx].sort_values("code")
        largest = max(facility_shape(t)[2] for t in members["facility_type"])
        ring_px = (largest + gap_px / 2) / math.sin(math.pi / n)
        lat0, lon0 = float(members["lat"].iloc[0]), float(members["lon"].iloc[0])
        dx = ring_px * degrees_per_pixel(zoom)
        dy = dx * math.cos(math.radians(lat0))
        for k, i in enumerate(members.index):
            angle = math.pi / 2 - 2 * math.pi * k / n  # the first at the top, then clockwise
            out.at[i, "lon"] = round(lon0 + dx * math.cos(angle), 6)
            out.at[i, "lat"] = round(lat0 + dy * math.sin(angle), 6)
    return out


def map_style(sprite: str | None) -> str | dict:
    """The map style: "white-bg" (no tiles), or with a sprite URL (absolute: MapLibre needs it so) the same white
    background as a style of our own that names the facility sprite (figures.sprite), so every symbol is found
    locally and nothing is fetched from a CDN."""
    if not sprite:
        return MAP_STYLE
    return {  # `sources` is not empty: Streamlit drops empty objects from a figure, and a style without it is invalid
        "version": 8,
        "sprite": sprite,
        "sources": {"none": {"type": "geojson", "data": {"type": "FeatureCollection", "features": []}}},
        "layers": [{"id": "background", "type": "background", "paint": {"background-color": "white"}}],
    }


def facility_traces(
    facilities: pd.DataFrame, lang: str, zoom: float = ZOOM, sprite: str | None = None
) -> list[go.Scattermap]:
    """Facilities as symbols that keep their screen size at every zoom: the shape is the type
    (palette.FACILITY_TYPE_SHAPES), the colour the status (one layer and one legend entry per status), each symbol
    over a slightly larger one in the outline colour (white) that sets it off the choropleth. Pipeline items set
    apart (a `pipeline_state` of stale or not_on_latest_list, from metrics.facilities.pipeline_state) are drawn in a
    layer and legend entry of their own per state (palette.FACILITY_APART_COLOURS), not in their status's.

    With `sprite` (the absolute URL of the SDF sprite figures.sprite writes, which map_style names) the symbols are
    the sprite's shapes; without it (no address to serve it from) circles sized by type, which need no sprite.
    Facilities sharing one point are set around it for the figure's `zoom` (spread_shared_points).

    facilities needs lat, lon, status, facility_type, hover and code (the click's customdata); pipeline_state is
    optional. Each status gives two traces: the outline (legend group of the status, no hover) and the symbols
    (meta FACILITY_META, hover and legend entry).
    """
    f = spread_shared_points(facilities[facilities["lat"].notna() & facilities["lon"].notna()], zoom)
    state = f["pipeline_state"] if "pipeline_state" in f.columns else pd.Series(None, index=f.index, dtype=object)
    apart = state.isin(list(p.FACILITY_APART_COLOURS)).to_numpy(bool)
    layers: list[tuple[pd.DataFrame, str, str, str]] = []  # rows, fill, outline, legend name
    for status in p.FACILITY_STATUS_ORDER:
        colour = p.FACILITY_STATUS_COLOURS[status]
        layers.append((f[(f["status"] == status).to_numpy(bool) & ~apart], colour, "white",
                       tr(lang, f"facility.status.{status}")))  # fmt: skip
    for key, (fill, outline) in p.FACILITY_APART_COLOURS.items():
        layers.append((f[(state == key).to_numpy(bool)], fill, outline, tr(lang, f"map.legend.apart.{key}")))
    traces: list[go.Scattermap] = []
    for s, colour, outline, name in layers:
        if s.empty:
            continue
        rows = sorted(s.to_dict("records"), key=lambda r: -facility_shape(r["facility_type"])[2])  # small on top
        codes = [str(r["code"]) for r in rows]
        shapes = [facility_shape(r["facility_type"]) for r in rows]
        common = {"lon": [float(r["lon"]) for r in rows], "lat": [float(r["lat"]) for r in rows], "mode": "markers",
                  "legendgroup": f"facilities-{name}"}  # fmt: skip
        if sprite:  # the sprite's images carry each shape's size: icon-size 1 (plotly.js: marker.size / 10)
            under = {"symbol": [halo_name(shape) for shape, _, _ in shapes], "size": SYMBOL_SIZE, "allowoverlap": True}
            over = {"symbol": [shape for shape, _, _ in shapes], "size": SYMBOL_SIZE, "allowoverlap": True}
        else:  # circles of the shape's size (plotly's circle markers need no sprite)
            under = {"size": [2 * (r + HALO_PX) for _, _, r in shapes]}
            over = {"size": [2 * r for _, _, r in shapes]}
        traces.append(go.Scattermap(**common, marker={**under, "color": outline}, hoverinfo="skip", showlegend=False,
                                    meta=FACILITY_OUTLINE_META))  # fmt: skip
        traces.append(
            go.Scattermap(
                **common,
                marker={**over, "color": colour},
                name=name,
                showlegend=True,
                hovertext=[r["hover"] for r in rows],
                hoverinfo="text",
                customdata=codes,
                meta=FACILITY_META,
            )
        )
    return traces


def type_legend(types: Iterable[Any], lang: str) -> str:
    """The legend of the facility shapes (plotly draws no custom shape in a map legend): a glyph and the name of
    each type shown, in the palette's order; empty without types. Drawn as a caption line under the map."""
    order = {t: i for i, t in enumerate(p.FACILITY_TYPE_SHAPES)}
    present = sorted({t for t in types if isinstance(t, str)}, key=lambda t: (order.get(t, len(order)), t))
    if not present:
        return ""
    items = " · ".join(f"{facility_shape(t)[1]} {tr(lang, f'facility.type.{t}')}" for t in present)
    return f"{tr(lang, 'map.legend.type')}: {items}"


def selected_code(event: Any, facility_units: Mapping[str, str] | None = None) -> str | None:
    """The unit code of the first clicked map shape in a Streamlit plotly selection event (None if none).

    A click on a facility shape gives the facility's code: `facility_units` (facility code -> unit code) turns it
    into its unit's code (an empty unit: None, the click is ignored); other codes are returned as they are, and the
    page keeps only those of its units.
    """
    if not event:
        return None
    selection = event.get("selection") if hasattr(event, "get") else getattr(event, "selection", None)
    points = (selection or {}).get("points") or []
    for point in points:
        for key in ("location", "customdata"):
            value = point.get(key)
            if isinstance(value, list | tuple):
                value = value[0] if value else None
            if isinstance(value, str) and value:
                if facility_units is not None and value in facility_units:
                    return facility_units[value] or None
                return value
    return None


def unit_hover(r: Mapping, lang: str, value_title: str, unit: str | None, extra: list[str] | None = None) -> str:
    """The hover text of one district or region: name, value, period, source, data status (demonstration flagged)."""
    lines = [f"<b>{plain_hover(r.get('label'))}</b>"]
    if r.get("region_label"):
        lines.append(plain_hover(r["region_label"]))
    if r.get("value") is None or pd.isna(r.get("value")):
        lines.append(tr(lang, "map.no_data"))
    else:
        lines.append(f"{plain_hover(value_title)}: {qualified_cell(r, 'value', unit, lang)}")
        if r.get("period_label"):
            lines.append(f"{tr(lang, 'common.period')}: {r['period_label']}")
        if isinstance(r.get("source_title"), str) and r["source_title"]:
            lines.append(f"{tr(lang, 'common.source')}: {plain_hover(r['source_title'][:70])}")
        if r.get("data_status"):
            lines.append(f"{tr(lang, 'chart.data_status')}: {status_label(r.get('data_status'), lang)}")
    lines.extend(extra or [])
    return "<br>".join(lines)


def facility_hover(r: Mapping, lang: str) -> str:
    """The hover text of one facility: name, type, status since, expected opening, place, source, data status."""
    lines = [f"<b>{plain_hover(r.get('label'))}</b>", tr(lang, f"facility.type.{r.get('facility_type')}")]
    since = format_period(str(r.get("status_date")), lang) if r.get("status_date") else "–"
    lines.append(tr(lang, "map.facility_status", status=tr(lang, f"facility.status.{r.get('status')}"), since=since))
    if isinstance(r.get("expected_open"), str) and r["expected_open"] and r.get("status") != "open":
        lines.append(tr(lang, "chart.expected_open", when=format_period(r["expected_open"], lang)))
    if r.get("district_label"):
        lines.append(plain_hover(r["district_label"]))
    if r.get("location_basis"):
        lines.append(tr(lang, f"facility.location.{r['location_basis']}"))
    if isinstance(r.get("source_title"), str) and r["source_title"]:
        lines.append(f"{tr(lang, 'common.source')}: {plain_hover(r['source_title'][:70])}")
    if r.get("data_status"):
        lines.append(f"{tr(lang, 'chart.data_status')}: {status_label(r.get('data_status'), lang)}")
    why = apart_text(r, lang)
    if why:
        lines.append(f"<b>{why}</b>")
    return "<br>".join(lines)


def apart_text(r: Mapping, lang: str) -> str:
    """Why a pipeline item is set apart (pipeline_state stale: "no evidence for N months"; not_on_latest_list:
    "not on the official list of <date>"), or "" when it is not set apart."""
    state = r.get("pipeline_state")
    if state == "stale":
        months = r.get("months_silent")
        return tr(lang, "map.apart.stale", months=str(int(months)) if months is not None and pd.notna(months) else "–")
    if state == "not_on_latest_list":
        day = r.get("list_date")
        when = format_date(pd.Timestamp(day), lang) if day is not None and pd.notna(day) else "–"
        return tr(lang, "map.apart.not_on_latest_list", date=when)
    return ""
