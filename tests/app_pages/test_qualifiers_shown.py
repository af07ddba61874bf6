"""A figure's qualifier travels with it: every download a page offers and every table it shows.

Rule (issue 9): wherever a value from an observation is shown or exported, its qualifier ("~", "more than", "up
to", a range) is there too: a download holds `qualifier`, `value_low`, `value_high` and `value_text` (the value as
"~10 000") beside `value`; a table shows the value as that text. The test opens every page, records every frame
the page offers (app_pages.ui.downloads.offer) and every table it draws, and checks them all, not an example.
"""

from __future__ import annotations

import pandas as pd

from data import queries
from data.formatting import format_quantity
from data.i18n import translate
from figures.frames import QUALIFIED_COLUMNS
from tests.app_pages.conftest import PAGES

# pages and the URL parameters that show qualified figures (the children's 2010 "~10 000" on the children page)
VIEWS = [(page, {}) for page in PAGES] + [("children", {"indicator": "children_in_institutions"})]


def _from_observations(df: pd.DataFrame) -> bool:
    """A frame of figures from observations: a value with its period (or year) and its data status."""
    return "value" in df.columns and bool({"period", "year"} & set(df.columns)) and "data_status" in df.columns


def test_every_download_and_table_carries_the_qualifier(open_page, offered, reference_engine):
    obs = queries.observations(reference_engine)
    stored = {
        (r["indicator_code"], r["geo_code"], r["period"]): r["qualifier"]
        for r in obs[["indicator_code", "geo_code", "period", "qualifier"]].to_dict("records")
    }
    value_header = translate("common.value", "en")
    qualified_seen, frames_checked, cells_checked = set(), 0, 0
    for page, params in VIEWS:
        offered.clear()
        at = open_page(page, lang="en", **params)
        assert not at.exception, (page, at.exception[0].value if at.exception else "")
        assert offered, page
        for name, given, exported in offered:
            if "value" not in given.columns:
                continue
            assert list(exported.columns[list(exported.columns).index("value") + 1 :][:4]) == QUALIFIED_COLUMNS
            for r in exported.to_dict("records"):
                if pd.isna(r["value"]):
                    continue
                unit = "percent" if r.get("unit") == "percent" else None
                expected = format_quantity(r["value"], "en", qualifier=r["qualifier"], low=r["value_low"],
                                           high=r["value_high"], unit=unit)  # fmt: skip
                assert r["value_text"] == expected, (page, name)
            if not _from_observations(given):
                continue
            # a frame of observed figures carries the qualifier from the data, never a default
            assert "qualifier" in given.columns, (page, name, list(given.columns))
            frames_checked += 1
            if {"indicator_code", "geo_code", "period"} <= set(given.columns):
                for r in given.dropna(subset=["value"]).to_dict("records"):
                    key = (r["indicator_code"], r["geo_code"], r["period"])
                    if key in stored:
                        assert r["qualifier"] == stored[key], (page, name, key)
                        if r["qualifier"] != "exact":
                            qualified_seen.add(key)
        # a table whose column is the value shows it as text with its qualifier, never a bare number
        for table in at.dataframe:
            frame = table.value
            if value_header in frame.columns:
                assert frame[value_header].map(lambda v: isinstance(v, str) or pd.isna(v)).all(), page
                cells_checked += int(frame[value_header].notna().sum())
    assert frames_checked >= 8 and cells_checked > 0
    # the reference data's qualified figures do reach the downloads (~10 000 children in 2010, "more than" values)
    assert any(k[0] == "children_in_institutions" for k in qualified_seen), qualified_seen
