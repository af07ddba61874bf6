"""Presenter mode: the collegium deck one slide at a time, full window, keyboard navigation, slide in the URL.

`?snapshot=<id>` shows a frozen meeting's figures; without it, today's figures (marked live inside the slide).
`?slide=<n>` is the slide. `?regions=ER-QAR,ER-LAS` adds regional slides to today's figures (a frozen meeting
shows the regions frozen with it). `?view=notes` is the speaker-notes window (notes, next slide, timer), opened from the
"#" menu of the presenter window; it follows the presenter window's slide.
"""

from datetime import date

import streamlit as st

from app_pages.ui import auth, cache, present, state
from app_pages.ui.i18n import lang, md, t
from data.errors import DataError
from data.formatting import format_date
from deck import images
from deck.model import build_deck

present.hide_chrome()
images.warm_up()

snapshot_id = state.url_value("snapshot")
regions = tuple(r for r in (state.url_value("regions") or "").split(",") if r) if not snapshot_id else ()
notes_view = state.url_value(present.VIEW_KEY) == present.NOTES_VIEW
try:
    if snapshot_id:
        snap = cache.snapshot(int(snapshot_id))
        payload = snap.payload
        source = t("collegium.presenter.source_snapshot", date=format_date(snap.meeting_date, lang()))
        figures = ("frozen", t("collegium.presenter.state_frozen", date=format_date(payload["frozen_at"], lang())))
        deck = build_deck(payload, lang())
    else:
        payload = cache.live_payload(state.statuses(), regions=regions)
        source = t("collegium.presenter.source_live", date=format_date(date.today(), lang()))
        figures = ("live", t("collegium.presenter.state_live"))
        deck = build_deck({**payload, "live": True}, lang())  # the title slide says the figures are not frozen
except (DataError, ValueError) as exc:
    st.error(t(getattr(exc, "key", "collegium.error.not_found"), **getattr(exc, "params", {"id": snapshot_id})))
    st.page_link("app_pages/collegium.py", label=t("page.collegium"), icon=":material/arrow_back:")
    st.stop()

index = present.current_index(len(deck.slides))
user = auth.user()
owner = (user.subject if user is not None and user.subject else "local", snapshot_id or "live")
state.sync_url(
    slide=str(index + 1),
    snapshot=snapshot_id,
    view=present.NOTES_VIEW if notes_view else None,
    regions=",".join(regions) or None,
)
if notes_view:
    following = index + 1 if index + 1 < len(deck.slides) else None
    present.notes_view(deck, index, owner, present.slide_png(deck, following, payload) if following else None)
    st.stop()
present.publish(owner, index)
present.slide(deck, index, payload, figures)
present.navigation(index, len(deck.slides), lambda: st.switch_page("app_pages/collegium.py"))
st.caption(md(source))
