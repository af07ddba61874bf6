"""Small Streamlit building blocks shared by the pages: a chart with its caption and downloads, badges, tables."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from app_pages.ui import downloads
from app_pages.ui.i18n import lang, t
from data.formatting import format_number
from data.plain import plain_html, web_address
from figures import palette as p
from figures import sprite

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
        # The chart's data as a table, within reach of the keyboard.
        _closed_section(
            t("chart.data_table"),
            key,
            lambda: st.dataframe(
                downloads.safe_frame(downloads.export_frame(data)), hide_index=True, key=f"chart_table.{key}"
            ),
        )
        downloads.offer(data, name, key)
    return event


def table_key(key: str) -> str:
    """The session-state key of whether a table's section is open (`chart(key=...)`, `table_section(key=...)`)."""
    return f"chart_table_open.{key}"


def _closed_section(title: str, key: str, draw: Callable[[], object]) -> None:
    """A closed section whose content is drawn only once it is opened (a rerun): a table in a closed section costs
    every first visit browser work (the map page's facility list: about a tenth of it) and, on the DOST page's
    eight, a fifth of the server's (docs/DEPLOY.md, "Load"), though few readers open it."""
    shown = st.expander(title, key=table_key(key), on_change="rerun")
    if shown.open:
        with shown:
            draw()


def sprite_url() -> str | None:
    """The absolute address of the map's facility sprite, served by this app from static/ (MapLibre needs an
    absolute URL: the browser's own origin and the server's base path); None when the browser's address is not
    known (AppTest), and the maps draw circles."""
    url = st.context.url
    if not url:
        return None
    parts = urlsplit(url)
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    path = "/".join(x for x in (base, "app/static", sprite.NAME) if x)
    return f"{parts.scheme}://{parts.netloc}/{path}"


def _is_year(col: pd.Series) -> bool:
    return pd.api.types.is_integer_dtype(col.dtype) and bool(col.dropna().between(1900, 2100).all())


def _number_format(lg: str, decimals: int | None) -> Callable[[object], str]:
    """A cell formatter in the reader's language (Azerbaijani `30 000`, `4,3`), whatever the browser's locale."""
    return lambda v: "–" if v is None or pd.isna(v) else format_number(v, lg, decimals)


def table(df: pd.DataFrame, name: str, key: str, column_config: dict | None = None, height: int | str = "auto") -> None:
    """A table with its CSV and Excel downloads; numbers shown in the chosen language's format (not the
    browser's), fractions to 1 decimal, years without separators (the downloads keep full precision).

    The numbers stay numbers (the formatted text is only what is displayed), so a column still sorts by value.
    """
    _grid(df, key, column_config, height)
    downloads.offer(df, name, key)


def table_section(title: str, df: pd.DataFrame, name: str, key: str, column_config: dict | None = None) -> None:
    """A table in a closed section, drawn only once the section is opened, as a chart's data table is; its CSV and
    Excel downloads under the section, offered whether it is open or not."""
    _closed_section(title, key, lambda: _grid(df, key, column_config))
    downloads.offer(df, name, key)


def _grid(df: pd.DataFrame, key: str, column_config: dict | None = None, height: int | str = "auto") -> None:
    lg = lang()
    formats: dict = {}
    for c in df.columns:
        col = df[c]
        if _is_year(col):
            formats[c] = lambda v: "" if v is None or pd.isna(v) else str(int(v))
        elif pd.api.types.is_float_dtype(col.dtype):
            formats[c] = _number_format(lg, 1 if (col.dropna() % 1 != 0).any() else 0)
        elif pd.api.types.is_integer_dtype(col.dtype):
            formats[c] = _number_format(lg, 0)
    shown = df.copy()
    for c in shown.columns:
        if pd.api.types.is_float_dtype(shown[c].dtype):
            shown[c] = shown[c].round(1)
    for c, config in (column_config or {}).items():  # a link from data only to a web address (never javascript:)
        if c in shown.columns and isinstance(config, dict) and config.get("type_config", {}).get("type") == "link":
            shown[c] = shown[c].map(web_address)
    data = shown.style.format(formats) if formats and shown.columns.is_unique else shown
    st.dataframe(
        data,
        hide_index=True,
        width="stretch",
        column_config=column_config,
        height=height,
        key=f"table.{key}",
        placeholder="–",
    )


def _badge(text: str, bg: str, fg: str, icon: str = "") -> str:
    icon_html = f'<span aria-hidden="true">{plain_html(icon)} </span>' if icon else ""
    return (
        f'<span style="background:{bg};color:{fg};border-radius:0.6rem;padding:0.1rem 0.55rem;'
        f'font-size:0.85rem;font-weight:600;white-space:nowrap">{icon_html}{plain_html(text)}</span>'
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
        f'font-size:0.8rem;white-space:nowrap">{plain_html(t(f"status.{data_status}"))}</span>'
    )


def html_line(*parts: str) -> None:
    """Badges and text on one line (the parts are HTML the caller escaped)."""
    st.markdown(" ".join(x for x in parts if x), unsafe_allow_html=True)


def with_demo_note(caption: str, data_status: pd.Series) -> str:
    """`caption` with the note that demonstration values are among those shown, when they are."""
    if (data_status == "demonstration").any():
        return f"{caption} {t('common.demo_caption')}"
    return caption


def link_column() -> dict:
    """The column_config of a table whose links column (targets.col.link) shows a short 'open' text."""
    return {t("targets.col.link"): st.column_config.LinkColumn(display_text=t("common.open_link"))}
