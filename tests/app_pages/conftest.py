"""AppTest helpers for the page tests: open a page of the app (through app.py) on the reference database."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from app_pages.ui.sections import QUALITY_OPEN
from tests.helpers import open_table_sections

ROOT = Path(__file__).resolve().parents[2]
PAGES = {
    "overview": "app_pages/overview.py",
    "children": "app_pages/children.py",
    "rehabilitation": "app_pages/rehabilitation.py",
    "dost": "app_pages/dost.py",
    "map": "app_pages/map.py",
    "district": "app_pages/district.py",
    "facilities": "app_pages/facilities.py",
    "sources": "app_pages/sources.py",
    "planning": "app_pages/planning.py",
}


@pytest.fixture
def open_page(reference_engine, monkeypatch):
    """Factory: `at = open_page("map", lang="en", level="region")` runs app.py, then the page, with URL params;
    the sections built only while open (the sources page's data quality) are open unless open_sections=False, and
    so are the tables' sections (a chart's data, a list) unless open_tables=False."""
    monkeypatch.setenv("DATABASE_URL", reference_engine.url.render_as_string(hide_password=False))

    def make(
        page: str, lang: str = "az", open_sections: bool = True, open_tables: bool = True, **params: str
    ) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        if open_sections:  # a section built only while open is opened, so that the tests see what it shows
            at.session_state[QUALITY_OPEN] = True
        at.query_params["lang"] = lang
        for k, v in params.items():  # the frame reads the language and data-status switch on the first run
            at.query_params[k] = v
        at.run()
        for k, v in params.items():
            at.query_params[k] = v
        if page != "overview":
            at.switch_page(PAGES[page])
        at.run()
        return open_table_sections(at) if open_tables else at

    return make


@pytest.fixture
def offered(monkeypatch):
    """Every frame offered as a download while a page runs: (name, the frame given, the frame exported)."""
    from app_pages.ui import downloads

    seen: list[tuple[str, pd.DataFrame, pd.DataFrame]] = []
    original = downloads.offer

    def record(df, name, key):
        frame = df() if callable(df) else df  # a frame made on the click (downloads.offer): made here to check it
        seen.append((name, frame.copy(), downloads.export_frame(frame)))
        return original(df, name, key)

    monkeypatch.setattr(downloads, "offer", record)
    return seen


def figures(at: AppTest) -> list[dict]:
    """Every plotly figure the page drew, as the JSON sent to the browser."""
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def figure_titles(at: AppTest) -> list[str]:
    """The titles of the drawn figures ('' for a figure without one)."""
    out = []
    for fig in figures(at):
        title = fig.get("layout", {}).get("title") or {}
        out.append(title.get("text", "") if isinstance(title, dict) else str(title))
    return out


def texts(at: AppTest) -> str:
    """All markdown, caption, title, header and alert texts of the page, joined."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "metric"):
        for el in at.get(kind):
            parts.append(str(getattr(el, "value", "") or getattr(el, "body", "") or ""))
            if kind == "metric":
                parts.append(str(el.label))
    return "\n".join(parts)


def array(value) -> list:
    """A plotly JSON array as a list (plotly sends numeric arrays as base64 typed arrays)."""
    import base64

    import numpy as np

    if isinstance(value, dict) and "bdata" in value:
        data = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        return data.reshape(value["shape"]).tolist() if "shape" in value else data.tolist()
    return list(value or [])
