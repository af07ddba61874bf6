"""What an import may assume and what it may not do: one import per user at a time, and a database that only
`python -m data.build_db` builds (an import or a dry run never rebuilds the reference or demonstration data).

The per-user lock is a file lock (fcntl) under IMPORT_LOCK_DIR (default var/import-locks): the page and the
command line on the same machine share it; the kernel releases it when the process ends, so a crash leaves no
stale lock. On PostgreSQL the same user's lock is also taken in the database (a session-level advisory lock held
on a connection of its own for the import), so replicas on several machines, sharing one database, refuse a
second import by the same user too; PostgreSQL releases it when that connection ends, so a crash leaves none.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, text

from data.config import VAR_DIR
from data.errors import DatabaseStateError, ImportBusyError


def lock_dir() -> Path:
    """Where the per-user import locks live."""
    return Path(os.environ.get("IMPORT_LOCK_DIR", "") or VAR_DIR / "import-locks")


# The advisory lock's first key: the product's imports ("IMPO"), apart from any other use of advisory locks.
ADVISORY_CLASS = int.from_bytes(b"IMPO", "big", signed=True)


def advisory_key(user: str) -> int:
    """The advisory lock's second key for `user` (32 bits of a SHA-256 of the name)."""
    return int.from_bytes(hashlib.sha256(user.encode()).digest()[:4], "big", signed=True)


@contextmanager
def user_lock(user: str, engine: Engine | None = None) -> Iterator[None]:
    """Hold the import lock of `user` for the block (on this machine; with a PostgreSQL `engine`, in the database
    too); ImportBusyError at once when it is held already."""
    folder = lock_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{hashlib.sha256(user.encode()).hexdigest()[:32]}.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as e:
            raise ImportBusyError(user) from e
        try:
            with database_lock(user, engine):
                yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


@contextmanager
def database_lock(user: str, engine: Engine | None) -> Iterator[None]:
    """`user`'s import lock in a PostgreSQL database (nothing on SQLite, a file on one machine): an advisory lock
    on a connection of its own, outside any transaction, released at the end (or by PostgreSQL when the
    connection ends)."""
    if engine is None or engine.dialect.name != "postgresql":
        yield
        return
    key = advisory_key(user)
    conn = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    try:
        held = conn.execute(text("SELECT pg_try_advisory_lock(:c, :k)"), {"c": ADVISORY_CLASS, "k": key}).scalar()
        if not held:
            raise ImportBusyError(user)
        try:
            yield
        finally:
            try:
                conn.execute(text("SELECT pg_advisory_unlock(:c, :k)"), {"c": ADVISORY_CLASS, "k": key})
            except Exception:  # noqa: BLE001 - the connection is dropped below, which releases the lock
                conn.invalidate()
    finally:
        conn.close()


def require_built(engine: Engine) -> list[str]:
    """Check, never change, the database: DatabaseStateError when it has no schema, an old schema or no reference
    data; else what differs from this installation's settings (reference files, DEMO_DATA), to be reported."""
    from data.db import head_revision, schema_revision
    from data.loader import get_meta, settings_differences

    revision = schema_revision(engine)
    if revision is None:
        raise DatabaseStateError("no schema")
    if revision != head_revision():
        raise DatabaseStateError(f"schema {revision}, expected {head_revision()}")
    meta = get_meta(engine)
    if "reference_hash" not in meta:
        raise DatabaseStateError("no reference data")
    words = {
        "reference": "reference",
        "demo_on": "DEMO_DATA=0 in the database, 1 here",
        "demo_off": "DEMO_DATA=1 in the database, 0 here",
    }
    return [words[d] for d in settings_differences(engine)]


def log_path() -> Path:
    """The file unexpected import failures are written to (IMPORT_ERROR_LOG, default var/log/import-errors.log)."""
    return Path(os.environ.get("IMPORT_ERROR_LOG", "") or VAR_DIR / "log" / "import-errors.log")


def record_failure(exc: BaseException) -> str:
    """Write an unexpected failure's traceback to the log (never to the user) and return its reference."""
    import traceback
    import uuid
    from datetime import UTC, datetime

    ref = uuid.uuid4().hex[:10]
    text = "".join(traceback.format_exception(exc))
    try:
        path = log_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as f:
            f.write(f"--- {datetime.now(UTC).isoformat(timespec='seconds')} ref {ref}\n{text}\n")
    except OSError:
        pass  # the user still gets the reference and a plain message
    return ref
