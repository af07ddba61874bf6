"""Figure builders: plain data in, a plotly Figure out, every text in the requested language. No Streamlit.

Hover texts are composed here (numbers and dates formatted for the language) and demonstration values are
labelled in the hover, the legend and by their colour and pattern.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from data.formatting import (
    format_date,
    format_number,
    format_percent,
    format_period,
    format_quantity,
    format_value,
    format_year,
    is_number,
    percent_suffix,
    plotly_separators,
    signed,
)
from data.i18n import translate
from data.plain import plain_figure, plain_hover
from figures import palette as p
from metrics.regional import derived_qualifier

FONT = "Source Sans Pro, DejaVu Sans, Arial, sans-serif"
DEMO = "demonstration"


# ------------------------------------------------------------------------------------------------ helpers


def tr(lang: str, key: str, **params: object) -> str:
    """Translate `key` into `lang` (the builders' own translation function)."""
    return translate(key, lang, **params)


def unit_label(unit: str | None, lang: str) -> str:
    """The unit's name in `lang` (the unit code itself when it has no translation)."""
    if not unit:
        return ""
    text = tr(lang, f"unit.{unit}")
    return unit if text == f"unit.{unit}" else text


def status_label(data_status: object, lang: str) -> str:
    """The data status as a word; a demonstration value says it is not real."""
    if data_status == DEMO:
        return tr(lang, "badge.demonstration")
    return tr(lang, f"status.{data_status}") if isinstance(data_status, str) and data_status else "–"


def _deep_merge(base: dict, extra: Mapping) -> dict:
    """`base` updated with `extra`, nested dicts merged (a new dict; neither input changes)."""
    out = dict(base)
    for k, v in extra.items():
        out[k] = _deep_merge(out[k], v) if isinstance(v, Mapping) and isinstance(out.get(k), dict) else v
    return out


AXIS = {
    "gridcolor": p.GRID,
    "linecolor": p.MUTED,
    "showline": True,
    "zeroline": False,
    "automargin": True,
    "ticks": "outside",
    "tickcolor": p.MUTED,
    "showgrid": True,
    "exponentformat": "none",  # 20 000 (az) / 20,000 (en), not "20k"
    "separatethousands": True,
}


def figure(
    traces: list,
    lang: str,
    title: str | None = None,
    height: int = 380,
    legend: bool = True,
    xaxis: Mapping | None = None,
    yaxis: Mapping | None = None,
    **layout: object,
) -> go.Figure:
    """The house look (white, light grid, legend below, the language's number format), built in one step.

    A figure is assembled once from its traces and a layout dict: plotly's update_* calls cost milliseconds
    each, which adds up on a page with many charts.
    """
    base = {
        "template": "none",  # a named template is deep-copied into every figure (slow); the look is set here
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "font": {"family": FONT, "size": 13, "color": p.INK},
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 50 if title else 15, "b": 10 if not legend else 40},
        "separators": plotly_separators(lang),
        "showlegend": legend,
        "legend": {"orientation": "h", "yref": "container", "yanchor": "bottom", "y": 0, "x": 0},
        "hoverlabel": {"bgcolor": "white", "font": {"family": FONT, "size": 13, "color": p.INK}},
        "hovermode": "closest",
        "xaxis": _deep_merge(AXIS, xaxis or {}),
        "yaxis": _deep_merge({**AXIS, "rangemode": "tozero"}, yaxis or {}),
    }
    if title:
        base["title"] = {"text": title, "x": 0, "xanchor": "left", "font": {"size": 16}}
    return plain_figure(go.Figure(data=traces, layout=_deep_merge(base, layout)))


def _horizontal(
    traces: list, lang: str, title: str, height: int, x_title: str, xaxis: Mapping | None = None, **layout: object
) -> go.Figure:
    """A horizontal bar figure: one category per bar on the y axis, `x_title` under the values."""
    x = {"title": {"text": x_title}, **(xaxis or {})}
    return figure(traces, lang, title=title, height=height, xaxis=x, yaxis={"type": "category"}, **layout)


def vline(x: object, colour: str, dash: str = "dash", width: float = 1.5) -> dict:
    """A vertical line across the plot as a layout shape."""
    return {
        "type": "line",
        "xref": "x",
        "yref": "paper",
        "x0": x,
        "x1": x,
        "y0": 0,
        "y1": 1,
        "line": {"color": colour, "dash": dash, "width": width},
    }


def period_x(start: object, end: object) -> pd.Timestamp:
    """Where a total over a period (a flow) sits on a time axis: the middle of its period, to the day."""
    a, b = pd.Timestamp(start), pd.Timestamp(end)
    return (a + (b - a) / 2).floor("D")


def year_x(year: object, kind: str | None) -> pd.Timestamp | None:
    """Where a year sits on a time axis: a flow (a year's total) at the middle of the year (period_x); a stock
    (a level at a date), and a deadline, at the year's last day. None when the year is missing."""
    if year is None or pd.isna(year):
        return None
    y = int(year)
    if (kind or "count") == "count":
        return period_x(pd.Timestamp(y, 1, 1), pd.Timestamp(y, 12, 31))
    return pd.Timestamp(y, 12, 31)


