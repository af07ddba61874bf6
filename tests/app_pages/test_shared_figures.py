"""Figures that do not depend on the session are built once per data version and their parameters, shared by every
session, never changed by a page; an import gives the database a new data version and the figure is built again."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_pages.ui import cache
from data import importer
from figures import charts, maps
from tests.app_pages.conftest import figures

ROOT = Path(__file__).resolve().parents[2]
MAP = {"indicator": "home_care_recipients", "level": "district", "period": "2025", "measure": "total"}
VALUE = 9876  # home care recipients in Qəbələ in 2025: far from the demonstration figure (a few hundred)
CSV = f"indicator,geo_level,geo,period,value,source\nhome_care_recipients,district,Qəbələ,2025,{VALUE},Cache test\n"


@pytest.fixture
def writable_database(reference_engine, tmp_path, monkeypatch):
    """A copy of the reference database this test may import into; the caches empty before and after."""
    path = tmp_path / "copy.sqlite3"
    shutil.copy(reference_engine.url.database, path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("DATABASE_URL", url)
    cache.clear()
    cache.shared_figure.clear()
    yield url
    cache.clear()
    cache.shared_figure.clear()


def session(page: str, **params: str) -> AppTest:
    """A new session (a new visitor) opening `page` through app.py with URL parameters."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = "en"
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    at.switch_page(f"app_pages/{page}.py")
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, at.exception
    return at


def counting(monkeypatch, module, name: str) -> list:
    """Replace module.name (a figure builder) by a wrapper that records every figure it builds and its JSON then."""
    built: list = []
    real = getattr(module, name)

    def wrapper(*args, **kwargs):
        fig = real(*args, **kwargs)
        built.append((fig, fig.to_json()))
        return fig

    monkeypatch.setattr(module, name, wrapper)
    return built


def test_the_map_figure_is_built_once_per_data_version_shared_unchanged_and_rebuilt_after_an_import(
    writable_database, monkeypatch
):
    built = counting(monkeypatch, maps, "choropleth")
    first = session("map", **MAP)
    assert len(built) == 1
    second = session("map", **MAP)  # another visitor, the same data version and choices: the same figure
    second.run()  # and a rerun
    assert len(built) == 1
    assert figures(first) == figures(second)
    fig, as_built = built[0]
    assert fig.to_json() == as_built  # drawing it (three runs) did not change the shared figure

    # Other choices are another figure.
    session("map", **{**MAP, "level": "region"})
    assert len(built) == 2

    # An import stores a new data version: the next visitor gets a figure built from the new data.
    checked = importer.check(cache.engine(), CSV.encode(), "cache-test.csv")
    assert checked.ok, checked.problems
    importer.commit(cache.engine(), checked, "test")
    cache.reread_version()  # what the importing session does; other processes read it within DATA_VERSION_POLL_S
    third = session("map", **MAP)
    assert len(built) == 3
    hover = json.dumps([t.get("hovertext") for t in figures(third)[0]["data"] if t.get("meta") == "values"])
    assert "9,876" in hover and "9,876" not in json.dumps(figures(first))


def test_the_district_profile_figures_are_shared_between_sessions(writable_database, monkeypatch):
    locators = counting(monkeypatch, maps, "choropleth")
    timelines = counting(monkeypatch, charts, "facility_timeline_figure")
    first = session("district", district="AZ-BA")
    assert len(locators) == 1 and len(timelines) == 1
    second = session("district", district="AZ-BA")
    assert len(locators) == 1 and len(timelines) == 1
    assert figures(first)[:2] == figures(second)[:2]
    for fig, as_built in locators + timelines:
        assert fig.to_json() == as_built
    session("district", district="AZ-GA")  # another district: its own figures
    assert len(locators) == 2 and len(timelines) == 2


# Every chart builder of the three area pages (their own figures and the sections they share).
AREA_BUILDERS = ["indicator_figure", "target_history_figure", "flows_figure", "bar_breakdown", "care_split_figure",
                 "network_progress_figure", "network_timeline_figure", "coverage_figure", "histogram"]  # fmt: skip


@pytest.mark.parametrize("page", ["children", "rehabilitation", "dost"])
def test_the_area_pages_figures_are_built_once_and_shared_between_sessions(writable_database, monkeypatch, page):
    """Every figure the page draws is built once per data version and choices: a second visitor (and a rerun) gets
    the same figures unchanged, not built again; another language is another figure."""
    built = {n: counting(monkeypatch, charts, n) for n in AREA_BUILDERS}
    first = session(page)
    counts = {n: len(b) for n, b in built.items()}
    assert sum(counts.values()) == len(figures(first)) > 0  # every chart drawn came through a builder counted here
    second = session(page)
    second.run()
    assert {n: len(b) for n, b in built.items()} == counts
    assert figures(first) == figures(second)
    for fig, as_built in (x for b in built.values() for x in b):
        assert fig.to_json() == as_built  # drawing it did not change the shared figure
    session(page, lang="az")
    assert sum(len(b) for b in built.values()) == 2 * sum(counts.values())
