"""Map: any district-level indicator across all districts or economic regions, with the facility network on a date.

A click on a district opens its profile.
"""

import pandas as pd
import streamlit as st

from app_pages.ui import cache, components, sections, state
from app_pages.ui.i18n import labeller, lang, md, name, num, period, t
from figures import charts, frames, maps
from figures.sentences import evidence_text
from metrics import regional
from metrics.evidence import latest_evidence
from metrics.facilities import network_evidence_day

LAYER_POPULATION = "population"
LAYER_DISTANCE = "dost_distance"
NETWORKS = ("dost", "rehabilitation", "social")

st.title(t("map.title"))
st.caption(t("map.intro"))
statuses = state.statuses()
districts = cache.table("districts")
regions = cache.table("economic_regions")
if cache.scope() is not None:  # an analyst: values for their regions only, the others drawn as outlines
    regions = regions[regions["code"].isin(cache.scope())].reset_index(drop=True)
indicators = cache.table("indicators")
district_years = cache.yearly_years(statuses, "district")  # indicator_code, year: newest first

# Layers: every indicator published (or generated) by district, plus population and the distance to DOST.
with_data = set(district_years["indicator_code"])
ind_rows = indicators[indicators["levels"].str.contains("district") & indicators["code"].isin(with_data)]
layers = [*ind_rows["code"], LAYER_POPULATION, LAYER_DISTANCE]
layer_names = {
    **{r["code"]: name(r) for r in ind_rows.to_dict("records")},
    LAYER_POPULATION: t("map.layer.population"),
    LAYER_DISTANCE: t("map.layer.dost_distance"),
}
kinds = dict(zip(indicators["code"], indicators["kind"], strict=True))
units = dict(zip(indicators["code"], indicators["unit"], strict=True))

c1, c2, c3 = st.columns([3, 2, 2])
with c1:
    state.seed("indicator", "indicator", layers, layers[0])
    layer = st.selectbox(t("map.layer"), layers, format_func=lambda c: layer_names.get(c, c), key="indicator")
with c2:
    state.seed("map.level", "level", ["district", "region"], "district")
    level = (
        st.segmented_control(
            t("map.level"),
            ["district", "region"],
            format_func=labeller("map.level", ["district", "region"]),
            key="map.level",
        )
        or "district"
    )
is_indicator = layer not in (LAYER_POPULATION, LAYER_DISTANCE)
kind = kinds.get(layer, "count")
year = None
with c3:
    if is_indicator:
        years = [str(y) for y in district_years.loc[district_years["indicator_code"] == layer, "year"]]
        state.seed("map.year", "period", years, years[0] if years else None)
        year = st.selectbox(t("common.year"), years, key="map.year")
measures = ["total", "per_10k"] if is_indicator and kind not in regional.AVERAGED_KINDS else ["total"]
state.seed("map.measure", "measure", measures, measures[-1])
measure = st.radio(
    t("map.measure"), measures, format_func=labeller("map.measure", measures), key="map.measure", horizontal=True
)

with st.expander(t("map.facilities"), expanded=True):
    f1, f2, f3 = st.columns([3, 2, 2])
    with f1:
        state.seed_list("map.network", "network", NETWORKS, ["dost"])
        networks = st.pills(
            t("map.network"),
            NETWORKS,
            selection_mode="multi",
            format_func=labeller("facility.network", NETWORKS),
            key="map.network",
        )
    with f2:
        if "map.pipeline" not in st.session_state:
            st.session_state["map.pipeline"] = state.url_value("pipeline", "1") != "0"
        pipeline = st.toggle(t("map.pipeline"), key="map.pipeline", help=t("map.pipeline_help"))
    with f3:
        on = sections.date_control(future=True)

state.sync_url(
    indicator=layer,
    level=level,
    period=year,
    measure=measure,
    network=state.joined(networks) or "none",
    pipeline=None if pipeline else "0",
    date=on.isoformat(),
)

# The values of the chosen layer by district.
lg = lang()
region_names = {r["code"]: name(r) for r in regions.to_dict("records")}
dnames = {r["code"]: name(r) for r in districts.to_dict("records")}
if is_indicator and year:
    dv = frames.district_values(cache.annual(statuses, "district", (layer,)), districts, layer, kind, int(year))
    dv["period_label"] = [period(str(x)) if isinstance(x, str) else "" for x in dv["period"]]
    unit = units.get(layer)
