"""No text from data is ever rendered as Markdown or HTML (issue #12), tested as a property.

On a database where EVERY text that comes from data holds a hostile payload (tests/hostile.py: a Markdown image
at another address, a Markdown link, <b>, <img onerror>, <a href>; names, titles, notes, definitions, units,
segment labels, an import's file name, user and notes, a frozen meeting's note and decisions):
(a) every page, in both languages, through AppTest: no element that Streamlit renders as Markdown or HTML holds a
    part of the payload unescaped (only the widgets that show plain text, such as a select box's options, may);
(b) every plotly figure the pages draw, and every figure of the deck (live and frozen), holds no tag of the
    payload anywhere (titles, axis and legend titles, trace names, category labels, annotations, hover texts);
(c) the deck's HTML (PDF and presenter mode) holds the payload only escaped;
(d) in Chromium, the main pages request nothing from any host but the app's own.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
from google.protobuf.message import Message
from streamlit.testing.v1 import AppTest

from app_pages.ui.sections import QUALITY_OPEN
from data.plain import plain_html as escape
from data.plain import web_address
from tests.conftest import run_app_server
from tests.helpers import assert_no_exception, open_table_sections, wait_for_app, wait_for_charts
from tests.hostile import BAD_ADDRESSES, BOLD, FOREIGN, PAYLOAD, build_hostile, raw_markup
from tests.importer.importfx import ROOT

PAGES = (
    "overview", "children", "rehabilitation", "dost", "map", "district", "facilities", "planning", "sources",
    "import_data", "collegium", "presenter", "admin",
)  # fmt: skip
# Widget fields the browser shows as plain text (never as Markdown): the options and values of select boxes and
# text inputs, code and preformatted text.
PLAIN_FIELDS = {
    ("Selectbox", "options"), ("Selectbox", "raw_value"), ("Selectbox", "default"),
    ("MultiSelect", "options"), ("MultiSelect", "raw_values"), ("MultiSelect", "default"),
    ("TextInput", "value"), ("TextInput", "default"), ("TextArea", "value"), ("TextArea", "default"),
    ("Text", "body"), ("Code", "code_text"), ("Json", "body"),
}  # fmt: skip


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('hostile') / 'hostile.sqlite3'}"
    build_hostile(url).dispose()
    return url


def proto_strings(msg: Message, path: str = ""):
    """(message type, field, path, value) of every string inside a protobuf message."""
    for fd, value in msg.ListFields():
        for v in value if fd.is_repeated else [value]:
            if isinstance(v, Message):
                yield from proto_strings(v, f"{path}.{fd.name}")
            elif isinstance(v, str):
                yield type(msg).__name__, fd.name, f"{path}.{fd.name}", v


def json_strings(value, path: str = ""):
    """(path, text) of every string inside a JSON value."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from json_strings(v, f"{path}.{k}")
    elif isinstance(value, list):
        for v in value:
            yield from json_strings(v, path)
    elif isinstance(value, str):
        yield path, value


def elements(block):
    """Every element of an AppTest block, depth first."""
    for child in getattr(block, "children", {}).values():
        yield child
        yield from elements(child)


def figure_problems(fig_json: dict, where: str) -> list[str]:
    """Tags of the payload anywhere in a plotly figure (plotly renders its HTML subset in every text)."""
    return [
        f"{where}{p}: {found} in {text[:120]!r}"
        for p, text in json_strings(fig_json)
        if (found := raw_markup(text, markdown=False))
    ]


def page_problems(at: AppTest) -> tuple[list[str], int]:
    """Unescaped payload parts in what the page renders, and how many figures were looked at."""
    problems, figures = [], 0
    for root in (at.main, at.sidebar):
        for el in elements(root):
            proto = getattr(el, "proto", None)
            if proto is None:
                continue
            for kind, field, path, text in proto_strings(proto):
                if kind == "PlotlyChart" and field == "spec":
                    figures += 1
                    problems += figure_problems(json.loads(text), "figure")
                elif (kind, field) not in PLAIN_FIELDS and (found := raw_markup(text)):
                    problems.append(f"{kind}{path}: {found} in {text[:160]!r}")
    return problems, figures


