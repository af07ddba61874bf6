"""The translation catalogue (data/locales/<lang>.json) and `translate`; formatting is in data/formatting.py.

Azerbaijani is the default language, English the second. A missing key falls back to the other language,
then to the key itself; tests/test_i18n.py fails on any key missing from a catalogue.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

LANGUAGES: tuple[str, ...] = ("az", "en")
DEFAULT_LANGUAGE = "az"
LOCALES_DIR = Path(__file__).resolve().parent / "locales"


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
