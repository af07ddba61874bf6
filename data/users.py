"""Users, their roles and (for analysts) their economic regions; the command line for administrators.

    python -m data.users list
    python -m data.users add SUBJECT [--email E] [--name N]
    python -m data.users grant WHO ROLE [ROLE ...]        (WHO: the provider's subject or the e-mail)
    python -m data.users revoke WHO ROLE [ROLE ...]
    python -m data.users regions WHO [ER-... ...]          (sets the analyst's regions; none clears them)

Every change is written with its audit event in the same transaction (data.audit).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TextIO

import pandas as pd
from sqlalchemy import Connection, Engine, and_, delete, insert, select, update

from data import audit
from data import schema as s
from data.errors import UserError

ROLES = s.ROLES


@dataclass(frozen=True)
class Access:
    """What one user may do: their roles and the economic regions their data are limited to (None: all)."""

    roles: frozenset[str]
    regions: tuple[str, ...] | None

    def has(self, *roles: str) -> bool:
        """Whether the user holds any of `roles`."""
        return bool(self.roles & set(roles))


def scope_for(roles: Iterable[str], regions: Sequence[str]) -> tuple[str, ...] | None:
    """The region scope of a user: None (the whole country) for leadership and data stewards, else the
    analyst's assigned regions (an analyst with none assigned sees no district-level rows at all)."""
    roles = set(roles)
    if roles & {"leadership", "steward"}:
        return None
    return tuple(sorted(set(regions)))


def _conn_read(bind: Engine | Connection, stmt) -> list:
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return list(conn.execute(stmt))
    return list(bind.execute(stmt))


def roles_of(bind: Engine | Connection, subject: str) -> frozenset[str]:
    """The roles a user holds (from any source)."""
    rows = _conn_read(bind, select(s.user_roles.c.role).where(s.user_roles.c.subject == subject))
    return frozenset(r[0] for r in rows)


def regions_of(bind: Engine | Connection, subject: str) -> tuple[str, ...]:
    """The economic regions assigned to a user, sorted."""
    rows = _conn_read(bind, select(s.user_regions.c.region_code).where(s.user_regions.c.subject == subject))
    return tuple(sorted(r[0] for r in rows))


def access(bind: Engine | Connection, subject: str) -> Access:
    """The roles and region scope of a user (no roles when the user is unknown)."""
    roles = roles_of(bind, subject)
    return Access(roles=roles, regions=scope_for(roles, regions_of(bind, subject)))


def roles_from_groups(groups: Iterable[str], mapping: Mapping[str, Sequence[str]]) -> frozenset[str]:
    """The roles a groups claim maps to (`mapping`: role -> the provider's group names)."""
    have = {str(g) for g in groups}
    return frozenset(role for role, names in mapping.items() if role in ROLES and have & {str(n) for n in names})


def find(bind: Engine | Connection, who: str) -> str:
    """The subject of the user named by subject or e-mail; UserError when there is none or more than one."""
    u = s.users
    rows = _conn_read(bind, select(u.c.subject).where(u.c.subject == who))
    if not rows:
        rows = _conn_read(bind, select(u.c.subject).where(u.c.email == who))
    if len(rows) != 1:
        raise UserError(f"no single user with subject or e-mail {who!r}", who=who)
    return rows[0][0]


def label(bind: Engine | Connection, subject: str) -> str:
    """How a user is named for people: display name, else e-mail, else the subject."""
    u = s.users
    rows = _conn_read(bind, select(u.c.display_name, u.c.email).where(u.c.subject == subject))
    return next((str(v) for v in (rows[0] if rows else ()) if v), subject)


def upsert(conn: Connection, subject: str, email: str | None, display_name: str | None) -> bool:
    """Create the user or refresh their e-mail, name and last sign-in; True when the user is new."""
    u = s.users
    t = audit.now()
    exists = conn.execute(select(u.c.subject).where(u.c.subject == subject)).first()
    values = {"email": (email or None), "display_name": (display_name or None), "last_seen_at": t}
    if exists:
        conn.execute(update(u).where(u.c.subject == subject).values(**values))
        return False
    conn.execute(insert(u).values(subject=subject, created_at=t, **values))
    return True


def sign_in(
    engine: Engine,
    actor: audit.Actor,
    email: str | None,
    display_name: str | None,
    group_roles: frozenset[str] | None = None,
) -> Access:
    """Record a sign-in: the user row, the roles from the groups claim (when a mapping is configured: roles from
    groups follow the claim, roles an administrator gave stay), and the audit events; returns the user's access."""
    assert actor.subject
    with engine.begin() as conn:
        upsert(conn, actor.subject, email, display_name)
        if group_roles is not None:
            _sync_group_roles(conn, actor, group_roles)
        audit.record(conn, actor, "sign_in", target=actor.subject, detail={"email": email})
        return access(conn, actor.subject)


