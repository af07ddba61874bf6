"""Builders for tiny hand-made metric inputs (the column names are those of data.queries)."""

from __future__ import annotations

import pandas as pd
import pytest

from data.periods import parse_period


def make_obs(rows: list[tuple], status: str = "reported") -> pd.DataFrame:
    """Observations from (indicator_code, geo_level, geo_code, period, value[, data_status]) tuples."""
    records = []
    for r in rows:
        code, level, geo, period, value = r[:5]
        p = parse_period(period)
        records.append(
            {
                "indicator_code": code,
                "geo_level": level,
                "geo_code": geo,
                "period": p.text,
                "period_start": pd.Timestamp(p.start),
                "period_end": pd.Timestamp(p.end),
                "period_type": p.type,
                "value": float(value),
                "value_text": None,
                "value_rule": None,
                "data_status": r[5] if len(r) > 5 else status,
                "source_id": "src_test",
                "is_preferred": True,
                "note": None,
                "source_title": "Test source",
                "source_url": None,
            }
        )
    cols = ["indicator_code", "geo_level", "geo_code", "period", "period_start", "period_end", "period_type",
            "value", "value_text", "value_rule", "data_status", "source_id", "is_preferred", "note",
            "source_title", "source_url"]  # fmt: skip
    df = pd.DataFrame(records, columns=cols)
    df["period_start"] = pd.to_datetime(df["period_start"])
    df["period_end"] = pd.to_datetime(df["period_end"])
    return df


def make_indicators(rows: list[dict]) -> pd.DataFrame:
    """An indicator catalogue; each dict needs `code` and may override any default."""
    base = {
        "area": "other", "goal": "G1", "name_az": "Göstərici", "name_en": "Indicator",
        "definition_az": "Tərif", "definition_en": "Definition", "unit": "persons", "kind": "count",
        "direction": "higher", "levels": "country", "has_target": True,
    }  # fmt: skip
    out = []
    for i, r in enumerate(rows):
        d = {**base, "sort_order": i, **r}
        d.setdefault("name_en", r["code"])
        out.append(d)
    return pd.DataFrame(out)


def make_targets(rows: list[tuple]) -> pd.DataFrame:
    """Targets from (indicator_code, value, target_year, date_set, is_current[, geo_level, geo_code])."""
    records = []
    for r in rows:
        code, value, year, date_set, current = r[:5]
        records.append(
            {
                "indicator_code": code,
                "geo_level": r[5] if len(r) > 5 else "country",
                "geo_code": r[6] if len(r) > 6 else "AZ",
                "value": None if value is None else float(value),
                "value_text": "" if value is None else str(value),
                "target_year": year,
                "date_set": date_set,
                "is_current": current,
                "source_id": "src_test",
                "note": None,
                "source_title": "Test",
                "source_url": None,
            }
        )
    df = pd.DataFrame(records)
    df["target_year"] = df["target_year"].astype("Int64")
    return df


@pytest.fixture
def obs():
    """The observation builder."""
    return make_obs


@pytest.fixture
def indicators():
    """The catalogue builder."""
    return make_indicators


@pytest.fixture
def targets():
    """The target builder."""
    return make_targets


def make_status(rows: list[tuple]) -> pd.DataFrame:
    """Facility status rows from (facility_code, status, status_date[, expected_open])."""
    records = [
        {
            "facility_code": r[0],
            "status": r[1],
            "status_date": r[2],
            "status_day": pd.Timestamp(parse_period(r[2]).start),
            "date_basis": "effective",
            "expected_open": r[3] if len(r) > 3 else None,
            "source_id": "src_test",
        }
        for r in rows
    ]
    df = pd.DataFrame(records)
    df["status_day"] = pd.to_datetime(df["status_day"])
    return df


def make_facilities(rows: list[tuple]) -> pd.DataFrame:
    """Facilities from (code, network, facility_type, district_code[, beds, annual_capacity, lat, lon])."""
    records = []
    for r in rows:
        code, network, ftype, district = r[:4]
        extra = list(r[4:]) + [None] * (4 - len(r[4:]))
        records.append(
            {
                "code": code, "name_az": code, "name_en": code, "network": network, "facility_type": ftype,
                "district_code": district, "beds": extra[0], "annual_capacity": extra[1], "lat": extra[2],
                "lon": extra[3], "location_basis": "town" if extra[2] is not None else None,
            }
        )  # fmt: skip
    df = pd.DataFrame(records)
    for c in ("beds", "annual_capacity"):
        df[c] = df[c].astype("Int64")
    for c in ("lat", "lon"):
        df[c] = df[c].astype(float)
    return df


@pytest.fixture
def geo():
    """Five districts in two regions with centroids in metres; AGD has neither a centroid nor a population.

    A (0, 0) pop 1000, B (10 km, 0) pop 3000 [R1]; C (0, 20 km) pop 2000, D (30 km, 40 km) pop 4000, AGD [R2].
    """
    districts = pd.DataFrame(
        {
            "code": ["A", "B", "C", "D", "AGD"],
            "name_az": ["A", "B", "C", "D", "Ağdərə"],
            "name_en": ["A", "B", "C", "D", "Aghdara"],
            "economic_region_code": ["R1", "R1", "R2", "R2", "R2"],
            "population_exclusive": pd.array([1000, 3000, 2000, 4000, None], dtype="Int64"),
        }
    )
    centroids = pd.DataFrame({"code": ["A", "B", "C", "D"], "x": [0.0, 10_000.0, 0.0, 30_000.0],
                              "y": [0.0, 0.0, 20_000.0, 40_000.0]})  # fmt: skip
    regions = pd.DataFrame(
        {"code": ["R1", "R2"], "name_az": ["Bir", "İki"], "name_en": ["One", "Two"], "sort_order": [1, 2]}
    )
    return districts, centroids, regions


@pytest.fixture
def dost_network():
    """F1 centre in A; F2 regional centre in C with catchment D; F3 inclusive centre in B (never counts);
    F4 branch in B under construction, expected 2026; F5 branch in D planned, no date; F6 branch in A, closed 2024.
    """
    facilities = make_facilities([
        ("F1", "dost", "centre", "A"), ("F2", "dost", "regional_centre", "C"), ("F3", "dost", "inclusive_centre", "B"),
        ("F4", "dost", "branch", "B"), ("F5", "dost", "branch", "D"), ("F6", "dost", "branch", "A"),
    ])  # fmt: skip
    status = make_status([
        ("F1", "planned", "2019-01-01"), ("F1", "open", "2019-05-09"),
        ("F2", "under_construction", "2022-01"), ("F2", "open", "2023-08-10"),
        ("F3", "open", "2021-10"),
        ("F4", "under_construction", "2025-12-23", "2026"),
        ("F5", "planned", "2021-03"),
        ("F6", "open", "2020-01-01"), ("F6", "closed", "2024-06-01"),
    ])  # fmt: skip
    catchment = pd.DataFrame({"facility_code": ["F2"], "district_code": ["D"], "source_id": ["src_test"]})
    return facilities, status, catchment


@pytest.fixture
def facility_table():
    """The facility builder."""
    return make_facilities


@pytest.fixture
def status_table():
    """The facility-status builder."""
    return make_status
