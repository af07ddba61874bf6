"""Presenter mode (Streamlit): one slide filling the window, the app's chrome hidden, keyboard navigation.

The slide is the very HTML the PDF prints (deck.html) with `--u` scaled to the window, so a
1920x1080 projector shows the PDF's page. Keys: st.button shortcuts (Right/Left, PageDown/PageUp, Esc); the
slide number lives in the URL (`slide`, from 1).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from app_pages.ui import cache
from app_pages.ui.i18n import t
from deck import html as deck_html
from deck.errors import ExportError
from deck.model import Deck
from deck.slide_figures import slide_figure

SLIDE_KEY = "slide"
NAV_KEY = "presenter_nav"
UNIT = "min(calc((100vw - 2rem) / 1920), calc((100vh - 1.5rem) / 1080))"
CHROME_CSS = f"""
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stSidebarNav"], header, footer
{{ display: none !important; }}
[data-testid="stMainBlockContainer"], .block-container
{{ padding: 0.75rem 1rem 0 1rem !important; max-width: 100% !important; }}
[data-testid="stAppViewContainer"] {{ background: #ffffff; }}
.deck.presenter .slide {{ margin: 0 auto; box-shadow: 0 0 0 1px #E5E7EB; }}
.deck.presenter .pageno {{ margin-right: 11rem; }}
.st-key-{NAV_KEY} {{ position: fixed; right: 1.2rem; bottom: 0.6rem; z-index: 999990; width: auto !important;
  background: #ffffff; border-radius: 0.5rem; padding: 0.15rem; box-shadow: 0 0 0 1px #E5E7EB; }}
.st-key-presenter_pgup, .st-key-presenter_pgdn {{ display: none !important; }}
"""


def hide_chrome() -> None:
    """Hide the sidebar, header and toolbar and set the slide's scale to the window (this page only)."""
    st.html(f"<style>{CHROME_CSS}{deck_html.css(UNIT, deck_html.SCREEN_FONTS)}</style>")


def current_index(total: int) -> int:
    """The slide shown (0-based) from the URL's `slide` (1-based), kept within the deck."""
    raw = st.query_params.get(SLIDE_KEY, "1")
    try:
        number = int(raw)
    except (TypeError, ValueError):
        number = 1
    return min(max(number, 1), max(total, 1)) - 1


def _go(index: int, total: int) -> None:
    """Button callback: show slide `index` (0-based, clamped)."""
    st.query_params[SLIDE_KEY] = str(min(max(index, 0), total - 1) + 1)


def navigation(index: int, total: int, on_exit: Callable[[], None]) -> None:
    """Previous / next / exit buttons with keyboard shortcuts, floating at the bottom right.

    PageUp / PageDown are hidden twins of ← / → (a button takes one shortcut), so they are never disabled.
    """
    buttons = (  # label, key, step, shortcut, help, disabled
        ("←", "presenter_prev", -1, "Left", "collegium.presenter.previous", index <= 0),
        ("→", "presenter_next", 1, "Right", "collegium.presenter.next", index >= total - 1),
        ("⇞", "presenter_pgup", -1, "PageUp", "collegium.presenter.first", False),
        ("⇟", "presenter_pgdn", 1, "PageDown", "collegium.presenter.last", False),
    )
    with st.container(key=NAV_KEY, horizontal=True, gap="small", width="content"):
        for label, key, step, shortcut, help_key, disabled in buttons:
            st.button(
                label,
                key=key,
                on_click=_go,
                args=(index + step, total),
                shortcut=shortcut,
                help=t(help_key),
                disabled=disabled,
            )
        if st.button(t("collegium.presenter.exit"), key="presenter_exit", shortcut="Escape"):
            on_exit()


def _interactive(deck: Deck, index: int, payload: dict[str, Any]) -> None:
    """The slide without its image: the text as HTML and the chart as an interactive plotly chart."""
    s = deck.slides[index]
    st.caption(t("collegium.presenter.no_image"))
    st.html(f'<div class="deck presenter">{deck_html.slide_html(s, deck, index)}</div>')
    fig = slide_figure(payload, deck.lang, s.chart) if s.chart else None
    if fig is not None:
        st.plotly_chart(fig, theme=None, key=f"presenter.chart.{s.key}")


def slide(deck: Deck, index: int, payload: dict[str, Any]) -> None:
    """Draw slide `index` of `deck` (its figure rendered server-side once and cached)."""
    s = deck.slides[index]
    png = None
    if s.chart:
        try:
            png = cache.slide_png(payload, deck.lang, s.chart)
        except ExportError:
            _interactive(deck, index, payload)
            return
    st.html(f'<div class="deck presenter">{deck_html.slide_html(s, deck, index, png)}</div>')
