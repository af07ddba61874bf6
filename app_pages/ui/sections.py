"""Page sections that several thematic pages share: the indicator series with its targets, the target history."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from app_pages.ui import cache, components, state
from app_pages.ui.i18n import day, lang, md, name, period, t
from figures import charts, frames
from figures.sentences import evidence_text
from metrics.facilities import PIPELINE_HORIZON

INDICATOR_KEY = "indicator"
# The sources page's data-quality section: its expanded state (the section is built only while it is open).
QUALITY_OPEN = "sources_quality_open"


def area_indicators(area: str) -> pd.DataFrame:
    """The catalogue rows of one area, in catalogue order."""
    ind = cache.table("indicators")
    return ind[ind["area"] == area].reset_index(drop=True)


def indicator_names(codes: pd.Series) -> dict[str, str]:
    """Indicator code -> name in the current language, for the codes of the catalogue among `codes`."""
    ind = cache.table("indicators").set_index("code")
    return {c: name(ind.loc[c]) for c in codes.unique() if c in ind.index}


def choose_indicator(area: str, default: str | None = None) -> str:
    """The indicator selector of a thematic page (kept in the URL as `indicator`)."""
    ind = area_indicators(area)
    codes = ind["code"].tolist()
    names = dict(zip(ind["code"], [name(r) for r in ind.to_dict("records")], strict=True))
    state.seed(INDICATOR_KEY, "indicator", codes, default if default in codes else (codes[0] if codes else None))
    return st.selectbox(t("common.indicator"), codes, format_func=lambda c: names.get(c, c), key=INDICATOR_KEY)


def progress_row(code: str, statuses: tuple[str, ...]) -> dict:
    """The national progress row of one indicator (an empty dict when there is none)."""
    prog = cache.progress(statuses)
    rows = prog[prog["indicator_code"] == code].to_dict("records")
    return rows[0] if rows else {}


def series(code: str, statuses: tuple[str, ...], key: str) -> dict:
    """The national series of one indicator with baseline, targets, needed pace and projection; returns its row."""
    ind = cache.table("indicators").set_index("code").loc[code]
    row = progress_row(code, statuses)
    points = frames.points_of(cache.points(statuses, "country"), code)
    history = cache.target_history((code,))
    versions = history[(history["geo_level"] == "country") & (history["geo_code"] == "AZ")]
    title = t("chart.series_title", name=name(ind))
    # Session-independent: built once per data version, indicator, statuses, day and language, shared (drawn only).
    fig = cache.shared_figure(
        "series",
        (code, statuses, date.today(), lang()),
        lambda: charts.indicator_figure(points, row, lang(), title, versions),
    )
    status = row.get("status")
    components.html_line(
        components.status_badge(status) if status else "", components.data_badge(row.get("latest_data_status"))
    )
    caption = md(row.get(f"sentence_{lang()}")) or t("chart.no_data")  # the sentence names the indicator
    data = points.assign(period_label=[period(str(x)) for x in points["period"]]) if len(points) else points
    components.chart(fig, caption, data, f"{code}_series", key)
    evidence_caption(row.get("evidence_date"), date.today())
    return row


def evidence_caption(evidence: object, shown: date) -> None:
    """'Latest evidence: 22 January 2026', marked stale when it lies too long before the date shown (nothing when
    there is no evidence)."""
    text = evidence_text(evidence, shown, lang())
    if text:
        st.caption(text[:1].upper() + text[1:])


def target_history(codes: tuple[str, ...], key: str) -> None:
    """Every stated version of the targets of `codes` as a chart (when a target moved) and a table."""
    history = cache.target_history(codes)
    if history.empty:
        st.caption(t("targets.none"))
        return
    names = indicator_names(history["indicator_code"])
    moved = history.groupby("indicator_code").size().max() > 1
    if moved:
        fig = cache.shared_figure(
            "target_history",
            (codes, lang()),
            lambda: charts.target_history_figure(history, names, lang(), t("targets.chart_title")),
        )  # once per data version (drawn only)
        n_moved = int((history.groupby("indicator_code").size() > 1).sum())
        components.chart(
            fig, t("targets.caption", count=n_moved), history, f"targets_{key}_chart", f"{key}_history_chart"
        )
    view = pd.DataFrame(
        {
            t("common.indicator"): history["indicator_code"].map(names),
            t("targets.col.version"): history["version"],
            t("targets.col.value"): pd.to_numeric(history["value"], errors="coerce"),
            t("targets.col.wording"): history["value_text"].fillna(""),
            t("targets.col.year"): history["target_year"],
            t("targets.col.date_set"): [frames.date_text(x, lang()) for x in history["date_set"]],
            t("targets.col.state"): [
                t("targets.current") if c else t("targets.superseded_by", date=str(b) if isinstance(b, str) else "–")
                for c, b in zip(history["is_current"], history["superseded_by"], strict=True)
            ],
            t("common.source"): history["source_title"],
            t("targets.col.link"): history["source_url"],
        }
    )
    components.table(
        view,
        f"targets_{key}",
        f"{key}_history",
        column_config=components.link_column(),
    )


def date_control(key: str = "date", first: date = date(2019, 1, 1), future: bool = False) -> date:
    """A date (kept in the URL as `date`): the network and coverage are shown as they stood on it.

    With `future`, dates up to the pipeline horizon may be chosen: the network then stands as it is today,
    and the pipeline counts open once its expected date has come (what the pipeline buys by then).
    """
    today = date.today()
    last = max(PIPELINE_HORIZON, today) if future else today
    state.seed_date(key, "date", first, last, today)
    chosen = st.date_input(
        t("common.on_date"),
        min_value=first,
        max_value=last,
        key=key,
        format="DD.MM.YYYY",
        help=t("common.on_date_help_future") if future else t("common.on_date_help"),
    )
    return chosen if isinstance(chosen, date) else today


def as_of(on: date) -> str:
    """'as of 22 November 2026' in the current language."""
    return t("common.as_of", date=day(on))