def year_axis(x0: pd.Timestamp, x1: pd.Timestamp) -> dict:
    """The time axis rule of every chart: a tick at 1 January of each (or every other) year, labelled with that
    year, so that "2025" stands at the start of 2025 and a point of 22 Jan 2026 sits right of "2026"."""
    span_days = (pd.Timestamp(x1) - pd.Timestamp(x0)).days if x0 is not None and x1 is not None else 0
    dtick = "M12" if span_days < 366 * 14 else "M24"
    return {"type": "date", "tickformat": "%Y", "tick0": "2000-01-01", "dtick": dtick}


def _texts(values: pd.Series) -> np.ndarray:
    """The values as strings, '' for missing ones."""
    texts = ["" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v) for v in values]
    return np.array(texts, dtype=object)


def with_gaps(frame: pd.DataFrame, by: str = "segment") -> pd.DataFrame:
    """`frame` (sorted by x) with an empty row (x and value None) between consecutive rows of different `by`,
    so that a line is never drawn across a break in the series. Unchanged without the column."""
    if frame.empty or by not in frame.columns:
        return frame
    seg = _texts(frame[by])
    cut = np.flatnonzero(seg[1:] != seg[:-1]) + 1
    if not len(cut):
        return frame
    parts, prev = [], 0
    for c in cut:
        parts.append(frame.iloc[prev:c])
        parts.append(pd.DataFrame({"x": [None], "value": [None]}, index=[-1]))
        prev = c
    parts.append(frame.iloc[prev:])
    return pd.concat(parts, ignore_index=True)


def breaks_of(points: pd.DataFrame) -> list[dict]:
    """The breaks of a series: the first point of every segment after the first (x, segment and, when the
    points carry them, segment_label_az/en and segment_note_az/en)."""
    if points.empty or "segment" not in points.columns:
        return []
    p = points.sort_values("x", kind="stable")
    seg = pd.Series(_texts(p["segment"]), index=p.index)
    first = p[seg.ne(seg.shift()) & seg.shift().notna()]
    return first.to_dict("records")


def point_hover(r: Mapping, lang: str, unit: str | None, name: str | None = None) -> str:
    """The hover text of one observation: period, value, source, data status (demonstration flagged)."""
    lines = [f"<b>{plain_hover(name)}</b>"] if name else []
    lines.append(f"{tr(lang, 'common.period')}: {format_period(str(r.get('period')), lang)}")
    value = format_value(r.get("value"), unit, lang)
    q = r.get("qualifier")
    if isinstance(q, str) and q not in ("", "exact"):
        value = qualified(r.get("value"), unit, lang, q, r.get("value_low"), r.get("value_high"))
    if r.get("is_partial"):
        value += f" ({tr(lang, 'chart.partial_year')})"
    lines.append(f"{tr(lang, 'common.value')}: {value}")
    src = r.get("source_title")
    if isinstance(src, str) and src:
        lines.append(f"{tr(lang, 'common.source')}: {plain_hover(src[:80])}")
    lines.append(f"{tr(lang, 'chart.data_status')}: {status_label(r.get('data_status'), lang)}")
    label = r.get(f"segment_label_{lang}")
    if isinstance(label, str) and label:
        lines.append(f"{tr(lang, 'chart.segment')}: {plain_hover(label)}")
    return "<br>".join(lines)


def qualified(
    value: object, unit: str | None, lang: str, qualifier: object = "exact", low: object = None, high: object = None
) -> str:
    """A value with its qualifier beside it ('~10 000', 'more than 4 100 000', '14 000–21 000'): format_quantity."""
    q = qualifier if isinstance(qualifier, str) and qualifier else "exact"
    return format_quantity(value, lang, qualifier=q, low=low, high=high, unit=unit)


def qualified_cell(r: Mapping, column: str, unit: str | None, lang: str, decimals: int | None = None) -> str:
    """A row's `column` written with the row's qualifier: the value itself with its ends ('14 000–21 000'), a
    figure derived from it (a rate) with the same qualifier ('~3,2'; a range's rate as approximate)."""
    q = r.get("qualifier")
    if not isinstance(q, str) or q in ("", "exact"):
        if decimals is not None and unit != "percent":
            return format_number(r.get(column), lang, decimals)
        return format_value(r.get(column), unit, lang)
    low, high = (r.get("value_low"), r.get("value_high")) if column == "value" else (None, None)
    q = q if column == "value" else derived_qualifier(q)
    return format_quantity(r.get(column), lang, qualifier=q, low=low, high=high, unit=unit, decimals=decimals)


def qualified_rate(value: object, qualifier: object, per_residents: bool, unit: str | None, lang: str) -> str:
    """A comparison figure with its qualifier: a rate per 10,000 residents to one decimal ('~3,2'), or for a share
    or ratio the value in its unit; '–' when there is none."""
    cell = {"figure": value, "qualifier": qualifier or "exact"}
    return qualified_cell(cell, "figure", None if per_residents else unit, lang, 1 if per_residents else None)


