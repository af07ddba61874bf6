"""The frame: page config, navigation, the shared sidebar (language, data status), then the chosen page."""

import streamlit as st

from app_pages.ui import accessibility, state
from app_pages.ui.i18n import LANG_KEY, LANGUAGE_LABELS, lang, t

st.set_page_config(page_title="Sosial xidmətlər: monitorinq", page_icon=":bar_chart:", layout="wide")
state.init()

with st.sidebar:
    st.segmented_control(
        t("sidebar.language"),
        options=list(LANGUAGE_LABELS),
        format_func=LANGUAGE_LABELS.get,
        key=LANG_KEY,
        persist_state="session",  # the frame's widgets keep their value on every page and rerun
    )
    if st.session_state.get(LANG_KEY) is None:  # the control was clicked off: keep a language
        st.session_state[LANG_KEY] = "az"
    st.toggle(t("sidebar.show_demo"), key=state.DEMO_KEY, help=t("sidebar.show_demo_help"), persist_state="session")
    st.caption(t("app.ministry"))

pages = {
    t("nav.section.leadership"): [
        st.Page(
            "app_pages/overview.py",
            title=t("page.overview"),
            icon=":material/dashboard:",
            url_path="overview",
            default=True,
        ),
    ],
    t("nav.section.themes"): [
        st.Page(
            "app_pages/children.py", title=t("page.children"), icon=":material/family_restroom:", url_path="children"
        ),
        st.Page(
            "app_pages/rehabilitation.py",
            title=t("page.rehabilitation"),
            icon=":material/accessible:",
            url_path="rehabilitation",
        ),
        st.Page("app_pages/dost.py", title=t("page.dost"), icon=":material/hub:", url_path="dost"),
    ],
    t("nav.section.analysis"): [
        st.Page("app_pages/map.py", title=t("page.map"), icon=":material/map:", url_path="map"),
        st.Page(
            "app_pages/district.py", title=t("page.district"), icon=":material/location_city:", url_path="district"
        ),
        st.Page(
            "app_pages/facilities.py", title=t("page.facilities"), icon=":material/apartment:", url_path="facilities"
        ),
        st.Page(
            "app_pages/planning.py", title=t("page.planning"), icon=":material/add_location_alt:", url_path="planning"
        ),
    ],
    t("nav.section.data"): [st.Page("app_pages/import_data.py", title=t("page.import"), icon=":material/upload_file:")],
    t("nav.section.collegium"): [
        st.Page("app_pages/collegium.py", title=t("page.collegium"), icon=":material/groups:", url_path="collegium"),
        st.Page("app_pages/presenter.py", title=t("page.presenter"), icon=":material/slideshow:", url_path="presenter"),
    ],
    t("nav.section.about"): [
        st.Page("app_pages/sources.py", title=t("page.sources"), icon=":material/menu_book:", url_path="sources"),
    ],
}
pg = st.navigation(pages)
accessibility.apply(lang())
state.sync_url()
pg.run()
