"""The one formatting module: numbers, percents, dates, periods, signed changes and qualified quantities.

Babel formats for the locale; the product keeps Azerbaijani grouping with a no-break space (`30 000`, `4,3`)
instead of CLDR's dot, and a spaced percent sign (`45 %`). Month names and abbreviations come from babel
(CLDR); texts (quarters, qualifiers) come from the catalogue (`data/locales`, keys `period.*`, `quantity.*`).

Every function returns '–' for a missing value (None, NaN, infinite). Pages bind the language in
`app_pages/ui/i18n.py`; figures, the deck, the importer and the command-line tools call these directly.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from functools import cache

import pandas as pd
from babel import Locale
from babel.dates import format_date as _babel_date
from babel.dates import get_month_names
from babel.numbers import NumberPattern, parse_pattern

from data.i18n import normalise_language, translate

NBSP = "\u00a0"
MINUS = "\u2212"
MISSING = "–"
QUALIFIERS: tuple[str, ...] = ("exact", "approx", "more_than", "less_than", "up_to", "range")


def is_number(value: object) -> bool:
    """True when `value` is a real, finite number (not None, NaN, NA or infinite)."""
    if value is None or isinstance(value, (str, bool)):
        return False
    try:
        return not pd.isna(value) and math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(normalise_language(lang))


@cache
def _pattern(decimals: int) -> NumberPattern:
    return parse_pattern("#,##0" + ("." + "0" * decimals if decimals > 0 else ""))


def _default_decimals(v: float) -> int:
    """0 decimals for whole numbers and numbers of 100 or more, else 1."""
    return 0 if float(v).is_integer() or abs(v) >= 100 else 1


def _apply(v: float, lang: str, decimals: int) -> str:
    text = _pattern(decimals).apply(Decimal(v), _locale(lang))  # exact binary value, as Python rounds
    if normalise_language(lang) == "az":
        text = text.replace(".", NBSP)  # the product's grouping: a no-break space, not CLDR's dot
    return text


def format_number(value: object, lang: str, decimals: int | None = None) -> str:
    """A number for display: Azerbaijani `30 000` and `4,3`; English `30,000` and `4.3`; '–' when missing.

    Without `decimals`: none for whole numbers and numbers of 100 or more, else one.
    """
    if not is_number(value):
        return MISSING
    v = float(value)
    return _apply(v, lang, _default_decimals(v) if decimals is None else decimals)


def format_numbers(values: Iterable[object], lang: str, decimals: int | None = None) -> list[str]:
    """format_number over many values (one list of texts, same rules)."""
    return [format_number(v, lang, decimals) for v in values]


def format_percent(value: object, lang: str, decimals: int = 0) -> str:
    """A percentage (the value is in percent, 45 = 45 %): `45 %` (az) / `45%` (en)."""
    if not is_number(value):
        return MISSING
    return format_number(value, lang, decimals) + percent_suffix(lang)


def percent_suffix(lang: str) -> str:
    """What follows a number in percent: ' %' (az, with a no-break space) / '%' (en); also an axis' ticksuffix."""
    return NBSP + "%" if normalise_language(lang) == "az" else "%"


def format_value(value: object, unit: str | None, lang: str) -> str:
    """A value in its unit's style: a percentage (1 decimal when fractional) when the unit is percent."""
    if unit == "percent" and is_number(value):
        v = float(value)
        return format_percent(v, lang, 0 if v.is_integer() else 1)
    return format_number(value, lang)


def signed(value: object, lang: str, decimals: int | None = None) -> str:
    """A signed change: '+1 200', '−40' (a true minus sign); 0 without sign; '–' when missing.

    Without `decimals`: none from 10 up (and for 0), else one."""
    if not is_number(value):
        return MISSING
    v = float(value)
    if decimals is None:
        decimals = 0 if abs(v) >= 10 or v == 0 else 1
    shown = format_number(abs(v), lang, decimals)
    sign = "" if shown.strip("0,. \u00a0") == "" else "+" if v > 0 else MINUS if v < 0 else ""
    return sign + shown


def format_year(value: object, missing: str = MISSING) -> str:
    """A year as text without grouping ('2026'); `missing` when there is none."""
    return str(int(float(value))) if is_number(value) else missing


def format_size(n: int) -> str:
    """A file size as people read it: '515 bytes', '12.3 KB', '20 MB' (the same in both languages)."""
    if n < 1024:
        return f"{n} bytes"
    if n < 1048576:
        return f"{n / 1024:.1f} KB"
    return f"{n / 1048576:.1f}".removesuffix(".0") + " MB"


def plotly_separators(lang: str) -> str:
    """plotly's `separators` (decimal, then thousands) for the language."""
    return "," + NBSP if normalise_language(lang) == "az" else ".,"


# ------------------------------------------------------------------------------------------------ dates


