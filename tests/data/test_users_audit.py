"""Users, roles, analysts' regions (data.users, its command line) and the append-only audit trail (data.audit),
on SQLite and PostgreSQL."""

import io

import pytest
from sqlalchemy import insert, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from data import audit, users
from data import schema as s
from data.db import make_engine, upgrade
from data.errors import UserError

ADMIN = audit.Actor("admin-1", "Admin One", "10.0.0.5")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request, tmp_path):
    if request.param == "sqlite":
        e = make_engine(f"sqlite:///{tmp_path / 'users.sqlite3'}")
    else:
        e = make_engine(request.getfixturevalue("pg_database")("users"))
    upgrade(e)
    with e.begin() as conn:
        conn.execute(insert(s.sources).values(id="src_x", title="t", publisher="p", published="2021"))
        for i, code in enumerate(("ER-BAK", "ER-NAX", "ER-LAS"), 1):
            conn.execute(
                insert(s.economic_regions).values(
                    code=code, name_az=code, name_en=code, name_ru=code, sort_order=i, source_id="src_x"
                )
            )
    yield e
    e.dispose()


def _actions(engine) -> list[tuple[str, str, str | None]]:
    ev = audit.events(engine).sort_values("id")
    return list(zip(ev["action"], ev["outcome"], ev["target"], strict=True))


def test_sign_in_creates_the_user_and_records_it(engine):
    a = users.sign_in(engine, audit.Actor("sub-1", "Ana", "192.0.2.1"), "ana@example.org", "Ana")
    assert a.roles == frozenset() and a.regions == ()
    row = users.users(engine).set_index("subject").loc["sub-1"]
    assert (row["email"], row["display_name"]) == ("ana@example.org", "Ana")
    ev = audit.events(engine).iloc[0]
    assert (ev["action"], ev["subject"], ev["user_label"], ev["address"]) == ("sign_in", "sub-1", "Ana", "192.0.2.1")


def test_roles_and_regions_by_subject_or_email_with_audit(engine):
    users.sign_in(engine, audit.Actor("sub-1", "Ana", None), "ana@example.org", "Ana")
    assert users.grant(engine, ADMIN, "ana@example.org", ["analyst"]) == ["analyst"]
    assert users.grant(engine, ADMIN, "sub-1", ["analyst"]) == []  # already held: nothing new, nothing recorded
    assert users.set_regions(engine, ADMIN, "sub-1", ["ER-NAX", "ER-BAK"]) == ("ER-BAK", "ER-NAX")
    assert users.access(engine, "sub-1") == users.Access(frozenset({"analyst"}), ("ER-BAK", "ER-NAX"))
    users.grant(engine, ADMIN, "sub-1", ["leadership"])
    assert users.access(engine, "sub-1").regions is None  # leadership sees the whole country
    assert users.revoke(engine, ADMIN, "sub-1", ["leadership", "steward"]) == ["leadership"]
    assert _actions(engine)[1:] == [
        ("role_change", "ok", "sub-1"),
        ("region_change", "ok", "sub-1"),
        ("role_change", "ok", "sub-1"),
        ("role_change", "ok", "sub-1"),
    ]
    assert audit.events(engine, actions=["region_change"]).iloc[0]["user_label"] == "Admin One"


def test_refused_changes(engine):
    users.sign_in(engine, audit.Actor("admin-1", "Admin", None), None, "Admin")
    users.grant(engine, audit.SYSTEM_CLI, "admin-1", ["admin"])
    with pytest.raises(UserError):
        users.grant(engine, ADMIN, "nobody@example.org", ["analyst"])
    with pytest.raises(UserError):
        users.grant(engine, ADMIN, "admin-1", ["superuser"])
    with pytest.raises(UserError):
        users.set_regions(engine, ADMIN, "admin-1", ["ER-XXX"])
    with pytest.raises(UserError):
        users.revoke(engine, ADMIN, "admin-1", ["admin"])  # not one's own administrator role
    assert users.roles_of(engine, "admin-1") == {"admin"}


def test_groups_claim_roles_follow_the_claim_and_keep_admin_grants(engine):
    mapping = {"leadership": ["board"], "analyst": ["analysts"], "steward": [], "admin": []}
    who = audit.Actor("sub-2", "Bo", None)
    users.sign_in(engine, who, "bo@example.org", "Bo", users.roles_from_groups(["board", "x"], mapping))
    users.grant(engine, ADMIN, "sub-2", ["steward"])
    assert users.roles_of(engine, "sub-2") == {"leadership", "steward"}
    users.sign_in(engine, who, "bo@example.org", "Bo", users.roles_from_groups(["analysts"], mapping))
    assert users.roles_of(engine, "sub-2") == {"analyst", "steward"}  # board left: leadership gone