def partial_trace(partial: pd.DataFrame, lang: str, unit: str | None, size: float, width: float) -> go.Scatter:
    """Partial-year figures (x, value): hollow markers, never joined to the full-year line."""
    return go.Scatter(
        x=partial["x"],
        y=partial["value"],
        mode="markers",
        name=tr(lang, "chart.partial_legend"),
        marker={"size": size, "color": "white", "line": {"color": p.BLUE, "width": width}},
        hovertext=[point_hover(r, lang, unit) for r in partial.to_dict("records")],
        hoverinfo="text",
    )


def empty_figure(lang: str, message_key: str = "chart.no_data", height: int = 240) -> go.Figure:
    """A figure that says there is nothing to draw."""
    note = {"text": tr(lang, message_key), "showarrow": False, "x": 0.5, "y": 0.5, "xref": "paper", "yref": "paper"}
    return figure(
        [], lang, height=height, legend=False, xaxis={"visible": False}, yaxis={"visible": False}, annotations=[note]
    )


# ------------------------------------------------------------------------------------------------ overview


def sparkline(points: pd.DataFrame, row: Mapping, lang: str) -> go.Figure:
    """A small trend line for an overview tile: the series (a part-year figure hollow), the target as a dashed
    line to its year, and the first and last year on the axis."""
    traces: list = []
    unit = row.get("unit")
    full = points[~points["is_partial"].astype(bool)] if len(points) else points
    partial = points[points["is_partial"].astype(bool)] if len(points) else points
    if len(full):
        full = with_gaps(full.sort_values("x", kind="stable"))
        demo = (full["data_status"] == DEMO).to_numpy()
        traces.append(
            go.Scatter(
                x=full["x"],
                y=full["value"],
                mode="lines+markers",
                line={"color": p.BLUE, "width": 2},
                marker={"size": 5, "color": np.where(demo, p.ORANGE, p.BLUE)},
                connectgaps=False,
                hovertext=[
                    point_hover(r, lang, unit) if is_number(r.get("value")) else "" for r in full.to_dict("records")
                ],
                hoverinfo="text",
                name=tr(lang, "chart.observed"),
            )
        )
    if len(partial):
        traces.append(partial_trace(partial, lang, unit, size=6, width=1.5))
    target = row.get("target_value")
    xs = list(points["x"].dropna()) if len(points) else []
    if is_number(target) and xs:
        x_end = year_x(row.get("target_year"), row.get("kind")) or max(xs)
        xs.append(x_end)
        year = format_year(row.get("target_year"))
        traces.append(
            go.Scatter(
                x=[min(xs), x_end],
                y=[target, target],
                mode="lines",
                line={"color": p.INK, "dash": "dash", "width": 1},
                hovertext=tr(lang, "chart.target_hover", value=format_value(target, unit, lang), year=year),
                hoverinfo="text",
                name=tr(lang, "chart.target"),
            )
        )
    ticks = sorted({min(xs), max(xs)}) if xs else []
    span = (max(xs) - min(xs)) if xs else pd.Timedelta(0)
    pad = max(pd.Timedelta(days=150), (span * 0.07).round("s"))  # room for the first and last year's labels
    xaxis = {
        "showgrid": False,
        "showline": False,
        "ticks": "",
        "tickvals": ticks,
        "tickformat": "%Y",
        "tickfont": {"size": 10, "color": p.MUTED},
        "range": [min(xs) - pad, max(xs) + pad] if xs else None,
    }
    return figure(
        traces,
        lang,
        height=100,
        legend=False,
        margin={"l": 4, "r": 4, "t": 4, "b": 18},
        xaxis=xaxis,
        yaxis={"visible": False, "rangemode": "normal"},
    )


# ------------------------------------------------------------------------------------------------ series


