"""Native, editable PowerPoint charts from the slides' plotly figures (python-pptx chart objects).

The deck's figures are built once (deck.slide_figures, from the frozen payload); this module reads their
traces and writes the same series as an XY chart whose data lives inside the .pptx (an embedded workbook),
so staff can click the chart in PowerPoint or LibreOffice and edit its numbers, colours and labels.

Rules:
- one chart series per drawn trace; a trace interrupted by a gap (None, as at a series break) becomes one
  series per part, so PowerPoint never draws a line across a break;
- the x axis holds dates (Excel serial days) formatted as years, ticks on 1 January, so a point sits where its
  date is on the axis, exactly as on the page;
- filled bands (the projection's prediction interval) become their two edges, dashed, named as in the figure;
- traces without numbers (legend-only entries, annotations) are left out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import pandas as pd
import plotly.graph_objects as go
from pptx.chart.data import XyChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION, XL_MARKER_STYLE
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.util import Pt

EXCEL_EPOCH = date(1899, 12, 30)
DEFAULT_COLOUR = "#1F4E79"


@dataclass(frozen=True)
class Series:
    """One chart series: its name, colour, whether it is drawn as a line, dashed, and its (date, value) points."""

    name: str
    colour: str
    line: bool
    dashed: bool
    points: tuple[tuple[date, float], ...]


def excel_serial(day: date) -> float:
    """Days since 1899-12-30 (the serial number spreadsheet charts use for dates)."""
    return float((day - EXCEL_EPOCH).days)


def _day(value: object) -> date | None:
    if value is None:
        return None
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        return None
    return None if pd.isna(stamp) else stamp.date()


def _number(value: object) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) or math.isinf(number) else number


def _colour(trace: go.Scatter) -> str:
    for candidate in (getattr(trace.line, "color", None), getattr(trace.marker, "color", None)):
        if isinstance(candidate, str) and candidate.startswith("#") and len(candidate) == 7:
            return candidate
    return DEFAULT_COLOUR


def series_of(fig: go.Figure) -> list[Series]:
    """The figure's drawn scatter traces as chart series (split at gaps; traces without dated numbers dropped)."""
    out: list[Series] = []
    for trace in fig.data:
        if trace.type != "scatter" or trace.x is None or trace.y is None:
            continue
        mode = trace.mode or "lines+markers"
        line = "lines" in mode
        dashed = bool(trace.fill) or (getattr(trace.line, "dash", None) not in (None, "solid"))
        parts: list[list[tuple[date, float]]] = [[]]
        for x, y in zip(trace.x, trace.y, strict=False):
            day, value = _day(x), _number(y)
            if day is None or value is None:
                if parts[-1]:
                    parts.append([])
                continue
            parts[-1].append((day, value))
        parts = [part for part in parts if part]
        name = str(trace.name or "")
        for i, part in enumerate(parts):
            label = name if len(parts) == 1 else f"{name} ({i + 1})"
            out.append(Series(label, _colour(trace), line, dashed, tuple(part)))
    return out


def _year_bounds(series: list[Series]) -> tuple[date, date]:
    """1 January before the first point and after the last (a year earlier when a point lies on 1 January, which
    the axis, starting a day later, would otherwise cut)."""
    days = [d for s in series for d, _ in s.points]
    first, last = min(days), max(days)
    start = date(first.year - (1 if first <= date(first.year, 1, 1) else 0), 1, 1)
    return start, date(last.year + 1, 1, 1)


def add_chart(slide, fig: go.Figure, box: tuple[int, int, int, int], title: str, font: str, language) -> object | None:
    """Add `fig` to `slide` as an editable XY chart at `box`; None when the figure has no dated numbers."""
    series = series_of(fig)
    if not series:
        return None
    data = XyChartData()
    for s in series:
        ser = data.add_series(s.name, number_format="#,##0.##")
        for day, value in s.points:
            ser.add_data_point(excel_serial(day), value)
    frame = slide.shapes.add_chart(XL_CHART_TYPE.XY_SCATTER_LINES, *box, data)
    chart = frame.chart
    chart.font.name = font
    chart.font.size = Pt(14)
    chart.has_title = True
    chart.chart_title.text_frame.text = title
    for para in chart.chart_title.text_frame.paragraphs:
        for run in para.runs:
            run.font.size = Pt(15)
            run.font.bold = True
            run.font.name = font
            run.font.language_id = language
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    chart.legend.font.size = Pt(12)
    start, end = _year_bounds(series)
    x_axis = chart.category_axis
    # Ticks fall every 365.25 days from the axis minimum: starting a day after 1 January keeps every tick on
    # 1 or 2 January through leap years, so each year's label stands at that year's start.
    x_axis.minimum_scale = excel_serial(start) + 1
    x_axis.maximum_scale = excel_serial(end) + 1
    years = end.year - start.year
    x_axis.major_unit = 365.25 * max(1, math.ceil(years / 10))
    x_axis.tick_labels.number_format = "yyyy"
    x_axis.tick_labels.number_format_is_linked = False
    x_axis.has_major_gridlines = False
    y_axis = chart.value_axis
    y_axis.tick_labels.number_format = "#,##0"
    y_axis.tick_labels.number_format_is_linked = False
    y_axis.has_major_gridlines = True
    for s, plot_series in zip(series, chart.plots[0].series, strict=True):
        colour = RGBColor.from_string(s.colour.lstrip("#").upper())
        plot_series.smooth = False
        if s.line:
            plot_series.format.line.color.rgb = colour
            plot_series.format.line.width = Pt(2.25)
            if s.dashed:
                plot_series.format.line.dash_style = MSO_LINE_DASH_STYLE.DASH
        else:
            plot_series.format.line.fill.background()
        plot_series.marker.style = XL_MARKER_STYLE.CIRCLE if len(s.points) < 40 else XL_MARKER_STYLE.NONE
        plot_series.marker.size = 7
        plot_series.marker.format.fill.solid()
        plot_series.marker.format.fill.fore_color.rgb = colour
        plot_series.marker.format.line.color.rgb = colour
    return chart
