"""The audit trail: who did what, when, from which address. Append-only: this module only inserts and reads
(the database refuses UPDATE and DELETE on `audit_log` by trigger, migration 0006)."""

from __future__ import annotations

import getpass
import json
import socket
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import Connection, Engine, insert, select

from data import schema as s

# Every action the product records (the administration page filters on them; the i18n keys are audit.action.*).
ACTIONS: tuple[str, ...] = (
    "sign_in",
    "sign_out",
    "access_denied",
    "write_refused",
    "import_dry_run",
    "import_commit",
    "import_rollback",
    "meeting_freeze",
    "deck_export",
    "data_export",
    "role_change",
    "region_change",
)
OUTCOMES: tuple[str, ...] = ("ok", "denied", "failed")


@dataclass(frozen=True)
class Actor:
    """Who acts: the provider's subject (None for nobody signed in), a readable label and the client address."""

    subject: str | None
    label: str | None
    address: str | None = None


SYSTEM_CLI = Actor(subject=None, label="command line", address="local")
COMMAND_LINE = "command line"


def os_user() -> str:
    """The operating-system account running this process ("unknown" when it has no name)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # a uid without a passwd entry (some containers)
        return "unknown"


def command_line_actor(subject: str | None = None, name: str | None = None) -> Actor:
    """Who runs a command (python -m ...): the user it names (`--as-user`: their subject, `name` their label) or
    else nobody signed in, always with the OS account, marked as command line; the address is "command line" and
    this host's name."""
    who = f"{COMMAND_LINE}: {os_user()}"
    label = f"{name} ({who})" if name else who
    return Actor(subject=subject, label=label, address=f"{COMMAND_LINE} {socket.gethostname()}"[:64])


def now() -> datetime:
    """The current UTC time without tzinfo (the database stores naive UTC)."""
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def record(
    bind: Engine | Connection,
    actor: Actor,
    action: str,
    *,
    outcome: str = "ok",
    target: str | None = None,
    detail: Mapping[str, object] | None = None,
) -> None:
    """Append one event to the audit trail (in the caller's transaction when given a Connection)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown audit outcome {outcome!r}")
    row = {
        "at": now(),
        "subject": actor.subject,
        "user_label": (actor.label or "")[:320] or None,
        "action": action,
        "outcome": outcome,
        "target": None if target is None else str(target)[:255],
        "detail": json.dumps(dict(detail), ensure_ascii=False, sort_keys=True, default=str) if detail else None,
        "address": (actor.address or "")[:64] or None,
    }
    stmt = insert(s.audit_log).values(**row)
    if isinstance(bind, Engine):
        with bind.begin() as conn:
            conn.execute(stmt)
    else:
        bind.execute(stmt)


def events(
    bind: Engine | Connection,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    actions: Sequence[str] | None = None,
    subject: str | None = None,
    outcomes: Sequence[str] | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """Audit events, newest first, filtered by time window, actions, user and outcomes."""
    a = s.audit_log
    stmt = select(a)
    if since is not None:
        stmt = stmt.where(a.c.at >= since)
    if until is not None:
        stmt = stmt.where(a.c.at < until)
    if actions:
        stmt = stmt.where(a.c.action.in_(list(actions)))
    if subject:
        stmt = stmt.where(a.c.subject == subject)
    if outcomes:
        stmt = stmt.where(a.c.outcome.in_(list(outcomes)))
    stmt = stmt.order_by(a.c.at.desc(), a.c.id.desc())
    if limit is not None:
        stmt = stmt.limit(limit)
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            df = pd.read_sql(stmt, conn)
    else:
        df = pd.read_sql(stmt, bind)
    df["at"] = pd.to_datetime(df["at"])
    return df
