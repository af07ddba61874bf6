"""The translation function bound to the language chosen in the sidebar."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from data import formatting
from data import i18n as catalogue
from data.plain import plain_markdown

LANG_KEY = "lang"
LANGUAGE_LABELS = {"az": "Azərbaycanca", "en": "English"}


def lang() -> str:
    """The current language: the sidebar's choice, else the URL's, else Azerbaijani."""
    chosen = st.session_state.get(LANG_KEY) or st.query_params.get(LANG_KEY)
    return catalogue.normalise_language(chosen)


def t(key: str, **params: object) -> str:
    """Translate `key` into the current language."""
    return catalogue.translate(key, lang(), **params)


def num(value: float | int | None, decimals: int | None = None) -> str:
    """A number formatted for the current language."""
    return formatting.format_number(value, lang(), decimals)


def pct(value: float | None, decimals: int = 0) -> str:
    """A percentage formatted for the current language."""
    return formatting.format_percent(value, lang(), decimals)


def period(text: str) -> str:
    """A period label in the current language."""
    return formatting.format_period(text, lang())


def day(value) -> str:
    """A date in the current language."""
    return formatting.format_date(value, lang())


def md(text: object) -> str:
    """Text from data (names, notes, source titles) for anything Streamlit renders as Markdown: shown as typed."""
    return plain_markdown(text)


def name(row, base: str = "name") -> str:
    """The `name_<lang>` field of a row or dict, falling back to Azerbaijani."""
    value = row.get(f"{base}_{lang()}") if hasattr(row, "get") else None
    return value or row.get(f"{base}_az") or ""


def labeller(prefix: str, options) -> Callable[[object], str]:
    """A format_func for a widget: each option's text `<prefix>.<option>`, translated now.

    Widgets call format_func again outside the script run (AppTest, for instance), where the session's
    language cannot be read: the texts are therefore looked up once, when the widget is drawn.
    """
    texts = {o: t(f"{prefix}.{o}") for o in options}
    return lambda o: texts.get(o, str(o))
