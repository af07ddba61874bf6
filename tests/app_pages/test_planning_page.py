"""The planning page: one interaction (the number of new branches) changes the sites, the table and the URL."""

from data.i18n import translate
from tests.app_pages.conftest import array, figures, texts


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


def test_dost_page_shows_access_beside_the_admin_flag_and_both_target_readings(open_page):
    at = open_page("dost", lang="en", date="2026-12-06")
    assert not at.exception, at.exception[0].value if at.exception else ""
    labels = [m.label for m in at.metric]
    assert translate("dost.metric.within", "en", km=30) in labels
    assert translate("dost.metric.population", "en") in labels  # the administrative flag, named as such
    shown = texts(at)
    assert "7 of 14" in shown and "1 of 14" in shown and "the headline's reading" in shown
    assert "Baku and Abşeron" in shown and "rest of the country" in shown
