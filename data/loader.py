"""Build the database: migrate the schema, load the curated reference data, generate demonstration series.

The reference data is the product's own (data/reference/*.csv). Loading it is idempotent: dimension
tables (sources, regions, districts, goals, indicators, facilities) are merged by primary key and never
deleted; the fact rows the reference data owns (reported observations and targets, status rows without an
import batch, catchments, aliases) are replaced in one transaction. Data loaded through the import (issue
"official" rows with a batch id) is never touched.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
from sqlalchemy import Boolean, Connection, Date, DateTime, Engine, Float, Integer, Table, and_, delete, select

from data import schema as s
from data import version
from data.config import REFERENCE_DIR, demo_data_enabled
from data.db import upgrade
from data.errors import ReferenceDataError
from data.periods import parse_date_prefix, parse_period

# Loading order respects foreign keys.
DIMENSION_FILES: list[tuple[str, Table]] = [
    ("sources.csv", s.sources),
    ("economic_regions.csv", s.economic_regions),
    ("districts.csv", s.districts),
    ("goals.csv", s.goals),
    ("indicators.csv", s.indicators),
    ("facilities.csv", s.facilities),
]
REFERENCE_FILES = [name for name, _ in DIMENSION_FILES] + [
    "district_aliases.csv",
    "targets.csv",
    "observations.csv",
    "facility_status.csv",
    "facility_catchment.csv",
]
TRUE_WORDS = {"true", "1", "yes", "y", "t"}


def reference_hash(reference_dir: Path = REFERENCE_DIR) -> str:
    """A hash of the reference files and of the demonstration generator's rules, to tell whether the database
    holds the current version (a changed rule regenerates the demonstration series on the next start)."""
    h = hashlib.sha256()
    h.update(Path(__file__).with_name("demo.py").read_bytes())
    for name in REFERENCE_FILES:
        h.update(name.encode())
        h.update((reference_dir / name).read_bytes())
    return h.hexdigest()[:16]


def read_reference(name: str, reference_dir: Path = REFERENCE_DIR) -> pd.DataFrame:
    """Read one reference CSV as strings ('' for empty)."""
    path = reference_dir / name
    if not path.exists():
        raise ReferenceDataError(f"reference file {path} is missing", file=name)
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def _coerce(value: str, column) -> object:
    """Turn a CSV string into the Python value for `column` ('' -> None)."""
    if value is None or (isinstance(value, str) and value.strip() == ""):
        return None
    t = column.type
    if isinstance(t, Boolean):
        return str(value).strip().lower() in TRUE_WORDS
    if isinstance(t, Integer):
        return int(float(value))
    if isinstance(t, Float):
        return float(value)
    if isinstance(t, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(t, Date):
        return date.fromisoformat(value)
    return value


def table_records(df: pd.DataFrame, table: Table, file: str) -> list[dict]:
    """Records for `table` from a reference frame; unknown columns are an error, missing ones stay None."""
    unknown = set(df.columns) - set(table.c.keys())
    if unknown:
        raise ReferenceDataError(f"{file}: columns {sorted(unknown)} are not in table {table.name}", file=file)
    records = []
    for i, row in enumerate(df.to_dict("records"), start=2):
        try:
            records.append({k: _coerce(v, table.c[k]) for k, v in row.items()})
        except ValueError as e:
            raise ReferenceDataError(f"{file} line {i}: {e}", file=file, line=i) from e
    return records


def _upsert(conn: Connection, table: Table, records: list[dict]) -> None:
    """Insert new rows and update existing ones, matched on the primary key."""
    pk = [c.name for c in table.primary_key.columns]
    existing = {tuple(r) for r in conn.execute(select(*[table.c[k] for k in pk]))}
    new = [r for r in records if tuple(r[k] for k in pk) not in existing]
    old = [r for r in records if tuple(r[k] for k in pk) in existing]
    if new:
        conn.execute(table.insert(), new)
    for r in old:
        cond = and_(*[table.c[k] == r[k] for k in pk])
        conn.execute(table.update().where(cond).values({k: v for k, v in r.items() if k not in pk}))


def observation_records(df: pd.DataFrame, data_status: str, recorded_at: datetime) -> list[dict]:
    """Observation rows with their parsed period; the value must be a finite number."""
    records = table_records(df, s.observations, "observations.csv")
    for i, r in enumerate(records, start=2):
        p = parse_period(r["period"])
        if r["value"] is None or not math.isfinite(r["value"]):
            raise ReferenceDataError(f"observations.csv line {i}: value is not a finite number", line=i)
        r.update(
            period=p.text,
            period_start=p.start,
            period_end=p.end,
            period_type=p.type,
            data_status=data_status,
            recorded_at=recorded_at,
            is_preferred=True if r.get("is_preferred") is None else r["is_preferred"],
        )
    return records


def status_records(df: pd.DataFrame) -> list[dict]:
    """Facility status rows with the first day of their published date."""
    records = table_records(df, s.facility_status, "facility_status.csv")
    for i, r in enumerate(records, start=2):
        if r["status"] not in s.FACILITY_STATUSES:
            raise ReferenceDataError(f"facility_status.csv line {i}: unknown status {r['status']!r}", line=i)
        r["status_day"] = parse_date_prefix(r["status_date"])
        r["data_status"] = "reported"
    return records


def _delete_reference_facts(conn: Connection) -> None:
    """Remove the fact rows the reference data (and the demo generator) own; imported rows stay."""
    conn.execute(delete(s.observations).where(s.observations.c.batch_id.is_(None)))
    conn.execute(delete(s.facility_status).where(s.facility_status.c.batch_id.is_(None)))
    conn.execute(delete(s.targets))
    conn.execute(delete(s.facility_catchment))
    conn.execute(delete(s.district_aliases))


def load_reference(conn: Connection, reference_dir: Path = REFERENCE_DIR) -> dict[str, int]:
    """Load every reference file inside the caller's transaction; return row counts per table."""
    counts: dict[str, int] = {}
    _delete_reference_facts(conn)
    for name, table in DIMENSION_FILES:
        records = table_records(read_reference(name, reference_dir), table, name)
        if table is s.districts:
            # Parents before children (stat_parent_code is a self-reference).
            records.sort(key=lambda r: r["stat_parent_code"] is not None)
        _upsert(conn, table, records)
        counts[table.name] = len(records)
    now = datetime.now(UTC).replace(tzinfo=None)
    facts: Iterable[tuple[Table, list[dict]]] = [
        (
            s.district_aliases,
            table_records(
                read_reference("district_aliases.csv", reference_dir), s.district_aliases, "district_aliases.csv"
            ),
        ),
        (s.targets, table_records(read_reference("targets.csv", reference_dir), s.targets, "targets.csv")),
        (s.observations, observation_records(read_reference("observations.csv", reference_dir), "reported", now)),
        (s.facility_status, status_records(read_reference("facility_status.csv", reference_dir))),
        (
            s.facility_catchment,
            table_records(
                read_reference("facility_catchment.csv", reference_dir), s.facility_catchment, "facility_catchment.csv"
            ),
        ),
    ]
    for table, records in facts:
        if records:
            conn.execute(table.insert(), records)
        counts[table.name] = len(records)
    return counts