def indicator_figure(
    points: pd.DataFrame,
    row: Mapping,
    lang: str,
    title: str,
    versions: pd.DataFrame | None = None,
    height: int = 420,
) -> go.Figure:
    """One indicator's national series with baseline, target (and earlier target versions), the pace needed to
    reach the target, and the projection at the recent pace with its band.

    points: figures.frames.national_points; row: a metrics.progress row; versions: metrics.network.target_history
    rows of this indicator (national).
    """
    unit = row.get("unit")
    traces: list = []
    if points.empty:
        return empty_figure(lang)
    full = with_gaps(points[~points["is_partial"]].sort_values("x", kind="stable"))
    partial = points[points["is_partial"]]
    full_hover = [point_hover(r, lang, unit) if is_number(r.get("value")) else "" for r in full.to_dict("records")]
    demo = (full.get("data_status", pd.Series(index=full.index, dtype=object)) == DEMO).to_numpy()
    traces.append(
        go.Scatter(
            x=full["x"],
            y=full["value"],
            connectgaps=False,
            mode="lines+markers",
            name=tr(lang, "chart.observed"),
            line={"color": p.BLUE, "width": 3},
            marker={"size": 8, "color": np.where(demo, p.ORANGE, p.BLUE), "line": {"color": "white", "width": 1}},
            hovertext=full_hover,
            hoverinfo="text",
        )
    )
    if demo.any():
        traces.append(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                marker={"size": 9, "color": p.ORANGE},
                name=tr(lang, "chart.demo_legend"),
            )
        )
    if len(partial):
        traces.append(partial_trace(partial, lang, unit, size=10, width=2))
    kind = row.get("kind") or "count"
    x0 = points["x"].min()
    target_year = row.get("target_year")
    x_target = year_x(target_year, kind)
    x1 = max(points["x"].max(), x_target) if x_target is not None else points["x"].max()
    shapes, notes = _break_marks(points, lang)
    baseline, b_year = row.get("baseline_value"), row.get("baseline_year")
    if is_number(baseline):
        label = tr(lang, "chart.baseline", year=format_year(b_year), value=format_value(baseline, unit, lang))
        traces.append(
            go.Scatter(
                x=[x0, x1],
                y=[baseline, baseline],
                mode="lines",
                name=label,
                line={"color": p.MUTED, "dash": "dot", "width": 1.5},
                hovertext=label,
                hoverinfo="text",
            )
        )
    _target_versions(traces, versions, row, lang, unit, x0, x1, kind)
    latest, l_year = row.get("latest_value"), row.get("latest_year")
    target = row.get("target_value")
    x_latest = year_x(l_year, kind) if kind == "count" or full.empty else full["x"].dropna().max()
    if x_latest is not None and x_target is not None and x_target > x_latest and is_number(latest):
        proj, low, high = row.get("projected_value"), row.get("projected_low"), row.get("projected_high")
        if is_number(low) and is_number(high):
            band = tr(
                lang, "chart.projection_band", low=format_value(low, unit, lang), high=format_value(high, unit, lang)
            )
            traces.append(
                go.Scatter(
                    x=[x_latest, x_target, x_target, x_latest],
                    y=[latest, high, low, latest],
                    fill="toself",
                    fillcolor="rgba(86,180,233,0.18)",
                    line={"width": 0},
                    mode="lines",
                    name=band,
                    hovertext=band,
                    hoverinfo="text",
                )
            )
        if is_number(proj):
            text = tr(
                lang,
                "chart.projection_hover",
                year=str(int(target_year)),
                value=format_value(proj, unit, lang),
                pace=signed(row.get("pace_observed"), lang),
            )
            traces.append(
                go.Scatter(
                    x=[x_latest, x_target],
                    y=[latest, proj],
                    mode="lines+markers",
                    name=tr(lang, "chart.projection"),
                    line={"color": p.SKY, "width": 2, "dash": "dash"},
                    marker={"size": [0, 8], "color": p.SKY},
                    hovertext=text,
                    hoverinfo="text",
                )
            )
        if is_number(target) and row.get("status") != "achieved":
            text = tr(
                lang,
                "chart.pace_needed_hover",
                pace=signed(row.get("pace_needed"), lang),
                target=format_value(target, unit, lang),
                year=str(int(target_year)),
            )
            traces.append(
                go.Scatter(
                    x=[x_latest, x_target],
                    y=[latest, target],
                    mode="lines",
                    name=tr(lang, "chart.pace_needed"),
                    line={"color": p.VERMILLION, "width": 2, "dash": "dot"},
                    hovertext=text,
                    hoverinfo="text",
                )
            )
    return figure(
        traces,
        lang,
        title=title,
        height=height,
        xaxis=year_axis(x0, x1),
        yaxis={"title": {"text": unit_label(unit, lang)}},
        shapes=shapes,
        annotations=notes,
    )


def _break_marks(points: pd.DataFrame, lang: str) -> tuple[list[dict], list[dict]]:
    """A dotted vertical line before the first point of each new segment, labelled with the segment's label
    (its note in the hover of the points after it)."""
    shapes, notes = [], []
    for b in breaks_of(points):
        label = b.get(f"segment_label_{lang}")
        text = (
            tr(lang, "chart.series_break", label=label)
            if isinstance(label, str) and label
            else tr(lang, "chart.series_break_plain")
        )
        shapes.append(vline(b["x"], p.MUTED, "dot", 1.2))
        notes.append(
            {"x": b["x"], "y": 1, "xref": "x", "yref": "paper", "text": text, "showarrow": False, "xanchor": "left",
             "yanchor": "top", "font": {"size": 11, "color": p.MUTED}, "align": "left"}
        )  # fmt: skip
    return shapes, notes


