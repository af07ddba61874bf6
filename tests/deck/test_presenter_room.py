"""Presenter mode for the room (issue 15): the live/frozen state and the meeting's date inside every slide, jump
to a slide by number, the speaker-notes window (notes, next slide, timer, following the presenter window), and
chart text large enough for a room (every text in a slide's picture at least MIN_TEXT_PX image pixels)."""

from __future__ import annotations

from html import escape

import pytest

from data.formatting import format_date
from data.i18n import translate
from deck import html as deck_html
from deck.model import build_deck
from deck.slide_figures import MIN_TEXT_PX, slide_figures, text_sizes
from tests.deck.common import FROZEN_AT
from tests.deck.test_collegium_pages import freeze, html_bodies


def test_every_text_of_every_slide_picture_is_at_least_min_text_px(payload):
    figs = slide_figures(payload, "az")
    assert len(figs) == len(payload["indicators"]) + 1  # every indicator chart and the map
    small = {k: min(text_sizes(f)) for k, f in figs.items() if min(text_sizes(f)) < MIN_TEXT_PX}
    assert not small, small
    assert MIN_TEXT_PX >= 22  # the browser test checks the shown scale keeps it >= 20 slide px


def test_text_sizes_sees_a_small_label():
    import plotly.graph_objects as go

    fig = go.Figure(go.Scatter(x=[1], y=[1], mode="markers+text", text=["a"], textfont={"size": 11}))
    fig.update_layout(font={"size": 30})
    assert min(text_sizes(fig)) == 11


@pytest.mark.parametrize("lang", ["az", "en"])
def test_every_slide_shows_the_meeting_date_and_a_given_state(payload, lang):
    deck = build_deck(payload, lang)
    meeting = translate("collegium.deck.meeting", lang, date=format_date(payload["meeting_date"], lang))
    for i, s in enumerate(deck.slides):
        html = deck_html.slide_html(s, deck, i, None, ("live", "LIVE-STATE"))
        foot = html[html.index('class="foot"') :]
        assert meeting in foot, s.key
        assert '<span class="state live">LIVE-STATE</span>' in foot, s.key
        assert "LIVE-STATE" not in deck_html.slide_html(s, deck, i), s.key  # the PDF carries no state badge


def test_live_title_slide_does_not_say_frozen(payload):
    frozen_word = translate("collegium.deck.frozen", "en", date="").split(" on")[0]  # "Figures frozen"
    live = build_deck({**payload, "live": True}, "en").slides[0].lines
    frozen = build_deck(payload, "en").slides[0].lines
    assert any(frozen_word in x for x in frozen)
    assert not any(frozen_word in x for x in live)
    assert any(x.startswith("Today's figures") for x in live)


def test_live_presenter_shows_live_state_inside_the_slide(open_page):
    at = open_page("presenter", lang="en", slide="1")
    assert not at.exception, at.exception[0].value if at.exception else ""
    body = html_bodies(at)
    assert translate("collegium.presenter.state_live", "en") in body
    assert translate("collegium.deck.frozen", "en", date="").split(" on")[0] not in body


def test_jump_to_a_slide_by_number_and_notes_window(open_page, fresh_engine):
    sid = freeze(fresh_engine)
    deck = build_deck(snapshot_payload(fresh_engine, sid), "az")
    j = next(i for i in range(5, len(deck.slides) - 1) if deck.slides[i + 1].chart)  # a slide before a chart
    at = open_page("presenter", snapshot=str(sid), slide="1")
    assert not at.exception, at.exception[0].value if at.exception else ""
    body = html_bodies(at)
    assert translate("collegium.presenter.state_frozen", "az", date=format_date(FROZEN_AT.isoformat(), "az")) in body
    at.number_input(key="presenter_jump").set_value(5).run()
    assert at.query_params["slide"] == "5"
    assert at.number_input(key="presenter_jump").value == 5
    at.button(key="presenter_next").click().run()  # the field follows the buttons
    assert at.query_params["slide"] == "6" and at.number_input(key="presenter_jump").value == 6
    at.number_input(key="presenter_jump").set_value(j + 1).run()
    assert at.query_params["slide"] == str(j + 1)

    # the notes window, opened at slide 3, follows the presenter window of the same user and deck (slide j + 1)
    notes = open_page("presenter", snapshot=str(sid), slide="3", view="notes")
    assert not notes.exception, notes.exception[0].value if notes.exception else ""
    assert notes.query_params["view"] == "notes" and notes.query_params["slide"] == str(j + 1)
    body = html_bodies(notes)
    assert deck.slides[j].notes and escape(deck.slides[j].notes) in body and escape(deck.slides[j].title) in body
    assert escape(translate("collegium.presenter.next_slide", "az", title=deck.slides[j + 1].title)) in body
    assert 'class="deck thumb"' in body and 'src="data:image/png;base64,' in body  # the next slide's picture
    assert [m.value for m in notes.markdown if "00:0" in m.value], "no timer"
    assert not notes.button(key="presenter_timer_reset").disabled


def test_notes_window_follows_the_presenter_window():
    from app_pages.ui import present

    owner = ("someone", "7")
    assert present.published(owner) is None
    present.publish(owner, 4)
    assert present.published(owner) == 4
    assert present.published(("someone", "8")) is None
    assert present.elapsed_text(65) == "01:05" and present.elapsed_text(3725) == "1:02:05"


def snapshot_payload(engine, sid):
    from data import snapshots

    return snapshots.load(engine, sid).payload
