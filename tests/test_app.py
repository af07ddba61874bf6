"""The app runs under Streamlit's AppTest: no exception, the overview renders, the language switch works."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[1] / "app.py"


@pytest.fixture
def app(reference_engine, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", reference_engine.url.render_as_string(hide_password=False))
    at = AppTest.from_file(str(APP), default_timeout=60)
    return at


def test_app_runs_and_shows_the_overview(app):
    app.run()
    assert not app.exception
    assert app.title[0].value == "Strategiyanın hədəfləri: icmal"


def test_language_switch_translates_the_page(app):
    app.run()
    app.session_state["lang"] = "en"
    app.run()
    assert not app.exception
    assert app.title[0].value == "The strategy's targets: overview"


def test_demo_switch_off_hides_demonstration_notice(app):
    app.run()
    app.toggle(key="show_demo").set_value(False).run()
    assert not app.exception
    texts = " ".join(i.value for i in app.info)
    assert "Yalnız dərc olunmuş" in texts
