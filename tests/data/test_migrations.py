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
