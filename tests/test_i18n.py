"""The translation catalogues are complete and the formatting follows each language's conventions."""

import json
import re
from datetime import date

import pytest

from data.i18n import LANGUAGES, catalogue_files, format_date, format_number, format_percent, format_period, translate


def load(lang):
    merged = {}
    for path in catalogue_files(lang):
        part = json.loads(path.read_text(encoding="utf-8"))
        dup = set(part) & set(merged)
        assert not dup, f"{path.name} repeats keys of another file: {sorted(dup)}"
        merged.update(part)
    return merged


def test_each_language_has_the_same_files():
    names = {lang: {p.name.split(".", 1)[1] for p in catalogue_files(lang)} for lang in LANGUAGES}
    assert names["az"] == names["en"]


def test_every_key_exists_in_every_language():
    keys = {lang: set(load(lang)) for lang in LANGUAGES}
    union = set().union(*keys.values())
    missing = {lang: sorted(union - k) for lang, k in keys.items() if union - k}
    assert not missing, f"keys missing from a catalogue: {missing}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_empty_texts_and_same_placeholders(lang):
    cat, other = load(lang), load("en" if lang == "az" else "az")
    assert all(v.strip() for v in cat.values()), "empty text"
    for k, v in cat.items():
        assert set(re.findall(r"{(\w+)}", v)) == set(re.findall(r"{(\w+)}", other[k])), k


def test_every_key_used_in_code_exists():
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    used = set()
    for path in [root / "app.py", *root.glob("pages/**/*.py"), *root.glob("metrics/**/*.py")]:
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']""", path.read_text(encoding="utf-8")))
    cat = load("az")
    assert not sorted(k for k in used if k not in cat)


def test_fallback_to_other_language_then_key(tmp_path, monkeypatch):
    assert translate("no.such.key", "az") == "no.such.key"
    assert translate("app.title", "xx") == translate("app.title", "az")


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
