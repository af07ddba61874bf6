"""data.snapshots and migration 0003: a payload is stored byte for byte, one per meeting, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, update

from data import schema as s
from data import snapshots
from data.db import alembic_config, head_revision, make_engine, schema_revision, upgrade

PAYLOAD = {
    "version": 1,
    "meeting_date": "2026-12-15",
    "title": "Uşaqların ailəyə qaytarılması: ƏĞŞÇÖÜI əğşçöüı",
    "values": [1.5, None, 3],
    "nested": {"b": 2, "a": 1},
}


def test_migration_0003_follows_the_import_migration():
    scripts = ScriptDirectory.from_config(alembic_config(make_engine("sqlite://")))
    mine = scripts.get_revision("0003")
    parent = scripts.get_revision(mine.down_revision)
    assert parent.path.endswith("0002_import_batches.py")
    assert "0003" in {r.revision for r in scripts.walk_revisions()} and scripts.get_heads() == [head_revision()]


def test_fresh_database_has_the_snapshot_table(reference_engine):
    assert schema_revision(reference_engine) == head_revision()
    columns = {c["name"] for c in inspect(reference_engine).get_columns("collegium_snapshots")}
    assert columns == {c.name for c in s.collegium_snapshots.columns}


def test_save_load_list_latest(fresh_engine):
    first = snapshots.save(
        fresh_engine,
        date(2026, 6, 1),
        PAYLOAD,
        ("reported",),
        note="İyun iclası",
        frozen_at=datetime(2026, 5, 30, 10, 0),
    )
    second = snapshots.save(
        fresh_engine, date(2026, 12, 15), {**PAYLOAD, "meeting_date": "2026-12-15b"}, ("reported", "official")
    )
    loaded = snapshots.load(fresh_engine, first)
    assert loaded.payload == PAYLOAD
    assert loaded.meeting_date == date(2026, 6, 1) and loaded.statuses == ("reported",)
    assert loaded.note == "İyun iclası" and loaded.frozen_at == datetime(2026, 5, 30, 10, 0)
    assert loaded.payload_sha256 == snapshots.sha256(snapshots.canonical_json(PAYLOAD))
    listed = snapshots.snapshots(fresh_engine)
    assert list(listed["id"]) == [second, first]  # newest meeting first
    assert "payload" not in listed.columns
    assert snapshots.latest(fresh_engine).id == second
    assert snapshots.latest(fresh_engine, date(2026, 7, 1)).id == first
    assert snapshots.latest(fresh_engine, date(2026, 1, 1)) is None


def test_one_snapshot_per_meeting_unless_replaced(fresh_engine):
    day = date(2026, 12, 15)
    snapshots.save(fresh_engine, day, PAYLOAD, ("reported",))
    with pytest.raises(snapshots.SnapshotExistsError) as err:
        snapshots.save(fresh_engine, day, {**PAYLOAD, "values": [9]}, ("reported",))
    assert err.value.key == "collegium.error.exists" and err.value.params == {"date": "2026-12-15"}
    new_id = snapshots.save(fresh_engine, day, {**PAYLOAD, "values": [9]}, ("reported",), replace=True)
    assert len(snapshots.snapshots(fresh_engine)) == 1
    assert snapshots.load(fresh_engine, new_id).payload["values"] == [9]


def test_a_payload_edited_in_the_database_is_refused(fresh_engine):
    sid = snapshots.save(fresh_engine, date(2026, 12, 15), PAYLOAD, ("reported",))
    with fresh_engine.begin() as conn:
        conn.execute(update(s.collegium_snapshots).values(payload='{"version":1}'))
    with pytest.raises(snapshots.SnapshotIntegrityError):
        snapshots.load(fresh_engine, sid)
    with pytest.raises(snapshots.SnapshotNotFoundError):
        snapshots.load(fresh_engine, sid + 100)


def test_remove(fresh_engine):
    sid = snapshots.save(fresh_engine, date(2026, 12, 15), PAYLOAD, ("reported",))
    snapshots.remove(fresh_engine, sid)
    assert snapshots.snapshots(fresh_engine).empty
    with pytest.raises(snapshots.SnapshotNotFoundError):
        snapshots.remove(fresh_engine, sid)


def test_postgres_stores_the_same_bytes(pg_database):
    engine = make_engine(pg_database("collegium"))
    try:
        upgrade(engine)
        sid = snapshots.save(engine, date(2026, 12, 15), PAYLOAD, ("reported", "official"))
        loaded = snapshots.load(engine, sid)
        assert loaded.payload == PAYLOAD
        assert loaded.payload_sha256 == snapshots.sha256(snapshots.canonical_json(PAYLOAD))
        with pytest.raises(snapshots.SnapshotExistsError):
            snapshots.save(engine, date(2026, 12, 15), PAYLOAD, ("reported",))
    finally:
        engine.dispose()
