"""Every page runs under AppTest in both languages without an exception; one interaction per page changes
what is shown and the URL; a URL opens the view it describes."""

from __future__ import annotations

import json
import re

import pytest

from app_pages.ui.sections import QUALITY_OPEN
from data.i18n import translate
from tests.app_pages.conftest import PAGES, array, figure_titles, figures, texts
from tests.helpers import open_table_sections

TITLE_KEYS = {
    "overview": "overview.title",
    "children": "children.title",
    "rehabilitation": "rehab.title",
    "dost": "dost.title",
    "map": "map.title",
    "facilities": "facilities.title",
    "sources": "sources.title",
    "planning": "planning.title",
}


@pytest.mark.parametrize("lang", ["az", "en"])
@pytest.mark.parametrize("page", list(PAGES))
def test_page_runs_without_exception(open_page, page, lang):
    at = open_page(page, lang=lang)
    assert not at.exception, at.exception[0].value if at.exception else ""
    title = at.title[0].value
    if page in TITLE_KEYS:
        assert title == translate(TITLE_KEYS[page], lang)
    else:  # the district profile names its district
        assert title.endswith(translate("district.title", lang, name="").strip())
    assert at.query_params["lang"] == lang


@pytest.mark.parametrize("page", list(PAGES))
def test_every_chart_and_table_has_downloads(open_page, page):
    """Each chart has a caption (its text alternative); each chart and each table its CSV and Excel buttons; a table
    in a section (a chart's data, a list) is drawn only once its section is opened, its downloads offered before."""
    at = open_page(page, lang="en", open_tables=False, open_sections=False)
    # a closed section draws no table (the rule over every section of every page: a table a reader may never open
    # costs every first visit browser work); a chart's data shown as a table (under the chart, for keyboard and
    # screen-reader users) shares the chart's downloads, offered with the section closed
    assert sum(len(e.dataframe) for e in at.expander) == 0, page
    data_label = translate("chart.data_table", "en")
    sections = [e for e in at.expander if e.label == data_label]
    closed_labels = [b.proto.label for b in at.get("download_button")]
    at.session_state[QUALITY_OPEN] = True
    open_table_sections(at)
    assert not at.exception, at.exception[0].value if at.exception else ""
    opened_labels = [b.proto.label for b in at.get("download_button")]
    in_sections = sum(len(e.dataframe) for e in at.expander)
    if page != "sources":  # its data-quality section makes its findings (and their downloads) only when opened
        assert opened_labels == closed_labels, page
    assert in_sections >= len(sections), (page, in_sections, len(sections))
    charts = at.get("plotly_chart")
    chart_tables = sum(len(e.dataframe) for e in at.expander if e.label == data_label)
    assert chart_tables == len(sections), (page, chart_tables, len(sections))
    tables = at.dataframe[: len(at.dataframe) - chart_tables] if chart_tables else at.dataframe
    if page != "sources":
        assert charts, "no chart drawn"
    assert len(at.caption) >= len(charts)
    labels = [b.proto.label for b in at.get("download_button")]
    csv = labels.count(translate("common.download_csv", "en"))
    xlsx = labels.count(translate("common.download_xlsx", "en"))
    assert csv == xlsx
    assert csv >= len(charts) + len(tables), (page, csv, len(charts), len(tables))
    if page != "overview":  # the overview's sparkline tiles offer their series as files, not as tables
        assert chart_tables == len(charts), (page, chart_tables, len(charts))


