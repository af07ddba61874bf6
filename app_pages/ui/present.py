"""Presenter mode (Streamlit): one slide filling the window, the app's chrome hidden, keyboard navigation.

The slide is the very HTML the PDF prints (deck.html) with `--u` scaled to the window, so a
1920x1080 projector shows the PDF's page. Keys: st.button shortcuts (Right/Left, PageDown/PageUp, Esc); the
slide number lives in the URL (`slide`, from 1); "Go to slide" (a number field, Enter) jumps to any slide.

The speaker-notes window is the same page with `view=notes` in the URL: the current slide's notes, the next
slide (title and a small picture of it) and a timer. It follows the presenter window: the presenter window
publishes its slide number under (user, deck) in one process-wide table (`published`), and the notes window
looks at it every second (st.fragment(run_every=1)) and moves when it changes.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import streamlit as st

from app_pages.ui import cache
from app_pages.ui.i18n import t
from data.plain import plain_html as escape
from deck import html as deck_html
from deck.errors import ExportError
from deck.model import Deck
from deck.slide_figures import slide_figure

SLIDE_KEY = "slide"
VIEW_KEY = "view"
NOTES_VIEW = "notes"
NAV_KEY = "presenter_nav"
JUMP_KEY = "presenter_jump"
TIMER_KEY = "presenter_notes_started"
THUMB_UNIT = "0.28px"  # the next slide's picture in the notes window: 1920 slide px -> ~540 px
UNIT = "min(calc((100vw - 2rem) / 1920), calc((100vh - 1.5rem) / 1080))"
CHROME_CSS = f"""
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stSidebarNav"], header, footer
{{ display: none !important; }}
[data-testid="stMainBlockContainer"], .block-container
{{ padding: 0.75rem 1rem 0 1rem !important; max-width: 100% !important; }}
[data-testid="stAppViewContainer"] {{ background: #ffffff; }}
.deck.presenter .slide {{ margin: 0 auto; box-shadow: 0 0 0 1px #E5E7EB; }}
.deck.presenter .pageno {{ margin-right: 15rem; }}
.deck.thumb .slide {{ box-shadow: 0 0 0 1px #9CA3AF; }}
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
    number = min(max(index, 0), total - 1) + 1
    st.query_params[SLIDE_KEY] = str(number)


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
        st.session_state[JUMP_KEY] = index + 1  # the field shows the slide shown, however it was reached
        with st.popover("#", help=t("collegium.presenter.jump")):
            st.number_input(
                t("collegium.presenter.jump"),
                min_value=1,
                max_value=max(total, 1),
                step=1,
                key=JUMP_KEY,
                on_change=_jump,
                args=(total,),
                help=t("collegium.presenter.jump_help"),
            )
            st.link_button(t("collegium.presenter.notes_open"), notes_url(index), icon=":material/speaker_notes:")
        if st.button(t("collegium.presenter.exit"), key="presenter_exit", shortcut="Escape"):
            on_exit()


def _jump(total: int) -> None:
    """Number-field callback: show the slide typed (1-based, clamped)."""
    value = st.session_state.get(JUMP_KEY)
    if value is not None:
        _go(int(value) - 1, total)


def notes_url(index: int) -> str:
    """The address of the speaker-notes window for slide `index` (0-based), keeping the URL's other keys."""
    params = {k: v for k, v in st.query_params.to_dict().items() if k not in (SLIDE_KEY, VIEW_KEY)}
    params |= {SLIDE_KEY: str(index + 1), VIEW_KEY: NOTES_VIEW}
    return "presenter?" + "&".join(f"{k}={v}" for k, v in params.items())


@st.cache_resource
def _positions() -> tuple[dict[tuple[str, str], int], threading.Lock]:
    """The slide each presenter window shows, by (user, deck), shared by the sessions of this server process."""
    return {}, threading.Lock()


def publish(owner: tuple[str, str], index: int) -> None:
    """Record that the presenter window of `owner` (user, deck) shows slide `index` (0-based)."""
    table, lock = _positions()
    with lock:
        table[owner] = index


def published(owner: tuple[str, str]) -> int | None:
    """The slide the presenter window of `owner` shows (None when no presenter window has shown one)."""
    table, lock = _positions()
    with lock:
        return table.get(owner)


def elapsed_text(seconds: float) -> str:
    """'mm:ss' (or 'h:mm:ss' past an hour) of a timer."""
    s = max(int(seconds), 0)
    h, rest = divmod(s, 3600)
    return f"{h}:{rest // 60:02d}:{rest % 60:02d}" if h else f"{rest // 60:02d}:{rest % 60:02d}"


def _restart_timer() -> None:
    """Button callback: the timer counts from now."""
    st.session_state[TIMER_KEY] = time.time()


@st.fragment(run_every=1)
def _timer_and_follow(owner: tuple[str, str], index: int, total: int) -> None:
    """The elapsed time, redrawn every second; moves the notes window when the presenter window has moved."""
    st.session_state.setdefault(TIMER_KEY, time.time())
    st.markdown(
        f"### {t('collegium.presenter.timer', elapsed=elapsed_text(time.time() - st.session_state[TIMER_KEY]))}"
    )
    shown = published(owner)
    if shown is not None and shown != index and 0 <= shown < total:
        st.query_params[SLIDE_KEY] = str(shown + 1)
        st.rerun()


def notes_view(deck: Deck, index: int, owner: tuple[str, str], next_png: bytes | None = None) -> None:
    """The speaker-notes window: this slide's notes, the next slide and a timer (follows the presenter window)."""
    total = len(deck.slides)
    s = deck.slides[index]
    st.subheader(t("collegium.presenter.notes_title", number=index + 1, total=total))
    st.html(f'<h2 style="margin:0">{escape(s.title)}</h2>')
    notes = s.notes or t("collegium.presenter.notes_none")
    st.html(f'<div class="speaker-notes" style="font-size:1.5rem;line-height:1.45">{escape(notes)}</div>')
    _timer_and_follow(owner, index, total)
    st.button(t("collegium.presenter.timer_reset"), key="presenter_timer_reset", on_click=_restart_timer)
    if index + 1 < total:
        nxt = deck.slides[index + 1]
        st.html(f'<h3 style="margin:0">{escape(t("collegium.presenter.next_slide", title=nxt.title))}</h3>')
        st.html(
            f'<div class="deck thumb" style="--u:{THUMB_UNIT}">'
            f"{deck_html.slide_html(nxt, deck, index + 1, next_png)}</div>"
        )
    else:
        st.caption(t("collegium.presenter.last_slide"))
    st.caption(t("collegium.presenter.in_step"))


def _interactive(deck: Deck, index: int, payload: dict[str, Any]) -> None:
    """The slide without its image: the text as HTML and the chart as an interactive plotly chart."""
    s = deck.slides[index]
    st.caption(t("collegium.presenter.no_image"))
    st.html(f'<div class="deck presenter">{deck_html.slide_html(s, deck, index)}</div>')
    fig = slide_figure(payload, deck.lang, s.chart) if s.chart else None
    if fig is not None:
        st.plotly_chart(fig, theme=None, key=f"presenter.chart.{s.key}")


def slide_png(deck: Deck, index: int, payload: dict[str, Any]) -> bytes | None:
    """The picture of slide `index`'s figure (None when it has none or it could not be rendered)."""
    s = deck.slides[index]
    if not s.chart:
        return None
    try:
        return cache.slide_png(payload, deck.lang, s.chart)
    except ExportError:
        return None


def slide(deck: Deck, index: int, payload: dict[str, Any], state: tuple[str, str] | None = None) -> None:
    """Draw slide `index` of `deck` (its figure rendered server-side once and cached); `state`: the figures'
    live/frozen state shown inside the slide."""
    s = deck.slides[index]
    png = None
    if s.chart:
        try:
            png = cache.slide_png(payload, deck.lang, s.chart)
        except ExportError:
            _interactive(deck, index, payload)
            return
    st.html(f'<div class="deck presenter">{deck_html.slide_html(s, deck, index, png, state)}</div>')
