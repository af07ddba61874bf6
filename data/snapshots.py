"""Collegium snapshots: store and load the frozen payloads (one per meeting date) as canonical JSON.

The payload itself is built by `metrics.snapshot.build_payload`; this module only keeps it, byte for byte,
with its SHA-256, so that a deck produced months later comes from exactly the figures that were frozen.
"""

from __future__ import annotations

import hashlib
import json
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, delete, insert, select

from data import schema as s
from data import version
from data.errors import DataError

Bind = Engine | Connection
LIST_COLUMNS = ["id", "meeting_date", "frozen_at", "statuses", "payload_version", "payload_sha256", "note"]


class SnapshotExistsError(DataError):
    """A snapshot for that meeting date is already stored (freeze again with replace=True to overwrite it)."""

    key = "collegium.error.exists"

    def __init__(self, meeting_date: date) -> None:
        super().__init__(
            f"a snapshot for the meeting of {meeting_date.isoformat()} already exists: "
            "replace it explicitly or choose another date",
            date=meeting_date.isoformat(),
        )


class SnapshotNotFoundError(DataError):
    """No snapshot has that id."""

    key = "collegium.error.not_found"

    def __init__(self, snapshot_id: int) -> None:
        super().__init__(f"no collegium snapshot with id {snapshot_id}", id=snapshot_id)


class SnapshotIntegrityError(DataError):
    """A stored payload no longer matches its SHA-256 (it was changed outside the product)."""

    key = "collegium.error.integrity"

    def __init__(self, snapshot_id: int) -> None:
        super().__init__(
            f"the payload of snapshot {snapshot_id} does not match its SHA-256: it was edited in the database; "
            "freeze the meeting again",
            id=snapshot_id,
        )


@dataclass(frozen=True)
class Snapshot:
    """One stored snapshot with its parsed payload."""

    id: int
    meeting_date: date
    frozen_at: datetime
    statuses: tuple[str, ...]
    payload_version: int
    payload_sha256: str
    note: str | None
    payload: dict[str, Any]


def canonical_json(payload: dict[str, Any]) -> str:
    """The payload as canonical JSON: sorted keys, UTF-8 text kept, no NaN (a NaN is a bug in the builder)."""
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def sha256(text: str) -> str:
    """The SHA-256 of a text's UTF-8 bytes, in hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _begin(bind: Bind) -> AbstractContextManager[Connection]:
    """A transaction on an Engine, or the caller's Connection as it is (the caller owns its transaction)."""
    return bind.begin() if isinstance(bind, Engine) else nullcontext(bind)


def save(
    bind: Bind,
    meeting_date: date,
    payload: dict[str, Any],
    statuses: tuple[str, ...] | list[str],
    note: str | None = None,
    replace: bool = False,
    frozen_at: datetime | None = None,
) -> int:
    """Store `payload` for the meeting of `meeting_date`; returns the new id.

    Raises SnapshotExistsError when that date already has one, unless `replace` (the old row is then deleted in
    the same transaction).
    """
    text = canonical_json(payload)
    t = s.collegium_snapshots
    row = {
        "meeting_date": meeting_date,
        "frozen_at": (frozen_at or datetime.now(UTC)).replace(tzinfo=None, microsecond=0),
        "statuses": ",".join(statuses),
        "payload_version": int(payload.get("version", 1)),
        "payload": text,
        "payload_sha256": sha256(text),
        "note": note or None,
    }
    with _begin(bind) as conn:
        existing = conn.execute(select(t.c.id).where(t.c.meeting_date == meeting_date)).scalar()
        if existing is not None:
            if not replace:
                raise SnapshotExistsError(meeting_date)
            conn.execute(delete(t).where(t.c.id == existing))
        new_id = int(conn.execute(insert(t).values(**row)).inserted_primary_key[0])
        version.bump(conn)
        return new_id


def _read(bind: Bind, stmt) -> list[dict[str, Any]]:
    """Rows of `stmt` as dicts."""
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(stmt)]
    return [dict(r._mapping) for r in bind.execute(stmt)]


def snapshots(bind: Bind) -> pd.DataFrame:
    """Every stored snapshot without its payload, newest meeting first (columns LIST_COLUMNS)."""
    t = s.collegium_snapshots
    stmt = select(*[t.c[c] for c in LIST_COLUMNS]).order_by(t.c.meeting_date.desc(), t.c.id.desc())
    return pd.DataFrame(_read(bind, stmt), columns=LIST_COLUMNS)


def _snapshot(row: dict[str, Any]) -> Snapshot:
    """A Snapshot from a full row, its hash checked."""
    if sha256(row["payload"]) != row["payload_sha256"]:
        raise SnapshotIntegrityError(int(row["id"]))
    return Snapshot(
        id=int(row["id"]),
        meeting_date=row["meeting_date"],
        frozen_at=row["frozen_at"],
        statuses=tuple(x for x in str(row["statuses"]).split(",") if x),
        payload_version=int(row["payload_version"]),
        payload_sha256=row["payload_sha256"],
        note=row["note"],
        payload=json.loads(row["payload"]),
    )


def load(bind: Bind, snapshot_id: int) -> Snapshot:
    """The snapshot with `snapshot_id` (SnapshotNotFoundError if none, SnapshotIntegrityError if edited)."""
    t = s.collegium_snapshots
    rows = _read(bind, select(t).where(t.c.id == int(snapshot_id)))
    if not rows:
        raise SnapshotNotFoundError(int(snapshot_id))
    return _snapshot(rows[0])


def latest(bind: Bind, on_or_before: date | None = None) -> Snapshot | None:
    """The snapshot of the most recent meeting (on or before a date, when given), or None."""
    t = s.collegium_snapshots
    stmt = select(t).order_by(t.c.meeting_date.desc(), t.c.id.desc()).limit(1)
    if on_or_before is not None:
        stmt = stmt.where(t.c.meeting_date <= on_or_before)
    rows = _read(bind, stmt)
    return _snapshot(rows[0]) if rows else None


def remove(bind: Bind, snapshot_id: int) -> None:
    """Delete one snapshot (SnapshotNotFoundError if none)."""
    t = s.collegium_snapshots
    with _begin(bind) as conn:
        if conn.execute(delete(t).where(t.c.id == int(snapshot_id))).rowcount == 0:
            raise SnapshotNotFoundError(int(snapshot_id))
        version.bump(conn)
