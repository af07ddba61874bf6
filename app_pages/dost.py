"""The DOST network: progress against the network targets, openings and pipeline over time, coverage."""

import pandas as pd
import streamlit as st

from app_pages.ui import cache, components, sections, state
from app_pages.ui.i18n import lang, md, name, num, pct, t
from data.formatting import format_year
from figures import charts
from figures.sentences import evidence_text
from metrics.facilities import network_evidence_day

st.title(t("dost.title"))
st.write(t("dost.intro"))
statuses = state.statuses()

on = sections.date_control(future=True)

# The network against its targets on the chosen date, with what the pipeline adds.
st.subheader(t("dost.network", date=sections.as_of(on)))
prog = cache.network_progress(statuses, on)
names = sections.indicator_names(prog["indicator_code"])
# The figures of this page do not depend on the session: built once per data version and what they show.
fig = cache.shared_figure(
    "dost_network",
    (statuses, on, lang()),
    lambda: charts.network_progress_figure(prog, names, lang(), t("dost.network_title")),
)
caption = " ".join(
    t(
        "dost.network_caption" if pd.notna(r["target_value"]) else "dost.network_caption_no_target",
        name=md(names.get(r["indicator_code"], r["indicator_code"])),
        open=num(r["open"]),
        pipeline=num(r["pipeline_added"]),
        target=num(r["target_value"]) if pd.notna(r["target_value"]) else "–",
        year=format_year(r["target_year"]),
    )
    for r in prog.to_dict("records")
)
components.chart(fig, caption, prog, f"dost_network_{on.isoformat()}", "dost_network")
# the date of the register's latest evidence behind this panel and the coverage below, marked when stale
evidence = evidence_text(
    network_evidence_day(cache.table("facilities"), cache.facility_status(statuses), on), on, lang()
)
if evidence:
    st.caption(evidence[:1].upper() + evidence[1:])
readings = cache.target_readings(statuses, on).set_index("reading")
if {"all_centres", "regional_only"} <= set(readings.index) and pd.notna(readings.at["all_centres", "target_value"]):
    st.caption(
        t(
            "dost.target_readings",
            all_open=num(readings.at["all_centres", "open"]),
            regional_open=num(readings.at["regional_only", "open"]),
            target=num(readings.at["all_centres", "target_value"]),
            all_share=pct(readings.at["all_centres", "share_of_target"]),
            regional_share=pct(readings.at["regional_only", "share_of_target"]),
        )
    )

# One indicator's series with its targets (the centres target moved three times).
code = sections.choose_indicator("dost", "dost_centres_open")
state.sync_url(indicator=code, date=on.isoformat())
sections.series(code, statuses, "dost_series")

# The flows behind the stock: facilities by status at every month end, and openings per year.
st.subheader(t("dost.timeline"))
timeline = cache.network_timeline(statuses, "dost", on)
fig = cache.shared_figure(
    "dost_timeline",
    (statuses, on, lang()),
    lambda: charts.network_timeline_figure(timeline, lang(), t("dost.timeline_title")),
)
opened = cache.facility_status(statuses)
opened = opened[
    (opened["status"] == "open")
    & opened["facility_code"].isin(cache.table("facilities").query("network == 'dost'")["code"])
]
firsts = opened.groupby("facility_code")["status_day"].min()
firsts = firsts[firsts <= pd.Timestamp(on)]
per_year = firsts.dt.year.value_counts().sort_index()
caption = t("dost.timeline_caption", years=", ".join(f"{y}: {num(n)}" for y, n in per_year.items()) or "–")
components.chart(fig, caption, timeline, f"dost_timeline_{on.isoformat()}", "dost_timeline")

