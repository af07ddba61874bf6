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
