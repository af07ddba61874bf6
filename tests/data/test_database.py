"""The database builds from the reference data on SQLite and on a real PostgreSQL server, identically."""

import pandas as pd
import pytest
from sqlalchemy import func, inspect, select

from data import queries
from data import schema as s
from data.db import head_revision, schema_revision
from data.loader import build_database, read_reference

ENGINES = ["reference_engine", pytest.param("pg_engine", marks=pytest.mark.postgres)]


@pytest.fixture(params=ENGINES)
def engine(request):
    return request.getfixturevalue(request.param)


def test_schema_is_at_the_newest_migration(engine):
    assert schema_revision(engine) == head_revision()
    assert {t.name for t in s.metadata.sorted_tables} <= set(inspect(engine).get_table_names())


def test_regions_and_districts(engine):
    regions = queries.economic_regions(engine)
    districts = queries.districts(engine)
    assert len(regions) == 14
    assert len(districts) == len(read_reference("districts.csv")) == 79
    assert districts["code"].is_unique
    assert districts["iso_code"].replace("", None).dropna().is_unique
    assert districts["economic_region_code"].isin(regions["code"]).all()
    assert districts[["name_az", "name_en", "name_ru"]].ne("").all().all()
    # Nakhchivan AR and Ağdərə are in the registry.
    assert (districts["economic_region_code"] == "ER-NAX").sum() == 8
    assert "AZX-AGD" in set(districts["code"])


def test_population_of_polygons_adds_up_to_published_totals(engine):
    d = queries.districts(engine)
    has_pop = d.dropna(subset=["population"])
    # A city counted inside its district is not counted twice: polygons add up to the district rows.
    assert has_pop["population_exclusive"].sum() == has_pop[has_pop["stat_parent_code"].isna()]["population"].sum()
    assert (has_pop["population_exclusive"] > 0).all()


def test_every_observation_has_a_known_source(engine):
    obs = queries.observations(engine, preferred_only=False)
    src = set(queries.sources(engine)["id"])
    assert len(obs) > 0
    assert obs["source_id"].notna().all()
    assert obs["source_id"].isin(src).all()


def test_demonstration_rows_are_labelled_and_reported_rows_are_not(engine):
    obs = queries.observations(engine, preferred_only=False)
    demo = obs[obs["data_status"] == "demonstration"]
    assert len(demo) > 0
    assert (demo["source_id"] == "src_product_demo").all()
    assert (obs[obs["data_status"] == "reported"]["source_id"] != "src_product_demo").all()
    assert (demo["geo_level"] == "district").all()


def test_reported_rows_match_the_reference_file(engine):
    ref = read_reference("observations.csv")
    obs = queries.observations(engine, statuses=("reported",), preferred_only=False)
    assert len(obs) == len(ref)


def test_rebuild_is_idempotent(engine):
    before = queries.observation_count(engine)
    result = build_database(engine)
    assert result["loaded"] is False
    assert queries.observation_count(engine) == before


def test_forced_reload_keeps_counts(engine):
    before = {t: _count(engine, t) for t in (s.observations, s.facilities, s.facility_status, s.targets)}
    build_database(engine, force=True)
    after = {t: _count(engine, t) for t in before}
    assert before == after


def _count(engine, table):
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


@pytest.mark.postgres
def test_sqlite_and_postgres_hold_the_same_data(reference_engine, pg_engine):
    for fn in (queries.districts, queries.facilities, queries.targets, queries.indicators):
        # Surrogate ids depend on what else was loaded into the server before: compare content only.
        a, b = (fn(e).drop(columns=["id"], errors="ignore") for e in (reference_engine, pg_engine))
        key = list(a.columns[:3])
        pd.testing.assert_frame_equal(
            a.sort_values(key).reset_index(drop=True), b.sort_values(key).reset_index(drop=True), check_dtype=False
        )
    cols = ["indicator_code", "geo_level", "geo_code", "period", "value", "data_status", "source_id"]
    a = queries.observations(reference_engine)[cols].sort_values(cols).reset_index(drop=True)
    b = queries.observations(pg_engine)[cols].sort_values(cols).reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b)