elif layer == LAYER_POPULATION:
    src = cache.table("sources").set_index("id")["title"]
    dv = districts[["code", "name_az", "name_en", "economic_region_code", "population_exclusive"]].rename(
        columns={"population_exclusive": "population"}
    )
    dv = dv.assign(
        value=dv["population"].astype(float),
        rate=float("nan"),
        data_status="reported",
        period_label=districts["population_date"].fillna(""),
        source_title=districts["population_source_id"].map(src),
    )
    unit = "persons"
else:
    cov = cache.coverage(statuses, on)
    cov = cov[cov["scenario"] == "open"]
    dv = cov.rename(columns={"population_exclusive": "population", "distance_km": "value"})
    dv = dv.assign(
        rate=float("nan"),
        data_status="reported",
        period_label=sections.as_of(on),
        source_title=t("map.distance_source"),
    )
    unit = "km"
dv["label"] = [name(r) for r in dv.to_dict("records")]
dv["region_label"] = dv["economic_region_code"].map(region_names)
use_rate = measure == "per_10k"
value_title = t("common.per_10k_title") if use_rate else layer_names[layer]
if unit and not use_rate and unit not in ("persons",):
    value_title = f"{value_title} ({t(f'unit.{unit}')})"

if level == "region":
    if layer == LAYER_DISTANCE:
        summary = cache.coverage_summary(statuses, on)
        s = summary[(summary["geo_level"] == "region") & (summary["scenario"] == "open")]
        shown = (
            regions[["code", "name_az", "name_en"]]
            .merge(
                s[["geo_code", "pop_weighted_distance_km"]].rename(columns={"geo_code": "code"}), on="code", how="left"
            )
            .rename(columns={"pop_weighted_distance_km": "value"})
        )
        shown = shown.assign(rate=float("nan"), data_status="reported", period_label=sections.as_of(on))
        value_title = t("map.layer.dost_distance_weighted")
    else:
        shown = regional.region_values(dv, regions, kind)
        shown["period_label"] = year or ""
    shown["label"] = [name(r) for r in shown.to_dict("records")]
    geojson = cache.region_geojson  # read only when the figure is built (a copy of the shapes per build, not per run)
    names = region_names
else:
    shown = dv
    geojson = cache.district_geojson
    names = dnames
figures_of = shown  # each unit's own figure and its rate, as exported (the value beside the rate it gives)
shown = frames.rate_as_value(shown) if use_rate else shown  # a rate keeps its value's qualifier, not its ends
demo = bool((shown["data_status"] == "demonstration").any())
colour_title = value_title + (f"\n({t('status.demonstration')})" if demo else "")  # plain: the map escapes it
shown["hover"] = [
    maps.unit_hover(
        r,
        lg,
        value_title,
        None if use_rate else unit,
        [t("common.districts_reported", reported=num(r["districts_reported"]), total=num(r["districts_total"]))]
        if "districts_reported" in r and pd.notna(r.get("districts_reported"))
        else None,
    )
    for r in shown.to_dict("records")
]

# The facility layer as it stood on the chosen date.
fac = pd.DataFrame()
if networks:  # placed, named and with hover texts: built once per data version, date, networks and language
    fac = cache.facility_layer(statuses, on, tuple(sorted(networks)), pipeline, lg)

