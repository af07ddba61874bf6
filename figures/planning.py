"""Figures of the branch planning: the chosen sites on the map, the coverage curve, access side by side."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from data.formatting import format_number
from data.plain import plain_figure, plain_hover
from figures import palette as p
from figures.charts import figure, tr
from figures.maps import HEIGHT, _layout, _outline_trace


def _circles(df: pd.DataFrame, colour: str, size: Any, name: str, hover: list[str]) -> go.Scattermap:
    """Circles on the map (the only marker that needs nothing from the internet)."""
    return go.Scattermap(
        lat=df["lat"],
        lon=df["lon"],
        mode="markers",
        marker={"size": size, "color": colour, "opacity": 0.9},
        name=name,
        hovertext=hover,
        hoverinfo="text",
    )


def sites_map(
    sites: pd.DataFrame,
    offices: pd.DataFrame,
    district_geojson: dict[str, Any],
    lang: str,
    district_names: Mapping[str, str],
    pipeline: pd.DataFrame | None = None,
) -> go.Figure:
    """District outlines, the open offices (blue), the pipeline's (orange, when given) and the chosen sites
    (vermillion, sized by the population each adds). sites: name, district_code, lat, lon, added_population, order;
    offices / pipeline: lat, lon, label."""
    traces: list = [_outline_trace(district_geojson, p.GRID, 0.8, "units")]
    if len(offices):
        traces.append(
            _circles(offices, p.BLUE, 9, tr(lang, "planning.map.open"), [plain_hover(x) for x in offices["label"]])
        )
    if pipeline is not None and len(pipeline):
        traces.append(
            _circles(
                pipeline, p.ORANGE, 9, tr(lang, "planning.map.pipeline"), [plain_hover(x) for x in pipeline["label"]]
            )
        )
    if len(sites):
        added = sites["added_population"].to_numpy(float)
        size = 8 + 18 * np.sqrt(added / added.max()) if added.max() > 0 else np.full(len(sites), 8.0)
        hover = [
            tr(
                lang,
                "planning.map.site_hover",
                order=int(r["order"]),
                name=plain_hover(r["name"]),
                district=plain_hover(district_names.get(r["district_code"], r["district_code"])),
                added=format_number(r["added_population"], lang, 0),
            )
            for r in sites.to_dict("records")
        ]
        traces.append(_circles(sites, p.VERMILLION, size, tr(lang, "planning.map.chosen"), hover))
    layout = _layout(lang, HEIGHT - 160)
    layout["legend"]["title"] = {"text": ""}
    return plain_figure(go.Figure(data=traces, layout=layout))


def curve_figure(
    curve: pd.DataFrame, lang: str, title: str, chosen: int | None = None, pipeline: dict | None = None
) -> go.Figure:
    """Share of the population within the radius against the number of new branches (0..64), the chosen N marked,
    and the pipeline's reach at its own number of sites when given."""
    traces: list = [
        go.Scatter(
            x=curve["branches"],
            y=curve["share_covered"],
            mode="lines+markers",
            marker={"size": 4, "color": p.BLUE},
            line={"color": p.BLUE},
            name=tr(lang, "planning.curve.optimum"),
            hovertemplate=tr(lang, "planning.curve.hover") + "<extra></extra>",
        )
    ]
    if chosen is not None and chosen in set(curve["branches"]):
        y = float(curve.loc[curve["branches"] == chosen, "share_covered"].iloc[0])
        traces.append(
            go.Scatter(
                x=[chosen],
                y=[y],
                mode="markers",
                marker={"size": 12, "color": p.VERMILLION},
                name=tr(lang, "planning.curve.chosen"),
                hoverinfo="skip",
            )  # fmt: skip
        )
    if pipeline and pipeline.get("sites"):
        base = float(curve["share_covered"].iloc[0])
        total = float(curve["population_covered"].iloc[0] / (curve["share_covered"].iloc[0] / 100)) if base else np.nan
        y = base + pipeline["pipeline_added"] / total * 100 if total == total else np.nan
        traces.append(
            go.Scatter(
                x=[pipeline["sites"]],
                y=[y],
                mode="markers",
                marker={"size": 12, "color": p.ORANGE},
                name=tr(lang, "planning.curve.pipeline"),
                hoverinfo="skip",
            )  # fmt: skip
        )
    return figure(
        traces,
        lang,
        title,
        xaxis={"title": {"text": tr(lang, "planning.curve.x")}},
        yaxis={"title": {"text": tr(lang, "planning.curve.y")}, "range": [0, 100]},
    )
