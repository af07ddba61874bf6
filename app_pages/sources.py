"""Sources and methods: every indicator's definition, formula and targets with their sources; what
"demonstration" means; how status, pace and projection are computed; the boundary attribution.
"""

from datetime import date

import pandas as pd
import streamlit as st

from app_pages.ui import cache, components, downloads, sections, state
from app_pages.ui.i18n import lang, md, name, num, t
from data.formatting import format_value
from data.geo import PROJECTED_CRS
from figures import charts, frames
from metrics import dost as m_dost
from metrics import progress as m_progress
from metrics.facilities import PIPELINE_STALE_MONTHS
from metrics.series import BASELINE_YEAR, RECENT_YEARS

st.title(t("sources.title"))
st.write(t("sources.intro"))
statuses = state.statuses()
lg = lang()

indicators = cache.table("indicators")
targets = cache.table("targets")
# counted in the database (per indicator, source and data status), never every observation read (10 M rows)
counts = cache.observation_sources(statuses)
registry = cache.registry()


def target_text(code: str, unit: str) -> str:
    """The current target with its year, or 'no target'."""
    current = registry[code].current_target if code in registry else None
    if not current:
        return t("status.no_target")
    return f"{format_value(current.value, unit, lg)} ({current.target_year or '–'})"


def indicator_table() -> pd.DataFrame:
    """Every indicator with its goal, definition, unit, direction, levels, current target and observations."""
    goals = {g["code"]: name(g) for g in cache.table("goals").to_dict("records")}
    per_indicator = counts.groupby("indicator_code")["n"].sum()
    return pd.DataFrame(
        {
            t("common.indicator"): [name(r) for r in indicators.to_dict("records")],
            t("sources.col.goal"): indicators["goal"].map(goals),
            t("sources.col.definition"): indicators[f"definition_{lg}"],
            t("sources.col.unit"): [charts.unit_label(u, lg) for u in indicators["unit"]],
            t("sources.col.direction"): [t(f"sources.direction.{d}") for d in indicators["direction"]],
            t("sources.col.levels"): [
                ", ".join(t(f"sources.level.{x.strip()}") for x in str(v).split(",")) for v in indicators["levels"]
            ],
            t("sources.col.target"): [
                target_text(c, u) for c, u in zip(indicators["code"], indicators["unit"], strict=True)
            ],
            t("sources.col.observations"): [int(per_indicator.get(c, 0)) for c in indicators["code"]],
        }
    )


st.subheader(t("sources.indicators"))
# Session-independent: built once per data version, statuses, day and language (each session gets a copy).
overview = cache.page_table("sources_indicators", (statuses, date.today(), lg), indicator_table)
components.table(overview, "indicators", "sources_indicators")

codes = indicators["code"].tolist()
names = {r["code"]: name(r) for r in indicators.to_dict("records")}
state.seed("indicator", "indicator", codes, codes[0] if codes else None)
code = st.selectbox(t("sources.choose"), codes, format_func=lambda c: names.get(c, c), key="indicator")
state.sync_url(indicator=code)
if code:
    r = indicators.set_index("code").loc[code]
    with st.container(border=True):
        st.markdown(f"### {md(names[code])}")
        st.markdown(md(r[f"definition_{lg}"]))
        kind, direction = r["kind"], r["direction"]
        formula = t(f"sources.formula.{kind}", unit=md(charts.unit_label(r["unit"], lg)))
        st.markdown(f"**{t('sources.formula')}:** {formula}")
        st.markdown(f"**{t('sources.col.direction')}:** {t(f'sources.direction.{direction}')}")
        base = registry[code].baseline if code in registry else None
        if base:
            st.markdown(f"**{t('sources.baseline')}:** {format_value(base[0], r['unit'], lg)} ({base[1]})")
        tg = targets[targets["indicator_code"] == code]
        if len(tg):
            st.markdown(f"**{t('sources.targets')}**")
            view = pd.DataFrame(
                {
                    t("targets.col.value"): pd.to_numeric(tg["value"], errors="coerce"),
                    t("targets.col.wording"): tg["value_text"].fillna(""),
                    t("targets.col.year"): tg["target_year"],
                    t("targets.col.date_set"): [frames.date_text(x, lg) for x in tg["date_set"]],
                    t("targets.col.state"): [
                        t("targets.current") if c else t("targets.superseded") for c in tg["is_current"]
                    ],
                    t("common.source"): tg["source_title"],
                    t("sources.col.published"): [frames.date_text(x, lg) for x in tg["source_published"]],
                    t("targets.col.link"): tg["source_url"],
                    t("sources.col.note"): tg["note"],
                }
            )
            components.table(
                view,
                f"targets_{code}",
                "sources_targets",
                column_config=components.link_column(),
            )
        else:
            st.caption(t("sources.no_target"))
        known = cache.table("sources").set_index("id")
        used = counts[counts["indicator_code"] == code].reset_index(drop=True)
        used = used.assign(
            source_title=used["source_id"].map(known["title"]),
            source_url=used["source_id"].map(known["url"]),
            source_published=used["source_id"].map(known["published"]),
            first=used["first_period"],
            last=used["last_period"],
            status=used["data_status"],
        )
        st.markdown(f"**{t('sources.observation_sources')}**")
        view = pd.DataFrame(
            {
                t("common.source"): used["source_title"],
                t("sources.col.published"): [frames.date_text(x, lg) for x in used["source_published"]],
                t("sources.col.count"): used["n"],
                t("sources.col.periods"): [f"{a} – {b}" for a, b in zip(used["first"], used["last"], strict=True)],
                t("chart.data_status"): [charts.status_label(x, lg) for x in used["status"]],
                t("targets.col.link"): used["source_url"],
            }
        )
        components.table(
            view,
            f"sources_{code}",
            "sources_used",
            column_config=components.link_column(),
        )