def _target_versions(
    traces: list, versions: pd.DataFrame | None, row: Mapping, lang: str, unit: str | None, x0, x1, kind: str
) -> None:
    """The current target as a labelled dashed line (to its deadline; without one, across the chart and labelled
    "no deadline stated"); earlier versions labelled, at their own deadline, or as a dotted line across the chart
    when they had none (never placed on a year nobody stated)."""
    target, t_year = row.get("target_value"), row.get("target_year")
    if is_number(target):
        x_t = year_x(t_year, kind)
        label = target_label(target, t_year, unit, lang, row.get("target_kind"), row.get("target_comparable"))
        text = label
        if row.get("target_date_set"):
            text += "<br>" + tr(lang, "chart.target_set", date=str(row.get("target_date_set")))
        traces.append(
            go.Scatter(
                x=[x0, x_t or x1],
                y=[target, target],
                mode="lines+markers+text" if x_t is not None else "lines+text",
                name=label,
                line={"color": p.INK, "dash": "dash", "width": 1.5},
                marker={"size": [0, 12], "color": p.INK, "symbol": "diamond"},
                text=["", label],
                textposition="top left",
                textfont={"size": 11, "color": p.INK},
                hovertext=text,
                hoverinfo="text",
            )
        )
    if versions is None or versions.empty:
        return
    old = versions[versions["superseded"].astype(bool) & versions["value"].notna()]
    for r in old.to_dict("records"):
        year = r.get("target_year")
        label = tr(
            lang,
            "chart.earlier_target_label",
            value=format_value(r["value"], unit, lang),
            year=format_year(year, tr(lang, "chart.no_deadline")),
            date=str(r.get("date_set") or "–"),
        )
        x = year_x(year, kind)
        dated = x is not None
        traces.append(
            go.Scatter(
                x=[x] if dated else [x0, x1],
                y=[r["value"]] if dated else [r["value"], r["value"]],
                mode="markers+text" if dated else "lines+text",
                name=label,
                marker={"size": 11, "color": "white", "symbol": "diamond", "line": {"color": p.MUTED, "width": 2}},
                line={"color": p.MUTED, "dash": "dot", "width": 1},
                text=[label] if dated else ["", label],
                textposition="bottom left",
                textfont={"size": 10, "color": p.MUTED},
                hovertext=label,
                hoverinfo="text",
            )
        )


def target_label(
    value: object, year: object, unit: str | None, lang: str, kind: object = None, comparable: object = None
) -> str:
    """'Target: 30 000 by 2026' / 'Target: 100 000 (no deadline stated)' with its kind when it measures something
    else than the series ('a capacity, not compared')."""
    if is_number(year):
        text = tr(lang, "chart.target_hover", value=format_value(value, unit, lang), year=format_year(year))
    else:
        text = tr(lang, "chart.target_no_deadline", value=format_value(value, unit, lang))
    if comparable is False and isinstance(kind, str) and kind:
        text += " " + tr(lang, "chart.target_other_kind", kind=tr(lang, f"metric.target_kind.{kind}"))
    return text


# ------------------------------------------------------------------------------------------------ flows and breakdowns


FLOW_COLOURS = [p.BLUE, p.ORANGE, p.SKY, p.PURPLE, p.GREEN, p.VERMILLION]


def flows_figure(flows: pd.DataFrame, names: Mapping[str, str], lang: str, title: str) -> go.Figure:
    """Yearly flows as grouped bars (a partial year hatched and labelled) with each year's target as a marker.

    flows: metrics.yearly.figures_against_targets (children flows, rehabilitation throughput).
    """
    if flows.empty:
        return empty_figure(lang)
    traces: list = []
    categories = {str(y) for y in flows["year"]}
    for i, (code, f) in enumerate(flows.groupby("indicator_code", sort=False)):
        colour = FLOW_COLOURS[i % len(FLOW_COLOURS)]
        name = names.get(code, code)
        hover = []
        for r in f.to_dict("records"):
            lines = [
                f"<b>{plain_hover(name)}</b>",
                f"{tr(lang, 'common.period')}: {format_period(str(r['period']), lang)}",
                f"{tr(lang, 'common.value')}: "
                + qualified(r["value"], None, lang, r.get("qualifier"), r.get("value_low"), r.get("value_high")),
            ]
            if r.get("segment_break"):
                lines.append(tr(lang, "chart.segment_break_hover"))
            if r.get("is_partial"):
                lines.append(tr(lang, "chart.partial_note", annualised=format_number(r.get("annualised"), lang)))
            if is_number(r.get("target_value")):
                lines.append(
                    tr(
                        lang,
                        "chart.annual_target",
                        value=format_number(r["target_value"], lang),
                        year=format_year(r.get("target_year")),
                    )
                )
            if is_number(r.get("share_of_target")):
                lines.append(tr(lang, "chart.share_of_target", share=format_percent(r["share_of_target"], lang)))
            lines.append(f"{tr(lang, 'chart.data_status')}: {status_label(r.get('data_status'), lang)}")
            hover.append("<br>".join(lines))
        partial = f["is_partial"].fillna(False).astype(bool).to_numpy()
        demo = (f["data_status"] == DEMO).to_numpy()
        traces.append(
            go.Bar(
                x=f["year"].astype(str),
                y=f["value"],
                name=name,
                marker_color=colour,
                legendgroup=code,
                marker_pattern_shape=np.where(partial | demo, "/", ""),
                hovertext=hover,
                hoverinfo="text",
                text=[tr(lang, "chart.partial_short") if x else "" for x in partial],
                textposition="outside",
                offsetgroup=code,
            )
        )
        has_target = "target_value" in f and "target_year" in f
        t = f[f["target_value"].notna() & f["target_year"].notna()] if has_target else f.iloc[0:0]
        t = t.drop_duplicates(["target_year", "target_value"]).drop_duplicates("target_year", keep="last")
        if len(t):
            categories |= {str(int(y)) for y in t["target_year"]}
            traces.append(
                go.Scatter(
                    x=[str(int(y)) for y in t["target_year"]],
                    y=t["target_value"],
                    mode="markers",
                    legendgroup=code,
                    name=tr(lang, "chart.target_of", name=name),
                    offsetgroup=code,
                    marker={"symbol": "line-ew", "size": 26, "color": colour, "line": {"width": 3, "color": p.INK}},
                    hovertext=[
                        f"<b>{plain_hover(name)}</b><br>"
                        + tr(lang, "chart.annual_target", value=format_number(v, lang), year=str(int(y)))
                        for v, y in zip(t["target_value"], t["target_year"], strict=True)
                    ],
                    hoverinfo="text",
                )
            )
    order = sorted(categories)
    return figure(
        traces,
        lang,
        title=title,
        barmode="group",
        scattermode="group",
        xaxis={"type": "category", "categoryorder": "array", "categoryarray": order},
    )


