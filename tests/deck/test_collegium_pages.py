"""The collegium and presenter pages under AppTest: freezing a meeting, the list of past meetings, presenter
mode on a snapshot (slide in the URL, buttons), and the 'since the last collegium' renderer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from data import snapshots
from data.i18n import translate
from deck.model import build_deck
from deck.source import live_payload
from tests.deck.common import FROZEN_AT, MEETING, STATUSES

ROOT = Path(__file__).resolve().parents[2]
PAGES = {"collegium": "app_pages/collegium.py", "presenter": "app_pages/presenter.py"}


def html_bodies(at: AppTest) -> str:
    return "\n".join(el.proto.body for el in at.get("html"))


def freeze(engine) -> int:
    payload = live_payload(engine, MEETING, STATUSES, frozen_at=FROZEN_AT)
    return snapshots.save(engine, MEETING, payload, STATUSES)


@pytest.mark.parametrize("lang", ["az", "en"])
def test_collegium_page_runs_and_says_no_meeting_is_frozen(open_page, lang):
    at = open_page("collegium", lang=lang)
    assert not at.exception, at.exception[0].value if at.exception else ""
    assert at.title[0].value == translate("collegium.title", lang)
    assert translate("collegium.list.none", lang) in [i.value for i in at.info]


def test_freezing_from_the_page_stores_a_snapshot_and_lists_it(open_page, fresh_engine):
    at = open_page("collegium")
    at.date_input(key="freeze_date").set_value(MEETING)
    at.text_input(key="freeze_note").set_value("Dekabr kollegiyası")
    at.run()
    button = at.button(key="freeze_button")
    assert button.label == translate("collegium.freeze.button", "az", date="15 dekabr 2026")
    button.click().run()
    assert not at.exception, at.exception[0].value if at.exception else ""
    assert translate("collegium.freeze.done", "az", date="15 dekabr 2026") in [x.value for x in at.success]
    listed = snapshots.snapshots(fresh_engine)
    assert list(listed["meeting_date"]) == [MEETING] and list(listed["note"]) == ["Dekabr kollegiyası"]
    assert list(listed["statuses"]) == ["reported,official"]  # the demonstration switch was off
    assert any("15 dekabr 2026" in m.value for m in at.markdown)

    at.button(key="freeze_button").click().run()  # the same date again, without "replace"
    assert translate("collegium.error.exists", "az", date="2026-12-15") in [x.value for x in at.error]
    assert len(snapshots.snapshots(fresh_engine)) == 1


def test_presenter_opens_a_snapshot_at_the_slide_in_the_url(open_page, fresh_engine):
    sid = freeze(fresh_engine)
    deck = build_deck(snapshots.load(fresh_engine, sid).payload, "az")
    kinds = [s.kind for s in deck.slides]
    last_summary = len(kinds) - 1 - kinds[::-1].index("summary")  # 0-based; the next slide is the first indicator
    at = open_page("presenter", snapshot=str(sid), slide=str(last_summary + 1))
    assert not at.exception, at.exception[0].value if at.exception else ""
    body = html_bodies(at)
    assert deck.slides[last_summary].title in body
    assert at.query_params["slide"] == str(last_summary + 1) and at.query_params["snapshot"] == str(sid)
    at.button(key="presenter_next").click().run()
    assert at.query_params["slide"] == str(last_summary + 2)
    body = html_bodies(at)
    assert "Dövlət uşaq müəssisələrində olan uşaqlar" in body
    assert 'src="data:image/png;base64,' in body  # the chart rendered server-side
    at.button(key="presenter_prev").click().run()
    assert at.query_params["slide"] == str(last_summary + 1)


def test_presenter_clamps_a_slide_number_out_of_range_and_shows_live_figures(open_page):
    at = open_page("presenter", slide="999")
    assert not at.exception, at.exception[0].value if at.exception else ""
    body = html_bodies(at)
    last = re.search(r" (\d+) / (\d+)</div></div></section>", body)  # the footer's slide number
    assert at.query_params["slide"] == last.group(1) == last.group(2)  # the last slide
    assert translate("collegium.deck.map_title", "az", date="").split(":")[0] in body


def test_presenter_says_when_a_snapshot_does_not_exist(open_page):
    at = open_page("presenter", snapshot="4242")
    assert translate("collegium.error.not_found", "az", id=4242) in [x.value for x in at.error]


def _since_script() -> None:
    from app_pages.ui import cache
    from app_pages.ui.since import since_last_collegium

    since_last_collegium(cache.progress(("reported", "official")), ("reported", "official"))


def test_since_the_last_collegium_lists_what_moved(fresh_engine, monkeypatch):
    from tests.deck.test_collegium_frozen import import_official_figure

    monkeypatch.setenv("DATABASE_URL", fresh_engine.url.render_as_string(hide_password=False))
    at = AppTest.from_function(_since_script, default_timeout=120).run()
    assert translate("collegium.since.none", "az") in [c.value for c in at.caption]

    freeze(fresh_engine)  # the meeting of 15 Dec 2026, dated after today: not "the last" yet
    held = FROZEN_AT.date()  # 22 Nov 2026: a meeting already held
    snapshots.save(fresh_engine, held, live_payload(fresh_engine, held, STATUSES, frozen_at=FROZEN_AT), STATUSES)
    import_official_figure(fresh_engine, 171.0)
    st.cache_data.clear()  # as the import page does after an import (app_pages.ui.cache.clear)
    at = AppTest.from_function(_since_script, default_timeout=120).run()
    assert not at.exception, at.exception[0].value if at.exception else ""
    assert at.subheader[0].value == translate("collegium.since.title", "az", date="22 noyabr 2026")
    table = at.dataframe[0].value
    assert list(table[translate("collegium.col.indicator", "az")]) == ["Övladlığa verilən uşaqlar"]
    row = table.iloc[0]
    assert row[translate("collegium.since.col.then", "az")] == "149 (2025)"
    assert row[translate("collegium.since.col.now", "az")] == "171 (2026)"
    assert row[translate("collegium.since.col.change", "az")] == "+22 · yaxşılaşıb"
