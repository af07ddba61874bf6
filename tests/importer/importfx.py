"""Helpers of the import tests (a module of its own name: `conftest` is ambiguous when imported by name)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, select

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "import"
VALID = FIXTURES / "valid"
PROBLEMS = FIXTURES / "with-problems"


def build(url: str) -> Engine:
    """A database at `url`, migrated and loaded with the reference and demonstration data."""
    from data.db import make_engine
    from data.loader import build_database

    engine = make_engine(url)
    build_database(engine, demo=True)
    return engine


APPEND_ONLY = ("audit_log",)


def snapshot(engine: Engine, skip: tuple[str, ...] = ()) -> dict[str, list[tuple]]:
    """Every row of every table of the schema (and the Alembic version), sorted: equal snapshots, equal data.
    The data version (a fresh token after every write, data/version.py) is left out: a rollback restores the
    facts, and gives them a new version so that every cache reads them again. The append-only audit trail is left
    out too: a refused import is still recorded there (check it with `audit_rows`)."""
    from data import schema as s

    out = {}
    with engine.connect() as conn:
        for table in s.metadata.sorted_tables:
            if table.name in skip or table.name in APPEND_ONLY:
                continue
            rows = [r for r in conn.execute(select(table)).all() if table.name != "meta_info" or r[0] != "data_version"]
            out[table.name] = sorted((tuple(r) for r in rows), key=repr)
        out["alembic_version"] = [tuple(r) for r in conn.exec_driver_sql("SELECT version_num FROM alembic_version")]
    return out


def audit_rows(engine: Engine) -> list[dict]:
    """The audit trail's rows, oldest first, as dicts."""
    from data import audit

    return audit.events(engine).iloc[::-1].to_dict("records")