def bar_breakdown(
    frame: pd.DataFrame,
    label_col: str,
    value_col: str,
    lang: str,
    title: str,
    value_title: str,
    unit: str | None = None,
    highlight: str | None = None,
    reference: tuple[str, float] | tuple[str, float, str] | None = None,
    height: int | None = None,
) -> go.Figure:
    """Horizontal bars (largest on top); demonstration rows hatched and labelled; an optional reference line
    (label, figure and optionally its qualifier: '~' when it was made of approximate parts).

    frame needs label_col, value_col, code and data_status (and may have hover_extra).
    """
    f = frame[frame[value_col].notna()].sort_values(value_col)
    if f.empty:
        return empty_figure(lang)
    demo = (f.get("data_status", pd.Series(index=f.index, dtype=object)) == DEMO).to_numpy()
    colours = np.full(len(f), p.BLUE, dtype=object)
    if highlight is not None:  # the chosen unit dark, the others light (and it is named in the title)
        colours = np.where(f["code"].to_numpy() == highlight, p.BLUE, p.SKY)
    hover = []
    for r in f.to_dict("records"):
        lines = [
            f"<b>{plain_hover(r[label_col])}</b>",
            f"{plain_hover(value_title)}: {qualified_cell(r, value_col, unit, lang)}",
        ]
        if r.get("hover_extra"):
            lines.append(str(r["hover_extra"]))
        lines.append(f"{tr(lang, 'chart.data_status')}: {status_label(r.get('data_status'), lang)}")
        hover.append("<br>".join(lines))
    traces: list = [
        go.Bar(
            y=f[label_col],
            x=f[value_col],
            orientation="h",
            marker_color=colours,
            marker_pattern_shape=np.where(demo, "/", ""),
            hovertext=hover,
            hoverinfo="text",
            name=value_title,
            showlegend=False,
        )
    ]
    if demo.any():
        traces.append(
            go.Bar(
                y=[None], x=[None], marker_color=p.BLUE, marker_pattern_shape="/", name=tr(lang, "chart.demo_legend")
            )
        )
    if reference is not None and is_number(reference[1]):
        reference_cell = {"figure": reference[1], "qualifier": reference[2] if len(reference) > 2 else "exact"}
        traces.append(
            go.Scatter(
                x=[None],
                y=[None],
                mode="lines",
                line={"color": p.INK, "dash": "dash"},
                name=f"{reference[0]}: {qualified_cell(reference_cell, 'figure', unit, lang)}",
            )
        )
    shapes = [vline(reference[1], p.INK)] if reference is not None and is_number(reference[1]) else []
    return _horizontal(traces, lang, title, height or max(260, 26 * len(f) + 110), value_title, shapes=shapes)


def care_split_figure(split: pd.DataFrame, lang: str, title: str) -> go.Figure:
    """Inpatient, outpatient and other care as stacked shares of persons served, per period."""
    if split.empty:
        return empty_figure(lang)
    traces: list = []
    periods = [format_period(str(x), lang) for x in split["period"]]
    for part, colour in (("inpatient", p.BLUE), ("outpatient", p.SKY), ("unassigned", p.GREY)):
        hover = [
            f"<b>{tr(lang, f'chart.care.{part}')}</b><br>{per}: {format_number(v, lang)} ({format_percent(s, lang)})"
            for per, v, s in zip(periods, split[part], split[f"{part}_share"], strict=True)
        ]
        traces.append(
            go.Bar(
                x=periods,
                y=split[f"{part}_share"],
                name=tr(lang, f"chart.care.{part}"),
                marker_color=colour,
                hovertext=hover,
                hoverinfo="text",
            )
        )
    yaxis = {"title": {"text": tr(lang, "chart.share_of_served")}, "ticksuffix": percent_suffix(lang)}
    return figure(traces, lang, title=title, height=340, barmode="stack", yaxis=yaxis, xaxis={"type": "category"})


