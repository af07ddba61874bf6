"""Access where people live and where to open the next DOST branches (analysis)."""

import pandas as pd
import streamlit as st

from app_pages.ui import cache, components, sections, state
from app_pages.ui.i18n import labeller, lang, name, num, pct, t
from figures import planning as f_planning
from metrics.access import DEFAULT_RADIUS_KM, RADII_KM
from metrics.planning import MAX_BRANCHES, PlanningError

st.title(t("planning.title"))
st.write(t("planning.intro"))
statuses = state.statuses()
districts = cache.table("districts")
district_names = {r["code"]: name(r) for r in districts.to_dict("records")}

c1, c2, c3 = st.columns(3)
with c1:
    on = sections.date_control(future=True)
with c2:
    state.seed("planning_radius", "radius", RADII_KM, DEFAULT_RADIUS_KM)
    radius = st.selectbox(t("planning.radius"), RADII_KM, key="planning_radius", help=t("planning.radius_help"))
with c3:
    with_pipeline = st.toggle(
        t("planning.with_pipeline"), key="planning_pipeline", help=t("planning.with_pipeline_help")
    )

# Access where people live: 15/30/60 km side by side, the administrative flag as a second figure.
st.subheader(t("planning.access", date=sections.as_of(on)))
acc = cache.access(statuses, on)
scenario = "with_pipeline" if with_pipeline else "open"
rows = acc[(acc["scenario"] == scenario) & acc["geo_level"].isin(["country", "group"])]
labels = {"AZ": t("planning.group.country")} | {g: t(f"planning.group.{g}") for g in rows["geo_code"] if g != "AZ"}
view = pd.DataFrame(
    {t("planning.col.population_group"): rows["geo_code"].map(labels), t("planning.col.population"): rows["population"]}
)
for r in RADII_KM:
    view[t("planning.col.within", km=r)] = rows[f"office_share_{r}"].to_numpy()
view[t("planning.col.mean_km")] = rows["office_km_mean"].to_numpy()
view[t("planning.col.points_within", km=radius)] = rows[f"point_share_{radius}"].to_numpy()
view[t("planning.col.served_admin")] = rows["share_served_admin"].to_numpy()
components.table(view, f"access_{on.isoformat()}_{scenario}", "planning_access")
country = rows[rows["geo_code"] == "AZ"].iloc[0]
st.caption(
    t(
        "planning.access_caption",
        within=pct(country[f"office_share_{radius}"], 1),
        km=radius,
        admin=pct(country["share_served_admin"], 1),
        none=num(country["population_no_office"]),
    )
)
region_names = {r["code"]: name(r) for r in cache.table("economic_regions").to_dict("records")}
for level, unit_names, unit_col, title in (
    ("region", region_names, "common.region", "planning.regions_table"),
    ("district", district_names, "common.district", "planning.districts_table"),
):
    g = acc[(acc["scenario"] == scenario) & (acc["geo_level"] == level)]
    view = pd.DataFrame(
        {
            t(unit_col): g["geo_code"].map(unit_names),
            t("planning.col.population"): g["population"].to_numpy(),
            **{t("planning.col.within", km=r): g[f"office_share_{r}"].to_numpy() for r in RADII_KM},
            t("planning.col.mean_km"): g["office_km_mean"].to_numpy(),
            t("planning.col.served_admin"): g["share_served_admin"].to_numpy(),
        }
    )
    components.table_section(
        t(title),
        view,
        f"access_{level}s_{on.isoformat()}_{scenario}",
        f"planning_access_{level}s",
    )

# The 2030 centres target, both readings.
st.subheader(t("planning.target"))
readings = cache.target_readings(statuses, on)
rv = pd.DataFrame(
    {
        t("planning.col.reading"): [
            t(f"planning.reading.{r}") + (" — " + t("planning.reading.headline") if h else "")
            for r, h in zip(readings["reading"], readings["is_headline"], strict=True)
        ],
        t("planning.col.open"): readings["open"].to_numpy(),
        t("planning.col.target"): readings["target_value"].to_numpy(),
        t("planning.col.share"): readings["share_of_target"].to_numpy(),
    }
)
components.table(rv, f"target_readings_{on.isoformat()}", "planning_target")
st.caption(t("planning.target_caption"))

# Where to open the next branches.
st.subheader(t("planning.where"))
options = cache.settlements()
site_label = {
    r["settlement_code"]: f"{r['name']} ({district_names.get(r['district_code'], r['district_code'])})"
    for r in options.to_dict("records")
}
codes = sorted(site_label, key=site_label.get)
c1, c2 = st.columns(2)
with c1:
    state.seed("planning_branches", "branches", range(MAX_BRANCHES + 1), 10)
    branches = st.slider(t("planning.branches"), 0, MAX_BRANCHES, key="planning_branches")
    objective = st.radio(
        t("planning.objective"), ("mclp", "pmedian"), format_func=labeller("planning.objective", ("mclp", "pmedian")),
        key="planning_objective", horizontal=True,
    )  # fmt: skip
with c2:
    fix = st.multiselect(t("planning.fix"), codes, format_func=site_label.get, key="planning_fix")
    exclude = st.multiselect(t("planning.exclude"), codes, format_func=site_label.get, key="planning_exclude")
state.sync_url(date=on.isoformat(), radius=str(radius), branches=str(branches))
try:
    with st.spinner(t("planning.solving")):
        sites, curve, versus, summary, offices, pipeline = cache.plan(
            statuses, on, with_pipeline, branches, radius, tuple(fix), tuple(exclude), objective
        )
except PlanningError as e:
    st.error(t("planning.error", reason=str(e)))
    st.stop()

st.write(
    t(
        "planning.summary",
        n=num(branches),
        km=radius,
        before=pct(summary["share_before"], 1),
        after=pct(summary["share_after"], 1),
    )
)
office_view = offices.assign(label=[name(r) for r in offices.to_dict("records")])
pipeline_view = pipeline.assign(label=[name(r) for r in pipeline.to_dict("records")])
fig = f_planning.sites_map(sites, office_view, cache.district_geojson(), lang(), district_names, pipeline_view)
caption = t("planning.map_caption", sites=", ".join(sites["name"].head(5)) or "–")
table = sites.assign(district=sites["district_code"].map(district_names))
components.chart(fig, caption, table, f"planning_sites_{branches}_{radius}km", "planning_sites")
components.table(
    pd.DataFrame(
        {
            t("planning.col.order"): sites["order"].to_numpy(),
            t("planning.col.site"): sites["name"].to_numpy(),
            t("common.district"): table["district"].to_numpy(),
            t("planning.col.fixed"): [t("common.yes") if x else t("common.no") for x in sites["fixed"]],
            t("planning.col.added"): sites["added_population"].to_numpy(),
            t("planning.col.cumulative"): sites["cumulative_population"].to_numpy(),
        }
    ),
    f"planning_table_{branches}_{radius}km",
    "planning_table",
)

fig = f_planning.curve_figure(curve, lang(), t("planning.curve_title", km=radius), branches, versus or None)
if versus and versus.get("sites"):
    caption = t(
        "planning.pipeline_caption",
        sites=num(versus["sites"]),
        km=radius,
        got=num(versus["pipeline_added"]),
        best=num(versus["optimum_added"]),
        share=pct(versus["share_of_optimum"], 1),
    )
else:
    caption = t("planning.curve_caption", km=radius)
components.chart(fig, caption, curve, f"planning_curve_{radius}km", "planning_curve")
st.caption(t("planning.method"))
