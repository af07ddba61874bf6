"""District profile: its facilities and their histories, its indicators against the country and its economic
region, its distance to the nearest DOST facility. Reached from the map or chosen from the list.
"""

from datetime import date

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from app_pages.ui import auth, cache, components, state
from app_pages.ui.i18n import day, lang, md, name, num, period, t
from data.plain import plain_hover
from figures import charts, frames, maps
from metrics import regional

statuses = state.statuses()
lg = lang()
today = date.today()
districts = cache.table("districts").sort_values("name_az").reset_index(drop=True)
regions = cache.table("economic_regions")
region_names = {r["code"]: name(r) for r in regions.to_dict("records")}
district_records = districts.to_dict("records")
dnames = {r["code"]: name(r) for r in district_records}
codes = districts["code"].tolist()
choice_labels = {
    r["code"]: f"{dnames[r['code']]} · {region_names.get(r['economic_region_code'], '')}" for r in district_records
}

# An analyst's list holds only the districts of their regions (data.queries): another region's district, even
# asked for by a copied URL, is refused here, and nothing of it was read.
asked = state.url_value("district")
if asked and asked not in codes and "district" not in st.session_state:
    auth.refuse("district", asked)
if not codes:
    auth.refuse("district", None)
state.seed("district", "district", codes, codes[0])
st.title(t("district.title", name=md(dnames[st.session_state["district"]])))
code = st.selectbox(t("district.choose"), codes, key="district", format_func=lambda c: choice_labels.get(c, c))
d = districts.set_index("code").loc[code]
region = d["economic_region_code"]
pop = d["population_exclusive"]
kind_label = t(f"district.kind.{d['kind']}")
components.html_line(
    f"<b>{t('common.region')}:</b> {md(region_names.get(region, '–'))}",
    f"· <b>{t('district.kind')}:</b> {kind_label}",
    f"· <b>{t('district.population')}:</b> {num(pop) if pd.notna(pop) else '–'}"
    + (f" ({period(str(d['population_date']))})" if isinstance(d["population_date"], str) else ""),
)
if isinstance(d.get("stat_parent_code"), str):
    st.caption(t("district.counted_inside", parent=md(dnames.get(d["stat_parent_code"], d["stat_parent_code"]))))

# DOST: served or not, by which facility, and the distance from the district's centre to the nearest one.
cov = cache.coverage(statuses, today).set_index(["scenario", "code"])
facilities = cache.table("facilities").set_index("code")
if ("open", code) in cov.index:
    o, w = cov.loc[("open", code)], cov.loc[("with_pipeline", code)]
    served_by = ", ".join(md(name(facilities.loc[c])) for c in str(o["served_by"]).split("; ") if c in facilities.index)
    nearest = o["nearest_facility_code"]
    c1, c2, c3 = st.columns(3)
    c1.metric(t("district.served"), t("common.yes") if o["served"] else t("common.no"))
    c2.metric(
        t("district.nearest_dost"),
        t("common.km", value=num(o["distance_km"], 1)),
        t("dost.metric.pipeline_delta", value=t("common.km", value=num(w["distance_km"], 1))),
        delta_color="off",
        delta_arrow="off",
    )
    with c3:
        st.caption(t("district.nearest_facility"))
        st.markdown(f"**{md(name(facilities.loc[nearest])) if nearest in facilities.index else '–'}**")
        if served_by:
            st.caption(t("district.served_by", names=served_by))
    st.caption(t("district.distance_note", date=day(today)))

# A locator map (the district outlined, the economic-region borders, its facilities) beside their histories.
fs_now = cache.status_on(statuses, today)
history = cache.facility_status(statuses)
# Every facility placed, named and with its hover text (once per data version, date and language), then the
# district's own.
fac = cache.facility_layer(statuses, today, None, True, lg)
fac = fac[fac["district_code"] == code].reset_index(drop=True)
fac["district_label"] = dnames[code]
cen = cache.centroids().set_index("code")
center = {"lat": cen.loc[code, "lat"], "lon": cen.loc[code, "lon"]} if code in cen.index else None


