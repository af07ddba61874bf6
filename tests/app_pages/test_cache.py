"""The one cache module: keyed on the data version, and nothing shared is handed out to be changed."""

from __future__ import annotations

from datetime import date

import pytest

from app_pages.ui import cache


@pytest.fixture
def database(reference_engine, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", reference_engine.url.render_as_string(hide_password=False))
    cache.clear()
    yield
    cache.clear()


def test_a_new_data_version_is_a_new_entry(monkeypatch):
    calls = []

    @cache.per_data_version()
    def twice(key: str, x: int) -> tuple[str, int]:
        calls.append(key)
        return key, 2 * x

    monkeypatch.setattr(cache, "data_key", lambda: "db#1")
    assert twice(4) == ("db#1", 8) and twice(4) == ("db#1", 8) and calls == ["db#1"]
    assert twice.at("db#1", 4) == ("db#1", 8) and calls == ["db#1"]  # the same entry, key passed on
    monkeypatch.setattr(cache, "data_key", lambda: "db#2")
    assert twice(4) == ("db#2", 8) and calls == ["db#1", "db#2"]
    twice.clear()


def test_geography_is_handed_out_as_copies(database, monkeypatch):
    monkeypatch.setattr(cache, "scope", lambda: None)  # the whole country (no session here)
    first = cache.district_geojson()
    first["features"].clear()
    assert cache.district_geojson()["features"]
    bounds = cache.district_bounds()
    bounds.clear()
    assert cache.district_bounds()


def test_tables_are_copies_and_shared_objects_are_read_only(database):
    ind = cache.table("indicators")
    ind.loc[:, "code"] = "changed"
    assert "changed" not in set(cache.table("indicators")["code"])
    spark = cache.sparklines(("reported",), "en")
    assert len(spark) > 0
    with pytest.raises(TypeError):
        spark["x"] = None  # a read-only mapping
    registry = cache.registry()
    with pytest.raises(TypeError):
        registry["x"] = None  # a Mapping without item assignment


def test_the_key_carries_the_region_scope_and_scoped_tables_follow_it(database, monkeypatch):
    """An analyst's key reads only their regions' districts and facilities; the national key reads all."""
    monkeypatch.setattr(cache, "scope", lambda: None)
    everything = cache.table("districts")
    region = everything["economic_region_code"].iloc[0]
    assert cache.data_key().endswith("|*")
    monkeypatch.setattr(cache, "scope", lambda: (region,))
    assert cache.data_key().endswith(f"|{region}")
    assert set(cache.table("districts")["economic_region_code"]) == {region}
    codes = set(cache.table("districts")["code"])
    assert {f["id"] for f in cache.district_geojson()["features"]} <= codes
    assert set(cache.observations(("reported", "official", "demonstration"), None, "district")["geo_code"]) <= codes
    assert set(cache.coverage(("reported",), date(2025, 12, 31))["code"]) <= codes
    assert len(cache.region_geojson()["features"]) == everything["economic_region_code"].nunique()  # outlines
    # National totals are judged against the national register, whatever the scope (no false disagreement).
    scoped = cache.reconciliation(("reported",))
    monkeypatch.setattr(cache, "scope", lambda: None)
    assert scoped.equals(cache.reconciliation(("reported",)))
    monkeypatch.setattr(cache, "scope", lambda: ())
    assert cache.table("districts").empty and cache.table("facilities").empty
