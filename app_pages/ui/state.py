"""View state shared through the URL (st.query_params), so that a copied link opens the same view."""

from __future__ import annotations

from datetime import date

import streamlit as st

from app_pages.ui.i18n import LANG_KEY
from data.i18n import normalise_language

DEMO_KEY = "show_demo"


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


def seed(key: str, url_key: str, valid: list | tuple | set, default: object) -> None:
    """Give the widget `key` its first value from the URL (`url_key`) when valid, else `default`.

    Called before the widget is drawn; a value the widget already holds is kept unless it is no longer valid.
    """
    if key not in st.session_state:
        value = url_value(url_key)
        st.session_state[key] = value if value in valid else default
    elif st.session_state[key] not in valid:
        st.session_state[key] = default


def seed_list(key: str, url_key: str, valid: list | tuple | set, default: list | None = None) -> None:
    """Like `seed` for a multiselect: the URL holds a comma-separated list; unknown items are dropped."""
    if key not in st.session_state:
        raw = url_value(url_key)
        if raw is None:
            st.session_state[key] = list(default or [])
        else:  # present in the URL: its items, even none ("none" or "")
            st.session_state[key] = [x for x in raw.split(",") if x in valid]
    else:
        st.session_state[key] = [x for x in st.session_state[key] if x in valid]


def seed_date(key: str, url_key: str, first: date, last: date, default: date) -> None:
    """Like `seed` for a date (ISO text in the URL), kept within [first, last]."""
    if key not in st.session_state:
        raw = url_value(url_key)
        try:
            value = date.fromisoformat(raw) if raw else default
        except ValueError:
            value = default
        st.session_state[key] = min(max(value, first), last)


def joined(items: list | tuple | None) -> str | None:
    """A list as the URL holds it (comma-separated; None when empty)."""
    return ",".join(str(x) for x in items) if items else None