def _locator() -> go.Figure:
    """The locator map: only the shapes around the district are sent (a lighter figure), centred on it."""
    locator = pd.DataFrame({"code": [code], "value": [1.0], "hover": [f"<b>{plain_hover(dnames[code])}</b>"]})
    near = maps.window(cache.district_bounds(), center, 1.2) if center else set(codes)
    near_regions = set(districts.loc[districts["code"].isin(near), "economic_region_code"])
    return maps.choropleth(
        maps.feature_subset(cache.district_geojson(), near),
        locator,
        lg,
        dnames[code],
        dnames,
        region_geojson=maps.feature_subset(cache.region_geojson(), near_regions),
        facilities=fac,
        highlight=code,
        height=420,
        center=center,
        zoom=7.8 if center else None,
        scale=False,
        sprite=sprite,
    )


# Session-independent: built once per data version, district, date, language and the sprite's address (the
# browser's origin), shared (drawn only).
sprite = components.sprite_url()
fig = cache.shared_figure("district_locator", (statuses, code, today, lg, sprite), _locator)
left, right = st.columns([2, 3])
with left:
    caption = t(
        "district.locator_caption", name=md(dnames[code]), region=md(region_names.get(region, "–")), count=num(len(fac))
    )
    if len(fac):  # the shapes' legend (the status legend is in the figure)
        caption = maps.type_legend(fac["facility_type"], lg) + "\n\n" + caption
    located = fac[["code", "label", "facility_type", "status", "status_date", "lat", "lon", "location_basis"]]
    components.chart(fig, caption, located, f"district_{code}_map", "district_locator")
with right:
    st.subheader(t("district.facilities"))
    mine = facilities.reset_index()
    mine = mine[mine["district_code"] == code]
    if mine.empty:
        st.info(t("district.no_facilities"))
    else:
        segs = frames.facility_segments(history[history["facility_code"].isin(mine["code"])], today)
        labels = {r["code"]: name(r) for r in mine.to_dict("records")}
        fig = cache.shared_figure(
            "district_timeline",
            (statuses, code, today, lg),
            lambda: charts.facility_timeline_figure(
                segs, labels, lg, t("district.timeline_title"), pd.Timestamp(today)
            ),
        )
        components.chart(
            fig,
            t("district.timeline_caption", count=num(len(mine))),
            segs,
            f"district_{code}_timeline",
            "district_timeline",
        )
        reg = frames.facility_registry(mine, history, fs_now, districts)
        view = pd.DataFrame(
            {
                t("facilities.col.name"): [name(r) for r in reg.to_dict("records")],
                t("facilities.col.type"): [t(f"facility.type.{x}") for x in reg["facility_type"]],
                t("facilities.col.status"): [
                    t(f"facility.status.{x}") if isinstance(x, str) else "–" for x in reg["status"]
                ],
                t("facilities.col.since"): reg["status_date"],
                t("facilities.col.opened"): reg["opened"].dt.date,
            }
        )
        components.table(view, f"district_{code}_facilities", "district_facilities")

# Indicators against the country and the other districts of the region.
st.subheader(t("district.indicators"))
country_points = cache.points(statuses, "country")
indicators = cache.table("indicators")
latest = cache.latest_district_values(statuses)  # code -> (every district's values, latest year, kind)
ind = indicators[indicators["code"].isin(set(latest))]
national_pop = float(pd.to_numeric(districts["population_exclusive"], errors="coerce").sum())
# The national series by indicator, split once (not one filter of every point per indicator).
national_points = dict(tuple(country_points[country_points["geo_code"] == "AZ"].groupby("indicator_code", sort=False)))


def reference(code_: str, kind: str, year: int, dv: pd.DataFrame) -> tuple[str, float | None, str]:
    """The national figure of `year` per 10,000 residents, else the average of all districts (labelled so), with
    its qualifier (metrics.regional.reference_qualifier)."""
    pts = frames.points_of(national_points.get(code_, country_points.iloc[:0]), code_)
    basis, rate, qualifier = regional.reference(dv, pts[(pts["year"] == year) & ~pts["is_partial"]], national_pop, kind)
    return t("common.national" if basis == "national" else "district.all_districts"), rate, qualifier


def qualified(value: object, qualifier: str, kind: str, unit: object) -> str:
    """A rate (one decimal) or a share in its unit, written with its qualifier ('~3,2'); '–' when there is none."""
    return charts.qualified_rate(value, qualifier, kind not in regional.AVERAGED_KINDS, unit, lg)


def _indicator_rows() -> pd.DataFrame:
    """The district's indicators against the country and its region (one row per indicator)."""
    rows = []
    for r in ind.to_dict("records"):
        rows.append(_indicator_row(r))
    return pd.DataFrame(rows)