def network_progress_figure(prog: pd.DataFrame, names: Mapping[str, str], lang: str, title: str) -> go.Figure:
    """Facilities open and in the pipeline against the target, one bar per network indicator."""
    if prog.empty:
        return empty_figure(lang)
    labels = [names.get(c, c) for c in prog["indicator_code"]]
    traces: list = []
    for column, key, marker in (
        ("open", "facility.status.open", {"color": p.BLUE}),
        ("pipeline_added", "chart.pipeline", {"color": p.ORANGE, "pattern": {"shape": "/"}}),
    ):
        label = tr(lang, key)
        traces.append(
            go.Bar(
                y=labels,
                x=prog[column],
                orientation="h",
                name=label,
                marker=marker,
                hovertext=[
                    f"<b>{plain_hover(n)}</b><br>{label}: {format_number(v, lang)}"
                    for n, v in zip(labels, prog[column], strict=True)
                ],
                hoverinfo="text",
            )
        )
    has_t = prog["target_value"].notna()
    if has_t.any():
        t = prog[has_t]
        tl = [names.get(c, c) for c in t["indicator_code"]]
        traces.append(
            go.Scatter(
                y=tl,
                x=t["target_value"],
                mode="markers",
                name=tr(lang, "chart.target"),
                marker={"symbol": "line-ns", "size": 30, "line": {"width": 3, "color": p.INK}},
                hovertext=[
                    tr(lang, "chart.target_hover", value=format_number(v, lang), year=format_year(y))
                    for v, y in zip(t["target_value"], t["target_year"], strict=True)
                ],
                hoverinfo="text",
            )
        )
    return _horizontal(traces, lang, title, 160 + 60 * len(prog), unit_label("facilities", lang), barmode="stack")


def coverage_figure(summary: pd.DataFrame, region_names: Mapping[str, str], lang: str, title: str) -> go.Figure:
    """Share of population served by DOST per economic region: the open network and with the pipeline."""
    s = summary[summary["geo_level"] == "region"]
    if s.empty:
        return empty_figure(lang)
    traces: list = []
    order = s[s["scenario"] == "open"].sort_values("population_share")["geo_code"].tolist()
    for scenario, colour, pattern in (("open", p.BLUE, ""), ("with_pipeline", p.ORANGE, "/")):
        f = s[s["scenario"] == scenario].set_index("geo_code").reindex(order)
        labels = [region_names.get(c, c) for c in f.index]
        hover = [
            f"<b>{plain_hover(n)}</b><br>{tr(lang, f'metric.scenario.{scenario}')}<br>"
            + tr(
                lang,
                "chart.coverage_hover",
                pop=format_percent(ps, lang),
                districts=format_percent(ds, lang),
                served=format_number(dsv, lang),
                total=format_number(dt, lang),
            )
            for n, ps, ds, dsv, dt in zip(
                labels,
                f["population_share"],
                f["district_share"],
                f["districts_served"],
                f["districts_total"],
                strict=True,
            )
        ]
        traces.append(
            go.Bar(
                y=labels,
                x=f["population_share"],
                orientation="h",
                name=tr(lang, f"metric.scenario.{scenario}"),
                marker={"color": colour, "pattern": {"shape": pattern}},
                hovertext=hover,
                hoverinfo="text",
            )
        )
    x_title = tr(lang, "chart.population_share")
    return _horizontal(traces, lang, title, 160 + 34 * len(order), x_title, xaxis={"range": [0, 100]}, barmode="group")


def network_timeline_figure(timeline: pd.DataFrame, lang: str, title: str) -> go.Figure:
    """Facilities open and in the pipeline at every month end (stacked areas by status)."""
    if timeline.empty:
        return empty_figure(lang)
    by = timeline.groupby(["date", "status"])["count"].sum().unstack(fill_value=0)
    traces: list = []
    for status in ("open", "under_construction", "design", "planned"):
        if status not in by.columns:
            continue
        label = tr(lang, f"facility.status.{status}")
        traces.append(
            go.Scatter(
                x=by.index,
                y=by[status],
                mode="lines",
                stackgroup="one",
                name=label,
                line={"width": 0.5},
                fillcolor=p.FACILITY_STATUS_COLOURS[status],
                line_color=p.FACILITY_STATUS_COLOURS[status],
                hovertext=[
                    f"<b>{label}</b><br>{format_date(d, lang)}: {format_number(v, lang)}"
                    for d, v in zip(by.index, by[status], strict=True)
                ],
                hoverinfo="text",
            )
        )
    return figure(
        traces,
        lang,
        title=title,
        height=340,
        xaxis=year_axis(by.index.min(), by.index.max()),
        yaxis={"title": {"text": unit_label("facilities", lang)}},
    )


