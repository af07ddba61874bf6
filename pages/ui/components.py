"""Small Streamlit building blocks shared by the pages: a chart with its caption and downloads, badges, tables."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from pages.ui import downloads
from pages.ui import palette as p
from pages.ui.i18n import t

PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"], "scrollZoom": False}


def chart(
    fig: go.Figure,
    caption: str,
    data: pd.DataFrame | None,
    name: str,
    key: str,
    on_select: str = "ignore",
) -> object:
    """Draw a figure with its text alternative (the caption) and its data as CSV and Excel; return the event."""
    kwargs = {"on_select": on_select, "selection_mode": "points"} if on_select != "ignore" else {}
    event = st.plotly_chart(fig, key=f"chart.{key}", theme=None, config=PLOTLY_CONFIG, **kwargs)
    st.caption(caption)
    if data is not None:
        downloads.offer(data, name, key)
    return event


def table(df: pd.DataFrame, name: str, key: str, column_config: dict | None = None, height: int | str = "auto") -> None:
    """A table with its CSV and Excel downloads; numbers shown in the reader's format, fractions to 1 decimal
    (the downloads keep full precision)."""
    config = {}
    for c in df.columns:
        if pd.api.types.is_integer_dtype(df[c].dtype) and df[c].dropna().between(1900, 2100).all():
            config[c] = st.column_config.NumberColumn(format="%d")  # a year: no thousands separator
        elif pd.api.types.is_float_dtype(df[c].dtype) or pd.api.types.is_integer_dtype(df[c].dtype):
            config[c] = st.column_config.NumberColumn(format="localized")
    config.update(column_config or {})
    shown = df.copy()
    for c in shown.columns:
        if pd.api.types.is_float_dtype(shown[c].dtype):
            shown[c] = shown[c].round(1)
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        column_config=config,
        height=height,
        key=f"table.{key}",
        placeholder="–",
    )
    downloads.offer(df, name, key)


def _badge(text: str, bg: str, fg: str, icon: str = "") -> str:
    icon_html = f'<span aria-hidden="true">{html.escape(icon)} </span>' if icon else ""
    return (
        f'<span style="background:{bg};color:{fg};border-radius:0.6rem;padding:0.1rem 0.55rem;'
        f'font-size:0.85rem;font-weight:600;white-space:nowrap">{icon_html}{html.escape(text)}</span>'
    )


def status_badge(status: str) -> str:
    """A progress status as a coloured badge with an icon and the word (HTML)."""
    return _badge(
        t(f"status.{status}"),
        p.STATUS_COLOURS.get(status, p.GREY),
        p.STATUS_TEXT.get(status, "#000000"),
        p.STATUS_ICONS.get(status, ""),
    )


def data_badge(data_status: str | None) -> str:
    """The data status as an outlined badge; demonstration data say they are not real (HTML)."""
    if not isinstance(data_status, str) or not data_status:
        return ""
    if data_status == "demonstration":
        return _badge(t("badge.demonstration"), "#FFF4E0", "#7A4100", "⚠")
    return (
        f'<span style="border:1px solid {p.MUTED};color:{p.INK};border-radius:0.6rem;padding:0.05rem 0.5rem;'
        f'font-size:0.8rem;white-space:nowrap">{html.escape(t(f"status.{data_status}"))}</span>'
    )


def html_line(*parts: str) -> None:
    """Badges and text on one line (the parts are HTML the caller escaped)."""
    st.markdown(" ".join(x for x in parts if x), unsafe_allow_html=True)


def demo_note(shown: bool) -> None:
    """The one-line reminder that demonstration values are shown (and labelled) or hidden."""
    st.caption(t("common.demo_shown") if shown else t("common.demo_hidden"))
