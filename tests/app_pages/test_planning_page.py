"""The planning page: one interaction (the number of new branches) changes the sites, the table and the URL."""

from data.i18n import translate
from tests.app_pages.conftest import array, figures


def test_branches_slider_changes_the_sites_and_the_url(open_page):
    at = open_page("planning", lang="en", date="2026-12-06")
    assert not at.exception, at.exception[0].value if at.exception else ""
    at.slider(key="planning_branches").set_value(3).run()
    assert not at.exception, at.exception[0].value if at.exception else ""
    assert at.query_params["branches"] == "3"
    site_col = translate("planning.col.site", "en")
    tables = [t.value for t in at.dataframe if site_col in t.value.columns]
    assert len(tables) == 1 and len(tables[0]) == 3
    chosen = translate("planning.map.chosen", "en")
    site_traces = [tr for fig in figures(at) for tr in fig["data"] if tr.get("name") == chosen]
    assert len(site_traces) == 1 and len(array(site_traces[0]["lat"])) == 3
    # Both readings of the 2030 target are shown, the headline's named.
    reading_col = translate("planning.col.reading", "en")
    readings = next(t.value for t in at.dataframe if reading_col in t.value.columns)
    assert (
        len(readings) == 2
        and readings[reading_col].str.contains(translate("planning.reading.headline", "en")).sum() == 1
    )
