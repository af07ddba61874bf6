"""Migration 0002 (import batches) and data/schema.py describe the same schema, on SQLite and PostgreSQL."""

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from data import schema as s
from data.db import alembic_config, head_revision, make_engine, schema_revision, upgrade


def _known_0001_difference(diff) -> bool:
    """PostgreSQL: 0001 asks for UNIQUE(key) on meta_info beside its primary key on the same column, and the
    database holds only the primary key. Older than the import (migration 0001 and schema.meta_info); reported
    to the lead, left out here so that this test watches the import's migration."""
    return (
        diff[0] == "add_constraint"
        and diff[1].table.name == "meta_info"
        and [c.name for c in diff[1].columns] == ["key"]
    )


def differences(engine) -> list:
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), s.metadata)
    return [d for d in diffs if not (engine.dialect.name == "postgresql" and _known_0001_difference(d))]


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