def _indicator_row(r: dict) -> dict:
    """One indicator's row of the table."""
    dv, year, kind = latest[r["code"]]
    pr = regional.peers(dv, None, None, kind, code)
    ref_label, ref_rate, ref_q = reference(r["code"], kind, year, dv)
    mine_row = dv[dv["code"] == code].iloc[0]
    unit = r.get("unit")
    return {
        t("common.indicator"): name(r),
        t("common.year"): str(year),
        t("common.value"): frames.with_qualified_text(dv[dv["code"] == code], lg)["value_text"].iloc[0],
        t("common.per_10k_title"): qualified(pr.get("rate"), pr.get("rate_qualifier", "exact"), kind, unit),
        t("district.col.reference"): qualified(ref_rate, ref_q, kind, unit),
        t("district.col.reference_basis"): ref_label,
        t("district.col.region_median"): qualified(
            pr.get("region_median_rate"), pr.get("region_median_qualifier", "exact"), kind, unit
        ),
        t("district.col.rank"): f"{pr['rank']} / {pr['region_size']}" if pr.get("rank") else "–",
        t("common.source"): mine_row["source_title"] if isinstance(mine_row["source_title"], str) else "–",
        t("chart.data_status"): charts.status_label(mine_row["data_status"], lg),
    }


# Session-independent: computed once per data version, district and language (each session gets a copy).
indicator_rows = cache.page_table("district_indicators", (statuses, code, lg), _indicator_rows)
if len(indicator_rows):
    components.table(indicator_rows, f"district_{code}_indicators", "district_indicators")
    st.caption(t("district.indicators_caption"))
else:
    st.info(t("district.no_indicators"))

options = ind["code"].tolist()
if options:
    names = {r["code"]: name(r) for r in ind.to_dict("records")}
    state.seed("indicator", "indicator", options, options[0])
    chosen = st.selectbox(t("common.indicator"), options, format_func=lambda c: names.get(c, c), key="indicator")
    state.sync_url(district=code, indicator=chosen)
    dv, year, kind = latest[chosen]
    metric = "value" if kind in regional.AVERAGED_KINDS else "rate"
    peers = dv[dv["economic_region_code"] == region].copy()
    peers["label"] = [name(r) for r in peers.to_dict("records")]  # plain text: the figure escapes it
    pr = regional.peers(dv, None, None, kind, code)
    ref_label, ref_rate, ref_q = reference(chosen, kind, year, dv)
    chosen_unit = indicators.set_index("code").loc[chosen, "unit"]
    title = t(
        "district.peers_title",
        name=names[chosen],
        region=region_names.get(region, ""),
        year=str(year),
    )
    value_title = t("common.per_10k_title") if metric == "rate" else t("common.value")
    fig = cache.shared_figure(  # session-independent: once per data version, district, indicator and language
        "district_peers",
        (statuses, code, chosen, lg),
        lambda: charts.bar_breakdown(
            peers, "label", metric, lg, title, value_title, highlight=code, reference=(ref_label, ref_rate, ref_q)
        ),
    )
    caption = t(
        "district.peers_caption" if metric == "rate" else "district.peers_caption_value",
        name=md(dnames[code]),
        rank=str(pr.get("rank") or "–"),
        size=str(pr.get("region_size") or "–"),
        value=md(qualified(pr.get("rate"), pr.get("rate_qualifier", "exact"), kind, chosen_unit)),
        reference=ref_label,
        reference_value=md(qualified(ref_rate, ref_q, kind, chosen_unit)),
    )
    caption = components.with_demo_note(caption, peers["data_status"])
    components.chart(fig, caption, peers, f"district_{code}_{chosen}_peers", "district_peers")

    series = frames.points_of(cache.points(statuses, "district", (chosen,)), chosen, code)
    unit = indicators.set_index("code").loc[chosen, "unit"]
    title = t("district.series_title", name=names[chosen], district=dnames[code])
    fig = cache.shared_figure(
        "district_series",
        (statuses, code, chosen, lg),
        lambda: charts.indicator_figure(series, {"unit": unit, "kind": kind}, lg, title, height=320),
    )
    caption = components.with_demo_note(t("district.series_caption", count=num(len(series))), series["data_status"])
    components.chart(fig, caption, series, f"district_{code}_{chosen}_series", "district_series")
else:
    state.sync_url(district=code)