@pytest.mark.parametrize(("lang", "decimal", "other"), [("az", ",", "."), ("en", ".", ",")])
def test_table_numbers_follow_the_language_not_the_browser(open_page, lang, decimal, other):
    """Tables show numbers in the chosen language (az `13,6`, en `13.6`) whatever the browser's locale, and the
    values themselves stay numbers (a column still sorts by value)."""
    import re

    import pandas as pd
    from streamlit import dataframe_util

    # the DOST page's distances (km, one decimal); the district profile's rates are written as text with their
    # qualifier ('~3,2', tests/app_pages/test_derived_qualifiers.py) in the same language rule
    at = open_page("dost", lang=lang)
    shown, raw = [], []
    for el in at.dataframe:
        raw.append(el.value)
        styler = el.proto.arrow_data.styler
        if styler.display_values:
            df = dataframe_util.convert_arrow_bytes_to_pandas_df(styler.display_values)
            shown.extend(str(x) for x in df.to_numpy().ravel())
    cells = " ".join(shown)
    assert re.search(rf"\b\d+{re.escape(decimal)}\d\b", cells), cells[:400]
    assert not re.search(rf"\b\d+{re.escape(other)}\d\b(?![\d-])", cells), cells[:400]
    assert any(pd.api.types.is_float_dtype(df[c]) for df in raw for c in df.columns)


def test_overview_demo_switch_updates_notice_and_url(open_page):
    at = open_page("overview", lang="en")
    assert translate("overview.demo_notice", "en") in texts(at)
    at.session_state["show_demo"] = False
    at.run()
    assert not at.exception
    assert translate("overview.reported_only", "en") in texts(at)
    assert at.query_params["show_demo"] == "0"


def test_overview_has_one_tile_per_indicator(open_page, reference_engine):
    from data import queries

    at = open_page("overview", lang="en")
    n_indicators = len(queries.indicators(reference_engine))
    links = [el for el in at.get("page_link")]
    sentences = [c.value for c in at.caption]
    metrics = at.get("metric")
    assert len(metrics) == n_indicators
    assert links, "tiles link to their thematic page"
    assert sentences


def test_children_indicator_choice_changes_chart_and_url(open_page):
    at = open_page("children", lang="en")
    options = at.selectbox(key="indicator").options
    assert len(options) > 1
    first = figure_titles(at)[0]
    at.selectbox(key="indicator").select_index(1).run()
    assert not at.exception
    assert figure_titles(at)[0] != first
    assert at.query_params["indicator"] == at.selectbox(key="indicator").value


def test_rehabilitation_indicator_from_url(open_page):
    at = open_page("rehabilitation", lang="en", indicator="rehab_aids_issued")
    assert at.selectbox(key="indicator").value == "rehab_aids_issued"
    assert at.query_params["indicator"] == "rehab_aids_issued"


def test_rehabilitation_date_changes_capacity(open_page):
    at = open_page("rehabilitation", lang="en")
    at.date_input(key="date").set_value(__import__("datetime").date(2019, 6, 30)).run()
    assert not at.exception
    assert at.query_params["date"] == "2019-06-30"
    assert any("2019" in t for t in figure_titles(at))


def test_dost_date_changes_network_and_url(open_page):
    from datetime import date

    at = open_page("dost", lang="en")
    now = figures(at)[0]
    at.date_input(key="date").set_value(date(2020, 1, 1)).run()
    assert not at.exception
    assert at.query_params["date"] == "2020-01-01"
    then = figures(at)[0]

    def counted(fig: dict) -> float:  # open and pipeline bars of the network chart
        return sum(sum(x or 0 for x in array(tr["x"])) for tr in fig["data"] if tr["type"] == "bar")

    assert counted(then) < counted(now)


def test_map_draws_every_district_and_switches_level(open_page):
    at = open_page("map", lang="en")
    base = [tr for tr in figures(at)[0]["data"] if tr.get("meta") == ["units", "district"]]
    assert len(base) == 1 and len(base[0]["locations"]) == 78
    at.segmented_control(key="map.level").set_value("region").run()
    assert not at.exception
    base = [tr for tr in figures(at)[0]["data"] if tr.get("meta") == ["units", "region"]]
    assert len(base) == 1 and len(base[0]["locations"]) == 14
    assert at.query_params["level"] == "region"


def test_map_view_from_url(open_page):
    at = open_page("map", lang="en", level="region", measure="total", network="none", date="2022-01-01")
    assert at.segmented_control(key="map.level").value == "region"
    assert at.radio(key="map.measure").value == "total"
    assert at.session_state["map.network"] == []
    assert str(at.date_input(key="date").value) == "2022-01-01"
    traces = figures(at)[0]["data"]
    assert not [tr for tr in traces if tr.get("meta") == "facilities"]


