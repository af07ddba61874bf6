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


def test_one_target_rule_for_registry_and_metrics():
    """For every indicator of the reference data, and for tiny cases that stress the rule (no current version,
    versions without a value, equal date sets), the registry's current target is the one the metrics use."""
    from metrics.progress import choose_targets

    ind = pd.read_csv(REFERENCE / "indicators.csv", dtype={"has_target": str})
    tg = pd.read_csv(REFERENCE / "targets.csv")
    extra = pd.DataFrame(
        [
            # no current version: the latest with a value is used
            ("x_none_current", "country", "AZ", 5.0, "5", 2025, "2020", False),
            ("x_none_current", "country", "AZ", 7.0, "7", 2025, "2021-03", False),
            # the current version has no value: the latest superseded one with a value is used
            ("x_no_value", "country", "AZ", None, "more", 2025, "2024", True),
            ("x_no_value", "country", "AZ", 9.0, "9", 2025, "2019", False),
            # equal date sets: the later row wins
            ("x_tie", "country", "AZ", 1.0, "1", 2025, "2022", True),
            ("x_tie", "country", "AZ", 2.0, "2", 2025, "2022", True),
            # a regional target never becomes the national one
            ("x_regional", "region", "ER-BAK", 3.0, "3", 2025, "2023", True),
        ],
        columns=["indicator_code", "geo_level", "geo_code", "value", "value_text", "target_year", "date_set",
                 "is_current"],
    )  # fmt: skip
    extra_ind = pd.DataFrame(
        {
            "code": extra["indicator_code"].unique(),
            "area": "other",
            "goal": "G1",
            "has_target": "true",
            "sort_order": 999,
        }
    )
    reg = build_registry(pd.concat([ind, extra_ind], ignore_index=True), pd.concat([tg, extra], ignore_index=True))
    chosen = choose_targets(pd.concat([tg, extra], ignore_index=True))
    national = chosen[chosen["geo_level"] == "country"].set_index("indicator_code")
    for code in reg:
        current = reg[code].current_target
        if code not in national.index:
            assert current is None, code
            continue
        row = national.loc[code]
        assert current is not None, code
        assert (current.value, current.date_set) == (row["target_value"], row["target_date_set"]), code
    assert reg["x_none_current"].current_target.value == 7.0
    assert reg["x_no_value"].current_target.value == 9.0
    assert reg["x_tie"].current_target.value == 2.0
    assert reg["x_regional"].current_target is None
