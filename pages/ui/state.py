"""View state shared through the URL (st.query_params), so that a copied link opens the same view."""

from __future__ import annotations

import streamlit as st

from data.i18n import normalise_language
from pages.ui.i18n import LANG_KEY

DEMO_KEY = "show_demo"
URL_KEYS = (LANG_KEY, DEMO_KEY)


def init() -> None:
    """On a session's first run, take the language and data-status switch from the URL."""
    if LANG_KEY not in st.session_state:
        st.session_state[LANG_KEY] = normalise_language(st.query_params.get(LANG_KEY))
    if DEMO_KEY not in st.session_state:
        st.session_state[DEMO_KEY] = st.query_params.get(DEMO_KEY, "1") != "0"


def sync_url(**extra: str | None) -> None:
    """Write the shared view state (and a page's own `extra` keys) into the URL."""
    st.query_params[LANG_KEY] = st.session_state[LANG_KEY]
    st.query_params[DEMO_KEY] = "1" if st.session_state[DEMO_KEY] else "0"
    for k, v in extra.items():
        if v is None or v == "":
            st.query_params.pop(k, None)
        else:
            st.query_params[k] = str(v)


def url_value(key: str, default: str | None = None) -> str | None:
    """A page-specific value from the URL."""
    return st.query_params.get(key, default)


def show_demo() -> bool:
    """Whether demonstration data are shown."""
    return bool(st.session_state.get(DEMO_KEY, True))


def statuses() -> tuple[str, ...]:
    """The data statuses the current view shows."""
    base = ("reported", "official")
    return (*base, "demonstration") if show_demo() else base
