"""Fixtures of the import tests: fresh databases that a test may write to (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from importfx import build
from sqlalchemy import Engine


@pytest.fixture
def sqlite_engine(tmp_path) -> Engine:
    """A fresh SQLite database of this test's own."""
    engine = build(f"sqlite:///{tmp_path / 'import.sqlite3'}")
    yield engine
    engine.dispose()


@pytest.fixture
def pg_fresh(pg_database):
    """Factory: a fresh PostgreSQL database (built) per call."""
    engines = []

    def make() -> Engine:
        engine = build(pg_database("import"))
        engines.append(engine)
        return engine

    yield make
    for e in engines:
        e.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request) -> Engine:
    """A fresh database, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_engine")
    return request.getfixturevalue("pg_fresh")()
