"""'Since the last collegium' (Streamlit): today's progress beside the last meeting's frozen figures.

For the overview page: `since_last_collegium(prog)` draws a short summary and the table of what moved;
`delta_text(comparison, code)` gives one indicator's change for a tile (st.metric's `delta`).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages.ui import cache, components
from app_pages.ui.i18n import lang, t
from data.formatting import format_date, format_value, signed
from deck.model import period_label, status_label
from figures import charts
from metrics.snapshot import changed_rows, compare, is_count, period_changes


def comparison(progress: pd.DataFrame) -> tuple[pd.DataFrame, object] | None:
    """(metrics.snapshot.compare of `progress` with the last meeting's payload, that snapshot), or None.

    The last meeting is the latest one held on or before today."""
    snap = cache.latest_snapshot()
    if snap is None:
        return None
    return compare(progress, snap.payload), snap


def change_text(change: object, unit: object, kind: object, language: str) -> str:
    """A signed change: a count as a whole number ('+1', never '+1,0'), a share with one decimal."""
    if change is None or pd.isna(change):
        return "–"
    if not is_count(unit, kind):
        return signed(change, language)
    return signed(round(float(change)), language, decimals=0)


def delta_text(comp: pd.DataFrame, code: str) -> str | None:
    """'+16 since the last collegium' for one indicator (None when it has not moved or is not comparable)."""
    row = comp[comp["indicator_code"] == code]
    if row.empty or pd.isna(row["change"].iloc[0]) or row["change"].iloc[0] == 0:
        return None
    r = row.iloc[0]
    if r["change_kind"] != "new_period":  # a revised value of a period already presented is not progress
        return None
    return t("collegium.since.delta", change=change_text(r["change"], r["unit"], r.get("kind"), lang()))


def _then_now(value: object, period: object, unit: object) -> str:
    """'149 (2025)' for the table."""
    text = format_value(value, unit, lang())
    label = period_label(period if isinstance(period, str) else None, lang())
    return f"{text} ({label})" if label else text


def _change(r: dict) -> str:
    """The change with the word for good or bad news ('+16 · improved')."""
    if r["presence"] != "both":
        return t(f"collegium.since.{r['presence']}")
    text = change_text(r["change"], r["unit"], r.get("kind"), lang())
    if r.get("change_kind") == "revision":
        return f"{text} · {t('collegium.since.revised')}"
    if r["better"] is True:
        text += f" · {t('collegium.since.better')}"
    elif r["better"] is False:
        text += f" · {t('collegium.since.worse')}"
    return text


def table(moved: pd.DataFrame) -> pd.DataFrame:
    """The rows that moved, as the page shows them (translated headings)."""
    records = moved.to_dict("records")
    return pd.DataFrame(
        {
            t("collegium.col.indicator"): [r.get(f"name_{lang()}") or r["indicator_code"] for r in records],
            t("collegium.since.col.then"): [_then_now(r["then_value"], r["then_period"], r["unit"]) for r in records],
            t("collegium.since.col.now"): [_then_now(r["now_value"], r["now_period"], r["unit"]) for r in records],
            t("collegium.since.col.change"): [_change(r) for r in records],
            t("collegium.since.col.status"): [
                f"{status_label(r['then_status'], lang())} → {status_label(r['now_status'], lang())}"
                if r["then_status"] != r["now_status"]
                else status_label(r["now_status"], lang())
                for r in records
            ],
        }
    )


def since_last_collegium(progress: pd.DataFrame, statuses: tuple[str, ...] | None = None, key: str = "since") -> None:
    """Draw 'since the last collegium': what has new data, which statuses improved or worsened, and a table."""
    draw(comparison(progress), statuses, key)


def draw(found: tuple[pd.DataFrame, object] | None, statuses: tuple[str, ...] | None = None, key: str = "since"):
    """since_last_collegium for a caller that already has `comparison(progress)` (None: no meeting frozen)."""
    if found is None:
        st.caption(t("collegium.since.none"))
        return
    comp, snap = found
    st.subheader(t("collegium.since.title", date=format_date(snap.meeting_date, lang())))
    if statuses is not None and set(snap.statuses) != set(statuses):  # the same statuses in any order
        words = lambda xs: ", ".join(t(f"status.{x}") for x in xs)  # noqa: E731
        st.caption(t("collegium.since.statuses_differ", then=words(snap.statuses), now=words(statuses)))
    moved = changed_rows(comp)
    if moved.empty:
        st.caption(t("collegium.since.nothing"))
        return
    st.write(
        t(
            "collegium.since.summary",
            new=int(moved["new_data"].sum()),
            better=int((moved["status_change"] == "better").sum()),
            worse=int((moved["status_change"] == "worse").sum()),
        )
    )
    components.table(table(moved), t("collegium.since.file_name"), key)
    snap_payload = getattr(snap, "payload", None)
    if snap_payload is not None and statuses is not None:
        periods = period_changes(cache.points(statuses, "country"), snap_payload)
        for kind in ("revision", "new_period"):
            part = periods[periods["change_kind"] == kind]
            if len(part):
                st.markdown(f"**{t(f'collegium.since.periods.{kind}')}**")
                components.table(period_table(part), t(f"collegium.since.periods.file.{kind}"), f"{key}_{kind}")


def _qualified(r: dict, side: str) -> str:
    """A period change's value of `side` ('then' or 'now') with its qualifier ('~10 000', 'more than 4 100 000')."""
    value = r.get(f"{side}_value")
    if value is None or pd.isna(value):
        return "–"
    q = r.get(f"{side}_qualifier")
    return charts.qualified(value, r["unit"], lang(), q if isinstance(q, str) and q else "exact",
                            r.get(f"{side}_value_low"), r.get(f"{side}_value_high"))  # fmt: skip


def period_table(changes: pd.DataFrame) -> pd.DataFrame:
    """Revised or new figures, period by period, as the page shows them."""
    records = changes.to_dict("records")
    partial = t("collegium.since.periods.partial")
    return pd.DataFrame(
        {
            t("collegium.col.indicator"): [r.get(f"name_{lang()}") or r["indicator_code"] for r in records],
            t("common.period"): [
                period_label(r["period"], lang()) + (f" ({partial})" if r["is_partial"] else "") for r in records
            ],
            t("collegium.since.col.then"): [_qualified(r, "then") for r in records],
            t("collegium.since.col.now"): [_qualified(r, "now") for r in records],
            t("collegium.since.col.change"): [change_text(r["change"], r["unit"], r["kind"], lang()) for r in records],
        }
    )