# Coverage: which districts a facility serves, shares of districts and population, distances.
st.subheader(t("dost.coverage", date=sections.as_of(on)))
summary = cache.coverage_summary(statuses, on)
nat = summary[summary["geo_level"] == "country"].set_index("scenario")
if {"open", "with_pipeline"} <= set(nat.index):
    o, w = nat.loc["open"], nat.loc["with_pipeline"]
    c0, c1, c2, c3 = st.columns(4)
    reach = cache.access(statuses, on)
    reach = reach[reach["geo_level"].isin(["country", "group"])].set_index(["scenario", "geo_code"])
    c0.metric(
        t("dost.metric.within", km=30),
        pct(reach.at[("open", "AZ"), "office_share_30"]),
        t("dost.metric.pipeline_delta", value=pct(reach.at[("with_pipeline", "AZ"), "office_share_30"])),
        delta_color="off",
        delta_arrow="off",
        help=t("dost.metric.within_help"),
    )
    c1.metric(
        t("dost.metric.districts"),
        pct(o["district_share"]),
        t("dost.metric.pipeline_delta", value=pct(w["district_share"])),
        delta_color="off",
        delta_arrow="off",
    )
    c2.metric(
        t("dost.metric.population"),
        pct(o["population_share"]),
        t("dost.metric.pipeline_delta", value=pct(w["population_share"])),
        delta_color="off",
        delta_arrow="off",
    )
    c3.metric(
        t("dost.metric.distance"),
        t("common.km", value=num(o["pop_weighted_distance_km"], 1)),
        t("dost.metric.pipeline_delta", value=t("common.km", value=num(w["pop_weighted_distance_km"], 1))),
        delta_color="off",
        delta_arrow="off",
    )
    st.caption(
        t(
            "dost.split_caption",
            km=30,
            ba=pct(reach.at[("open", "baku_absheron"), "office_share_30"]),
            rest=pct(reach.at[("open", "outside_baku_absheron"), "office_share_30"]),
            ba_admin=pct(reach.at[("open", "baku_absheron"), "share_served_admin"]),
            rest_admin=pct(reach.at[("open", "outside_baku_absheron"), "share_served_admin"]),
            reg=pct(reach.at[("open", "registered"), "office_share_30"]),
            reg_admin=pct(reach.at[("open", "registered"), "share_served_admin"]),
            none=num(reach.at[("open", "AZ"), "population_no_office"]),
        )
    )
    if o["districts_without_population"]:
        st.caption(t("metric.note.population_unknown", count=num(o["districts_without_population"])))
    if evidence:
        st.caption(evidence[:1].upper() + evidence[1:])
regions = cache.table("economic_regions")
region_names = {r["code"]: name(r) for r in regions.to_dict("records")}
fig = cache.shared_figure(
    "dost_coverage",
    (statuses, on, lang()),
    lambda: charts.coverage_figure(summary, region_names, lang(), t("dost.coverage_title")),
)
reg = summary[(summary["geo_level"] == "region") & (summary["scenario"] == "open")]
low = reg.sort_values("population_share").head(1)
caption = t(
    "dost.coverage_caption",
    region=md(region_names.get(low["geo_code"].iloc[0], "–")) if len(low) else "–",
    share=pct(low["population_share"].iloc[0]) if len(low) else "–",
)
components.chart(fig, caption, summary, f"dost_coverage_{on.isoformat()}", "dost_coverage")

cov = cache.coverage(statuses, on)
open_cov = cov[cov["scenario"] == "open"]
fig = cache.shared_figure(
    "dost_distance",
    (statuses, on, lang()),
    lambda: charts.histogram(
        open_cov["distance_km"],
        lang(),
        t("dost.distance_title"),
        t("dost.distance_axis"),
        reference=nat.loc["open", "pop_weighted_distance_km"] if "open" in nat.index else None,
    ),
)
far = open_cov.sort_values("distance_km", ascending=False).head(3)
caption = t(
    "dost.distance_caption",
    districts=", ".join(
        f"{md(name(r))} ({t('common.km', value=num(r['distance_km'], 0))})" for r in far.to_dict("records")
    )
    or "–",
)
distances = open_cov[["code", "name_az", "name_en", "economic_region_code", "distance_km", "nearest_facility_code"]]
components.chart(fig, caption, distances, f"dost_distance_{on.isoformat()}", "dost_distance")

facilities = cache.table("facilities").set_index("code")
view = pd.DataFrame(
    {
        t("common.district"): [name(r) for r in open_cov.to_dict("records")],
        t("common.region"): open_cov["economic_region_code"].map(region_names),
        t("dost.col.served"): [t("common.yes") if x else t("common.no") for x in open_cov["served"]],
        t("dost.col.served_by"): [
            ", ".join(name(facilities.loc[c]) for c in s.split("; ") if c in facilities.index) if s else ""
            for s in open_cov["served_by"]
        ],
        t("dost.col.nearest"): [
            name(facilities.loc[c]) if isinstance(c, str) and c in facilities.index else ""
            for c in open_cov["nearest_facility_code"]
        ],
        t("dost.col.distance"): open_cov["distance_km"].round(1),
    }
)
components.table_section(t("dost.districts_table"), view, f"dost_districts_{on.isoformat()}", "dost_districts")

st.subheader(t("targets.title"))
sections.target_history(tuple(sections.area_indicators("dost")["code"]), "dost")