def _set_meta(conn: Connection, key: str, value: str) -> None:
    _upsert(conn, s.meta_info, [{"key": key, "value": value}])


def get_meta(engine: Engine) -> dict[str, str]:
    """The build metadata (reference hash, demo flag, build time)."""
    with engine.connect() as conn:
        return {k: v for k, v in conn.execute(select(s.meta_info.c.key, s.meta_info.c.value))}


def build_database(engine: Engine, demo: bool | None = None, reset: bool = False, force: bool = False) -> dict:
    """Migrate, then (re)load the reference data and demonstration series when they are not current.

    demo: generate demonstration series (default: DEMO_DATA, on). reset: drop everything first.
    force: reload even when the reference hash is unchanged. Returns what was done.
    """
    from data import demo as demo_mod  # late import: demo uses queries, which use this module's tables

    demo = demo_data_enabled() if demo is None else demo
    if reset:
        drop_everything(engine)
    upgrade(engine)
    ref_hash = reference_hash()
    meta = get_meta(engine)
    wanted = {"reference_hash": ref_hash, "demo": "1" if demo else "0"}
    if not force and all(meta.get(k) == v for k, v in wanted.items()):
        return {"loaded": False, **wanted}
    with engine.begin() as conn:
        counts = load_reference(conn)
        counts["demonstration"] = demo_mod.generate(conn) if demo else 0
        for k, v in wanted.items():
            _set_meta(conn, k, v)
        _set_meta(conn, "built_at", datetime.now(UTC).isoformat(timespec="seconds"))
        version.bump(conn)
    return {"loaded": True, **wanted, "counts": counts}


def drop_everything(engine: Engine) -> None:
    """Drop every table of the schema and Alembic's version table."""
    with engine.begin() as conn:
        s.metadata.drop_all(conn)
        conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
