"""Children in state child institutions: the stock against its target, the flows behind it, the regions."""

import pandas as pd
import streamlit as st

from app_pages.ui import cache, components, sections, state
from app_pages.ui.i18n import lang, md, name, num, t
from figures import charts

st.title(t("children.title"))
st.write(t("children.intro"))
statuses = state.statuses()

code = sections.choose_indicator("children", "children_in_institutions")
state.sync_url(indicator=code)
sections.series(code, statuses, "children_series")

# The flows behind the stock: returned, prevented, adopted, fostered, each against its annual target.
st.subheader(t("children.flows"))
flows = cache.children_flows(statuses)
names = sections.indicator_names(flows["indicator_code"])
# The figures of this page do not depend on the session: built once per data version and what they show.
fig = cache.shared_figure(
    "children_flows", (statuses, lang()), lambda: charts.flows_figure(flows, names, lang(), t("children.flows_title"))
)
latest = flows.sort_values("year").drop_duplicates("indicator_code", keep="last")
summary = "; ".join(
    t(
        "children.flow_summary",
        name=md(names.get(r["indicator_code"], r["indicator_code"])),
        value=charts.qualified_cell(r, "value", None, lang()),
        year=str(r["year"]),
        target=num(r["target_value"]) if pd.notna(r["target_value"]) else "–",
    )
    for r in latest.to_dict("records")
)
components.chart(fig, t("children.flows_caption", summary=summary or "–"), flows, "children_flows", "children_flows")

# Where the children are: the economic regions (sums of district figures).
st.subheader(t("children.regions"))
stock = cache.children_stock(statuses)
regional = stock[(stock["indicator_code"] == "children_in_institutions") & (stock["geo_level"] == "region")]
years = sorted(regional["year"].unique().tolist(), reverse=True)
if years:
    state.seed("children.year", "period", [str(y) for y in years], str(years[0]))
    year = st.selectbox(t("common.year"), [str(y) for y in years], key="children.year")
    state.sync_url(indicator=code, period=year)
    regions = cache.table("economic_regions")
    r = regional[regional["year"] == int(year)].merge(
        regions[["code", "name_az", "name_en"]], left_on="geo_code", right_on="code", how="left"
    )
    r["label"] = [name(x) for x in r.to_dict("records")]
    r["hover_extra"] = [
        t("common.districts_reported", reported=num(a), total=num(b))
        for a, b in zip(r["districts_reported"], r["districts_total"], strict=True)
    ]
    fig = cache.shared_figure(
        "children_regions",
        (statuses, year, lang()),
        lambda: charts.bar_breakdown(
            r, "label", "value", lang(), t("children.regions_title", year=year), t("children.value_title")
        ),
    )
    top = r.sort_values("value", ascending=False).head(1)
    caption = t(
        "children.regions_caption",
        year=year,
        region=md(top["label"].iloc[0]) if len(top) else "–",
        value=charts.qualified_cell(top.iloc[0].to_dict(), "value", None, lang()) if len(top) else "–",
    )
    caption = components.with_demo_note(caption, r["data_status"])
    components.chart(fig, caption, r.drop(columns=["hover_extra"]), f"children_regions_{year}", "children_regions")
else:
    st.info(t("children.no_regions"))

st.subheader(t("targets.title"))
sections.target_history(tuple(sections.area_indicators("children")["code"]), "children")
