"""Map builders: choropleths of districts or economic regions with region outlines and a facility layer.

Offline by construction: `choropleth_map` / `scatter_map` on the "white-bg" style (no tiles), circle markers
only (other symbols and text labels would fetch sprites and fonts), a fixed centre and zoom over Azerbaijan.
No Streamlit here: every builder returns a plotly Figure.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from data.i18n import format_period
from pages.ui import palette as p
from pages.ui.charts import FONT, fvalue, separators, status_label, tr

CENTER = {"lat": 40.15, "lon": 47.7}  # the middle of the country (38.4-41.9 N), so the south is not cut off
ZOOM = 6.45
MAP_STYLE = "white-bg"
HEIGHT = 760
BASE_META = "units"  # the `meta` of the layer that draws every unit (the browser tests count its shapes)


def _layout(
    lang: str,
    height: int,
    center: Mapping | None = None,
    zoom: float | None = None,
    legend: bool = True,
    layers: list[dict] | None = None,
) -> dict:
    """The map's layout: white background (no tiles), fixed centre and zoom, legend below, outline layers."""
    return dict(
        template="none",
        map={"style": MAP_STYLE, "center": dict(center or CENTER), "zoom": zoom or ZOOM, "layers": layers or []},
        height=height,
        margin={"l": 0, "r": 0, "t": 0, "b": 0 if not legend else 70},
        font={"family": FONT, "size": 13, "color": p.INK},
        separators=separators(lang),
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
            "groupclick": "toggleitem",
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
        hovertext=[hover.get(c) or f"<b>{names.get(c, c)}</b>" for c in codes],
        hoverinfo="text",
        name=name,
        meta=[BASE_META, level],
        showlegend=False,
    )


def _outline_layers(region_geojson: dict[str, Any] | None, highlight: dict[str, Any] | None) -> list[dict]:
    layers = []
    if region_geojson is not None:
        layers.append(
            {
                "sourcetype": "geojson",
                "source": region_geojson,
                "type": "line",
                "color": p.OUTLINE,
                "line": {"width": 1.8},
                "below": "",
            }
        )
    if highlight is not None:
        layers.append(
            {
                "sourcetype": "geojson",
                "source": highlight,
                "type": "line",
                "color": p.VERMILLION,
                "line": {"width": 4},
                "below": "",
            }
        )
    return layers


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
) -> go.Figure:
    """A choropleth of `values` (code, value, hover) over every feature of `geojson`, outlines and facilities.

    Units without a value are drawn in light grey; `hover` is the prepared hover text of each unit. The layer that
    draws every unit carries meta [BASE_META, level] (level: district | region).
    """
    hover = dict(zip(values["code"], values["hover"], strict=True)) if len(values) else {}
    traces = [_base_layer(geojson, names, hover, base_name or tr(lang, "map.no_data"), level)]
    v = values[values["value"].notna()]
    if len(v):
        traces.append(
            go.Choroplethmap(
                geojson=geojson,
                locations=v["code"],
                z=v["value"].astype(float),
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
                customdata=v["code"],
                hovertext=v["hover"],
                hoverinfo="text",
                name=colour_title,
                showlegend=False,
                meta="values",
            )
        )
    hl = feature_subset(geojson, {highlight}) if highlight else None
    has_facilities = facilities is not None and len(facilities) > 0
    if has_facilities:
        traces.extend(facility_traces(facilities, lang))
    layers = _outline_layers(region_geojson, hl)
    return go.Figure(data=traces, layout=_layout(lang, height, center, zoom, legend and has_facilities, layers))