# The figure depends on nothing of the session but these choices and the sprite's address (the browser's origin):
# built once per data version and shared (drawn only, never changed: see app_pages/ui/cache.py).
sprite = components.sprite_url()
fig = cache.shared_figure(
    "map",
    (statuses, layer, level, year, measure, tuple(sorted(networks or ())), pipeline, on, lg, sprite),
    lambda: maps.choropleth(
        geojson(),
        shown[["code", "value", "hover"]],
        lg,
        colour_title,
        names,
        region_geojson=cache.region_geojson() if level == "district" else None,
        facilities=fac,
        level=level,
        sprite=sprite,
    ),
)
ranked = shown.dropna(subset=["value"]).sort_values("value", ascending=False)
shown_unit = None if use_rate else unit
caption = t(
    "map.caption",
    layer=md(layer_names[layer]),
    level=t(f"map.level.{level}"),
    count=num(len(ranked)),
    total=num(len(shown)),
    top=md(ranked["label"].iloc[0]) if len(ranked) else "–",
    top_value=md(charts.qualified_cell(ranked.iloc[0], "value", shown_unit, lg)) if len(ranked) else "–",
    low=md(ranked["label"].iloc[-1]) if len(ranked) else "–",
    low_value=md(charts.qualified_cell(ranked.iloc[-1], "value", shown_unit, lg)) if len(ranked) else "–",
)
if len(fac):
    caption += " " + t(
        "map.caption_facilities",
        count=num(len(fac)),
        open=num(int((fac["status"] == "open").sum())),
        date=sections.as_of(on),
    )
caption = components.with_demo_note(caption, shown["data_status"])
if len(fac):  # the shapes' legend (plotly draws no custom shape in a map legend), right under the map
    caption = maps.type_legend(fac["facility_type"], lg) + "\n\n" + caption
st.caption(t("map.click_hint") if level == "district" else t("map.click_hint_region"))
export = figures_of.drop(columns=["hover"], errors="ignore")
event = components.chart(fig, caption, export, f"map_{layer}_{level}", "map", on_select="rerun")
# The date of the latest evidence behind what the map shows (the layer's figures, the register of the networks
# drawn), marked when it lies too long before the map's date.
evidence_days = list(dv["period_end"]) if is_indicator and "period_end" in dv.columns else []
if layer == LAYER_POPULATION:
    evidence_days += list(districts["population_date"])
register = [*(["dost"] if layer == LAYER_DISTANCE else []), *(networks if len(fac) else [])]
if register:
    fs = cache.facility_status(statuses)
    evidence_days.append(network_evidence_day(cache.table("facilities"), fs, on, tuple(dict.fromkeys(register))))
evidence = evidence_text(latest_evidence(evidence_days), on, lg)
if evidence:
    st.caption(evidence[:1].upper() + evidence[1:])

# A click on a facility shape opens its district (at region level: lists its economic region's districts).
district_region = dict(zip(districts["code"], districts["economic_region_code"], strict=True))
facility_units = (
    {
        f: (d if level == "district" else district_region.get(d))
        for f, d in zip(fac["code"], fac["district_code"], strict=True)
    }
    if len(fac)
    else {}
)
clicked = maps.selected_code(event, facility_units)
if clicked and level == "district" and clicked in set(districts["code"]):
    st.session_state["district"] = clicked
    st.switch_page("app_pages/district.py", query_params={"district": clicked, "lang": lg})
# A region chosen on the map (or in a copied link: ?region=ER-...) lists its districts.
chosen_region = clicked if clicked in region_names else state.url_value("region")
chosen_region = chosen_region if level == "region" and chosen_region in region_names else None
state.sync_url(region=chosen_region)
if chosen_region:
    st.markdown(f"**{md(region_names[chosen_region])}**")
    for r in districts[districts["economic_region_code"] == chosen_region].to_dict("records"):
        st.page_link(
            "app_pages/district.py",
            label=md(name(r)),
            query_params={"district": r["code"]},
            icon=":material/location_on:",
        )

# The list as an alternative to the map (keyboard users, screen readers).
goto = st.selectbox(
    t("map.goto"),
    districts.sort_values("name_az")["code"].tolist(),
    index=None,
    placeholder=t("map.goto_placeholder"),
    format_func=lambda c: dnames.get(c, c),
    key="map.goto",
)
if goto:
    st.session_state["district"] = goto
    st.switch_page("app_pages/district.py", query_params={"district": goto, "lang": lg})
if len(fac):
    view = fac[
        [
            "code",
            "label",
            "facility_type",
            "status",
            "status_date",
            "expected_open",
            "district_label",
            "location_basis",
            "data_status",
            "source_title",
        ]
    ].copy()
    view["facility_type"] = [t(f"facility.type.{x}") for x in view["facility_type"]]
    view["status"] = [t(f"facility.status.{x}") for x in view["status"]]
    components.table_section(t("map.facility_table"), view, f"facilities_{on.isoformat()}", "map_facilities")
