"""The app's start never changes a built database (issue #12): when DEMO_DATA (or the reference files) differ from
how the database was built, every row stays as stored and every page says so; only `python -m data.build_db`
changes it. A database with no reference data yet (a missing file) is built at the first start."""

import pytest
from sqlalchemy import create_engine, inspect
from streamlit.testing.v1 import AppTest

from data import loader
from data.db import make_engine
from tests.importer.importfx import ROOT, snapshot

MESSAGE = {
    "demo_on": "Demonstration data are switched on in the settings (DEMO_DATA=1), but this database was built "
    "without them: the pages show what is stored. Run python -m data.build_db to add them.",
    "demo_off": "Demonstration data are switched off in the settings (DEMO_DATA=0), but this database was built "
    "with them: the pages show what is stored, the demonstration series included (labelled as such). "
    "Run python -m data.build_db to remove them.",
}


def open_app(url: str, monkeypatch, demo: str, page: str | None = None) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("DEMO_DATA", demo)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.query_params["lang"] = "en"
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def warnings(at: AppTest) -> list[str]:
    return [w.value for w in at.warning]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def new_url(request, tmp_path):
    """Factory: the URL of a new, empty database (SQLite file or PostgreSQL database)."""
    if request.param == "sqlite":
        names = iter(range(100))
        return lambda: f"sqlite:///{tmp_path / f'db{next(names)}.sqlite3'}"
    return lambda: request.getfixturevalue("pg_database")("startup")


@pytest.mark.parametrize(("built_with", "setting", "difference"), [(False, "1", "demo_on"), (True, "0", "demo_off")])
def test_a_demo_data_mismatch_is_reported_and_nothing_is_rebuilt(new_url, monkeypatch, built_with, setting, difference):
    url = new_url()
    engine = make_engine(url)
    loader.build_database(engine, demo=built_with)
    before = snapshot(engine)
    demo_rows = sum(1 for r in before["observations"] if "demonstration" in r)
    assert (demo_rows > 0) == built_with

    for page in (None, "app_pages/children.py", "app_pages/map.py"):
        at = open_app(url, monkeypatch, setting, page)
        assert MESSAGE[difference] in warnings(at)
    assert snapshot(engine) == before

    # the same setting as the build: no message; after python -m data.build_db with the new setting: none either
    at = open_app(url, monkeypatch, "1" if built_with else "0")
    assert not [w for w in warnings(at) if "build_db" in w]
    monkeypatch.setenv("DEMO_DATA", setting)
    loader.build_database(engine)
    assert loader.settings_differences(engine) == []
    engine.dispose()


def test_a_missing_database_is_built_at_the_first_start(new_url, monkeypatch):
    url = new_url()
    assert inspect(create_engine(url)).get_table_names() == []
    at = open_app(url, monkeypatch, "0")
    assert not [w for w in warnings(at) if "build_db" in w]
    engine = make_engine(url)
    assert loader.get_meta(engine)["demo"] == "0"
    assert loader.settings_differences(engine) == []
    engine.dispose()


def test_other_reference_files_are_reported_not_reloaded(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    engine = make_engine(url)
    loader.build_database(engine, demo=True)
    with engine.begin() as conn:  # as if built by an older version of the reference files
        conn.exec_driver_sql("UPDATE meta_info SET value = 'older' WHERE key = 'reference_hash'")
    before = snapshot(engine)
    at = open_app(url, monkeypatch, "1")
    assert any(w.startswith("This database was built from other reference files") for w in warnings(at))
    assert snapshot(engine) == before
    engine.dispose()