def _sync_group_roles(conn: Connection, actor: audit.Actor, wanted: frozenset[str]) -> None:
    r = s.user_roles
    rows = conn.execute(select(r.c.role, r.c.source).where(r.c.subject == actor.subject)).all()
    held = {role: source for role, source in rows}
    for role in sorted(wanted - set(held)):
        conn.execute(
            insert(r).values(
                subject=actor.subject, role=role, source="groups", granted_at=audit.now(), granted_by="groups claim"
            )
        )
        audit.record(conn, actor, "role_change", target=actor.subject, detail={"grant": role, "by": "groups claim"})
    for role in sorted(role for role, source in held.items() if source == "groups" and role not in wanted):
        conn.execute(delete(r).where(and_(r.c.subject == actor.subject, r.c.role == role)))
        audit.record(conn, actor, "role_change", target=actor.subject, detail={"revoke": role, "by": "groups claim"})


def sign_out(engine: Engine, actor: audit.Actor) -> datetime:
    """Record a sign-out: from now on every identity token of the user issued until now is refused (a copied
    cookie included), with its audit event; returns the time recorded."""
    assert actor.subject
    at = datetime.now(UTC).replace(tzinfo=None)  # to the microsecond: compared with the tokens' issue time
    with engine.begin() as conn:
        conn.execute(update(s.users).where(s.users.c.subject == actor.subject).values(signed_out_at=at))
        audit.record(conn, actor, "sign_out", target=actor.subject)
    return at


def signed_out_at(bind: Engine | Connection, subject: str) -> datetime | None:
    """The time of the user's last sign-out (None: never)."""
    rows = _conn_read(bind, select(s.users.c.signed_out_at).where(s.users.c.subject == subject))
    return rows[0][0] if rows and rows[0][0] is not None else None


def token_revoked(bind: Engine | Connection, subject: str, issued_at: datetime) -> bool:
    """Whether a sign-in whose identity token was issued at `issued_at` (naive UTC) has been ended by a later
    sign-out of the same user. A token issued in the second of the sign-out counts as before it (issue times are
    whole seconds): refused, the user signs in again."""
    out = signed_out_at(bind, subject)
    return out is not None and issued_at.replace(microsecond=0) <= out


def add(engine: Engine, actor: audit.Actor, subject: str, email: str | None = None, name: str | None = None) -> None:
    """Create a user before their first sign-in (so that roles can be given in advance)."""
    subject = subject.strip()
    if not subject:
        raise UserError("the subject must not be empty", who=subject)
    with engine.begin() as conn:
        if not upsert(conn, subject, email, name):
            raise UserError(f"user {subject!r} exists already", who=subject)
        conn.execute(update(s.users).where(s.users.c.subject == subject).values(last_seen_at=None))
        audit.record(conn, actor, "role_change", target=subject, detail={"add_user": subject, "email": email})


def _check_roles(roles: Iterable[str]) -> list[str]:
    roles = list(dict.fromkeys(roles))
    unknown = [r for r in roles if r not in ROLES]
    if unknown or not roles:
        raise UserError(f"unknown role(s) {unknown}; roles are {', '.join(ROLES)}", who=",".join(unknown))
    return roles


def grant(engine: Engine, actor: audit.Actor, who: str, roles: Iterable[str]) -> list[str]:
    """Give roles to a user (by subject or e-mail); returns the roles that were new."""
    roles = _check_roles(roles)
    r = s.user_roles
    with engine.begin() as conn:
        subject = find(conn, who)
        held = roles_of(conn, subject)
        new = [role for role in roles if role not in held]
        for role in new:
            conn.execute(
                insert(r).values(
                    subject=subject, role=role, source="admin", granted_at=audit.now(), granted_by=actor.label
                )
            )
            audit.record(conn, actor, "role_change", target=subject, detail={"grant": role})
        return new


