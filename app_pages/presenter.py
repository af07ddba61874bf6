"""Presenter mode: the collegium deck one slide at a time, full window, keyboard navigation, slide in the URL.

`?snapshot=<id>` shows a frozen meeting's figures; without it, today's figures. `?slide=<n>` is the slide.
"""

from datetime import date

import streamlit as st

from app_pages.ui import cache, present, state
from app_pages.ui.i18n import lang, md, t
from data.errors import DataError
from data.formatting import format_date
from deck import images
from deck.model import build_deck

present.hide_chrome()
images.warm_up()

snapshot_id = state.url_value("snapshot")
try:
    if snapshot_id:
        snap = cache.snapshot(int(snapshot_id))
        payload = snap.payload
        source = t("collegium.presenter.source_snapshot", date=format_date(snap.meeting_date, lang()))
    else:
        payload = cache.live_payload(state.statuses())
        source = t("collegium.presenter.source_live", date=format_date(date.today(), lang()))
except (DataError, ValueError) as exc:
    st.error(t(getattr(exc, "key", "collegium.error.not_found"), **getattr(exc, "params", {"id": snapshot_id})))
    st.page_link("app_pages/collegium.py", label=t("page.collegium"), icon=":material/arrow_back:")
    st.stop()

deck = build_deck(payload, lang())
index = present.current_index(len(deck.slides))
state.sync_url(slide=str(index + 1), snapshot=snapshot_id)
present.slide(deck, index, payload)
present.navigation(index, len(deck.slides), lambda: st.switch_page("app_pages/collegium.py"))
st.caption(md(source))
