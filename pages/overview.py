"""Overview: every indicator's latest value with its period, source and data status."""

import streamlit as st

from pages.ui import cache, state
from pages.ui.i18n import name, num, period, t

st.title(t("overview.title"))
st.caption(t("app.subtitle"))
st.write(t("overview.intro"))
st.info(t("overview.demo_notice") if state.show_demo() else t("overview.reported_only"))

indicators = cache.table("indicators")
obs = cache.observations(state.statuses(), geo_level="country")
latest = obs.sort_values("period_end").groupby("indicator_code").tail(1).set_index("indicator_code")

rows = []
for ind in indicators.to_dict("records"):
    o = latest.loc[ind["code"]] if ind["code"] in latest.index else None
    rows.append(
        {
            t("overview.col.indicator"): name(ind),
            t("overview.col.latest"): num(o["value"]) if o is not None else t("overview.no_data"),
            t("overview.col.period"): period(o["period"]) if o is not None else "",
            t("overview.col.data_status"): t(f"status.{o['data_status']}") if o is not None else "",
            t("overview.col.source"): (o["source_title"] or "") if o is not None else "",
        }
    )
st.dataframe(rows, hide_index=True, use_container_width=True)
st.caption(t("overview.database", count=num(cache.observation_count()), sources=num(len(cache.table("sources")))))