def test_map_region_from_url_lists_its_districts(open_page):
    at = open_page("map", lang="en", level="region", region="ER-LAS")
    assert not at.exception
    assert at.query_params["region"] == "ER-LAS"
    # labels are Markdown: names from data arrive escaped (data/plain.py) and show as typed
    labels = {re.sub(r"\\(.)", r"\1", link.proto.label) for link in at.get("page_link")}
    lankaran_region = {"Astara", "Jalilabad", "Lerik", "Lankaran", "Masalli", "Yardimli", "Lankaran (city)"}
    assert lankaran_region <= labels
    assert "Shaki" not in labels and "Barda" not in labels
    # a district-level view has no chosen region: the parameter leaves the URL
    at.segmented_control(key="map.level").set_value("district").run()
    assert "region" not in at.query_params


def test_map_hover_is_translated_and_demo_labelled(open_page):
    at = open_page("map", lang="en")
    hover = json.dumps(
        [tr.get("hovertext") for tr in figures(at)[0]["data"] if tr.get("meta") == "values"], ensure_ascii=False
    )
    assert "Period" in hover and "Data status" in hover
    assert translate("badge.demonstration", "en") in hover
    at_az = open_page("map", lang="az")
    hover_az = json.dumps(
        [tr.get("hovertext") for tr in figures(at_az)[0]["data"] if tr.get("meta") == "values"], ensure_ascii=False
    )
    assert "Dövr" in hover_az and translate("badge.demonstration", "az") in hover_az


@pytest.mark.parametrize("page", ["map", "district"])
def test_facilities_drawn_as_shapes_with_their_legend(open_page, page):
    """The facility layer: map markers coloured by status, with the shapes' legend (translated) under the map.
    AppTest has no browser address, so no sprite URL: circles (the sprite's symbols are checked in Chromium,
    tests/browser/test_pages_browser.py)."""
    at = open_page(page, lang="az", **({"district": "AZ-BA"} if page == "district" else {}))
    fac = [tr for tr in figures(at)[0]["data"] if tr.get("meta") == "facilities"]
    assert fac and all(tr["type"] == "scattermap" for tr in fac)
    assert all(tr["hovertext"] and tr["customdata"] for tr in fac)
    legend = translate("map.legend.type", "az") + ": "
    assert legend in texts(at) and "■ " + translate("facility.type.centre", "az") in texts(at)


def test_map_without_demonstration_data_shows_no_demo_value(open_page):
    at = open_page("map", lang="en", show_demo="0")
    assert at.session_state["show_demo"] is False
    spec = json.dumps(figures(at)[0], ensure_ascii=False)
    assert translate("badge.demonstration", "en") not in spec


def test_map_list_opens_district_profile(open_page):
    at = open_page("map", lang="en")
    at.selectbox(key="map.goto").set_value("AZ-BAR").run()
    assert not at.exception
    assert at.session_state["district"] == "AZ-BAR"
    assert at.title[0].value.startswith("Barda")


def test_district_choice_changes_profile_and_url(open_page):
    at = open_page("district", lang="en", district="AZ-GA")
    assert at.selectbox(key="district").value == "AZ-GA"
    first = at.title[0].value
    at.selectbox(key="district").set_value("AZ-LAN").run()
    assert not at.exception
    assert at.title[0].value != first
    assert at.query_params["district"] == "AZ-LAN"


def test_facilities_filter_and_url(open_page):
    at = open_page("facilities", lang="en")
    before = at.dataframe[0].value
    at.multiselect(key="facilities.status").set_value(["open"]).run()
    assert not at.exception
    after = at.dataframe[0].value
    assert 0 < len(after) < len(before)
    assert set(after[translate("facilities.col.status", "en")]) == {translate("facility.status.open", "en")}
    assert at.query_params["status"] == "open"


def test_facilities_filter_from_url(open_page):
    at = open_page("facilities", lang="en", network="rehabilitation")
    assert at.multiselect(key="facilities.network").value == ["rehabilitation"]
    shown = at.dataframe[0].value
    assert set(shown[translate("map.network", "en")]) == {translate("facility.network.rehabilitation", "en")}


