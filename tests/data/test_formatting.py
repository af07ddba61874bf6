"""The one formatting module (data/formatting.py): each language's conventions, qualifiers, signed changes."""

from datetime import date

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from data.formatting import (
    MINUS,
    NBSP,
    QUALIFIERS,
    format_date,
    format_number,
    format_numbers,
    format_percent,
    format_period,
    format_quantity,
    format_year,
    month_abbreviations,
    signed,
)
from data.i18n import LANGUAGES, translate


def test_number_formats():
    assert format_number(30000, "az") == "30\u00a0000"
    assert format_number(4.3, "az") == "4,3"
    assert format_number(30000, "en") == "30,000"
    assert format_number(4.3, "en") == "4.3"
    assert format_number(None, "en") == "–"
    assert format_percent(45.0, "az") == "45\u00a0%"
    assert format_percent(45.0, "en") == "45%"


def test_dates_and_periods():
    assert format_date(date(2026, 1, 22), "az") == "22 yanvar 2026"
    assert format_date("2026-01-22", "en") == "January 22, 2026"
    assert format_period("2025-01..2025-08", "en") == "Jan–Aug 2025"
    assert format_period("2025-01..2025-08", "az") == "2025, yan–avq"
    assert format_period("2025-Q1", "az") == "I rüb 2025"
    assert format_period("not a period", "en") == "not a period"


def test_periods_of_every_kind():
    assert [format_period(x, "az") for x in ("2025", "2025-Q4", "2025-H2", "2025-03", "2024-11..2025-02")] == [
        "2025", "IV rüb 2025", "II yarımil 2025", "mar 2025", "noy 2024 – fev 2025"
    ]  # fmt: skip
    assert [format_period(x, "en") for x in ("2025-Q4", "2025-H2", "2025-03")] == ["Q4 2025", "H2 2025", "Mar 2025"]


def test_month_abbreviations_are_babels():
    assert month_abbreviations("az")[0] == "yan" and month_abbreviations("az")[7] == "avq"
    assert month_abbreviations("en") == (
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "May",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Oct",
        "Nov",
        "Dec",
    )


def test_year_text():
    assert format_year(2026.0) == "2026"
    assert format_year(None) == "–"
    assert format_year(float("nan"), "") == ""
    assert format_year(pd.NA) == "–"


def _obvious(value, lang, decimals=None):
    """The formatting written out by hand: Python's own rounding and grouping, then the language's symbols."""
    if value is None or not np.isfinite(value):
        return "–"
    v = float(value)
    d = decimals if decimals is not None else (0 if v.is_integer() or abs(v) >= 100 else 1)
    text = f"{v:,.{d}f}"
    return text.replace(",", NBSP).replace(".", ",") if lang == "az" else text


@settings(max_examples=80, deadline=None)
@given(st.lists(st.one_of(st.floats(-1e9, 1e9, allow_nan=False), st.integers(-(10**7), 10**7), st.just(float("nan")))))
def test_vectorised_number_format_matches_i18n(values):
    for lang in ("az", "en"):
        expected = [format_number(None if isinstance(v, float) and np.isnan(v) else v, lang) for v in values]
        assert format_numbers(np.array(values, dtype=float), lang) == expected


@settings(max_examples=200, deadline=None)
@given(st.floats(-1e12, 1e12, allow_nan=False), st.sampled_from([None, 0, 1, 2]))
def test_babel_formatting_equals_the_obvious_version(value, decimals):
    for lang in LANGUAGES:
        assert format_number(value, lang, decimals) == _obvious(value, lang, decimals)


def test_signed_changes():
    assert [signed(v, "az") for v in (1200, -40, 0, 0.5, None, float("nan"))] == [
        f"+1{NBSP}200", f"{MINUS}40", "0", "+0,5", "–", "–"
    ]  # fmt: skip
    assert signed(-2.25, "en") == f"{MINUS}2.2"


def test_quantities_as_the_product_writes_them():
    assert format_quantity(10000, "az", qualifier="approx") == f"~10{NBSP}000"
    assert format_quantity(10000, "az", qualifier="more_than") == f"10{NBSP}000-dən çox"
    assert format_quantity(10000, "en", qualifier="more_than") == "more than 10,000"
    assert format_quantity(650000, "en", qualifier="up_to") == "up to 650,000"
    assert format_quantity(650000, "az", qualifier="up_to") == f"650{NBSP}000-ə qədər"
    assert format_quantity(None, "en", qualifier="range", low=14000, high=21000) == "14,000–21,000"
    assert format_quantity(300, "az", qualifier="less_than") == "300-dən az"
    assert format_quantity(12.5, "en", qualifier="approx", unit="percent") == "~12.5%"
    assert format_quantity(None, "az", qualifier="approx") == "–"
    assert format_quantity(5, "en", qualifier="range", low=5) == "more than 5"
    assert format_quantity(7, "en") == "7" and format_quantity(7, "en", qualifier="nonsense") == "7"


@pytest.mark.parametrize(
    ("value", "ablative", "dative"),
    [
        (1, "1-dən", "1-ə"), (2, "2-dən", "2-yə"), (6, "6-dan", "6-ya"), (9, "9-dan", "9-a"), (10, "10-dan", "10-a"),
        (20, "20-dən", "20-yə"), (40, "40-dan", "40-a"), (100, "100-dən", "100-ə"),
        (1_000_000, f"1{NBSP}000{NBSP}000-dan", f"1{NBSP}000{NBSP}000-a"),
        (4.3, "4,3-dən", "4,3-ə"), (0, "0-dan", "0-a"),
    ],
)  # fmt: skip
def test_azerbaijani_case_endings_follow_the_last_spoken_word(value, ablative, dative):
    assert format_quantity(value, "az", qualifier="more_than") == f"{ablative} çox"
    assert format_quantity(value, "az", qualifier="up_to") == f"{dative} qədər"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_qualifier_has_its_text_in_every_language(lang):
    for q in QUALIFIERS[1:]:
        assert translate(f"quantity.{q}", lang) != f"quantity.{q}"
        text = format_quantity(123, lang, qualifier=q, low=100, high=150)
        assert "123" in text or ("100" in text and "150" in text)


def test_signed_with_fixed_decimals():
    assert [signed(v, "en", decimals=0) for v in (1, -3, 0, 1200, 0.4)] == ["+1", f"{MINUS}3", "0", "+1,200", "0"]
    assert signed(2.25, "az", decimals=2) == "+2,25"
