"""The overview page compares today's figures with the last collegium's frozen snapshot."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from data import queries, snapshots
from data.formatting import format_date
from data.i18n import translate
from deck.source import live_payload
from tests.deck.common import FROZEN_AT, MEETING, STATUSES
from tests.deck.test_collegium_frozen import CODE, import_official_figure

APP = Path(__file__).resolve().parents[1] / "app.py"


@pytest.fixture
def engine(tmp_path):
    from data.db import make_engine
    from data.loader import build_database

    engine = make_engine(f"sqlite:///{tmp_path / 'overview.sqlite3'}")
    build_database(engine, demo=True)
    yield engine
    engine.dispose()


def open_overview(engine, monkeypatch, lang: str) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.query_params["lang"] = lang
    at.query_params["show_demo"] = "0"
    at.run()
    assert not at.exception, at.exception[0].value if at.exception else ""
    return at


@pytest.mark.parametrize("lang", ["az", "en"])
def test_overview_says_when_no_meeting_is_frozen(engine, monkeypatch, lang):
    at = open_overview(engine, monkeypatch, lang)
    assert translate("collegium.since.none", lang) in [c.value for c in at.caption]
    assert not [m for m in at.metric if m.proto.delta], "no delta without a frozen meeting"


@pytest.mark.parametrize("lang", ["az", "en"])
def test_overview_shows_what_moved_since_the_last_collegium(engine, monkeypatch, lang):
    held = FROZEN_AT.date()  # a meeting already held (one dated after today is not "the last")
    snapshots.save(engine, held, live_payload(engine, held, STATUSES, frozen_at=FROZEN_AT), STATUSES)
    snapshots.save(engine, MEETING, live_payload(engine, MEETING, STATUSES, frozen_at=FROZEN_AT), STATUSES)
    import_official_figure(engine, 171.0)  # adoptions: 149 (2025) frozen, 171 (2026) now

    at = open_overview(engine, monkeypatch, lang)
    date_text = format_date(held if date.today() < MEETING else MEETING, lang)
    assert translate("collegium.since.title", lang, date=date_text) in [h.value for h in at.subheader]
    moved = at.dataframe[0].value
    names = queries.indicators(engine).set_index("code")[f"name_{lang}"]
    assert list(moved[translate("collegium.col.indicator", lang)]) == [names[CODE]]
    assert moved[translate("collegium.since.col.change", lang)].iloc[0].startswith("+22")
    deltas = [m.proto.delta for m in at.metric if m.proto.delta]
    assert deltas == [translate("collegium.since.delta", lang, change="+22")]


@pytest.mark.parametrize("lang", ["az", "en"])
def test_tiles_show_each_qualifier_beside_its_number_and_the_evidence_date(engine, monkeypatch, lang):
    from data.formatting import format_quantity
    from metrics.progress import progress

    prog = progress(
        queries.indicators(engine), queries.targets(engine), queries.observations(engine, statuses=STATUSES)
    )
    qualified = prog[prog["latest_value"].notna() & (prog["latest_qualifier"] != "exact")]
    assert len(qualified) >= 2
    at = open_overview(engine, monkeypatch, lang)
    shown = [m.value for m in at.metric]
    for r in qualified.to_dict("records"):
        expected = format_quantity(
            r["latest_value"], lang, qualifier=r["latest_qualifier"], low=r["latest_value_low"],
            high=r["latest_value_high"], unit=r["unit"],
        )  # fmt: skip
        assert expected in shown, (r["indicator_code"], expected)
    evidence = translate("collegium.deck.evidence", lang, date="X").split("X")[0].strip().lower()
    assert any(c.value.lower().startswith(evidence) for c in at.caption)


def test_overview_draws_a_tile_for_each_indicator_published_nationally_only(engine, monkeypatch):
    """Rule over every indicator: a tile for each whose levels include the country, none for a district-only series
    (the 10 M bench's generated indicators)."""
    from sqlalchemy import insert, select

    from data import schema as s

    with engine.begin() as conn:
        goal = conn.execute(select(s.goals.c.code).limit(1)).scalar_one()
        conn.execute(insert(s.indicators).values(
            code="district_only", area="other", goal=goal, name_az="Yalnız rayon",
            name_en="District only",
            definition_az="-", definition_en="-", unit="persons", kind="count", direction="higher", levels="district",
            has_target=False, sort_order=999,
        ))  # fmt: skip
    at = open_overview(engine, monkeypatch, "az")
    shown = {m.value.replace("\\", "") for m in at.markdown}  # the Markdown escapes taken out
    for r in queries.indicators(engine).to_dict("records"):
        national = "country" in r["levels"].split(",")
        assert (f"**{r['name_az']}**" in shown) == national, r["code"]