def test_sources_indicator_choice(open_page):
    at = open_page("sources", lang="en")
    options = at.selectbox(key="indicator").options
    at.selectbox(key="indicator").select_index(len(options) - 1).run()
    assert not at.exception
    assert at.query_params["indicator"] == at.selectbox(key="indicator").value
    assert "Natural Earth" in texts(at)


def test_sources_page_reconciles_the_register_with_every_published_total(open_page):
    """The register table lists every published network total with the register's count and whether they agree."""
    at = open_page("sources", lang="en")
    assert not at.exception
    col = translate("sources.register.published", "en")
    tables = [d.value for d in at.dataframe if col in getattr(d.value, "columns", [])]
    assert len(tables) == 1
    shown = tables[0]
    assert len(shown) == len(queries_network_totals())
    agrees = translate("sources.register.agrees", "en")
    assert set(shown[agrees]) <= {translate("sources.register.agrees_true", "en"),
                                  translate("sources.register.agrees_false", "en")}  # fmt: skip


def test_the_sources_page_checks_data_quality_only_while_its_section_is_open(open_page, monkeypatch):
    """Every observation is checked for the data-quality table (minutes at ten million rows): the page does not
    wait for it until the section is opened, then shows the findings; closed again, it is not checked again."""
    from app_pages.ui import cache

    asked = []
    original = cache.quality
    monkeypatch.setattr(cache, "quality", lambda *a, **k: asked.append(a) or original(*a, **k))
    message = translate("sources.col.message", "en")

    def findings(at) -> list:
        return [d.value for d in at.dataframe if message in getattr(d.value, "columns", [])]

    at = open_page("sources", lang="en", open_sections=False)
    assert not at.exception
    assert asked == [] and findings(at) == []
    at.session_state[QUALITY_OPEN] = True
    at.run()
    assert not at.exception
    assert len(asked) == 1 and len(findings(at)) == 1 and len(findings(at)[0]) > 0
    at.session_state[QUALITY_OPEN] = False
    at.run()
    assert len(asked) == 1 and findings(at) == []


def test_the_sources_page_makes_its_headline_figures_only_when_a_download_asks(open_page, monkeypatch):
    """Every headline figure at every level (9-13 s of SQL at ten million rows) is the content of two download
    buttons: opening the page does not make it; the button's callable does, outside the run, within the data key
    of the run that offered it."""
    from app_pages.ui import cache, downloads
    from metrics import figures as m_figures

    made, offered = [], {}
    original_figures, original_offer = m_figures.headline_figures, downloads.offer
    monkeypatch.setattr(m_figures, "headline_figures", lambda *a, **k: made.append(a) or original_figures(*a, **k))

    def offer(df, name, key):
        offered[key] = df
        original_offer(df, name, key)

    monkeypatch.setattr(downloads, "offer", offer)
    cache.headline_figures.clear()
    at = open_page("sources", lang="en", open_sections=False)
    assert not at.exception
    assert made == [] and callable(offered["sources_figures"])
    frame = offered["sources_figures"]()  # as the click does, in a thread of its own
    assert len(made) == 1 and len(frame) > 0 and {"indicator_code", "value"} <= set(frame.columns)
    assert frame.equals(offered["sources_figures"]()) and len(made) == 1  # the second click reads the cache


def queries_network_totals():
    """The published totals of the reference data."""
    from data.loader import read_reference

    return read_reference("network_totals.csv")


@pytest.mark.parametrize("lang", ["az", "en"])
def test_dost_panels_state_the_date_of_their_latest_evidence(open_page, lang):
    at = open_page("dost", lang=lang)
    assert not at.exception, at.exception[0].value if at.exception else ""
    start = translate("collegium.deck.evidence", lang, date="X").split("X")[0].strip().lower()
    shown = [c.value for c in at.caption if c.value.lower().startswith(start)]
    assert len(shown) >= 2  # the network panel and the coverage panel