def target_history_figure(history: pd.DataFrame, names: Mapping[str, str], lang: str, title: str) -> go.Figure:
    """Every stated version of the targets: value against the date it was set, labelled with its deadline."""
    h = history[history["value"].notna()].copy()
    if h.empty:
        return empty_figure(lang)
    h["x"] = pd.to_datetime(
        h["date_set"].astype(str).str.extract(r"(\d{4}(?:-\d{2})?(?:-\d{2})?)")[0], errors="coerce", format="mixed"
    )
    traces: list = []
    for i, (code, f) in enumerate(h.groupby("indicator_code", sort=False)):
        name = names.get(code, code)
        colour = FLOW_COLOURS[i % len(FLOW_COLOURS)]
        hover = [
            f"<b>{plain_hover(name)}</b><br>"
            + tr(
                lang,
                "chart.target_version_hover",
                value=format_number(r["value"], lang),
                date=str(r["date_set"]),
                year=format_year(r["target_year"], tr(lang, "chart.no_deadline")),
            )
            + "<br>"
            + tr(lang, "chart.version_current" if r["is_current"] else "chart.version_superseded")
            + (
                f"<br>{tr(lang, 'common.source')}: {plain_hover(str(r['source_title'])[:80])}"
                if r.get("source_title")
                else ""
            )
            for r in f.to_dict("records")
        ]
        traces.append(
            go.Scatter(
                x=f["x"],
                y=f["value"],
                mode="lines+markers+text",
                line={"shape": "hv", "color": colour},
                marker={
                    "size": 10,
                    "color": np.where(f["is_current"].astype(bool), colour, "white"),
                    "line": {"color": colour, "width": 2},
                },
                text=[format_year(y, "") for y in f["target_year"]],
                textposition="top center",
                name=name,
                hovertext=hover,
                hoverinfo="text",
            )
        )
    return figure(
        traces,
        lang,
        title=title,
        height=340,
        xaxis={"title": {"text": tr(lang, "chart.date_set")}, **year_axis(h["x"].min(), h["x"].max())},
        yaxis={"title": {"text": tr(lang, "chart.target_value")}},
    )


def facility_timeline_figure(
    segments: pd.DataFrame, labels: Mapping[str, str], lang: str, title: str, today: pd.Timestamp | None = None
) -> go.Figure:
    """Each facility's status history as a horizontal bar of coloured segments (first announcement to today)."""
    if segments.empty:
        return empty_figure(lang)
    s = segments.copy()
    s["label"] = s["facility_code"].map(lambda c: labels.get(c, c))  # plain: figure() escapes the tick labels
    order = s.groupby("label")["start"].min().sort_values(ascending=False).index.tolist()
    traces: list = []
    for status in p.FACILITY_STATUS_ORDER:
        f = s[s["status"] == status]
        if f.empty:
            continue
        name = tr(lang, f"facility.status.{status}")
        hover = []
        for r in f.to_dict("records"):
            lines = [
                f"<b>{plain_hover(r['label'])}</b>",
                f"{name}: {format_date(r['start'], lang)} – {format_date(r['end'], lang)}",
            ]
            if isinstance(r.get("expected_open"), str) and r["expected_open"]:
                lines.append(tr(lang, "chart.expected_open", when=format_period(r["expected_open"], lang)))
            if isinstance(r.get("source_title"), str) and r["source_title"]:
                lines.append(f"{tr(lang, 'common.source')}: {plain_hover(r['source_title'][:80])}")
            lines.append(f"{tr(lang, 'chart.data_status')}: {status_label(r.get('data_status'), lang)}")
            hover.append("<br>".join(lines))
        duration = (f["end"] - f["start"]).dt.total_seconds() * 1000
        traces.append(
            go.Bar(
                y=f["label"],
                x=duration.clip(lower=86_400_000 * 10),
                base=f["start"],
                orientation="h",
                name=name,
                marker={
                    "color": p.FACILITY_STATUS_COLOURS[status],
                    "pattern": {"shape": np.where(f["data_status"] == DEMO, "/", "")},
                },
                hovertext=hover,
                hoverinfo="text",
            )
        )
    shapes = [vline(today, p.MUTED, "dot", 1)] if today is not None else []
    return figure(
        traces,
        lang,
        title=title,
        height=max(260, 24 * len(order) + 120),
        barmode="overlay",
        shapes=shapes,
        xaxis=year_axis(s["start"].min(), s["end"].max()),
        yaxis={"type": "category", "categoryorder": "array", "categoryarray": order},
    )


def histogram(
    values: Sequence[float], lang: str, title: str, x_title: str, reference: float | None = None
) -> go.Figure:
    """A histogram (districts per bin) with an optional reference line."""
    v = pd.Series(values, dtype=float).dropna()
    if v.empty:
        return empty_figure(lang)
    traces: list = [
        go.Histogram(
            x=v,
            marker_color=p.BLUE,
            nbinsx=20,
            name=x_title,
            hovertemplate=f"{x_title}: %{{x}}<br>{tr(lang, 'chart.districts')}: %{{y}}<extra></extra>",
        )
    ]
    shapes = [vline(reference, p.VERMILLION)] if reference is not None and is_number(reference) else []
    return figure(
        traces,
        lang,
        title=title,
        height=300,
        legend=False,
        shapes=shapes,
        xaxis={"title": {"text": x_title}},
        yaxis={"title": {"text": tr(lang, "chart.districts")}},
    )
