"""Rehabilitation: persons served against the targets, the care split, aids issued, capacity by region."""

import pandas as pd
import streamlit as st

from app_pages.ui import cache, components, sections, state
from app_pages.ui.i18n import lang, name, num, pct, period, t
from figures import charts, frames
from metrics import regional
from metrics.facilities import network_evidence_day

st.title(t("rehab.title"))
st.write(t("rehab.intro"))
statuses = state.statuses()

code = sections.choose_indicator("rehabilitation", "rehab_persons_served")
on = sections.date_control()
state.sync_url(indicator=code, date=on.isoformat())
sections.series(code, statuses, "rehab_series")

# Each year's figure against every target version (30,000 a year, later the 100,000 capacity).
st.subheader(t("rehab.throughput"))
thr = cache.rehab_throughput(statuses)
if thr.empty:
    st.info(t("chart.no_data"))
else:
    view = pd.DataFrame(
        {
            t("common.period"): [period(str(x)) for x in thr["period"]],
            t("common.value"): frames.with_qualified_text(thr, lang())["value_text"],
            t("rehab.col.partial"): [t("common.yes") if x else "" for x in thr["is_partial"]],
            t("rehab.col.target"): thr["target_value"],
            t("rehab.col.target_set"): [frames.date_text(x, lang()) for x in thr["target_date_set"]],
            t("rehab.col.share"): thr["share_of_target"].round(1),
            t("rehab.col.pro_rata"): thr["pro_rata_share"].round(1),
            t("chart.data_status"): [t(f"status.{s}") for s in thr["data_status"]],
        }
    )
    components.table(view, "rehab_throughput", "rehab_throughput")
    last = thr.dropna(subset=["share_of_target"]).sort_values(["year", "target_date_set"]).tail(1)
    if len(last):
        r = last.iloc[0]
        st.caption(
            t(
                "rehab.throughput_caption",
                year=str(r["year"]),
                value=charts.qualified_cell(r.to_dict(), "value", None, lang()),
                target=num(r["target_value"]),
                share=pct(r["share_of_target"]),
            )
        )

left, right = st.columns(2)
with left:
    st.subheader(t("rehab.care_split"))
    split = cache.rehab_care_split(statuses)
    # The figures of this page do not depend on the session: built once per data version and what they show.
    fig = cache.shared_figure(
        "rehab_care_split",
        (statuses, lang()),
        lambda: charts.care_split_figure(split, lang(), t("rehab.care_split_title")),
    )
    if len(split):
        r = split.iloc[-1]
        caption = t(
            "rehab.care_split_caption",
            period=period(str(r["period"])),
            inpatient=pct(r["inpatient_share"]),
            outpatient=pct(r["outpatient_share"]),
            other=pct(r["unassigned_share"]),
        )
    else:
        caption = t("chart.no_data")
    components.chart(fig, caption, split, "rehab_care_split", "rehab_care_split")
with right:
    st.subheader(t("rehab.aids"))
    aids = cache.rehab_aids(statuses)
    names = sections.indicator_names(aids["indicator_code"])
    fig = cache.shared_figure(
        "rehab_aids", (statuses, lang()), lambda: charts.flows_figure(aids, names, lang(), t("rehab.aids_title"))
    )
    if len(aids):
        r = aids.iloc[-1]
        value = charts.qualified_cell(r.to_dict(), "value", None, lang())
        caption = t("rehab.aids_caption", period=period(str(r["period"])), value=value)
    else:
        caption = t("chart.no_data")
    components.chart(fig, caption, aids, "rehab_aids", "rehab_aids")

# Capacity from the facility registry, per 100,000 residents, by economic region on the chosen date.
st.subheader(t("rehab.capacity"))
cap = cache.rehab_capacity(statuses, on)
regions = cap[cap["geo_level"] == "region"].rename(columns={"geo_code": "code"}).assign(data_status="reported")
regions["label"] = [name(r) for r in regions.to_dict("records")]
regions["hover_extra"] = [
    t("rehab.capacity_hover", beds=num(b), facilities=num(n), capacity=num(c))
    for b, n, c in zip(regions["beds"], regions["facilities_open"], regions["annual_capacity"], strict=True)
]
national = cap[cap["geo_level"] == "country"]
nat_rate = float(national["beds_per_100k"].iloc[0]) if len(national) else None
fig = cache.shared_figure(
    "rehab_capacity",
    (statuses, on, lang()),
    lambda: charts.bar_breakdown(
        regions,
        "label",
        "beds_per_100k",
        lang(),
        t("rehab.capacity_title", date=sections.as_of(on)),
        t("rehab.beds_per_100k"),
        reference=(t("common.national"), nat_rate),
    ),
)
lacking = int(national["lacking_beds"].iloc[0]) if len(national) else 0
caption = t(
    "rehab.capacity_caption",
    facilities=num(national["facilities_open"].iloc[0]) if len(national) else "0",
    rate=num(nat_rate, 1),
    lacking=num(lacking),
)
components.chart(fig, caption, cap, f"rehab_capacity_{on.isoformat()}", "rehab_capacity")
sections.evidence_caption(
    network_evidence_day(cache.table("facilities"), cache.facility_status(statuses), on, ("rehabilitation",)), on
)

# Persons served by district, summed to regions (demonstration values where no source gives them).
st.subheader(t("rehab.regions"))
annual = cache.annual(statuses, "district", ("rehab_persons_served",))
years = frames.district_years(annual, "rehab_persons_served")
if years:
    year = years[0]
    dv = frames.district_values(annual, cache.table("districts"), "rehab_persons_served", "count", year)
    rv = regional.region_values(dv, cache.table("economic_regions"), "count")
    rv["label"] = [name(r) for r in rv.to_dict("records")]
    rv["hover_extra"] = [t("common.per_10k", value=num(x, 1)) for x in rv["rate"]]
    fig = cache.shared_figure(
        "rehab_regions",
        (statuses, year, lang()),
        lambda: charts.bar_breakdown(
            rv, "label", "rate", lang(), t("rehab.regions_title", year=str(year)), t("common.per_10k_title")
        ),
    )
    caption = components.with_demo_note(t("rehab.regions_caption", year=str(year)), rv["data_status"])
    components.chart(fig, caption, rv.drop(columns="hover_extra"), f"rehab_regions_{year}", "rehab_regions")
else:
    st.info(t("rehab.no_regions"))

st.subheader(t("targets.title"))
sections.target_history(tuple(sections.area_indicators("rehabilitation")["code"]), "rehabilitation")