st.subheader(t("sources.demo_title"))
st.write(t("sources.demo_text"))
st.caption(
    t(
        "sources.demo_count",
        count=num(int(counts.loc[counts["data_status"] == "demonstration", "n"].sum())),
        total=num(cache.observation_count()),
    )
)

st.subheader(t("sources.figures_title"))
st.write(t("sources.figures_text"))
# Every headline figure at every level: made when a button is clicked, not on every first visit (at ten million
# rows the rows deciding them take 9-13 s of SQL; docs/DEPLOY.md).
figures_later = cache.deferred(cache.headline_figures, statuses, date.today(), lg)
downloads.offer(figures_later, f"headline_figures_{lg}", "sources_figures")

st.subheader(t("sources.methods"))
st.markdown(
    t(
        "sources.methods_text",
        on_track=num(m_progress.ON_TRACK_SHARE),
        at_risk=num(m_progress.AT_RISK_SHARE),
        z=num(m_progress.BAND_LEVEL * 100),
        baseline=str(BASELINE_YEAR),
        recent=str(RECENT_YEARS),
        end=str(m_progress.STRATEGY_END_YEAR),
        crs=PROJECTED_CRS,
        own=", ".join(t(f"facility.type.{x}") for x in m_dost.OWN_DISTRICT_TYPES),
        catchment=", ".join(t(f"facility.type.{x}") for x in m_dost.CATCHMENT_TYPES),
    )
)

st.subheader(t("sources.all"))
src = cache.table("sources")
view = pd.DataFrame(
    {
        t("sources.col.title"): src["title"],
        t("sources.col.publisher"): src["publisher"],
        t("sources.col.published"): [frames.date_text(x, lg) for x in src["published"]],
        t("sources.col.approx"): [frames.date_text(x, lg) for x in src["published_approx"]],
        t("targets.col.link"): src["url"],
        t("sources.col.note"): src["note"],
    }
)
components.table(
    view,
    "sources",
    "sources_all",
    column_config=components.link_column(),
)

# Built only while open (the rules read their rows and count the district cells: about 2 s at ten million rows;
# the page does not wait for them).
quality_section = st.expander(t("sources.quality"), key=sections.QUALITY_OPEN, on_change="rerun")
with quality_section:
    q = cache.quality(statuses) if quality_section.open else None
    if q is not None and q.empty:
        st.caption(t("sources.quality_none"))
    elif q is not None:
        view = pd.DataFrame(
            {
                t("sources.col.severity"): [t(f"quality.severity.{x}") for x in q["severity"]],
                t("sources.col.rule"): [t(f"quality.rule.{x}") for x in q["rule"]],
                t("chart.data_status"): [
                    charts.status_label(x, lg) if isinstance(x, str) else "–" for x in q["data_status"]
                ],
                t("sources.col.message"): q[f"message_{lg}"],
            }
        )
        components.table(view, "quality", "sources_quality")

st.subheader(t("sources.register_title"))
st.write(t("sources.register_text"))
rec = cache.reconciliation(statuses)
if rec.empty:
    st.caption(t("sources.register_none"))
else:
    view = pd.DataFrame(
        {
            t("sources.register.published_date"): [frames.date_text(x, lg) for x in rec["published_date"]],
            t("sources.register.facilities"): [
                ", ".join(t(f"facility.type.{x}") for x in str(v).split(",")) for v in rec["facility_types"]
            ],
            t("sources.register.status"): [
                ", ".join(t(f"facility.status.{x}") for x in str(v).split("|")) for v in rec["status"]
            ],
            t("sources.register.published"): rec["published"].astype("int64"),
            t("sources.register.register"): rec["register"].astype("int64"),
            t("sources.register.agrees"): [t(f"sources.register.agrees_{bool(x)}".lower()) for x in rec["agrees"]],
            t("sources.col.title"): rec["source_title"],
            t("targets.col.link"): rec["source_url"],
        }
    )
    components.table(view, "register_vs_totals", "sources_register", column_config=components.link_column())
apart = cache.pipeline_apart(statuses, date.today())
if not apart.empty:
    st.write(t("sources.pipeline_apart"))
    view = pd.DataFrame(
        {
            t("facilities.col.name"): [name(r) for r in apart.to_dict("records")],
            t("sources.register.status"): [t(f"facility.status.{x}") for x in apart["status"]],
            t("sources.pipeline.last_evidence"): [
                frames.date_text(x.date().isoformat(), lg) for x in apart["last_evidence"]
            ],
            t("sources.pipeline.why"): [
                t(f"sources.pipeline.{x}", months=PIPELINE_STALE_MONTHS) for x in apart["pipeline_state"]
            ],
        }
    )
    components.table(view, "pipeline_apart", "sources_pipeline_apart")

st.subheader(t("sources.boundaries"))
st.write(t("sources.boundaries_text"))
with st.expander(t("sources.attribution")):
    st.markdown(cache.attribution())
