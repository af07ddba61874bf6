"""The frame: page config, navigation, the shared sidebar (language, data status), then the chosen page."""

import streamlit as st

from pages.ui import state
from pages.ui.i18n import LANG_KEY, LANGUAGE_LABELS, t

st.set_page_config(page_title="Sosial xidmətlər: monitorinq", page_icon=":bar_chart:", layout="wide")
state.init()

with st.sidebar:
    st.segmented_control(
        t("sidebar.language"), options=list(LANGUAGE_LABELS), format_func=LANGUAGE_LABELS.get, key=LANG_KEY
    )
    if st.session_state.get(LANG_KEY) is None:  # the control was clicked off: keep a language
        st.session_state[LANG_KEY] = "az"
    st.toggle(t("sidebar.show_demo"), key=state.DEMO_KEY, help=t("sidebar.show_demo_help"))
    st.caption(t("app.ministry"))

pages = {
    t("nav.section.leadership"): [
        st.Page("pages/overview.py", title=t("page.overview"), icon=":material/dashboard:", url_path="overview", default=True),
    ],
}
pg = st.navigation(pages)
state.sync_url()
pg.run()
