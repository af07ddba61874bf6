"""The command line shares the page's code path: every problem printed, non-zero exit on rejection, dry run."""

import io
import json
import os
import subprocess
import sys

import pytest
from importfx import PROBLEMS, ROOT, VALID, audit_rows, snapshot

from data import importer
from data.importer.cli import EXIT_OK, EXIT_REJECTED, EXIT_USAGE, main


@pytest.fixture
def database(sqlite_engine, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", sqlite_engine.url.render_as_string(hide_password=False))
    return sqlite_engine


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(args), out=out)
    return code, out.getvalue()


def test_rejected_file_prints_every_problem_and_exits_1(database):
    before = snapshot(database)
    code, out = run(str(PROBLEMS / "problems.csv"), "--lang", "en")
    assert code == EXIT_REJECTED
    lines = out.splitlines()
    assert lines[0] == (
        'ERROR: sheet "observations", row 3, column "indicator": Unknown indicator "children_in_institution". '
        'Did you mean "children_in_institutions"?'
    )
    repeated = 'ERROR: sheet "observations", row 14: This row repeats row 2 (the same indicator, place and period)'
    assert f"{repeated}: delete one." in lines
    assert len([x for x in lines if x.startswith("ERROR:")]) == 15
    assert lines[-1].startswith("The file is rejected: 15 problem(s). Nothing was written")
    assert snapshot(database) == before


def test_dry_run_writes_nothing(database):
    before = snapshot(database)
    code, out = run(str(VALID / "observations_utf8.csv"), "--dry-run", "--lang", "en")
    assert code == EXIT_OK
    assert "Preview: 7 new, 0 changed, 0 unchanged row(s), 0 new facilit(y/ies)." in out
    assert out.rstrip().endswith("Dry run (--dry-run): nothing was written.")
    assert snapshot(database) == before


def test_a_change_against_stored_data_is_printed_in_the_dry_run(database):
    assert run(str(VALID / "observations_utf8.csv"), "--user", "first")[0] == EXIT_OK
    before = snapshot(database)
    code, out = run(str(VALID / "observations_changed.csv"), "--dry-run", "--lang", "en")
    assert code == EXIT_OK
    assert out.splitlines() == [
        "Preview: 1 new, 1 changed, 1 unchanged row(s), 0 new facilit(y/ies).",
        "  changed: row 2: children_in_institutions / AZ-ABS / 2025: 120 (official (imported)) -> 126",
        "Dry run (--dry-run): nothing was written.",
    ]
    assert snapshot(database) == before


def test_import_then_change_then_rollback(database, tmp_path):
    code, out = run(str(VALID / "observations_utf8.csv"), "--user", "cli user")
    assert code == EXIT_OK
    assert "İdxal 1 yazıldı: 7 yeni, 0 dəyişən, 0 dəyişməyən sətir." in out
    changed = tmp_path / "changed.csv"
    changed.write_text("indicator,geo,period,value\nchildren_in_institutions,Abşeron,2025,121\n", encoding="utf-8")
    code, out = run(str(changed), "--lang", "en")
    assert code == EXIT_OK
    assert "  changed: row 2: children_in_institutions / AZ-ABS / 2025: 120 (official (imported)) -> 121" in out
    code, out = run("--batches", "--lang", "en")
    assert code == EXIT_OK
    lines = out.splitlines()
    header = "Import When (UTC) Who File New Changed Unchanged New facilities State Rolled back (UTC) Rolled back by"
    assert " ".join(lines[0].split()) == header
    assert lines[1].split()[0] == "2" and "changed.csv" in lines[1] and lines[1].split()[-1] == "committed"
    assert "cli user" in lines[2] and "observations_utf8.csv" in lines[2]
    assert run("--rollback", "2", "--lang", "en") == (
        EXIT_OK,
        "Import 2 was rolled back: the previous state is restored.\n",
    )
    code, out = run("--rollback", "1", "--lang", "en")
    assert code == EXIT_OK
    assert run("--rollback", "1", "--lang", "en") == (EXIT_REJECTED, "Import batch 1 was already rolled back.\n")
    code, out = run("--batches")
    assert code == EXIT_OK and out.count("geri qaytarılıb") == 2  # both rows (the header says "Geri ...")


