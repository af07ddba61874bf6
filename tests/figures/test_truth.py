"""Charts tell the truth about time and comparability: rules checked over every indicator of the reference data.

* a level at a date (a stock) is drawn at its date, a total over a period (a flow) at the middle of its period;
* year ticks stand at 1 January and carry that year's label;
* no line is drawn across a break in a series (a new segment), and the break is marked;
* targets without a deadline are never placed on a year; earlier targets are labelled.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from data import queries
from data.i18n import translate
from figures import charts, frames
from metrics.progress import progress
from metrics.series import kind_map


@pytest.fixture(scope="module")
def reference(reference_engine):
    """Indicators, targets and national observations of the reference database, with their points."""
    ind = queries.indicators(reference_engine)
    obs = queries.observations(reference_engine, geo_level="country")
    return ind, queries.targets(reference_engine), obs, frames.series_points(obs, kind_map(ind))


def _plotted(fig) -> list[tuple[pd.Timestamp, float, str]]:
    """(x, y, hover) of every drawn observation point of the observed line of a figure."""
    observed = fig.data[0]
    return [
        (pd.Timestamp(x), float(y), h)
        for x, y, h in zip(observed.x, observed.y, observed.hovertext, strict=True)
        if x is not None and y is not None
    ]


def test_every_stock_is_drawn_at_its_date_and_every_flow_mid_period(reference):
    ind, targets, obs, points = reference
    prog = progress(ind, targets, obs).set_index("indicator_code")
    kinds = kind_map(ind)
    checked = 0
    for code in ind["code"]:
        pts = frames.points_of(points, code)
        if pts.empty:
            continue
        fig = charts.indicator_figure(pts, {**prog.loc[code].to_dict(), "indicator_code": code}, "en", code)
        drawn = _plotted(fig)
        full = pts[~pts["is_partial"].astype(bool)]
        assert len(drawn) == len(full), code
        mine = obs[obs["indicator_code"] == code]
        for x, y, _ in drawn:
            if kinds[code] == "count":
                ok = ((mine["period_start"] + (mine["period_end"] - mine["period_start"]) / 2).dt.floor("D") == x) & (
                    mine["value"] == y
                )
            else:
                ok = (mine["period_end"] == x) & (mine["value"] == y)
            assert ok.any(), f"{code}: point ({x.date()}, {y}) is not at its observation's date"
            checked += 1
    assert checked > 20


def test_year_ticks_stand_at_the_start_of_their_year(reference):
    ind, targets, obs, points = reference
    prog = progress(ind, targets, obs).set_index("indicator_code")
    for code in ind["code"]:
        pts = frames.points_of(points, code)
        if pts.empty:
            continue
        axis = charts.indicator_figure(pts, prog.loc[code].to_dict(), "en", code).layout.xaxis
        assert axis.tickformat == "%Y" and pd.Timestamp(axis.tick0) == pd.Timestamp("2000-01-01"), code
        assert axis.dtick in ("M12", "M24"), code
    # a stock of 22 Jan 2026 sits right of the "2026" tick (1 Jan 2026), not left of "2025"'s end-of-year tick
    days = ["2023-08-10", "2026-01-22"]
    pts = pd.DataFrame({"x": pd.to_datetime(days), "value": [7.0, 7.0], "is_partial": False,
                        "data_status": "reported", "period": days})  # fmt: skip
    fig = charts.indicator_figure(pts, {"kind": "stock", "unit": "facilities"}, "en", "T")
    tick = pd.Timestamp(fig.layout.xaxis.tick0)
    assert (tick.month, tick.day) == (1, 1)
    assert _plotted(fig)[-1][0] > pd.Timestamp("2026-01-01")


def _segments_of(fig) -> list[list[int]]:
    """Runs of consecutive drawn points of the observed line (a None splits a run)."""
    runs, run = [], []
    for i, y in enumerate(fig.data[0].y):
        if y is None or (isinstance(y, float) and np.isnan(y)):
            runs.append(run)
            run = []
        else:
            run.append(i)
    return [r for r in [*runs, run] if r]


def test_no_line_joins_points_across_a_segment_break(reference):
    ind, targets, obs, points = reference
    prog = progress(ind, targets, obs).set_index("indicator_code")
    rng = np.random.default_rng(9)
    breaks_seen = 0
    for code in ind["code"]:
        pts = frames.points_of(points, code)
        full = pts[~pts["is_partial"].astype(bool)]
        if len(full) < 2:
            continue
        # the reference segments when the data carry them, else a break placed at random: the rule, not the data
        if full["segment"].isna().all() or full["segment"].nunique() < 2:
            cut = int(rng.integers(1, len(full)))
            seg = np.where(np.arange(len(pts)) < pts.index[full.index[cut]], "a", "b")
            pts = pts.assign(segment=seg, segment_label_en=np.where(seg == "b", "Broader definition", "First"))
        fig = charts.indicator_figure(pts, prog.loc[code].to_dict(), "en", code)
        x = list(fig.data[0].x)
        seg_of = dict(zip(pts["x"], pts["segment"].fillna("").astype(str), strict=False))
        for run in _segments_of(fig):
            assert len({seg_of[pd.Timestamp(x[i])] for i in run}) == 1, f"{code}: a line crosses a break"
        n_breaks = len(charts.breaks_of(pts[~pts["is_partial"].astype(bool)]))
        marks = [a for a in fig.layout.annotations if a.text.startswith("Series break")]
        assert len(marks) == n_breaks, code
        breaks_seen += n_breaks
    assert breaks_seen > 5


def test_a_target_without_deadline_is_not_placed_on_a_year_and_earlier_targets_are_labelled():
    pts = pd.DataFrame({"x": pd.to_datetime(["2019-07-02", "2025-07-02"]), "value": [10457.0, 142000.0],
                        "is_partial": False, "data_status": "reported", "period": ["2019", "2025"]})  # fmt: skip
    row = {"kind": "count", "unit": "persons", "target_value": 100000.0, "target_year": None,
           "target_kind": "capacity", "target_comparable": False, "status": "no_target"}  # fmt: skip
    versions = pd.DataFrame({"value": [30000.0], "target_year": [None], "date_set": ["2021-01-19"],
                             "superseded": [True]})  # fmt: skip
    fig = charts.indicator_figure(pts, row, "en", "T", versions)
    names = [t.name for t in fig.data]
    current = [t for t in fig.data if t.name.startswith("Target: 100,000")][0]
    assert "no deadline stated" in current.name and "not compared" in current.name
    assert max(pd.Timestamp(x) for x in current.x) <= pd.Timestamp("2025-07-02")  # never drawn to 2026
    earlier = [t for t in fig.data if t.name.startswith("Earlier target 30,000")][0]
    assert "deadline: not stated" in earlier.name and earlier.mode == "lines+text"
    assert max(pd.Timestamp(x) for x in earlier.x) <= pd.Timestamp("2025-07-02")
    assert translate("chart.projection", "en") not in names


def test_every_hover_writes_a_value_with_its_qualifier(reference):
    """Each qualified national figure of the reference data, drawn by every builder that shows an observation's value
    (the series' points, yearly flows, bars by region or district, the map's units), keeps its qualifier in the
    hover text."""
    from data.formatting import format_quantity
    from figures import maps

    _, _, obs, _ = reference
    qualified = obs[obs["qualifier"].fillna("exact") != "exact"]
    assert len(qualified) >= 3
    for r in qualified.to_dict("records"):
        for lang in ("az", "en"):
            text = format_quantity(r["value"], lang, qualifier=r["qualifier"], low=r["value_low"], high=r["value_high"])
            row = {**r, "x": r["period_end"], "is_partial": False, "label": "Unit", "code": "U", "year": 2020,
                   "target_value": None}  # fmt: skip
            hovers = [
                charts.point_hover(row, lang, None),
                charts.flows_figure(pd.DataFrame([row]), {}, lang, "T").data[0].hovertext[0],
                charts.bar_breakdown(pd.DataFrame([row]), "label", "value", lang, "T", "V").data[0].hovertext[0],
                maps.unit_hover(row, lang, "V", None),
            ]
            for h in hovers:
                assert text in h, (r["indicator_code"], r["period"], lang, h)