def open_page(url: str, monkeypatch, page: str, lang: str) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.session_state[QUALITY_OPEN] = True  # the data-quality section, built only while open, shows its findings
    at.query_params["lang"] = lang
    at.run()
    if page != "overview":
        at.switch_page(f"app_pages/{page}.py").run()
    open_table_sections(at)  # the charts' data tables too: text from data reaches them
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("lang", ["az", "en"])
def test_every_page_shows_text_from_data_as_text(hostile_url, monkeypatch, lang):
    problems, figures, shown = [], 0, 0
    for page in PAGES:
        at = open_page(hostile_url, monkeypatch, page, lang)
        found, n = page_problems(at)
        problems += [f"{page}: {p}" for p in found]
        figures += n
        shown += sum(
            "bx" in text
            for el in elements(at.main)
            if getattr(el, "proto", None)
            for *_, text in proto_strings(el.proto)
        )
    assert problems == []
    assert figures >= 15, "the pages drew their figures"
    assert shown > 50, "the payload reached the pages (escaped), so the test looked at it"


@pytest.mark.parametrize("lang", ["az", "en"])
def test_every_link_the_pages_make_from_data_is_a_web_address(hostile_url, monkeypatch, lang):
    """Tables link sources by their address (sources.url): a `javascript:` or `data:` address, or one whose quote
    would end the link, is shown as no link at all; the real addresses stay links."""
    from data.i18n import translate

    header = translate("targets.col.link", lang)
    links, good = [], 0
    for page in PAGES:
        at = open_page(hostile_url, monkeypatch, page, lang)
        for table in at.dataframe:
            frame = table.value
            if header in frame.columns:
                cells = [c for c in frame[header] if isinstance(c, str) and c]
                links += [(page, c) for c in cells if not c.startswith(("http://", "https://")) or '"' in c]
                good += len(cells)
    assert links == []
    assert good > 10, "the pages showed source links, so the test looked at them"


@pytest.mark.parametrize("lang", ["az", "en"])
def test_every_deck_figure_and_the_deck_html_escape_text_from_data(hostile_url, lang):
    from datetime import date

    from data import snapshots
    from data.db import make_engine
    from deck import html as deck_html
    from deck import source
    from deck.model import build_deck
    from deck.slide_figures import slide_figures

    engine = make_engine(hostile_url)
    frozen = snapshots.latest(engine)
    assert frozen is not None and frozen.note == PAYLOAD
    from data import queries

    every_region = list(queries.economic_regions(engine)["code"])  # the regional slides' tables too
    live = source.live_payload(
        engine, date.today(), ("reported", "official", "demonstration"), decisions=PAYLOAD, regions=every_region
    )
    engine.dispose()
    assert live["regional"], "the live deck has its regional slides"
    for payload in (frozen.payload, live):
        assert BOLD in json.dumps(payload, ensure_ascii=False), "the payload carries the hostile texts"
        figs = slide_figures(payload, lang)
        assert len(figs) >= 5
        problems = []
        for key, fig in figs.items():
            problems += figure_problems(fig.to_plotly_json(), f"{key}: ")
        assert problems == []
        deck = build_deck(payload, lang)
        document = deck_html.document(deck, {})
        assert raw_markup(document, markdown=False) == []
        assert document.count("&lt;b&gt;bx&lt;/b&gt;") > 10  # shown, escaped: decisions, names, sources
        links = [url for s in deck.slides for _title, url in s.links]
        assert links and all(web_address(u) == u for u in links)  # sources' own addresses, never a script
        assert not any(bad in document or escape(bad) in document for bad in BAD_ADDRESSES)
        presenter = "".join(deck_html.slide_html(s, deck, i, None, ("live", "x")) for i, s in enumerate(deck.slides))
        assert raw_markup(presenter, markdown=False) == []


@pytest.mark.browser
def test_the_main_pages_request_nothing_from_another_host(hostile_url, browser_page, tmp_path):
    """Every request the browser makes goes to the app (scheme, host and port): the payload's image at
    127.0.0.1:9 and its links to phish.example never become a request, an element or a script."""
    page = browser_page
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    with run_app_server(hostile_url, tmp_path) as base_url:
        app = urlsplit(base_url)
        for path in ("", "children", "rehabilitation", "dost", "map", "district", "facilities", "sources", "collegium"):
            for lang in ("en", "az"):
                page.goto(f"{base_url}/{path}?lang={lang}")
                wait_for_app(page)
                if path in ("", "children", "map", "district", "dost"):
                    wait_for_charts(page)
                assert_no_exception(page)
                assert page.locator('img[src*="127.0.0.1:9"], img[src="x"], a[href*="phish.example"]').count() == 0
                assert page.locator("b", has_text="bx").count() == 0
        foreign = [
            u
            for u in page.request_log
            if urlsplit(u).scheme in ("http", "https", "ws", "wss") and urlsplit(u).netloc != app.netloc
        ]
        assert foreign == []
        assert not [u for u in page.request_log if any(f in u for f in FOREIGN)]
        assert dialogs == []
        assert any("bx" in t for t in page.locator("body").all_inner_texts())