def test_template_and_usage(database, tmp_path):
    assert run("--template", str(tmp_path / "t.xlsx"))[0] == EXIT_OK
    assert (tmp_path / "t.xlsx").read_bytes()[:2] == b"PK"
    code, out = run("--template", str(tmp_path / "t.csv"), "--lang", "en")
    assert code == EXIT_OK
    assert out.splitlines() == [
        f"Template written: {tmp_path / 't.csv'}",
        f"Lists of codes written: {tmp_path / 't_lists.csv'}",
    ]
    assert (tmp_path / "t.csv").read_bytes() == importer.template_csv("en")
    assert (tmp_path / "t_lists.csv").read_bytes() == importer.lists_csv(database, "en")
    assert run()[0] == EXIT_USAGE
    assert run(str(tmp_path / "missing.csv"))[0] == EXIT_USAGE


def test_python_dash_m(database):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "data.importer", str(PROBLEMS / "empty.csv"), "--lang", "en"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert done.stdout.splitlines()[0] == "ERROR: file: The file is empty."


@pytest.mark.parametrize(
    ("argv", "lang"), [([], "az"), (["--lang", "en"], "en"), (["x.csv", "--lang=en"], "en"), (["--lang"], "az")]
)
def test_help_is_in_the_language_asked_for(argv, lang, capsys):
    from data.i18n import translate
    from data.importer import cli

    assert cli.requested_language(argv) == lang
    with pytest.raises(SystemExit) as exit_info:
        cli.main([*argv, "--help"] if argv != ["--lang"] else ["--help"])
    assert exit_info.value.code == 0
    shown = " ".join(capsys.readouterr().out.split())  # argparse wraps lines
    assert translate("import.cli.help.dry_run", lang) in shown
    other = "en" if lang == "az" else "az"
    assert translate("import.cli.help.dry_run", other) not in shown


def test_every_import_and_rollback_from_the_command_line_is_in_the_audit_trail(engine, monkeypatch):
    """Refused, dry run, commit, rollback (and a refused rollback): each one event, by the OS account, marked as
    the command line with this host; reading the history writes nothing. SQLite and PostgreSQL."""
    import getpass
    import socket

    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
    assert audit_rows(engine) == []
    before = snapshot(engine)
    assert run(str(PROBLEMS / "problems.csv"))[0] == EXIT_REJECTED
    assert snapshot(engine) == before  # nothing but the audit trail changed
    assert run(str(VALID / "observations_utf8.csv"), "--dry-run")[0] == EXIT_OK
    assert run(str(VALID / "observations_utf8.csv"), "--user", "Rena")[0] == EXIT_OK
    assert run("--batches")[0] == EXIT_OK
    assert run("--rollback", "1")[0] == EXIT_OK
    assert run("--rollback", "1")[0] == EXIT_REJECTED
    rows = audit_rows(engine)
    assert [(r["action"], r["outcome"], r["target"]) for r in rows] == [
        ("import_commit", "failed", "problems.csv"),
        ("import_dry_run", "ok", "observations_utf8.csv"),
        ("import_commit", "ok", "observations_utf8.csv"),
        ("import_rollback", "ok", "1"),
        ("import_rollback", "failed", "1"),
    ]
    assert {r["user_label"] for r in rows} == {f"command line: {getpass.getuser()}"}
    assert {r["address"] for r in rows} == {f"command line {socket.gethostname()}"[:64]}
    assert all(r["subject"] is None for r in rows)
    details = [json.loads(r["detail"]) for r in rows]
    assert details[0]["errors"] == 15
    assert details[2]["batch"] == 1 and details[2]["new"] == 7 and details[2]["user_name"] == "Rena"
    assert details[4]["error"] == "error.import.already_rolled_back"
    batch = importer.batches(engine).iloc[-1]
    assert batch["user_name"] == f"Rena (command line: {getpass.getuser()})"
    assert batch["rolled_back_by"] == f"command line: {getpass.getuser()}"