def facility_traces(facilities: pd.DataFrame, lang: str) -> list[go.Scattermap]:
    """Facilities as circles: colour by status (one legend entry each), size by type (a legend entry each).

    facilities needs lat, lon, status, facility_type, hover (and code).
    """
    f = facilities[facilities["lat"].notna() & facilities["lon"].notna()]
    traces: list[go.Scattermap] = []
    status_title = tr(lang, "map.legend.status")
    type_title = tr(lang, "map.legend.type")
    for status in p.FACILITY_STATUS_ORDER:
        s = f[f["status"] == status]
        if s.empty:
            continue
        sizes = s["facility_type"].map(lambda x: p.FACILITY_TYPE_SIZES.get(x, p.DEFAULT_TYPE_SIZE)).to_numpy()
        traces.append(
            go.Scattermap(
                lat=s["lat"],
                lon=s["lon"],
                mode="markers",
                name=tr(lang, f"facility.status.{status}"),
                marker={"size": sizes, "color": p.FACILITY_STATUS_COLOURS[status], "opacity": 0.95},
                hovertext=s["hover"],
                hoverinfo="text",
                customdata=s.get("code"),
                legendgroup="status",
                legendgrouptitle={"text": status_title},
                meta="facilities",
            )
        )
    for ftype in sorted(f["facility_type"].dropna().unique(), key=lambda x: -p.FACILITY_TYPE_SIZES.get(x, 0)):
        traces.append(
            go.Scattermap(
                lat=[None],
                lon=[None],
                mode="markers",
                name=tr(lang, f"facility.type.{ftype}"),
                marker={"size": p.FACILITY_TYPE_SIZES.get(ftype, p.DEFAULT_TYPE_SIZE), "color": p.MUTED},
                legendgroup="type",
                legendgrouptitle={"text": type_title},
                hoverinfo="skip",
                meta="legend",
            )
        )
    return traces


def selected_code(event: Any) -> str | None:
    """The unit code of the first clicked map shape in a Streamlit plotly selection event (None if none)."""
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
                return value
    return None


def unit_hover(r: Mapping, lang: str, value_title: str, unit: str | None, extra: list[str] | None = None) -> str:
    """The hover text of one district or region: name, value, period, source, data status (demonstration flagged)."""
    lines = [f"<b>{r.get('label')}</b>"]
    if r.get("region_label"):
        lines.append(str(r["region_label"]))
    if r.get("value") is None or pd.isna(r.get("value")):
        lines.append(tr(lang, "map.no_data"))
    else:
        lines.append(f"{value_title}: {fvalue(r.get('value'), unit, lang)}")
        if r.get("period_label"):
            lines.append(f"{tr(lang, 'common.period')}: {r['period_label']}")
        if isinstance(r.get("source_title"), str) and r["source_title"]:
            lines.append(f"{tr(lang, 'common.source')}: {r['source_title'][:70]}")
        if r.get("data_status"):
            lines.append(f"{tr(lang, 'chart.data_status')}: {status_label(r.get('data_status'), lang)}")
    lines.extend(extra or [])
    return "<br>".join(lines)


def facility_hover(r: Mapping, lang: str) -> str:
    """The hover text of one facility: name, type, status since, expected opening, place, source, data status."""
    lines = [f"<b>{r.get('label')}</b>", tr(lang, f"facility.type.{r.get('facility_type')}")]
    since = format_period(str(r.get("status_date")), lang) if r.get("status_date") else "–"
    lines.append(tr(lang, "map.facility_status", status=tr(lang, f"facility.status.{r.get('status')}"), since=since))
    if isinstance(r.get("expected_open"), str) and r["expected_open"] and r.get("status") != "open":
        lines.append(tr(lang, "chart.expected_open", when=format_period(r["expected_open"], lang)))
    if r.get("district_label"):
        lines.append(str(r["district_label"]))
    if r.get("location_basis"):
        lines.append(tr(lang, f"facility.location.{r['location_basis']}"))
    if isinstance(r.get("source_title"), str) and r["source_title"]:
        lines.append(f"{tr(lang, 'common.source')}: {r['source_title'][:70]}")
    if r.get("data_status"):
        lines.append(f"{tr(lang, 'chart.data_status')}: {status_label(r.get('data_status'), lang)}")
    return "<br>".join(lines)
