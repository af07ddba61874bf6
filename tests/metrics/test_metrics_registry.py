"""The indicator registry: built from data, complete in both languages, consistent about targets."""

from pathlib import Path

import pandas as pd
import pytest

from data.periods import parse_period
from metrics.registry import build_registry

REFERENCE = Path(__file__).resolve().parents[2] / "data" / "reference"


def test_registry_from_tiny_tables(indicators, targets, obs):
    rehab = {"code": "rehab", "area": "rehabilitation", "goal": "G2", "name_az": "Reabilitasiya"}
    kids = {"code": "kids", "area": "children", "goal": "G1", "direction": "lower", "kind": "stock"}
    ind = indicators([
        {**rehab, "name_en": "Rehabilitation"},
        {**kids, "levels": "country,district"},
        {"code": "free", "area": "children", "goal": "G1", "has_target": False},
    ])  # fmt: skip
    tg = targets(
        [
            ("rehab", 100000, None, "c. 2023", True),
            ("rehab", 30000, 2021, "2021-01", False),
            ("kids", 500, 2026, "2020", True),
        ]
    )
    o = obs([
        ("rehab", "country", "AZ", "2018", 10000), ("rehab", "country", "AZ", "2019", 10457),
        ("rehab", "country", "AZ", "2025", 142000), ("rehab", "district", "D1", "2017", 5),
        ("kids", "country", "AZ", "2021", 800), ("kids", "country", "AZ", "2017", 900, "demonstration"),
    ])  # fmt: skip
    reg = build_registry(ind, tg, o)
    assert list(reg) == ["rehab", "kids", "free"] and not reg.problems()
    rehab = reg["rehab"]
    assert rehab.name("en") == "Rehabilitation" and rehab.name("az") == "Reabilitasiya"
    assert [t.value for t in rehab.targets] == [30000, 100000]  # sorted by date set
    assert rehab.current_target.value == 100000
    assert rehab.baseline == (10457, 2019)  # latest national full year in or before 2019
    # kids: the 2017 figure is demonstration data, never a baseline: the earliest reported one is used
    assert reg["kids"].baseline == (800, 2021) and reg["kids"].levels == ("country", "district")
    assert reg["free"].current_target is None and reg["free"].baseline is None
    assert {k: [i.code for i in v] for k, v in reg.by_area().items()} == {
        "rehabilitation": ["rehab"],
        "children": ["kids", "free"],
    }
    assert set(reg.by_goal()) == {"G1", "G2"}


def test_problems_are_named(indicators, targets):
    ind = indicators([
        {"code": "a", "name_en": " ", "unit": ""},
        {"code": "b", "direction": "up"},
        {"code": "c", "has_target": True},
        {"code": "d", "has_target": False},
    ])  # fmt: skip
    tg = targets([("d", 5, 2026, "2025", True), ("ghost", 1, 2026, "2025", True)])
    problems = build_registry(ind, tg).problems()
    assert "a: no name_en" in problems and "a: no unit" in problems
    assert any(p.startswith("b: direction") for p in problems)
    assert "c: has_target is true but no target is stated" in problems
    assert any(p.startswith("d: has_target is false") for p in problems)
    assert any("ghost" in p for p in problems)


def read(name: str) -> pd.DataFrame:
    path = REFERENCE / name
    assert path.exists(), f"{path} is missing"
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def reference_observations() -> pd.DataFrame:
    o = read("observations.csv")
    periods = [parse_period(p) for p in o["period"]]
    o = o.assign(
        value=pd.to_numeric(o["value"]),
        period=[p.text for p in periods],
        period_start=pd.to_datetime([p.start for p in periods]),
        period_end=pd.to_datetime([p.end for p in periods]),
        period_type=[p.type for p in periods],
        data_status="reported",
    )
    keep = o["is_preferred"].str.lower().isin(["", "true", "1", "yes"]) if "is_preferred" in o else True
    return o[keep]


def test_every_reference_indicator_is_complete():
    """Every catalogued indicator has az/en names and definitions, a unit, a direction, a kind, valid levels and a
    declared target (or none) that agrees with targets.csv."""
    indicators = read("indicators.csv")
    targets = read("targets.csv").replace({"": None})
    targets["value"] = pd.to_numeric(targets["value"])
    targets["target_year"] = pd.to_numeric(targets["target_year"]).astype("Int64")
    reg = build_registry(indicators, targets, reference_observations())
    assert len(reg) == len(indicators) > 0
    assert reg.problems() == []
    with_target = [ind for ind in reg.values() if ind.has_target]
    assert all(ind.targets for ind in with_target)


@pytest.mark.parametrize("code", ["rehab_persons_served", "children_in_institutions", "dost_centres_open"])
def test_reference_headline_indicators_exist(code):
    assert code in set(read("indicators.csv")["code"])