def revoke(engine: Engine, actor: audit.Actor, who: str, roles: Iterable[str]) -> list[str]:
    """Take roles from a user; returns the roles that were held. An administrator cannot revoke their own
    administrator role (so that the system always keeps one)."""
    roles = _check_roles(roles)
    r = s.user_roles
    with engine.begin() as conn:
        subject = find(conn, who)
        if subject == actor.subject and "admin" in roles:
            raise UserError("an administrator cannot take the administrator role from themselves", who=subject)
        held = roles_of(conn, subject)
        gone = [role for role in roles if role in held]
        for role in gone:
            conn.execute(delete(r).where(and_(r.c.subject == subject, r.c.role == role)))
            audit.record(conn, actor, "role_change", target=subject, detail={"revoke": role})
        return gone


def set_regions(engine: Engine, actor: audit.Actor, who: str, regions: Iterable[str]) -> tuple[str, ...]:
    """Set the economic regions of a user (replacing the previous ones); returns the new set."""
    wanted = tuple(sorted(set(regions)))
    ur = s.user_regions
    with engine.begin() as conn:
        subject = find(conn, who)
        known = {row[0] for row in conn.execute(select(s.economic_regions.c.code))}
        unknown = [c for c in wanted if c not in known]
        if unknown:
            raise UserError(f"unknown economic region(s) {unknown}", who=",".join(unknown))
        before = regions_of(conn, subject)
        if before == wanted:
            return wanted
        conn.execute(delete(ur).where(ur.c.subject == subject))
        for code in wanted:
            conn.execute(
                insert(ur).values(subject=subject, region_code=code, granted_at=audit.now(), granted_by=actor.label)
            )
        audit.record(
            conn, actor, "region_change", target=subject, detail={"before": list(before), "after": list(wanted)}
        )
        return wanted


def users(bind: Engine | Connection) -> pd.DataFrame:
    """Every user with their roles and regions (comma-separated), by e-mail."""
    u = s.users
    base = pd.DataFrame(
        _conn_read(bind, select(u).order_by(u.c.email, u.c.subject)), columns=[c.name for c in u.columns]
    )
    roles = pd.DataFrame(_conn_read(bind, select(s.user_roles)), columns=[c.name for c in s.user_roles.columns])
    regions = pd.DataFrame(_conn_read(bind, select(s.user_regions)), columns=[c.name for c in s.user_regions.columns])
    by_role = roles.groupby("subject")["role"].agg(lambda x: ",".join(r for r in ROLES if r in set(x)))
    by_region = regions.groupby("subject")["region_code"].agg(lambda x: ",".join(sorted(x)))
    base["roles"] = [by_role.get(x, "") for x in base["subject"]]
    base["regions"] = [by_region.get(x, "") for x in base["subject"]]
    return base


# ---------------------------------------------------------------------------------------------- command line


def parser() -> argparse.ArgumentParser:
    """The argument parser of `python -m data.users`."""
    ap = argparse.ArgumentParser(prog="python -m data.users", description="Users, roles and analysts' regions.")
    sub = ap.add_subparsers(dest="command", required=True)
    sub.add_parser("list", help="every user with roles and regions")
    a = sub.add_parser("add", help="create a user before their first sign-in")
    a.add_argument("subject", help="the identity provider's subject (sub claim)")
    a.add_argument("--email")
    a.add_argument("--name")
    for name in ("grant", "revoke"):
        g = sub.add_parser(name, help=f"{name} roles ({', '.join(ROLES)})")
        g.add_argument("who", help="subject or e-mail")
        g.add_argument("roles", nargs="+", choices=ROLES)
    r = sub.add_parser("regions", help="set an analyst's economic regions (none: clear them)")
    r.add_argument("who", help="subject or e-mail")
    r.add_argument("regions", nargs="*", metavar="ER-CODE")
    return ap


def main(argv: list[str] | None = None, out: TextIO = sys.stdout, engine: Engine | None = None) -> int:
    """Run the command line; 0 on success, 2 on a refused change."""
    from data.db import make_engine, upgrade

    args = parser().parse_args(argv)
    if engine is None:
        engine = make_engine()
        upgrade(engine)
    actor = audit.command_line_actor()
    try:
        if args.command == "list":
            print(users(engine).to_string(index=False), file=out)
        elif args.command == "add":
            add(engine, actor, args.subject, args.email, args.name)
            print(f"added {args.subject}", file=out)
        elif args.command == "grant":
            print(f"granted: {', '.join(grant(engine, actor, args.who, args.roles)) or '(none new)'}", file=out)
        elif args.command == "revoke":
            print(f"revoked: {', '.join(revoke(engine, actor, args.who, args.roles)) or '(none held)'}", file=out)
        elif args.command == "regions":
            print(f"regions: {', '.join(set_regions(engine, actor, args.who, args.regions)) or '(none)'}", file=out)
    except UserError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
