"""The translation catalogues are complete (formatting: tests/data/test_formatting.py)."""

import json
import re

import pytest

from data.i18n import LANGUAGES, catalogue_files, translate


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
    for path in [root / "app.py", *root.glob("app_pages/**/*.py"), *root.glob("metrics/**/*.py")]:
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']""", path.read_text(encoding="utf-8")))
    cat = load("az")
    assert not sorted(k for k in used if k not in cat)


def test_fallback_to_other_language_then_key(tmp_path, monkeypatch):
    assert translate("no.such.key", "az") == "no.such.key"
    assert translate("app.title", "xx") == translate("app.title", "az")
