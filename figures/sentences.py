"""Sentences where they are shown: the progress sentence of each indicator and the message of each data-quality
finding, in both languages, from the keys and numbers the metrics return. Pages and the deck both use these.

Templates: `metric.sentence.*` (the key is progress's `sentence_key`) and `quality.message.*` (the key is the
report's `message_key`) in data/locales.
"""

from __future__ import annotations

import pandas as pd

from data.config import evidence_stale_months
from data.formatting import (
    format_date,
    format_number,
    format_numbers,
    format_percent,
    format_period,
    format_quantity,
    format_value,
    signed,
)
from data.i18n import LANGUAGES, translate
from metrics.evidence import is_stale
from metrics.figures import basis_words, deadline_words
from metrics.progress import sentence_key

SENTENCE_COLUMNS = [
    "indicator_code", "name_az", "name_en", "unit", "status", "latest_value", "latest_period", "target_value",
    "target_year", "target_year_assumed", "share_achieved", "projected_value", "pace_needed", "pace_observed",
    "is_partial", "partial_value", "partial_period", "partial_annualised", "achieved_by_partial", "sentence_key",
    "basis", "n_points", "first_year", "latest_year", "horizon_year", "target_kind", "latest_qualifier",
    "latest_value_low", "latest_value_high",
]  # fmt: skip


def _period(value: object, lang: str) -> str:
    return "–" if value is None or pd.isna(value) else format_period(str(value), lang)


def latest_quantity(row: dict, lang: str) -> str:
    """The latest value with its qualifier beside it ('~50 000', 'more than 10 000'; percent for a share)."""
    q = row.get("latest_qualifier")
    if not isinstance(q, str) or q in ("", "exact"):
        return format_value(row.get("latest_value"), row.get("unit"), lang)
    return format_quantity(
        row.get("latest_value"), lang, qualifier=q, low=row.get("latest_value_low"),
        high=row.get("latest_value_high"), unit=row.get("unit"),
    )  # fmt: skip


def evidence_text(evidence: object, shown: object, lang: str) -> str:
    """'latest evidence: 22 January 2026', with '(more than 6 months before 5 December 2026: stale)' when the
    evidence lies more than the EVIDENCE_STALE_MONTHS setting before the date the figure is shown for."""
    if evidence is None or (not isinstance(evidence, str) and pd.isna(evidence)):
        return ""
    text = translate("collegium.deck.evidence", lang, date=format_date(pd.Timestamp(evidence).date(), lang))
    if is_stale(evidence, shown):
        when = format_date(pd.Timestamp(shown).date(), lang)
        text += " " + translate("collegium.deck.stale", lang, date=when, months=evidence_stale_months())
    return text


def deadline_text(row: dict, lang: str) -> str:
    """The target's deadline as words (metrics.figures.deadline_words: one rule for pages, deck and data)."""
    return deadline_words(row, lang)


def basis_text(row: dict, lang: str) -> str:
    """How the verdict was reached, in words (metrics.figures.basis_words)."""
    return basis_words(row, lang)


def sentence(row: dict, lang: str) -> str:
    """The sentence for one progress row in `lang`, with the partial-year note appended when there is one."""
    unit = row.get("unit")
    params = {
        "name": row.get(f"name_{lang}") or row["indicator_code"],
        "value": latest_quantity(row, lang),
        "period": _period(row.get("latest_period"), lang),
        "target": format_value(row.get("target_value"), unit, lang),
        "target_year": deadline_text(row, lang),
        "share": format_percent(row.get("share_achieved"), lang),
        "projected": format_value(row.get("projected_value"), unit, lang),
        "pace_needed": signed(row.get("pace_needed"), lang),
        "pace_observed": signed(row.get("pace_observed"), lang),
        "partial_period": _period(row.get("partial_period"), lang) if row.get("is_partial") else "–",
    }
    text = translate(row.get("sentence_key") or sentence_key(row), lang, **params)
    if row.get("is_partial"):
        text += " " + translate(
            "metric.sentence.partial",
            lang,
            value=format_number(row.get("partial_value"), lang),
            period=_period(row.get("partial_period"), lang),
            annualised=format_number(row.get("partial_annualised"), lang),
        )
    basis = basis_text(row, lang)
    return f"{text} {basis}" if basis else text


def add_sentences(progress: pd.DataFrame) -> pd.DataFrame:
    """A copy of a progress table (metrics.progress.progress) with sentence_az and sentence_en."""
    out = progress.copy()
    records = out[[c for c in SENTENCE_COLUMNS if c in out.columns]].to_dict("records")
    for lang in LANGUAGES:
        out[f"sentence_{lang}"] = [sentence(r, lang) for r in records]
    return out


# ------------------------------------------------------------------------------------------ quality messages


def _texts(f: pd.DataFrame, column: str) -> list[str]:
    """A column as display strings ('' for missing; whole floats without '.0')."""
    if column not in f:
        return [""] * len(f)
    col = f[column]
    if col.isna().all():
        return [""] * len(f)
    return ["" if pd.isna(v) else str(int(v)) if isinstance(v, float) and v.is_integer() else str(v) for v in col]


def geo_names(districts: pd.DataFrame, economic_regions: pd.DataFrame | None, lang: str) -> dict[str, str]:
    """geo code -> name in `lang` for districts, economic regions and the country."""
    column = f"name_{lang}"
    names = dict(zip(districts["code"], districts[column], strict=True)) if column in districts else {}
    if economic_regions is not None and column in economic_regions:
        names.update(zip(economic_regions["code"], economic_regions[column], strict=True))
    names["AZ"] = translate("metric.country", lang)
    return names


def quality_messages(report: pd.DataFrame, lang: str, indicators: pd.DataFrame, names: dict[str, str]) -> list[str]:
    """The message of every finding of a quality report (metrics.quality.quality_report) in `lang`;
    names: geo code -> name (geo_names)."""
    f = report
    value, expected = format_numbers(f["value"], lang), format_numbers(f["expected"], lang)
    z = format_numbers(f["z"], lang, 1) if "z" in f else ["–"] * len(f)
    extra = [_texts(f, c) for c in ("parts", "first", "last", "reported", "total")]
    ind_names = dict(zip(indicators["code"], indicators[f"name_{lang}"], strict=True))
    ind = [ind_names.get(c) or c for c in f["indicator_code"]]
    geo = [names.get(g, g) for g in f["geo_code"]]
    periods = {p: format_period(str(p), lang) for p in pd.unique(f["period"])}
    templates = {k: translate(f"quality.message.{k}", lang) for k in pd.unique(f["message_key"])}
    return [
        templates[k].format(
            indicator=i,
            geo=g,
            period=periods[p],
            value=v,
            expected=e,
            median=e,
            z=zz,
            parts=pa,
            first=fi,
            last=la,
            reported=re,
            total=to,
        )  # fmt: skip
        for k, i, g, p, v, e, zz, pa, fi, la, re, to in zip(
            f["message_key"], ind, geo, f["period"], value, expected, z, *extra, strict=True
        )
    ]


def add_messages(
    report: pd.DataFrame,
    indicators: pd.DataFrame,
    districts: pd.DataFrame,
    economic_regions: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """A copy of a quality report with message_az and message_en."""
    out = report.copy()
    demo = (out["data_status"] == "demonstration").to_numpy() if "data_status" in out else [False] * len(out)
    for lang in LANGUAGES:
        messages = quality_messages(out, lang, indicators, geo_names(districts, economic_regions, lang))
        note = translate("quality.on_demonstration", lang)
        out[f"message_{lang}"] = [f"{m} {note}" if d else m for m, d in zip(messages, demo, strict=True)]
    return out