def format_date(value: date | datetime | str | None, lang: str, fmt: str = "long") -> str:
    """A date in the language's style ('22 yanvar 2026' / 'January 22, 2026'); '–' when missing."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return MISSING
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        value = value.date()
    return _babel_date(value, fmt, locale=_locale(lang))


@cache
def month_abbreviations(lang: str) -> tuple[str, ...]:
    """The twelve abbreviated month names of the language (babel/CLDR): 'yan'... / 'Jan'..."""
    names = get_month_names("abbreviated", "format", locale=_locale(lang))
    return tuple(names[m] for m in range(1, 13))


def format_period(text: object, lang: str) -> str:
    """A period label: '2025', 'I rüb 2025' / 'Q1 2025', '2025, yan–avq' / 'Jan–Aug 2025', dates in full."""
    from data.periods import parse_period  # local: periods imports errors only

    lang = normalise_language(lang)
    try:
        p = parse_period(str(text))
    except Exception:  # noqa: BLE001 - an unparseable label is shown as published
        return str(text)
    months = month_abbreviations(lang)
    if p.type == "year":
        return p.text
    if p.type in ("quarter", "half"):
        return translate(f"period.{p.type}.{p.text[-1]}", lang, year=p.year)
    if p.type == "month":
        return f"{months[p.start.month - 1]} {p.year}"
    if p.type == "date":
        return format_date(p.start, lang, "medium")
    if p.start.year == p.end.year:
        span = f"{months[p.start.month - 1]}–{months[p.end.month - 1]}"
        return translate("period.span_in_year", lang, months=span, year=p.year)
    return f"{months[p.start.month - 1]} {p.start.year} – {months[p.end.month - 1]} {p.end.year}"


# ------------------------------------------------------------------------------------------------ qualifiers

# Azerbaijani case endings follow the vowel of the number's last spoken word (vowel harmony), a rule of the
# language: `10 000-dən` (min), `650 000-ə` (min), `6-dan` (altı), `20-yə` (iyirmi), `1 000 000-a` (milyon).
_UNITS = {1: "bir", 2: "iki", 3: "üç", 4: "dörd", 5: "beş", 6: "altı", 7: "yeddi", 8: "səkkiz", 9: "doqquz"}
_TENS = {1: "on", 2: "iyirmi", 3: "otuz", 4: "qırx", 5: "əlli", 6: "altmış", 7: "yetmiş", 8: "səksən", 9: "doxsan"}
_BACK = set("aıou")
_VOWELS = set("aıoueəiöü")


def _last_word(n: int) -> str:
    """The last spoken word of a whole number in Azerbaijani."""
    if n == 0:
        return "sıfır"
    for size, word in ((10**9, "milyard"), (10**6, "milyon"), (1000, "min"), (100, "yüz")):
        if n % size == 0:
            return word
    return _UNITS[n % 10] if n % 10 else _TENS[(n % 100) // 10]


def az_case(shown: str, case: str) -> str:
    """`shown` (a formatted number, or a percentage) with the Azerbaijani `ablative` or `dative` ending."""
    if shown.endswith("%"):
        word = "faiz"
    else:
        digits = shown.replace(NBSP, "").lstrip("~+" + MINUS + "-")
        whole, _, frac = digits.partition(",")
        word = _last_word(int(frac) if frac.strip("0") else int(whole or 0))
    back = next(ch for ch in reversed(word) if ch in _VOWELS) in _BACK
    if case == "ablative":
        return f"{shown}-{'dan' if back else 'dən'}"
    buffer = "y" if word[-1] in _VOWELS else ""
    return f"{shown}-{buffer}{'a' if back else 'ə'}"


_CASES = {"more_than": "ablative", "less_than": "ablative", "up_to": "dative"}


def format_quantity(
    value: object,
    lang: str,
    *,
    qualifier: str = "exact",
    low: object = None,
    high: object = None,
    unit: str | None = None,
    decimals: int | None = None,
) -> str:
    """A number with what it is: exact `10 000`, approx `~10 000`, more_than `more than 10 000` /
    `10 000-dən çox`, less_than, up_to `up to 650 000` / `650 000-ə qədər`, range `14 000–21 000`.

    `unit="percent"` writes percentages; other units are named by the caller (axis title, column header).
    A range takes `low` and `high` (either missing: the other one, qualified as more_than / up_to; both
    missing: `value`). The texts are the catalogue's `quantity.<qualifier>`; '–' when there is no number.
    """
    lang = normalise_language(lang)

    def shown(v: object) -> str:
        if unit == "percent" and is_number(v):
            d = decimals if decimals is not None else (0 if float(v).is_integer() else 1)
            return format_percent(v, lang, d)
        return format_number(v, lang, decimals)

    qualifier = qualifier if qualifier in QUALIFIERS else "exact"
    if qualifier == "range":
        if is_number(low) and is_number(high):
            return translate("quantity.range", lang, low=shown(low), high=shown(high))
        if is_number(low) or is_number(high):
            one_side = "more_than" if is_number(low) else "up_to"
            return format_quantity(
                low if is_number(low) else high, lang, qualifier=one_side, unit=unit, decimals=decimals
            )
        qualifier = "exact"
    text = shown(value)
    if qualifier == "exact" or text == MISSING:
        return text
    if lang == "az" and qualifier in _CASES:
        text = az_case(text, _CASES[qualifier])
    return translate(f"quantity.{qualifier}", lang, value=text)
