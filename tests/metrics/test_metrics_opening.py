"""The rules behind the collegium's opening slides: the largest risks and what changed since the last meeting."""

from __future__ import annotations

import itertools

import pytest

from metrics.snapshot import RISK_STATUSES, largest_risks, since_rows


def item(code, status, share=None, projected=None, order=0, **kw):
    return {"code": code, "status": status, "share_achieved": share, "projected_share": projected, "sort_order": order,
            "name_az": code, "name_en": code, **kw}  # fmt: skip


ITEMS = [
    item("a", "on_track", 95, order=1),
    item("b", "at_risk", 60, order=2),
    item("c", "off_track", 80, order=3),
    item("d", "off_track", 30, projected=20, order=4),
    item("e", "no_target", order=5),
    item("f", "at_risk", 10, order=6),
    item("g", "met", 120, order=7),
]


def test_largest_risks_by_the_stated_rule():
    assert [r["code"] for r in largest_risks(ITEMS)] == ["d", "c", "f"]
    assert [r["missing_share"] for r in largest_risks(ITEMS)] == [80.0, 20.0, 90.0]


@pytest.mark.parametrize("perm", list(itertools.permutations(range(len(ITEMS))))[::397])
def test_risks_are_only_off_track_or_at_risk_at_most_three_in_rule_order_whatever_the_input_order(perm):
    risks = largest_risks([ITEMS[i] for i in perm])
    assert len(risks) <= 3 and all(r["status"] in RISK_STATUSES for r in risks)
    keys = [(RISK_STATUSES.index(r["status"]), -r["missing_share"]) for r in risks]
    assert keys == sorted(keys)
    assert [r["code"] for r in risks] == ["d", "c", "f"]


def payload(*items):
    return {"indicators": list(items)}


def ind(code, status, *points, **kw):
    pts = [{"period": p, "value": v, "is_partial": partial, "data_status": "reported"} for p, v, partial in points]
    last = [p for p in pts if not p["is_partial"]][-1]
    return {"code": code, "status": status, "points": pts, "latest_value": last["value"],
            "latest_period": last["period"], "name_az": code, "name_en": code, "unit": "persons", **kw}  # fmt: skip


def test_since_rows_separate_new_periods_revisions_part_year_figures_and_verdicts():
    then = payload(
        ind("x", "on_track", ("2024", 120000, False), ("2025", 142000, False)),
        ind("y", "at_risk", ("2023", 130, False), ("2024", 138, False)),
        ind("z", "at_risk", ("2025", 5, False)),
        ind("w", "at_risk", ("2025", 7, False)),
        ind("v", "met", ("2025", 1, False)),
    )
    now = payload(
        ind("x", "on_track", ("2024", 120000, False), ("2025", 150000, False)),
        ind("y", "at_risk", ("2023", 130, False), ("2024", 138, False), ("2025", 140, False)),
        ind("z", "at_risk", ("2025", 5, False), ("2026-01..2026-10", 120, True)),
        ind("w", "off_track", ("2025", 7, False)),
        ind("v", "met", ("2025", 1, False)),
        ind("n", "no_target", ("2025", 3, False)),
    )
    rows = since_rows(then, now)
    assert sorted((r["code"], r["kind"], r["period"]) for r in rows) == [
        ("n", "new_indicator", "2025"),
        ("w", "status", "2025"),
        ("x", "revised", "2025"),
        ("y", "new_period", "2025"),
        ("z", "part_year", "2026-01..2026-10"),
    ]
    revised = next(r for r in rows if r["kind"] == "revised")
    assert (revised["then_value"], revised["now_value"]) == (142000.0, 150000.0)
    assert since_rows(None, now) == []
    assert since_rows(now, now) == []
