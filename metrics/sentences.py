"""One generated sentence per indicator and language (templates: `metric.sentence.*` in data/locales)."""

from __future__ import annotations

import math

import pandas as pd

from data.i18n import LANGUAGES, format_number, format_percent, format_period, translate

MINUS = "\u2212"
SENTENCE_COLUMNS = [
    "indicator_code", "name_az", "name_en", "unit", "status", "latest_value", "latest_period", "target_value",
    "target_year", "target_year_assumed", "share_achieved", "projected_value", "pace_needed", "pace_observed",
    "is_partial", "partial_value", "partial_period", "partial_annualised", "achieved_by_partial",
]  # fmt: skip


def _num(value: object, lang: str) -> str:
    """A number in the language's style; '–' when missing."""
    return format_number(None if value is None or pd.isna(value) else float(value), lang)


def _signed(value: object, lang: str) -> str:
    """A signed number ('+1 200', '−40'); '–' when missing."""
    if value is None or pd.isna(value) or not math.isfinite(float(value)):
        return "–"
    v = float(value)
    sign = "+" if v > 0 else MINUS if v < 0 else ""
    return sign + format_number(abs(v), lang, decimals=0 if abs(v) >= 10 else 1)


def _value(value: object, unit: object, lang: str) -> str:
    """A value, as a percentage when the unit is percent."""
    if unit == "percent" and value is not None and not pd.isna(value):
        return format_percent(float(value), lang, decimals=1 if float(value) % 1 else 0)
    return _num(value, lang)


def _year(value: object) -> str:
    """A year as text ('–' when missing)."""
    return "–" if value is None or pd.isna(value) else str(int(value))


def template_key(row: dict) -> str:
    """The template for a progress row: by status, with variants for a missed deadline and a single point."""
    status = row["status"]
    has_value = row.get("latest_value") is not None and not pd.isna(row.get("latest_value"))
    if status == "achieved" and row.get("achieved_by_partial"):
        return "metric.sentence.achieved_partial"
    if status == "achieved" and row.get("target_year_assumed"):
        return "metric.sentence.achieved_no_year"
    if status == "no_target":
        return "metric.sentence.no_target" if has_value else "metric.sentence.no_target_no_data"
    if status in ("at_risk", "off_track"):
        if pd.isna(row.get("projected_value")):
            return "metric.sentence.missed"
        if pd.isna(row.get("pace_observed")):
            return "metric.sentence.flat"
    return f"metric.sentence.{status}"


def sentence(row: dict, lang: str) -> str:
    """The sentence for one progress row in `lang`, with the partial-year note appended when there is one."""
    unit = row.get("unit")
    params = {
        "name": row.get(f"name_{lang}") or row["indicator_code"],
        "value": _value(row.get("latest_value"), unit, lang),
        "period": format_period(str(row["latest_period"]), lang) if not pd.isna(row.get("latest_period")) else "–",
        "target": _value(row.get("target_value"), unit, lang),
        "target_year": _year(row.get("target_year")),
        "share": format_percent(row.get("share_achieved"), lang),
        "projected": _value(row.get("projected_value"), unit, lang),
        "pace_needed": _signed(row.get("pace_needed"), lang),
        "pace_observed": _signed(row.get("pace_observed"), lang),
        "partial_period": format_period(str(row["partial_period"]), lang) if row.get("is_partial") else "–",
    }
    text = translate(template_key(row), lang, **params)
    if row.get("is_partial"):
        text += " " + translate(
            "metric.sentence.partial",
            lang,
            value=_num(row.get("partial_value"), lang),
            period=format_period(str(row["partial_period"]), lang),
            annualised=_num(row.get("partial_annualised"), lang),
        )
    return text


def add_sentences(progress: pd.DataFrame) -> pd.DataFrame:
    """A copy of a progress table with sentence_az and sentence_en."""
    out = progress.copy()
    records = out[[c for c in SENTENCE_COLUMNS if c in out.columns]].to_dict("records")
    for lang in LANGUAGES:
        out[f"sentence_{lang}"] = [sentence(r, lang) for r in records]
    return out
