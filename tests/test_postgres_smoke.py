"""The throw-away PostgreSQL server really starts, and the per-test database factory works."""

import pytest
from sqlalchemy import create_engine

pytestmark = pytest.mark.postgres


def test_server_is_postgresql_15(pg_server):
    engine = create_engine(f"{pg_server}/postgres")
    try:
        with engine.connect() as conn:
            version = conn.exec_driver_sql("SELECT version()").scalar()
    finally:
        engine.dispose()
    assert "PostgreSQL 15" in version


def test_pg_database_gives_fresh_empty_databases(pg_database):
    first, second = pg_database(), pg_database("other")
    assert first != second
    engine = create_engine(first)
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT current_database()").scalar() == first.rsplit("/", 1)[1]
            tables = conn.exec_driver_sql("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").scalar()
    finally:
        engine.dispose()
    assert tables == 0
