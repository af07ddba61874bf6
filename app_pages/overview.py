"""Overview for leadership: one tile per strategy indicator, grouped by strategic goal."""

from datetime import date

import pandas as pd
import streamlit as st

from app_pages.ui import cache, components, downloads, since, state
from app_pages.ui.i18n import lang, md, name, num, pct, period, t
from data.formatting import format_value
from figures.sentences import deadline_text, evidence_text, latest_quantity

AREA_PAGES = {
    "children": "app_pages/children.py",
    "rehabilitation": "app_pages/rehabilitation.py",
    "dost": "app_pages/dost.py",
}

st.title(t("overview.title"))
st.caption(t("app.subtitle"))
st.write(t("overview.intro"))
st.info(t("overview.demo_notice") if state.show_demo() else t("overview.reported_only"))

statuses = state.statuses()
goals = cache.table("goals")
indicators = cache.table("indicators").set_index("code")
prog = cache.progress(statuses)
# One tile per indicator published at the country level (a series that exists only by district, such as the bench's
# generated ones, has no national figure to show: 1,069 empty tiles at 10 million rows).
national = {c for c, levels in indicators["levels"].items() if "country" in str(levels).replace(" ", "").split(",")}
prog = prog[prog["indicator_code"].isin(national)].reset_index(drop=True)
sparklines = cache.sparklines(statuses, lang())
country_points = cache.points(statuses, "country")  # every tile's series, offered as CSV and Excel
series_of = dict(tuple(country_points.groupby("indicator_code", sort=False)))  # one pass, not one filter per tile
prog_records = prog.to_dict("records")
last_meeting = since.comparison(prog)  # (comparison, snapshot) with the last collegium's frozen figures, or None
state.sync_url()

counts = prog["status"].value_counts()
components.html_line(
    *[
        f"{components.status_badge(s)} {num(int(counts[s]))}"
        for s in ("achieved", "on_track", "at_risk", "off_track", "no_data", "no_target")
        if s in counts
    ]
)


def _delta_colour(ind: pd.Series) -> str:
    """Green for good news: a fall is good news where lower is better; grey where no direction is better."""
    return {"lower": "inverse", "higher": "normal"}.get(str(ind.get("direction")), "off")


def tile(row: dict) -> None:
    """One indicator: value and period, target, progress, status, data status, trend and the sentence."""
    code = row["indicator_code"]
    ind = indicators.loc[code]
    unit = row.get("unit")
    with st.container(border=True):
        st.markdown(f"**{md(name(ind))}**")
        components.html_line(components.status_badge(row["status"]), components.data_badge(row["latest_data_status"]))
        if not pd.isna(row["latest_value"]):
            label = t("overview.latest_label", period=period(str(row["latest_period"])))
            value = latest_quantity(row, lang())  # with its qualifier: "~900 000", "more than 4 100 000"
        elif row.get("is_partial") and not pd.isna(row.get("partial_value")):
            label = t("overview.partial_label", period=period(str(row["partial_period"])))
            value = format_value(row["partial_value"], unit, lang())
        else:
            label, value = t("overview.col.latest"), t("overview.no_data")
        delta = since.delta_text(last_meeting[0], code) if last_meeting else None
        st.metric(
            label, value, delta=delta, delta_color=_delta_colour(ind), delta_arrow="off" if delta is None else "auto"
        )
        if not pd.isna(row["target_value"]):
            target = format_value(row["target_value"], unit, lang())
            st.caption(t("overview.target_line", target=target, year=deadline_text(row, lang())))
            if row.get("target_comparable") is False:
                kind = t(f"metric.target_kind.{row.get('target_kind')}")
                st.caption(t("collegium.deck.other_kind", kind=kind))
            share = row["share_achieved"]
            if pd.isna(share):
                st.caption(t("overview.share", share="–"))
            else:
                st.progress(min(max(float(share), 0.0), 100.0) / 100, text=t("overview.share", share=pct(share)))
        else:
            st.caption(t("overview.no_target"))
        if code in sparklines:
            st.plotly_chart(
                sparklines[code],
                key=f"chart.spark.{code}",
                theme=None,
                config={"displayModeBar": False, "staticPlot": False},
            )
        st.caption(md(row[f"sentence_{lang()}"]))
        evidence = evidence_text(row.get("evidence_date"), date.today(), lang())
        if evidence:
            st.caption(evidence[:1].upper() + evidence[1:])
        series = series_of.get(code)
        if series is not None and len(series):
            with st.popover(t("overview.tile_download"), icon=":material/download:"):
                downloads.offer(series, f"{code}_{lang()}", f"overview_{code}")
        area_page = AREA_PAGES.get(str(ind["area"]))
        if area_page:
            st.page_link(
                area_page,
                label=t("overview.details"),
                icon=":material/arrow_forward:",
                query_params={"indicator": code},
            )


with st.expander(t("overview.since_expander"), expanded=last_meeting is not None):
    since.draw(last_meeting, statuses, key="overview_since")

records = {r["indicator_code"]: r for r in prog_records}
by_goal = cache.registry().by_goal()
for goal in goals.to_dict("records"):
    members = [i.code for i in by_goal.get(goal["code"], ()) if i.code in records]
    if not members:
        continue
    st.subheader(md(name(goal)))
    st.caption(md(goal.get(f"description_{lang()}") or goal.get("description_az") or ""))
    cols = st.columns(3)
    for i, code in enumerate(members):
        with cols[i % 3]:
            tile(records[code])

table = pd.DataFrame(
    {
        t("overview.col.indicator"): [name(indicators.loc[c]) for c in prog["indicator_code"]],
        t("overview.col.latest"): [latest_quantity(r, lang()) for r in prog_records],
        t("overview.col.period"): [period(str(x)) if isinstance(x, str) else "" for x in prog["latest_period"]],
        t("overview.col.target"): prog["target_value"],
        t("overview.col.target_year"): [deadline_text(r, lang()) for r in prog_records],
        t("overview.col.share"): prog["share_achieved"].round(1),
        t("overview.col.status"): [t(f"status.{s}") for s in prog["status"]],
        t("overview.col.data_status"): [
            t(f"status.{s}") if isinstance(s, str) else "" for s in prog["latest_data_status"]
        ],
        t("overview.col.sentence"): prog[f"sentence_{lang()}"],
        t("overview.col.evidence"): [evidence_text(e, date.today(), lang()) for e in prog["evidence_date"]],
    }
)
components.table_section(t("overview.table"), table, t("overview.file_name"), "overview")
st.caption(t("overview.series_download"))
downloads.offer(country_points, t("overview.series_file_name"), "overview_series")
st.caption(t("overview.database", count=num(cache.observation_count()), sources=num(len(cache.table("sources")))))
