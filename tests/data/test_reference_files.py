"""The curated reference files (data/reference/*.csv) keep their contract and refer only to what exists."""

from __future__ import annotations

import csv
import math
from collections import Counter
from functools import cache

import pytest

from data import contracts
from data import schema as s
from data.config import REFERENCE_DIR
from data.contracts import REFERENCE_MODELS, columns
from data.periods import parse_date_prefix, parse_period

# The contract of each file is its model in data/contracts.py (written once); these tests read the files as text.
CONTRACT: dict[str, list[str]] = {name: columns(name) for name in REFERENCE_MODELS}
# Columns holding a source id, per file.
SOURCE_COLUMNS = {
    "economic_regions.csv": ["source_id"],
    "districts.csv": ["population_source_id", "population_alt_source_id", "economic_region_source_id"],
    "goals.csv": ["source_id"],
    "targets.csv": ["source_id"],
    "observations.csv": ["source_id"],
    "facility_status.csv": ["source_id"],
    "facility_catchment.csv": ["source_id"],
}
STATUSES = set(s.FACILITY_STATUSES)
DATE_BASES = set(s.DATE_BASES)
FACILITY_TYPES = set(s.FACILITY_TYPES)
VALUE_RULES = {"", *contracts.VALUE_RULES}
TRUE_FALSE = set(contracts.TRUE_FALSE)


@cache
def rows(name: str) -> tuple[dict[str, str], ...]:
    """The rows of one reference file."""
    with (REFERENCE_DIR / name).open(encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(fh))


def header(name: str) -> list[str]:
    """The header of one reference file."""
    with (REFERENCE_DIR / name).open(encoding="utf-8", newline="") as fh:
        return next(csv.reader(fh))


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_contract_columns(name: str) -> None:
    assert header(name) == CONTRACT[name]
    assert rows(name), f"{name} is empty"


def test_source_ids_unique_and_demo_present() -> None:
    ids = [r["id"] for r in rows("sources.csv")]
    assert len(ids) == len(set(ids))
    demo = {r["id"]: r for r in rows("sources.csv")}["src_product_demo"]
    assert demo["publisher"] == "Bu məhsul / This product" and demo["url"] == "" and demo["published"] == "n.d."
    assert all(r["title"].strip() and r["publisher"].strip() and r["published"].strip() for r in rows("sources.csv"))


@pytest.mark.parametrize("name", sorted(SOURCE_COLUMNS))
def test_every_source_id_exists(name: str) -> None:
    ids = {r["id"] for r in rows("sources.csv")}
    missing = {r[c] for r in rows(name) for c in SOURCE_COLUMNS[name] if r[c] and r[c] not in ids}
    assert not missing, f"{name}: unknown source ids {sorted(missing)}"


def test_facts_have_a_source() -> None:
    for name in ("goals.csv", "targets.csv", "observations.csv", "facility_status.csv", "facility_catchment.csv"):
        assert all(r["source_id"] for r in rows(name)), f"{name}: a row without source_id"


def test_observation_periods_and_values() -> None:
    for r in rows("observations.csv"):
        p = parse_period(r["period"])
        assert p.text == r["period"], f"period {r['period']!r} is not in canonical form ({p.text})"
        value = float(r["value"])
        assert math.isfinite(value)
        assert r["value_text"].strip()
        assert r["value_rule"] in VALUE_RULES
        assert r["is_preferred"] in TRUE_FALSE
        assert r["geo_level"] in contracts.GEO_LEVELS_REFERENCE


def test_observation_and_target_indicators_exist() -> None:
    codes = {r["code"] for r in rows("indicators.csv")}
    for name in ("observations.csv", "targets.csv"):
        unknown = {r["indicator_code"] for r in rows(name)} - codes
        assert not unknown, f"{name}: unknown indicators {sorted(unknown)}"


def test_one_preferred_observation_per_key() -> None:
    preferred: Counter = Counter()
    keys = set()
    for r in rows("observations.csv"):
        key = (r["indicator_code"], r["geo_level"], r["geo_code"], r["period"])
        keys.add(key)
        preferred[key] += r["is_preferred"] == "true"
    bad = {k: n for k in keys if (n := preferred[k]) != 1}
    assert not bad, f"keys without exactly one preferred row: {bad}"


def test_observation_geo_codes_exist() -> None:
    districts = {r["code"] for r in rows("districts.csv")}
    regions = {r["code"] for r in rows("economic_regions.csv")}
    for r in rows("observations.csv") + rows("targets.csv"):
        known = {"country": {"AZ"}, "region": regions, "district": districts}[r["geo_level"]]
        assert r["geo_code"] in known, r