def test_scope_rule():
    assert users.scope_for({"analyst"}, ["ER-NAX"]) == ("ER-NAX",)
    assert users.scope_for({"analyst", "leadership"}, ["ER-NAX"]) is None
    assert users.scope_for({"steward"}, []) is None
    assert users.scope_for({"admin"}, []) == ()
    assert users.scope_for(set(), []) == ()


@pytest.mark.parametrize("statement", ["UPDATE audit_log SET action = 'sign_out'", "DELETE FROM audit_log"])
def test_the_audit_trail_refuses_update_and_delete(engine, statement):
    audit.record(engine, ADMIN, "sign_in")
    with pytest.raises((DBAPIError, IntegrityError)) as err, engine.begin() as conn:
        conn.execute(text(statement))
    assert "append-only" in str(err.value)
    assert len(audit.events(engine)) == 1


@pytest.mark.postgres
def test_the_audit_trail_refuses_truncate_on_postgres(pg_database):
    e = make_engine(pg_database("audit"))
    upgrade(e)
    audit.record(e, ADMIN, "sign_in")
    with pytest.raises(DBAPIError, match="append-only"), e.begin() as conn:
        conn.execute(text("TRUNCATE audit_log"))
    assert len(audit.events(e)) == 1
    e.dispose()


def test_the_audit_module_has_no_update_or_delete_path():
    src = audit.__loader__.get_source(audit.__name__)
    assert "update(" not in src and "delete(" not in src


def test_audit_filters(engine):
    audit.record(engine, ADMIN, "sign_in")
    audit.record(engine, audit.Actor("sub-9", "Cy", None), "access_denied", outcome="denied", target="admin")
    assert audit.events(engine, actions=["access_denied"])["target"].tolist() == ["admin"]
    assert audit.events(engine, subject="admin-1")["action"].tolist() == ["sign_in"]
    assert audit.events(engine, outcomes=["denied"])["subject"].tolist() == ["sub-9"]
    with pytest.raises(ValueError):
        audit.record(engine, ADMIN, "something_else")


def test_command_line(engine):
    out = io.StringIO()
    assert users.main(["add", "sub-7", "--email", "di@example.org", "--name", "Di"], out, engine) == 0
    assert users.main(["grant", "di@example.org", "analyst", "steward"], out, engine) == 0
    assert users.main(["regions", "sub-7", "ER-LAS"], out, engine) == 0
    assert users.main(["revoke", "sub-7", "steward"], out, engine) == 0
    assert users.main(["regions", "sub-7", "ER-NOPE"], out, engine) == 2
    assert users.access(engine, "sub-7") == users.Access(frozenset({"analyst"}), ("ER-LAS",))
    users.main(["list"], out, engine)
    assert "di@example.org" in out.getvalue() and "ER-LAS" in out.getvalue()
    labels = set(audit.events(engine)["user_label"])
    assert len(labels) == 1 and next(iter(labels)).startswith("command line")


def test_a_sign_out_ends_every_token_issued_before_it(engine):
    """The per-user sign-out time: a token issued at or before it is refused (a copied cookie), a later one is not;
    the sign-out is in the audit trail; other users are untouched."""
    from datetime import timedelta

    users.add(engine, audit.SYSTEM_CLI, "so-1", "so@example.org", "So")
    users.add(engine, audit.SYSTEM_CLI, "so-2", None, None)
    issued = audit.now() - timedelta(seconds=5)
    assert users.signed_out_at(engine, "so-1") is None
    assert not users.token_revoked(engine, "so-1", issued)
    at = users.sign_out(engine, audit.Actor("so-1", "So", "10.0.0.9"))
    assert users.signed_out_at(engine, "so-1") == at
    assert users.token_revoked(engine, "so-1", issued)
    assert users.token_revoked(engine, "so-1", at.replace(microsecond=0))  # issued in the second of the sign-out
    assert not users.token_revoked(engine, "so-1", at.replace(microsecond=0) + timedelta(seconds=1))
    assert not users.token_revoked(engine, "so-2", issued)
    ev = audit.events(engine, subject="so-1", actions=["sign_out"])
    assert ev["address"].tolist() == ["10.0.0.9"] and ev["target"].tolist() == ["so-1"]
