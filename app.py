"""The frame: page config, the signed-in user, navigation by role, the shared sidebar (language, data status,
user), then the chosen page."""

import streamlit as st

from app_pages.ui import accessibility, auth, cache, state
from app_pages.ui.auth import Entry
from app_pages.ui.i18n import LANG_KEY, LANGUAGE_LABELS, lang, t

st.set_page_config(page_title="Sosial xidmətlər: monitorinq", page_icon=":bar_chart:", layout="wide")
state.init()
user = auth.current_user()  # None: an identity provider is configured and nobody has signed in


def _keep_a_language() -> None:
    if st.session_state.get(LANG_KEY) is None:  # the control was clicked off: keep a language
        st.session_state[LANG_KEY] = "az"


with st.sidebar:
    st.segmented_control(
        t("sidebar.language"),
        options=list(LANGUAGE_LABELS),
        format_func=LANGUAGE_LABELS.get,
        key=LANG_KEY,
        persist_state="session",  # the frame's widgets keep their value on every page and rerun
        on_change=_keep_a_language,
    )
    st.toggle(t("sidebar.show_demo"), key=state.DEMO_KEY, help=t("sidebar.show_demo_help"), persist_state="session")
    auth.sidebar(user)
    st.caption(t("app.ministry"))


def page(path: str, title: str, icon: str, url_path: str, *roles: str) -> Entry:
    """A page of the navigation and the roles (data.schema.ROLES) that may open it."""
    return Entry(st.Page(f"app_pages/{path}", title=t(title), icon=f":material/{icon}:", url_path=url_path), roles)


# A page a role may not use is not listed and refuses its URL. The planning page reads every region's
# population and facilities: leadership only.
LEAD, ANALYST, STEWARD, ADMIN = "leadership", "analyst", "steward", "admin"
pages = {
    t("nav.section.leadership"): [page("overview.py", "page.overview", "dashboard", "overview", LEAD)],
    t("nav.section.themes"): [
        page("children.py", "page.children", "family_restroom", "children", LEAD),
        page("rehabilitation.py", "page.rehabilitation", "accessible", "rehabilitation", LEAD),
        page("dost.py", "page.dost", "hub", "dost", LEAD),
    ],
    t("nav.section.analysis"): [
        page("map.py", "page.map", "map", "map", LEAD, ANALYST),
        page("district.py", "page.district", "location_city", "district", LEAD, ANALYST),
        page("facilities.py", "page.facilities", "apartment", "facilities", LEAD, ANALYST),
        page("planning.py", "page.planning", "add_location_alt", "planning", LEAD),
    ],
    t("nav.section.data"): [page("import_data.py", "page.import", "upload_file", "import_data", STEWARD)],
    t("nav.section.collegium"): [
        page("collegium.py", "page.collegium", "groups", "collegium", LEAD),
        page("presenter.py", "page.presenter", "slideshow", "presenter", LEAD),
    ],
    t("nav.section.about"): [page("sources.py", "page.sources", "menu_book", "sources", LEAD, ANALYST, STEWARD)],
    t("nav.section.admin"): [page("admin.py", "page.admin", "admin_panel_settings", "admin", ADMIN)],
}
pg = st.navigation(auth.navigation(pages, user))
accessibility.apply(lang())
state.sync_url()
for difference in cache.database_notes():  # served as stored: only python -m data.build_db changes it
    st.warning(t(f"app.database.{difference}"), icon=":material/database:")
pg.run()
