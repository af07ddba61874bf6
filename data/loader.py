"""Build the database: migrate the schema, load the curated reference data, generate demonstration series.

The reference data is the product's own (data/reference/*.csv). Loading it is idempotent: dimension
tables (sources, regions, districts, goals, indicators, facilities) are merged by primary key and never
deleted; the fact rows the reference data owns (reported observations and targets, status rows without an
import batch, catchments, aliases) are replaced in one transaction. Data loaded through the import (issue
"official" rows with a batch id) is never touched.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from sqlalchemy import Connection, Engine, Table, and_, delete, select

from data import schema as s
from data import summary, version
from data.config import REFERENCE_DIR, demo_data_enabled
from data.contracts import REFERENCE_MODELS, read_validated
from data.db import upgrade
from data.errors import ReferenceDataError
from data.periods import parse_period
from data.semantics import assign_segments, date_span

# Loading order respects foreign keys; each file's contract is its model in data/contracts.py.
DIMENSION_FILES: list[tuple[str, Table]] = [
    ("sources.csv", s.sources),
    ("economic_regions.csv", s.economic_regions),
    ("districts.csv", s.districts),
    ("goals.csv", s.goals),
    ("indicators.csv", s.indicators),
    ("facilities.csv", s.facilities),
]
REFERENCE_FILES = list(REFERENCE_MODELS)


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
    """Read one reference CSV as it is written: strings, '' for empty (not validated; see `table_records`)."""
    path = reference_dir / name
    if not path.exists():
        raise ReferenceDataError(f"reference file {path} is missing", file=name)
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def table_records(name: str, table: Table, reference_dir: Path = REFERENCE_DIR) -> list[dict]:
    """Records for `table` from a reference file validated by its model (every problem at once; '' -> None)."""
    df = read_validated(name, reference_dir)
    unknown = set(df.columns) - set(table.c.keys())
    if unknown:  # a model column the table does not have (tests/data/test_reference_files.py prevents it)
        raise ReferenceDataError(f"{name}: columns {sorted(unknown)} are not in table {table.name}", file=name)
    return df.astype(object).where(df.notna(), None).to_dict("records")


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


def observation_records(
    records: list[dict], data_status: str, recorded_at: datetime, segments: list[dict] | None = None
) -> list[dict]:
    """Observation rows with their parsed period, data status and time of recording.

    Each row's segment must be the one the rule of data.semantics.assign_segments gives over `segments` (the
    curation writes it by that rule; a hand edit that breaks it is an error naming the line)."""
    for r in records:
        p = parse_period(r["period"])
        r.update(
            period=p.text,
            period_start=p.start,
            period_end=p.end,
            period_type=p.type,
            data_status=data_status,
            recorded_at=recorded_at,
        )
        r["segment"] = r.get("segment") or ""
    if segments is not None and records:
        frame = pd.DataFrame({"indicator_code": [r["indicator_code"] for r in records],
                              "period_end": [r["period_end"] for r in records]})  # fmt: skip
        seg = pd.DataFrame(segments, columns=["indicator_code", "segment", "starts"])
        for i, (r, want) in enumerate(zip(records, assign_segments(frame, seg), strict=True), start=2):
            if r["segment"] != want:
                raise ReferenceDataError(
                    f"observations.csv line {i}: segment {r['segment']!r} of {r['indicator_code']} {r['period']} "
                    f"is not the one series_segments.csv gives ({want!r}; docs/DATA.md, 'Series segments')",
                    file="observations.csv",
                    line=i,
                )
    return records


def span_fields(text: str) -> dict:
    """status_date (canonical), status_day, date_precision and date_latest of a published status date."""
    span = date_span(text)
    return {"status_date": span.text, "status_day": span.earliest, "date_precision": span.precision,
            "date_latest": span.latest}  # fmt: skip


def status_records(records: list[dict]) -> list[dict]:
    """Facility status rows with the first and the last day their published date may mean, and its precision."""
    for r in records:
        r.update(span_fields(r["status_date"]))
        r["data_status"] = "reported"
    return records


def segment_records(records: list[dict]) -> list[dict]:
    """Series segments with the first day of each."""
    for r in records:
        r["starts_day"] = parse_period(r["starts"]).start
    return records


def network_records(records: list[dict]) -> list[dict]:
    """The networks with the first day each began (none: no start date constrains it)."""
    for r in records:
        r["started_day"] = date_span(r["started"]).earliest if r.get("started") else None
    return records


def total_records(records: list[dict]) -> list[dict]:
    """Published network totals with the last day their published date may mean."""
    for r in records:
        r["date_latest"] = date_span(r["published_date"]).latest
    return records


def _delete_reference_facts(conn: Connection) -> None:
    """Remove the fact rows the reference data (and the demo generator) own; imported rows stay."""
    conn.execute(delete(s.observations).where(s.observations.c.batch_id.is_(None)))
    conn.execute(delete(s.facility_status).where(s.facility_status.c.batch_id.is_(None)))
    conn.execute(delete(s.targets))
    conn.execute(delete(s.series_segments))
    conn.execute(delete(s.network_totals))
    conn.execute(delete(s.facility_catchment))
    conn.execute(delete(s.district_aliases))


def load_reference(conn: Connection, reference_dir: Path = REFERENCE_DIR) -> dict[str, int]:
    """Load every reference file inside the caller's transaction; return row counts per table."""
    counts: dict[str, int] = {}
    _delete_reference_facts(conn)
    for name, table in DIMENSION_FILES:
        records = table_records(name, table, reference_dir)
        if table is s.districts:
            # Parents before children (stat_parent_code is a self-reference).
            records.sort(key=lambda r: r["stat_parent_code"] is not None)
        _upsert(conn, table, records)
        counts[table.name] = len(records)
    networks = network_records(table_records("networks.csv", s.networks, reference_dir))
    _upsert(conn, s.networks, networks)
    counts[s.networks.name] = len(networks)
    now = datetime.now(UTC).replace(tzinfo=None)
    segments = segment_records(table_records("series_segments.csv", s.series_segments, reference_dir))
    facts: Iterable[tuple[Table, list[dict]]] = [
        (s.series_segments, segments),
        (s.district_aliases, table_records("district_aliases.csv", s.district_aliases, reference_dir)),
        (s.targets, table_records("targets.csv", s.targets, reference_dir)),
        (
            s.observations,
            observation_records(
                table_records("observations.csv", s.observations, reference_dir), "reported", now, segments
            ),
        ),
        (s.facility_status, status_records(table_records("facility_status.csv", s.facility_status, reference_dir))),
        (s.facility_catchment, table_records("facility_catchment.csv", s.facility_catchment, reference_dir)),
        (s.network_totals, total_records(table_records("network_totals.csv", s.network_totals, reference_dir))),
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
        counts["obs_summary"] = summary.refresh_all(conn)
        for k, v in wanted.items():
            _set_meta(conn, k, v)
        _set_meta(conn, "built_at", datetime.now(UTC).isoformat(timespec="seconds"))
        version.bump(conn)
    return {"loaded": True, **wanted, "counts": counts}


# What `settings_differences` reports: built from other reference files (or demonstration rules); DEMO_DATA on
# here but the database built without demonstration series; off here but built with them.
DIFFERENCES = ("reference", "demo_on", "demo_off")


def settings_differences(engine: Engine) -> list[str]:
    """What of a built database differs from this installation's settings (DIFFERENCES), read, never changed."""
    meta = get_meta(engine)
    differs = []
    if meta.get("reference_hash") != reference_hash():
        differs.append("reference")
    built_with_demo = meta.get("demo") == "1"
    if demo_data_enabled() != built_with_demo:
        differs.append("demo_on" if demo_data_enabled() else "demo_off")
    return differs


def open_database(engine: Engine, demo: bool | None = None) -> list[str]:
    """The app's start: build a database only when it holds no reference data yet (a missing file, an empty
    database); else change no row (a schema behind the code is migrated, which keeps every row) and return what
    differs from the settings (`settings_differences`), to be reported: only `python -m data.build_db` reloads
    the reference data or adds or removes the demonstration series. `demo`: as in `build_database`."""
    from data.db import head_revision, schema_revision

    revision = schema_revision(engine)
    if revision is None or "reference_hash" not in get_meta_if_any(engine):
        build_database(engine, demo=demo)
        return []
    if revision != head_revision():
        upgrade(engine)
    return settings_differences(engine)


def get_meta_if_any(engine: Engine) -> dict[str, str]:
    """The build metadata, or {} when the schema has no meta table yet."""
    from sqlalchemy import inspect

    if s.meta_info.name not in inspect(engine).get_table_names():
        return {}
    return get_meta(engine)


def drop_everything(engine: Engine) -> None:
    """Drop every table of the schema and Alembic's version table."""
    with engine.begin() as conn:
        s.metadata.drop_all(conn)
        conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