def test_facility_districts_exist() -> None:
    districts = {r["code"] for r in rows("districts.csv")}
    for r in rows("facilities.csv"):
        assert r["district_code"] in districts, r["code"]
    for r in rows("facility_catchment.csv"):
        assert r["district_code"] in districts, r


def test_facilities_are_consistent() -> None:
    codes = [r["code"] for r in rows("facilities.csv")]
    assert len(codes) == len(set(codes))
    for r in rows("facilities.csv"):
        assert r["network"] in s.FACILITY_NETWORKS
        assert r["facility_type"] in FACILITY_TYPES
        assert not r["parent_code"] or r["parent_code"] in codes
        assert r["location_basis"] in contracts.LOCATION_BASES
        assert bool(r["lat"]) == bool(r["lon"]) == (r["location_basis"] == "town")
        if r["lat"]:
            assert 38.0 < float(r["lat"]) < 42.0 and 44.5 < float(r["lon"]) < 51.0
        for col in ("beds", "annual_capacity"):
            assert not r[col] or int(r[col]) > 0
    pairs = [(r["facility_code"], r["district_code"]) for r in rows("facility_catchment.csv")]
    assert len(pairs) == len(set(pairs))
    assert {c for c, _ in pairs} <= set(codes)


def test_parents_precede_children() -> None:
    """The loader inserts facilities in file order, so a parent must come before the facilities under it."""
    seen: set[str] = set()
    for r in rows("facilities.csv"):
        assert not r["parent_code"] or r["parent_code"] in seen, r["code"]
        seen.add(r["code"])


def test_every_facility_has_a_status() -> None:
    codes = {r["code"] for r in rows("facilities.csv")}
    with_status = {r["facility_code"] for r in rows("facility_status.csv")}
    assert codes == with_status


def test_status_vocabulary_and_dates() -> None:
    for r in rows("facility_status.csv"):
        assert r["status"] in STATUSES
        assert r["date_basis"] in DATE_BASES
        parse_date_prefix(r["status_date"])
        if r["expected_open"]:
            parse_period(r["expected_open"])
        if r["date_basis"] == "effective":
            assert r["status"] == "open"


def test_indicators_are_bilingual_and_well_formed() -> None:
    goals = {r["code"] for r in rows("goals.csv")}
    for r in rows("indicators.csv"):
        for col in ("name_az", "name_en", "definition_az", "definition_en", "unit"):
            assert r[col].strip(), f"{r['code']}: no {col}"
        assert r["area"] in contracts.AREAS
        assert r["goal"] in goals
        assert r["kind"] in contracts.INDICATOR_KINDS
        assert r["direction"] in s.DIRECTIONS
        assert set(r["levels"].split(",")) <= set(contracts.GEO_LEVELS_REFERENCE)
        assert r["has_target"] in TRUE_FALSE
    for r in rows("goals.csv"):
        for col in ("name_az", "name_en", "description_az", "description_en"):
            assert r[col].strip()


def test_current_targets() -> None:
    current: Counter = Counter(r["indicator_code"] for r in rows("targets.csv") if r["is_current"] == "true")
    stated = {r["indicator_code"] for r in rows("targets.csv")}
    for r in rows("indicators.csv"):
        if r["has_target"] == "true":
            assert current[r["code"]] == 1, f"{r['code']}: {current[r['code']]} current targets"
        else:
            assert r["code"] not in stated, f"{r['code']}: has_target is false but targets are stated"
    for r in rows("targets.csv"):
        assert r["is_current"] in TRUE_FALSE
        assert r["value_text"].strip() and r["date_set"].strip()
        assert not r["value"] or math.isfinite(float(r["value"]))
        assert not r["target_year"] or r["target_year"].isdigit()


@pytest.mark.parametrize("name", sorted(REFERENCE_MODELS))
def test_file_satisfies_its_model(name: str) -> None:
    """Every reference file validates with its model (what the loader does before writing anything)."""
    df = contracts.read_validated(name)
    assert len(df) == len(rows(name))


@pytest.mark.parametrize("name", sorted(REFERENCE_MODELS))
def test_model_columns_are_table_columns(name: str) -> None:
    """A file's model and its database table agree: every column of the file is a column of the table."""
    table = s.metadata.tables[name.removesuffix(".csv")]
    assert set(columns(name)) <= set(table.c.keys())
