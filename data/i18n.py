"""The translation catalogue (data/locales/<lang>.json) and number, date and period formatting.

Azerbaijani is the default language, English the second. A missing key falls back to the other language,
then to the key itself; tests/test_i18n.py fails on any key missing from a catalogue.
"""

from __future__ import annotations

import json
import math
from datetime import date, datetime
from functools import cache
from pathlib import Path

import pandas as pd
from babel.dates import format_date as _babel_date

LANGUAGES: tuple[str, ...] = ("az", "en")
DEFAULT_LANGUAGE = "az"
LOCALES_DIR = Path(__file__).resolve().parent / "locales"
NBSP = "\u00a0"

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
MONTHS_SHORT = {
    "az": ["yan", "fev", "mar", "apr", "may", "iyn", "iyl", "avq", "sen", "okt", "noy", "dek"],
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
}


def catalogue_files(lang: str) -> list[Path]:
    """The files of one language: `<lang>.json` plus one `<lang>.<part>.json` per part of the product."""
    return sorted(LOCALES_DIR.glob(f"{lang}.json")) + sorted(LOCALES_DIR.glob(f"{lang}.*.json"))


@cache
def catalogue(lang: str) -> dict[str, str]:
    """The flat key -> text mapping of one language (all its files merged)."""
    merged: dict[str, str] = {}
    for path in catalogue_files(lang):
        merged.update(json.loads(path.read_text(encoding="utf-8")))
    return merged


def normalise_language(lang: str | None) -> str:
    """A supported language code (default: Azerbaijani)."""
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def translate(key: str, lang: str, **params: object) -> str:
    """The text for `key` in `lang`, formatted with `params`; falls back to the other language, then the key."""
    lang = normalise_language(lang)
    text = catalogue(lang).get(key)
    if text is None:
        other = next(x for x in LANGUAGES if x != lang)
        text = catalogue(other).get(key, key)
    if params:
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return text
    return text


def format_number(value: float | int | None, lang: str, decimals: int | None = None) -> str:
    """A number for display: Azerbaijani `30 000` and `4,3`; English `30,000` and `4.3`; '–' when missing."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)) or pd.isna(value):
        return "–"
    if decimals is None:
        decimals = 0 if float(value).is_integer() or abs(value) >= 100 else 1
    text = f"{float(value):,.{decimals}f}"
    if normalise_language(lang) == "az":
        text = text.replace(",", NBSP).replace(".", ",")
    return text


def format_percent(value: float | None, lang: str, decimals: int = 0) -> str:
    """A percentage: `45 %` (az) / `45%` (en)."""
    if value is None or pd.isna(value):
        return "–"
    number = format_number(value, lang, decimals)
    return f"{number}{NBSP}%" if normalise_language(lang) == "az" else f"{number}%"


def format_date(value: date | datetime | str | None, lang: str, fmt: str = "long") -> str:
    """A date in the language's style ('22 yanvar 2026' / 'January 22, 2026')."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "–"
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        value = value.date()
    return _babel_date(value, fmt, locale=normalise_language(lang))


def format_period(text: str, lang: str) -> str:
    """A period label: '2025', 'I rüb 2025' / 'Q1 2025', '2025, yan–avq' / 'Jan–Aug 2025', dates in full."""
    from data.periods import parse_period  # local: periods imports errors only

    lang = normalise_language(lang)
    try:
        p = parse_period(text)
    except Exception:  # noqa: BLE001 - an unparseable label is shown as published
        return str(text)
    months = MONTHS_SHORT[lang]
    if p.type == "year":
        return p.text
    if p.type == "quarter":
        q = p.text[-1]
        return f"{ROMAN[int(q)]} rüb {p.year}" if lang == "az" else f"Q{q} {p.year}"
    if p.type == "half":
        h = p.text[-1]
        return f"{ROMAN[int(h)]} yarımil {p.year}" if lang == "az" else f"H{h} {p.year}"
    if p.type == "month":
        return f"{months[p.start.month - 1]} {p.year}"
    if p.type == "date":
        return format_date(p.start, lang, "medium")
    if p.start.year == p.end.year:
        span = f"{months[p.start.month - 1]}–{months[p.end.month - 1]}"
        return f"{p.year}, {span}" if lang == "az" else f"{span} {p.year}"
    a = f"{months[p.start.month - 1]} {p.start.year}"
    b = f"{months[p.end.month - 1]} {p.end.year}"
    return f"{a} – {b}"
