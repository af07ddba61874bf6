"""The migrations and data/schema.py describe the same schema, on SQLite and PostgreSQL (no difference filtered)."""

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from data import schema as s
from data.db import alembic_config, head_revision, make_engine, schema_revision, upgrade


def differences(engine) -> list:
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), s.metadata)
    return diffs


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_engine(request, tmp_path):
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'migrations.sqlite3'}")
    else:
        engine = make_engine(request.getfixturevalue("pg_database")("migrations"))
    yield engine
    engine.dispose()


def test_upgrade_matches_the_schema_module(empty_engine):
    upgrade(empty_engine)
    assert schema_revision(empty_engine) == head_revision()
    assert differences(empty_engine) == []


def test_0002_adds_the_batch_table_and_columns(empty_engine):
    upgrade(empty_engine, "0001")
    insp = inspect(empty_engine)
    assert "import_batches" not in insp.get_table_names()
    upgrade(empty_engine)
    insp = inspect(empty_engine)
    assert {c["name"] for c in insp.get_columns("import_batches")} == set(s.import_batches.c.keys())
    assert "superseded_by_batch" in {c["name"] for c in insp.get_columns("observations")}
    assert "batch_id" in {c["name"] for c in insp.get_columns("facilities")}
    assert "batch_id" in {c["name"] for c in insp.get_columns("sources")}
    assert {"ix_obs_batch", "ix_obs_superseded_by"} <= {i["name"] for i in insp.get_indexes("observations")}


def test_downgrade_and_upgrade_again(empty_engine):
    upgrade(empty_engine)
    command.downgrade(alembic_config(empty_engine), "0001")
    assert schema_revision(empty_engine) == "0001"
    assert "import_batches" not in inspect(empty_engine).get_table_names()
    upgrade(empty_engine)
    assert differences(empty_engine) == []


def test_upgrade_keeps_rows_of_a_0001_database(tmp_path):
    """A database built before the import existed keeps its observations through 0002."""
    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO sources (id, title, publisher, published) VALUES ('src_x', 't', 'p', '2025')")
    upgrade(engine)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT id, batch_id FROM sources").all() == [("src_x", None)]
    engine.dispose()


def test_0004_leaves_meta_info_with_its_primary_key_only(empty_engine):
    """The redundant UNIQUE(key) of 0001 is gone on both databases, and the rows of meta_info are kept."""
    upgrade(empty_engine, "0003")
    with empty_engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO meta_info (key, value) VALUES ('reference_hash', 'abc')")
    upgrade(empty_engine, "0004")
    insp = inspect(empty_engine)
    assert [u["column_names"] for u in insp.get_unique_constraints("meta_info")] == []
    assert insp.get_pk_constraint("meta_info")["constrained_columns"] == ["key"]
    with empty_engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT key, value FROM meta_info").all() == [("reference_hash", "abc")]


def test_0005_backfills_date_precision_and_deadlines_of_existing_rows(empty_engine):
    """A database at 0004 keeps its status and target rows through 0005, which reads each published date's precision
    and last day, and says a deadline is stated exactly where a target year is."""
    upgrade(empty_engine, "0004")
    with empty_engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO sources (id, title, publisher, published) VALUES ('src_x', 't', 'p', '2025')")
        conn.exec_driver_sql(
            "INSERT INTO goals (code, name_az, name_en, description_az, description_en, source_id, sort_order) "
            "VALUES ('G1', 'g', 'g', 'd', 'd', 'src_x', 1)"
        )
        conn.exec_driver_sql(
            "INSERT INTO indicators (code, area, goal, name_az, name_en, definition_az, definition_en, unit, kind, "
            "direction, levels, has_target, sort_order) VALUES ('i', 'dost', 'G1', 'n', 'n', 'd', 'd', 'u', 'stock', "
            "'higher', 'country', true, 1)"
        )
        conn.exec_driver_sql(
            "INSERT INTO facilities (code, name_az, name_en, network, facility_type) VALUES ('F', 'f', 'f', 'dost', "
            "'centre')"
        )
        for i, text, day in ((1, "2025", "2025-01-01"), (2, "2025-08", "2025-08-01"), (3, "2025-08-20", "2025-08-20")):
            conn.exec_driver_sql(
                "INSERT INTO facility_status (id, facility_code, status, status_date, status_day, date_basis, "
                f"data_status) VALUES ({i}, 'F', 'open', '{text}', '{day}', 'as_of', 'reported')"
            )
        for year in ("2030", "NULL"):
            conn.exec_driver_sql(
                "INSERT INTO targets (indicator_code, geo_level, geo_code, value, value_text, target_year, date_set, "
                f"is_current, source_id) VALUES ('i', 'country', 'AZ', 1, '1', {year}, '2026', true, 'src_x')"
            )
    upgrade(empty_engine)
    with empty_engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT date_precision, date_latest FROM facility_status ORDER BY id").all()
        deadlines = conn.exec_driver_sql("SELECT target_year, deadline_stated FROM targets ORDER BY id").all()
    assert [(p, str(d)[:10]) for p, d in rows] == [("year", "2025-12-31"), ("month", "2025-08-31"),
                                                  ("day", "2025-08-20")]  # fmt: skip
    assert [(y, bool(b)) for y, b in deadlines] == [(2030, True), (None, False)]
