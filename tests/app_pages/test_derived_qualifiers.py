"""A figure derived from a qualified value says so too (issue 9): a district's rate per 10,000 residents, a region's
sum, the median of a region's districts and the figure a district is compared with.

Rule: a rate keeps its value's qualifier (a range's rate is approximate: the range's ends are the value's); a figure
made of several values is approximate when any part is not exact (metrics.regional). The test gives every district
observation of the reference database one of the qualifiers in turn, opens the map (both levels, rates and totals)
and the district profile, and checks every download, table cell, hover and caption that shows such a figure.
"""

from __future__ import annotations

import re
import sqlite3

import pandas as pd
import pytest
from sqlalchemy import create_engine, text

from data import queries
from data.formatting import format_quantity
from data.i18n import translate
from metrics.regional import derived_qualifier
from tests.app_pages.conftest import PAGES, figures
from tests.test_escaping import open_page

CYCLE = ["exact", "approx", "more_than", "range", "up_to"]


@pytest.fixture(scope="module")
def qualified_url(tmp_path_factory, reference_engine) -> str:
    """A copy of the reference database whose district observations carry every qualifier: the n-th district of
    each economic region (by code) CYCLE[n % 5] (so every region of two or more districts mixes them)."""
    path = tmp_path_factory.mktemp("qualified") / "qualified.sqlite3"
    with sqlite3.connect(reference_engine.url.database) as source, sqlite3.connect(path) as copy:
        source.backup(copy)  # the whole database, whatever its journal holds
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as c:
        for code, q in district_qualifiers(queries.districts(engine)).items():
            ends = "value * 0.9, value * 1.1" if q == "range" else "NULL, NULL"
            c.execute(
                text(
                    f"UPDATE observations SET qualifier = :q, (value_low, value_high) = ({ends})"
                    " WHERE geo_level = 'district' AND geo_code = :code"
                ),
                {"q": q, "code": code},
            )
    engine.dispose()
    return f"sqlite:///{path}"


def district_qualifiers(districts: pd.DataFrame) -> dict[str, str]:
    out = {}
    for _region, part in districts.sort_values("code").groupby("economic_region_code"):
        out.update({code: CYCLE[n % len(CYCLE)] for n, code in enumerate(part["code"])})
    return out


MARK = {"exact": None, "approx": "~", "range": "~", "more_than": "more than", "up_to": "up to"}


def _check_rates(exported: pd.DataFrame, where: str) -> int:
    """Every exported rate is followed by its text with the value's qualifier; a range's ends are the value's."""
    if "rate" not in exported.columns:
        return 0
    cols = list(exported.columns)
    assert cols[cols.index("rate") + 1] == "rate_text", where
    n = 0
    for r in exported.to_dict("records"):
        if pd.notna(r.get("value_low")):
            assert r["value_low"] <= r["value"] <= r["value_high"], (where, r)  # the value, never its rate
        if pd.isna(r["rate"]):
            assert r["rate_text"] == "", where
            continue
        q = derived_qualifier(r["qualifier"])
        assert r["rate_text"] == format_quantity(r["rate"], "en", qualifier=q, decimals=1), (where, r)
        n += q != "exact"
    return n


@pytest.mark.parametrize("level", ["district", "region"])
@pytest.mark.parametrize("measure", ["per_10k", "total"])
def test_the_map_writes_every_rate_and_sum_with_its_qualifier(qualified_url, monkeypatch, offered, level, measure):
    engine = create_engine(qualified_url)
    layers = queries.indicators(engine).loc[lambda d: d["levels"].str.contains("district"), "code"].tolist()
    engine.dispose()
    qualified_rates = 0
    for layer in layers:
        offered.clear()
        at = open_page(qualified_url, monkeypatch, "overview", "en")
        for k, v in {"indicator": layer, "level": level, "measure": measure}.items():
            at.query_params[k] = v
        at.switch_page(PAGES["map"]).run()
        assert not at.exception, [e.value for e in at.exception]
        maps = [(n, g, e) for n, g, e in offered if n.startswith("map_")]
        assert maps, layer
        for name, _given, exported in maps:
            qualified_rates += _check_rates(exported, f"{layer} {level} {measure} {name}")
            if level == "region":  # a region's sum of approximate or bounded parts is approximate
                assert set(exported["qualifier"]) <= {"exact", "approx"}, name
        # the hovers: a rate (or a sum) never shows a range of absolute numbers, and a qualified unit says so
        hovers = [h for fig in figures(at) for tr in fig.get("data", []) for h in (tr.get("hovertext") or [])]
        hovers = [h for h in hovers if isinstance(h, str)]
        assert hovers, layer
        if measure == "per_10k" or level == "region":
            assert not any(re.search(r"\d–\d", h) for h in hovers), layer
        assert any("~" in h or "more than" in h or "up to" in h for h in hovers), layer
    assert qualified_rates > 0 or measure == "total" and level == "region"


def test_the_district_profile_writes_its_rates_reference_and_median_with_their_qualifiers(
    qualified_url, monkeypatch, offered
):
    engine = create_engine(qualified_url)
    districts = queries.districts(engine)
    engine.dispose()
    qualifiers = district_qualifiers(districts)
    size = districts.groupby("economic_region_code").size()
    headers = {
        k: translate(k, "en") for k in ("common.per_10k_title", "district.col.reference", "district.col.region_median")
    }
    regions = [r for r in size.index if size[r] >= 2][:3]
    chosen = [c for r in regions for c in sorted(districts.loc[districts["economic_region_code"] == r, "code"])[:2]]
    chosen.append(districts.loc[districts["economic_region_code"] == size.idxmin(), "code"].iloc[0])  # smallest
    seen = set()
    for code in chosen:
        at = open_page(qualified_url, monkeypatch, "overview", "en")
        at.query_params["district"] = code
        at.switch_page(PAGES["district"]).run()
        assert not at.exception, [e.value for e in at.exception]
        tables = [t.value for t in at.dataframe if headers["common.per_10k_title"] in t.value.columns]
        assert tables, code
        region_size = int(size[districts.set_index("code").loc[code, "economic_region_code"]])
        for frame in tables:
            for key, header in headers.items():
                cells = frame[header]
                assert cells.map(lambda v: isinstance(v, str)).all(), (code, header)  # text, never a bare number
                shown = [c for c in cells if c != "–"]
                if key == "common.per_10k_title":  # the district's own rate: its value's qualifier
                    mark = MARK[qualifiers[code]]
                    assert all(c.startswith(mark) if mark else c[0].isdigit() for c in shown), (code, shown)
                    seen.add(qualifiers[code])
                if key == "district.col.region_median":  # several districts of mixed qualifiers: approximate
                    mixed = region_size >= 2
                    assert all(c.startswith("~") == mixed for c in shown), (code, region_size, shown)
        caption = "\n".join(c.value for c in at.caption)
        if qualifiers[code] != "exact":
            assert MARK[qualifiers[code]].replace("~", "\\~") in caption or MARK[qualifiers[code]] in caption, code
        for name, _given, exported in offered:
            _check_rates(exported, f"{code} {name}")
    assert {"exact", "approx"} <= seen
