"""Fixtures of the collegium tests: a writable database per test, a frozen payload, one exported deck.

The exported deck (images through kaleido and Debian's Chromium) is produced once per session and shared.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.deck.common import CHOSEN, FROZEN_AT, MEETING, STATUSES, WITH_DEMO
from tests.helpers import open_table_sections

ROOT = Path(__file__).resolve().parents[2]
PAGES = {"collegium": "app_pages/collegium.py", "presenter": "app_pages/presenter.py"}


@pytest.fixture
def fresh_engine(tmp_path: Path):
    """A new SQLite database (schema, reference and demonstration data) that a test may write to."""
    from data.db import make_engine
    from data.loader import build_database

    engine = make_engine(f"sqlite:///{tmp_path / 'collegium.sqlite3'}")
    build_database(engine, demo=True)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def payload(reference_engine) -> dict:
    """Today's figures of the reference database (reported and official data) as a collegium payload."""
    from deck.source import live_payload

    return live_payload(reference_engine, MEETING, STATUSES, frozen_at=FROZEN_AT)


@pytest.fixture(scope="session")
def exported(payload):
    """The Azerbaijani deck of `payload` as .pptx and .pdf (deck.export.Export)."""
    from deck.export import export

    return export(payload, "az")


@pytest.fixture
def open_page(fresh_engine, monkeypatch):
    """Factory: `at = open_page("presenter", snapshot="1")` runs app.py, then the page, with URL params."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("DATABASE_URL", fresh_engine.url.render_as_string(hide_password=False))

    def make(page: str, lang: str = "az", **params: str) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
        at.query_params["lang"] = lang
        at.query_params["show_demo"] = "0"
        at.run()
        at.switch_page(PAGES[page])
        for k, v in params.items():
            at.query_params[k] = v
        at.run()
        return open_table_sections(at)

    return make


@pytest.fixture(scope="session")
def regional_payload(reference_engine) -> dict:
    """Today's figures with demonstration data and two regions chosen."""
    from deck.source import live_payload

    return live_payload(reference_engine, MEETING, WITH_DEMO, frozen_at=FROZEN_AT, regions=CHOSEN)


@pytest.fixture(scope="session")
def regional_export(regional_payload):
    """The Azerbaijani deck of `regional_payload` as .pptx and .pdf."""
    from deck.export import export

    return export(regional_payload, "az")
