"""The import history and the rollback of a batch, which restores exactly what was there before it.

A rollback deletes the rows the batch inserted (observations, facility-status rows, facilities, sources),
clears the superseded mark of the values it replaced, and marks the batch rolled back (the record stays).
A batch that a later batch builds on (replaced one of its values, added a status to one of its facilities)
cannot be rolled back before that later batch: RollbackBlockedError names it.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, Engine, delete, func, select, update

from data import schema as s
from data import summary, version
from data.errors import BatchAlreadyRolledBackError, BatchNotFoundError, RollbackBlockedError
from data.importer.store import lock, now


def batches(bind: Engine | Connection, limit: int | None = None) -> pd.DataFrame:
    """Import batches, newest first."""
    b = s.import_batches
    stmt = select(b).order_by(b.c.id.desc())
    if limit:
        stmt = stmt.limit(limit)
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return pd.DataFrame(conn.execute(stmt).mappings().all(), columns=list(b.c.keys()))
    return pd.DataFrame(bind.execute(stmt).mappings().all(), columns=list(b.c.keys()))


def _blocker(conn: Connection, batch_id: int) -> int | None:
    """The newest committed batch that builds on `batch_id`, if any."""
    o, fs = s.observations, s.facility_status
    later = conn.execute(
        select(func.max(o.c.superseded_by_batch)).where(o.c.batch_id == batch_id, o.c.superseded_by_batch.is_not(None))
    ).scalar()
    added = select(s.facilities.c.code).where(s.facilities.c.batch_id == batch_id)
    on_facilities = conn.execute(
        select(func.max(fs.c.batch_id)).where(fs.c.facility_code.in_(added), fs.c.batch_id != batch_id)
    ).scalar()
    found = [b for b in (later, on_facilities) if b is not None]
    return max(found) if found else None


def rollback(engine: Engine, batch_id: int, user_name: str | None = None) -> None:
    """Undo one committed batch in one transaction (see the module docstring)."""
    b, o = s.import_batches, s.observations
    with engine.begin() as conn:
        lock(conn)
        # SQLite: write first, so the write lock is held before anything is read.
        found = conn.execute(
            update(b)
            .where(b.c.id == batch_id, b.c.status == "committed")
            .values(status="rolled_back", rolled_back_at=now(), rolled_back_by=(user_name or "").strip()[:100] or None)
        ).rowcount
        if not found:
            status = conn.execute(select(b.c.status).where(b.c.id == batch_id)).scalar()
            if status is None:
                raise BatchNotFoundError(batch_id)
            raise BatchAlreadyRolledBackError(batch_id)
        blocker = _blocker(conn, batch_id)
        if blocker is not None:
            raise RollbackBlockedError(batch_id, blocker)
        summary.collect_batch_keys(conn, batch_id)  # before the batch's rows are gone
        conn.execute(delete(o).where(o.c.batch_id == batch_id))
        conn.execute(
            update(o).where(o.c.superseded_by_batch == batch_id).values(superseded_at=None, superseded_by_batch=None)
        )
        conn.execute(delete(s.facility_status).where(s.facility_status.c.batch_id == batch_id))
        conn.execute(
            delete(s.facility_catchment).where(
                s.facility_catchment.c.facility_code.in_(
                    select(s.facilities.c.code).where(s.facilities.c.batch_id == batch_id)
                )
            )
        )
        conn.execute(delete(s.facilities).where(s.facilities.c.batch_id == batch_id))
        conn.execute(delete(s.sources).where(s.sources.c.batch_id == batch_id))
        summary.refresh_keys(conn)
        version.bump(conn)
