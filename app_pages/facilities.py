"""Facilities: the registry with filters, every facility's timeline from first announcement to opening."""

from collections.abc import Callable
from datetime import date

import pandas as pd
import streamlit as st

from app_pages.ui import cache, components, state
from app_pages.ui.i18n import day, labeller, lang, md, name, num, period, t
from figures import charts, frames, maps
from figures.palette import FACILITY_STATUS_ORDER
from metrics.facilities import PIPELINE_STATUSES

st.title(t("facilities.title"))
st.write(t("facilities.intro"))
statuses = state.statuses()
today = date.today()
lg = lang()

facilities = cache.table("facilities")
districts = cache.table("districts")
regions = cache.table("economic_regions")
history = cache.facility_status(statuses)
registry = frames.facility_registry(
    facilities, history, cache.status_on(statuses, today), districts, cache.pipeline_state(statuses, today)
)
region_names = {r["code"]: name(r) for r in regions.to_dict("records")}
dnames = {r["code"]: name(r) for r in districts.to_dict("records")}

networks = sorted(registry["network"].dropna().unique())
types = sorted(registry["facility_type"].dropna().unique())
status_options = [s for s in FACILITY_STATUS_ORDER if s in set(registry["status"])]
region_codes = regions["code"].tolist()


def multi_filter(frame: pd.DataFrame, field: str, url_key: str, label: str, options: list, format_func: Callable):
    """A multiselect (key facilities.<url_key>, kept in the URL); `frame` narrowed to the chosen, and the chosen."""
    key = f"facilities.{url_key}"
    state.seed_list(key, url_key, options)
    picked = st.multiselect(label, options, format_func=format_func, key=key, placeholder=t("common.all"))
    return (frame[frame[field].isin(picked)] if picked else frame), picked


c1, c2, c3, c4 = st.columns(4)
shown = registry
with c1:
    shown, f_network = multi_filter(
        shown, "network", "network", t("map.network"), networks, labeller("facility.network", networks)
    )
with c2:
    shown, f_type = multi_filter(
        shown, "facility_type", "type", t("facilities.col.type"), types, labeller("facility.type", types)
    )
with c3:
    status_label = labeller("facility.status", status_options)
    shown, f_status = multi_filter(shown, "status", "status", t("facilities.col.status"), status_options, status_label)
with c4:
    shown, f_region = multi_filter(
        shown, "economic_region_code", "region", t("common.region"), region_codes, lambda x: region_names.get(x, x)
    )
shown = shown.reset_index(drop=True)
labels = {r["code"]: name(r) for r in shown.to_dict("records")}

st.caption(
    t(
        "facilities.count",
        shown=num(len(shown)),
        total=num(len(registry)),
        open=num(int((shown["status"] == "open").sum())),
        pipeline=num(int(shown["status"].isin(PIPELINE_STATUSES).sum())),
    )
)
view = pd.DataFrame(
    {
        t("facilities.col.code"): shown["code"],
        t("facilities.col.name"): [labels[c] for c in shown["code"]],
        t("map.network"): [t(f"facility.network.{x}") for x in shown["network"]],
        t("facilities.col.type"): [t(f"facility.type.{x}") for x in shown["facility_type"]],
        t("common.district"): shown["district_code"].map(dnames),
        t("common.region"): shown["economic_region_code"].map(region_names),
        t("facilities.col.status"): [t(f"facility.status.{x}") if isinstance(x, str) else "–" for x in shown["status"]],
        t("facilities.col.pipeline_apart"): [maps.apart_text(r, lg) for r in shown.to_dict("records")],
        t("facilities.col.since"): shown["status_date"],
        t("facilities.col.expected"): [
            x if isinstance(x, str) and s != "open" else ""
            for x, s in zip(shown["expected_open"], shown["status"], strict=True)
        ],
        t("facilities.col.announced"): shown["announced"].dt.date,
        t("facilities.col.opened"): shown["opened"].dt.date,
        t("facilities.col.beds"): shown["beds"],
        t("facilities.col.capacity"): shown["annual_capacity"],
        t("facilities.col.location"): [
            t(f"facility.location.{x}") if isinstance(x, str) else "–" for x in shown["location_basis"]
        ],
        t("chart.data_status"): [charts.status_label(x, lg) for x in shown["data_status"]],
    }
)
components.table(view, "facilities", "facilities")

st.subheader(t("facilities.timeline"))
segments = frames.facility_segments(history[history["facility_code"].isin(shown["code"])], today)
fig = charts.facility_timeline_figure(segments, labels, lg, t("facilities.timeline_title"), pd.Timestamp(today))
opened = shown.dropna(subset=["opened", "announced"])
announced_first = opened[opened["announced"] < opened["opened"]]  # first known before it opened
lag = (announced_first["opened"] - announced_first["announced"]).dt.days / 30.44
caption = t(
    "facilities.timeline_caption",
    count=num(len(shown)),
    opened=num(len(opened)),
    months=num(float(lag.median()), 0) if len(lag) else "–",
    known=num(len(lag)),
)
components.chart(fig, caption, segments, "facility_timelines", "facilities_timeline")

# One facility's history, every status row with its source.
codes = shown["code"].tolist()
if codes:
    state.seed("facility", "facility", codes, codes[0])
    chosen = st.selectbox(t("facilities.choose"), codes, format_func=lambda c: labels.get(c, c), key="facility")
    rows = history[history["facility_code"] == chosen].sort_values("status_day")
    f = registry.set_index("code").loc[chosen]
    st.markdown(
        f"**{md(labels.get(chosen, chosen))}** — {md(dnames.get(f['district_code'], '–'))}, "
        f"{md(region_names.get(f['economic_region_code'], '–'))}"
    )
    if isinstance(f.get("note"), str) and f["note"]:
        st.caption(md(f["note"]))
    detail = pd.DataFrame(
        {
            t("facilities.col.date"): [period(str(x)) for x in rows["status_date"]],
            t("facilities.col.status"): [t(f"facility.status.{x}") for x in rows["status"]],
            t("facilities.col.basis"): [t(f"facility.date_basis.{x}") for x in rows["date_basis"]],
            t("facilities.col.expected"): rows["expected_open"].fillna(""),
            t("common.source"): rows["source_title"],
            t("facilities.col.published"): [frames.date_text(x, lg) for x in rows["source_published"]],
            t("targets.col.link"): rows["source_url"],
            t("chart.data_status"): [charts.status_label(x, lg) for x in rows["data_status"]],
        }
    )
    components.table(
        detail,
        f"facility_{chosen}",
        "facility_history",
        column_config=components.link_column(),
    )
    st.caption(t("facilities.history_caption", first=day(rows["status_day"].min()), count=num(len(rows))))
else:
    chosen = None
    st.info(t("facilities.none"))

state.sync_url(
    network=state.joined(f_network),
    type=state.joined(f_type),
    status=state.joined(f_status),
    region=state.joined(f_region),
    facility=chosen,
)
