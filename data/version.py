"""The data version: one opaque token in `meta_info`, replaced in the same transaction as every change of the
stored facts (a build, an import, a rollback, a collegium freeze or its removal).

Caches of several app processes (replicas behind a proxy) key on it, so a change made through one replica is
seen through all of them as soon as they read the token again (app_pages/ui/cache.py reads it every few seconds).
"""

from __future__ import annotations

import uuid

from sqlalchemy import Connection, Engine, insert, select, update

from data import schema as s

KEY = "data_version"


def bump(conn: Connection) -> str:
    """Give the database a new data version inside the caller's transaction; returns it."""
    token = uuid.uuid4().hex
    t = s.meta_info
    if not conn.execute(update(t).where(t.c.key == KEY).values(value=token)).rowcount:
        conn.execute(insert(t).values(key=KEY, value=token))
    return token


def current(bind: Engine | Connection) -> str:
    """The database's data version ('' before the first build)."""
    stmt = select(s.meta_info.c.value).where(s.meta_info.c.key == KEY)
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return conn.execute(stmt).scalar() or ""
    return bind.execute(stmt).scalar() or ""
