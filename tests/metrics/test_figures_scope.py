"""python -m metrics.figures --as-user: an analyst's table carries national figures and their own regions only."""

from __future__ import annotations

import json
import socket

from data import audit, queries, users
from metrics import figures as headline
from tests.conftest import build_sqlite_database


def test_as_user_limits_the_figures_to_the_users_regions(tmp_path, monkeypatch, capsys):
    engine = build_sqlite_database(tmp_path / "scope.sqlite3")
    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
    districts = queries.districts(engine)
    region = districts["economic_region_code"].value_counts().index[0]
    setup = audit.Actor(None, "test", "local")
    users.add(engine, setup, "ana", "ana@example.org", "Ana")
    users.grant(engine, setup, "ana", ["analyst"])
    users.set_regions(engine, setup, "ana", [region])
    users.add(engine, setup, "lead", "lead@example.org", "Lead")
    users.grant(engine, setup, "lead", ["leadership"])
    users.add(engine, setup, "none", None, None)

    def figures(*extra: str) -> list[dict]:
        assert headline.main(["--as-of", "2026-12-05", "--lang", "en", *extra]) == 0
        return json.loads(capsys.readouterr().out)

    everyone = figures()
    analyst = figures("--as-user", "ana@example.org")
    own = set(districts.loc[districts["economic_region_code"] == region, "code"])
    assert {r["geo_code"] for r in analyst if r["geo_level"] == "district"} <= own
    assert {r["geo_code"] for r in analyst if r["geo_level"] == "region"} <= {region}
    assert {r["geo_code"] for r in everyone if r["geo_level"] == "district"} - own, "the test needs other regions"
    national = [r for r in everyone if r["geo_level"] == "country"]
    assert [r for r in analyst if r["geo_level"] == "country"] == national
    assert figures("--as-user", "lead") == everyone
    assert headline.main(["--as-of", "2026-12-05", "--as-user", "none"]) == 2  # no role: nothing
    assert headline.main(["--as-of", "2026-12-05", "--as-user", "nobody@example.org"]) == 2

    # Every run is a data export in the audit trail: who (the named user, else the OS account), marked as the
    # command line on this host, and the scope the rows were limited to; the refused users as denied.
    events = audit.events(engine, actions=["data_export"]).iloc[::-1]
    assert events["target"].tolist() == ["metrics.figures"] * 5
    assert events["outcome"].tolist() == ["ok", "ok", "ok", "denied", "denied"]
    assert events["subject"].fillna("-").tolist() == ["-", "ana", "lead", "none", "-"]
    me = f"command line: {audit.os_user()}"
    assert events["user_label"].tolist() == [me, f"Ana ({me})", f"Lead ({me})", f"none ({me})",
                                             f"--as-user nobody@example.org ({me})"]  # fmt: skip
    assert set(events["address"]) == {f"command line {socket.gethostname()}"[:64]}
    details = [json.loads(d) for d in events["detail"]]
    assert details[1]["regions"] == [region] and details[0]["regions"] is None and details[2]["regions"] is None
    assert details[1]["rows"] == len(analyst) and details[0]["rows"] == len(everyone)
    engine.dispose()
