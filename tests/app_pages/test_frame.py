"""Every run goes through app.py (the frame: sidebar, language, navigation) by Streamlit's public API alone.

A folder named `pages` beside app.py is what puts Streamlit (1.67: `PagesManager`, `main_script_parent /
"pages"`) into its old multipage mode, where a page requested by URL runs without app.py. The pages therefore
live in `app_pages/`; these tests fail if a `pages/` folder comes back or if a deep link skips the frame.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from data.i18n import translate
from tests.conftest import run_app_server
from tests.helpers import assert_no_exception, wait_for_app

ROOT = Path(__file__).resolve().parents[2]


def test_no_pages_folder_beside_app_py():
    assert not (ROOT / "pages").exists(), (
        "a folder named pages/ beside app.py switches Streamlit to its old multipage mode: "
        "put page scripts in app_pages/ (docs/PAGES.md)"
    )


@pytest.mark.browser
def test_a_deep_link_on_a_fresh_server_shows_the_frame(app_database_url, tmp_path, browser_page):
    """The first visit of a fresh server is a copied link to the map: app.py runs, then the map page."""
    with run_app_server(app_database_url, tmp_path) as url:
        page = browser_page
        page.goto(f"{url}/map?lang=en")
        wait_for_app(page)
        assert_no_exception(page)
        sidebar = page.locator('[data-testid="stSidebar"]')
        expect(sidebar.get_by_text(translate("sidebar.language", "en"), exact=True)).to_be_visible()
        expect(sidebar.get_by_text(translate("page.overview", "en"))).to_be_visible()  # the navigation
        expect(page.locator("h1").first).to_have_text(translate("map.title", "en"))
