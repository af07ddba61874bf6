# ruff: noqa: E501 - the expected messages are kept on one line each, as the user reads them
"""Hostile and clumsy files (issue #12): each is refused with its message, or accepted with its notes, on SQLite and
PostgreSQL, through the command line (dry run and commit: the same exit code, the database unchanged)."""

import io
from datetime import date

import pytest
from importfx import PROBLEMS, ROOT, VALID, snapshot

from data import importer
from data.importer.cli import EXIT_OK, EXIT_REJECTED, main
from data.importer.guard import user_lock

FIRST, LAST = 1991, date.today().year + 1
Row = tuple[str, str | None, int | None, str | None, str]

HOSTILE_PROBLEMS: dict[str, list[Row]] = {
    "control_characters.csv": [
        (
            "error",
            "observations",
            2,
            "note",
            "The cell holds a control character (U+0000), which is not text: delete it (it is often pasted from another program).",
        ),
        (
            "error",
            "observations",
            3,
            "source",
            "The cell holds a control character (U+001B), which is not text: delete it (it is often pasted from another program).",
        ),
    ],
    "control_characters_more.csv": [
        (
            "error",
            "observations",
            2,
            "note",
            "The cell holds a control character (U+000B), which is not text: delete it (it is often pasted from another program).",
        ),
        (
            "error",
            "observations",
            3,
            "source",
            "The cell holds a control character (U+007F), which is not text: delete it (it is often pasted from another program).",
        ),
        (
            "error",
            "observations",
            4,
            "note",
            "The cell holds a control character (U+0085), which is not text: delete it (it is often pasted from another program).",
        ),
        (
            "error",
            "observations",
            5,
            "note",
            "The cell holds a control character (U+202E), which is not text: delete it (it is often pasted from another program).",
        ),
        (
            "error",
            "observations",
            6,
            "note",
            "The cell holds a control character (U+2028), which is not text: delete it (it is often pasted from another program).",
        ),
    ],
    "control_characters_excel.xlsx": [
        (
            "error",
            "observations",
            2,
            "source",
            "The cell holds a control character (U+001B), which is not text: delete it (it is often pasted from another program).",
        ),
    ],
    "decimal_comma_shifted.csv": [
        (
            "error",
            "observations",
            2,
            None,
            'This row has 8 cells, the header 7: its cells are shifted. Probably a decimal comma (98,8) or a comma inside a text in a comma-separated file: write 98.8, or put the text in quotes, or save the file with ";" as separator.',
        ),
    ],
    "excel_dates_fractions.xlsx": [
        (
            "error",
            "observations",
            2,
            "value",
            '"0.5" looks like a fraction: a share is written in percent, e.g. 50 for 0.5 (or 0.5% if less than one percent is meant).',
        ),
        (
            "error",
            "observations",
            3,
            "period",
            "Excel turned this period into the date 2025-08-15: a period is a year, quarter or month. Format the column as Text and write the period again (2025-08), or write it with an apostrophe ('2025-08).",
        ),
        (
            "error",
            "observations",
            4,
            "value",
            '"0.12" is a percentage, but this indicator is not a share: write the number itself.',
        ),
    ],
    "far_cell_AL1048576.xlsx": [
        (
            "error",
            "observations",
            None,
            None,
            "The sheet has a filled cell very far out (AL1048576; at most 200000 rows and 60 columns): delete the unused rows and columns.",
        ),
    ],
    "forged_sizes.xlsx": [
        (
            "error",
            None,
            None,
            None,
            "The file could not be read (BadZipFile): open it in Excel and save it again as .xlsx or CSV.",
        ),
    ],
    "implausible_values.csv": [
        (
            "error",
            "observations",
            2,
            "period",
            f'"1899" lies outside the years the import accepts ({FIRST}–{LAST}): check the year.',
        ),
        (
            "error",
            "observations",
            3,
            "period",
            f'"0001" lies outside the years the import accepts ({FIRST}–{LAST}): check the year.',
        ),
        (
            "error",
            "observations",
            4,
            "period",
            f'"9999-Q4" lies outside the years the import accepts ({FIRST}–{LAST}): check the year.',
        ),
        (
            "error",
            "observations",
            5,
            "period",
            f'"2052-08" lies outside the years the import accepts ({FIRST}–{LAST}): check the year.',
        ),
        (
            "error",
            "observations",
            6,
            "value",
            '"1e15" is above the highest plausible value for children (10 452 278): check the number.',
        ),
        (
            "error",
            "observations",
            7,
            "value",
            '"1e308" is above the highest plausible value for persons (10 452 278): check the number.',
        ),
        (
            "error",
            "observations",
            8,
            "value",
            '"25000" is above the highest plausible value for centres (1 000): check the number.',
        ),
        (
            "error",
            "observations",
            9,
            "value",
            '"0,988" looks like a fraction: a share is written in percent, e.g. 98.8 for 0,988 (or 0,988% if less than one percent is meant).',
        ),
        (
            "error",
            "observations",
            10,
            "value",
            '"45%" is a percentage, but this indicator is not a share: write the number itself.',
        ),
    ],
    "mixed_encoding.csv": [
        (
            "error",
            None,
            3,
            None,
            'Line 3 is not in the encoding of the rest of the file (UTF-8): the file mixes two text encodings. Open it, correct the garbled text on that line, and save it as "CSV UTF-8".',
        ),
    ],
    "two_sheets_same_key.xlsx": [
        (
            "error",
            "müşahidələr",
            2,
            None,
            'This row repeats row 2 of sheet "observations" (the same indicator, place and period): a key may appear once in the whole file; delete one.',
        ),
    ],
    "wide_9007_columns.csv": [
        ("error", None, 1, None, "Row 1 has 9007 columns (at most 60): this is not an import table. Use the template."),
    ],
    "zip_bomb.xlsx": [
        (
            "error",
            None,
            None,
            None,
            "The Excel file is far too large once unpacked (more than 48 MB): split it into several files.",
        ),
    ],
}

HOSTILE_VALID: dict[str, list[Row]] = {
    "markdown_html_names.csv": [],  # shown as text on every page: test_injection_browser.py
    "excel_numbers.xlsx": [
        ("note", "observations", 1, "note", "This column (column G) is hidden in Excel: it was read all the same."),
        (
            "note",
            "observations",
            4,
            "period",
            "Excel had turned these periods into dates (2025-08 into 1 August 2025): they were read as the month (rows: 4).",
        ),
        (
            "note",
            "observations",
            5,
            None,
            "This row is hidden in Excel: it was read all the same. Check that it is meant to be imported.",
        ),
    ],
    "far_from_history.csv": [
        (
            "note",
            "observations",
            2,
            "value",
            "500,000 is far outside this series' history (5 stored value(s), 10,000–21,000; more than 10 times off): check it before committing.",
        ),
    ],
}


def found(engine, path) -> list[Row]:
    checked = importer.check(engine, path.read_bytes(), path.name)
    return [(p.severity, p.sheet, p.row, p.column, p.message("en")) for p in checked.problems]


def run(url: str, monkeypatch, *args: str) -> tuple[int, str]:
    monkeypatch.setenv("DATABASE_URL", url)
    out = io.StringIO()
    code = main([*args, "--lang", "en"], out=out)
    return code, out.getvalue()


def url_of(engine) -> str:
    return engine.url.render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def shared(request):
    """The session's reference database (rejected files write nothing, and the tests check that)."""
    return request.getfixturevalue("reference_engine" if request.param == "sqlite" else "pg_engine")


@pytest.mark.parametrize("name", sorted(HOSTILE_PROBLEMS))
def test_hostile_file_is_refused_with_its_message_and_changes_nothing(shared, monkeypatch, tmp_path, name):
    monkeypatch.setenv("IMPORT_ERROR_LOG", str(tmp_path / "errors.log"))
    path = PROBLEMS / name
    assert found(shared, path) == HOSTILE_PROBLEMS[name]
    before = snapshot(shared)
    for args in ([str(path), "--dry-run"], [str(path), "--user", "steward"]):
        code, out = run(url_of(shared), monkeypatch, *args)
        assert code == EXIT_REJECTED, out
        for row in HOSTILE_PROBLEMS[name]:
            assert row[4] in out
        assert "Traceback" not in out
    assert snapshot(shared) == before
    assert not (tmp_path / "errors.log").exists()  # refused as a problem, not as a failure


@pytest.mark.parametrize("name", sorted(HOSTILE_VALID))
def test_clumsy_but_valid_file_is_read_with_its_notes(shared, name):
    assert found(shared, VALID / name) == HOSTILE_VALID[name]


def test_excel_numbers_keep_their_value(reference_engine):
    """98.765 stays 98.765; a percent-formatted 0.988 is 98.8; a month Excel made a date is the month."""
    checked = importer.check(reference_engine, (VALID / "excel_numbers.xlsx").read_bytes(), "excel_numbers.xlsx")
    got = checked.observations[["row", "period", "value"]].to_records(index=False).tolist()
    assert got == [(2, "2025-09", 98.765), (3, "2025-10", pytest.approx(98.8)), (4, "2025-11", 97.5), (5, "2025", 50.0)]


def test_clumsy_file_commits_on_both_databases(engine, monkeypatch):
    code, out = run(url_of(engine), monkeypatch, str(VALID / "excel_numbers.xlsx"), "--user", "steward")
    assert code == EXIT_OK, out
    assert "This row is hidden in Excel" in out


@pytest.mark.parametrize("demo_here", ["0", "1"])
def test_dry_run_and_import_never_rebuild_when_demo_data_differs(engine, monkeypatch, demo_here):
    """The database was built with demonstration data (DEMO_DATA=1): with either setting here, a dry run and a
    rejected import leave every row as it was, and the mismatch is reported."""
    monkeypatch.setenv("DEMO_DATA", demo_here)
    before = snapshot(engine)
    code, out = run(url_of(engine), monkeypatch, str(VALID / "observations_utf8.csv"), "--dry-run")
    assert code == EXIT_OK
    mismatch = "the import does not change them. Run python -m data.build_db to rebuild it."
    assert (mismatch in out) == (demo_here == "0")
    code, out = run(url_of(engine), monkeypatch, str(PROBLEMS / "problems.csv"))
    assert code == EXIT_REJECTED
    assert snapshot(engine) == before


def test_an_unbuilt_database_is_not_built_by_the_import(tmp_path, monkeypatch):
    from sqlalchemy import create_engine, inspect

    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    code, out = run(url, monkeypatch, str(VALID / "observations_utf8.csv"), "--dry-run")
    assert code == EXIT_REJECTED
    assert "run python -m data.build_db first" in out
    assert inspect(create_engine(url)).get_table_names() == []


REPLICA = """
import sys, time
from sqlalchemy import create_engine
from data.importer.guard import user_lock
with user_lock(sys.argv[2], create_engine(sys.argv[1])):
    print("held", flush=True)
    time.sleep(120)
"""


@pytest.mark.postgres
def test_a_second_import_by_the_same_user_on_another_replica_is_refused(pg_engine, monkeypatch, tmp_path):
    """Replicas on other machines share the database, not the lock folder: another process with a lock folder of
    its own (as another machine's page would be) holds the steward's import; this one is refused, another user is
    not, and the lock is gone once the other process ends (even when killed)."""
    import subprocess
    import sys

    from sqlalchemy import text

    url = url_of(pg_engine)
    before = snapshot(pg_engine)
    env = {**__import__("os").environ, "IMPORT_LOCK_DIR": str(tmp_path / "other-machine")}
    monkeypatch.setenv("IMPORT_LOCK_DIR", str(tmp_path / "this-machine"))
    holder = subprocess.Popen(
        [sys.executable, "-c", REPLICA, url, "steward"], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        code, out = run(url, monkeypatch, str(VALID / "observations_utf8.csv"), "--user", "steward")
        assert code == EXIT_REJECTED and "Another import by the same user is running" in out
        code, out = run(url, monkeypatch, str(VALID / "observations_utf8.csv"), "--dry-run", "--user", "other")
        assert code == EXIT_OK, out
    finally:
        holder.kill()
        holder.wait()
    assert snapshot(pg_engine) == before
    code, out = run(url, monkeypatch, str(VALID / "observations_utf8.csv"), "--dry-run", "--user", "steward")
    assert code == EXIT_OK, out
    with pg_engine.connect() as c:  # nothing left behind in the database
        held = c.execute(text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")).scalar()
    assert held == 0


def test_a_second_import_by_the_same_user_is_refused(reference_engine, monkeypatch, tmp_path):
    monkeypatch.setenv("IMPORT_LOCK_DIR", str(tmp_path))
    with user_lock("steward"):
        code, out = run(
            url_of(reference_engine),
            monkeypatch,
            str(VALID / "observations_utf8.csv"),
            "--dry-run",
            "--user",
            "steward",
        )
        assert code == EXIT_REJECTED
        assert "Another import by the same user is running" in out
        code, out = run(
            url_of(reference_engine), monkeypatch, str(VALID / "observations_utf8.csv"), "--dry-run", "--user", "other"
        )
        assert code == EXIT_OK
    code, out = run(
        url_of(reference_engine), monkeypatch, str(VALID / "observations_utf8.csv"), "--dry-run", "--user", "steward"
    )
    assert code == EXIT_OK


def test_an_unexpected_failure_shows_no_traceback(shared, monkeypatch, tmp_path):
    log = tmp_path / "errors.log"
    monkeypatch.setenv("IMPORT_ERROR_LOG", str(log))

    def broken(*args, **kwargs):
        raise RuntimeError("INSERT INTO observations VALUES ('secret')")

    monkeypatch.setattr(importer, "check", broken)
    code, out = run(url_of(shared), monkeypatch, str(VALID / "observations_utf8.csv"))
    assert code == EXIT_REJECTED
    assert "Traceback" not in out and "INSERT" not in out and "secret" not in out
    assert "The import failed unexpectedly and nothing was written" in out
    assert "INSERT INTO observations" in log.read_text()


def test_a_nul_in_a_file_longer_than_4_kb_is_named_in_its_cell(reference_engine):
    """One NUL far into a text file is a cell's problem, not a binary file."""
    body = "indicator,geo_level,geo,period,value,source,note\r\n" + "".join(
        f"children_in_institutions,district,Quba,{1992 + i},5,,\r\n" for i in range(30)
    )
    body += "children_in_institutions,district,Qusar,2025,5,,x\x00y\r\n"
    checked = importer.check(reference_engine, body.encode(), "nul.csv")
    assert [(p.row, p.column, p.key) for p in checked.errors] == [(32, "note", "control_character")]


def test_a_date_shown_as_a_year_is_the_year_not_its_january(reference_engine):
    """Excel formats "2025" typed into a date column as a date shown "yyyy": it is read as the year 2025 (a note),
    a date shown as month and year as the month, one shown with its day is refused."""
    from datetime import datetime

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "observations"
    ws.append(["indicator", "geo_level", "geo", "period", "value", "source", "note"])
    for i, (when, fmt) in enumerate(
        [(datetime(2024, 1, 1), "yyyy"), (datetime(2025, 8, 1), "mmm-yy"), (datetime(2023, 1, 1), "yyyy")], start=2
    ):
        ws.append(["children_in_institutions", "district", "Quba", when, 10 + i, "", ""])
        ws.cell(i, 4).number_format = fmt
    out = io.BytesIO()
    wb.save(out)
    checked = importer.check(reference_engine, out.getvalue(), "years.xlsx")
    assert checked.ok, [p.message("en") for p in checked.errors]
    assert checked.observations[["row", "period"]].values.tolist() == [[2, "2024"], [3, "2025-08"], [4, "2023"]]
    assert [(p.key, p.row) for p in checked.notes] == [("period_year_from_date", 2), ("period_month_from_date", 3)]
    assert "they were read as the year, not its January (rows: 2, 4)" in checked.notes[0].message("en")


def test_rows_drawn_zero_high_and_columns_zero_wide_count_as_hidden():
    from data.importer.xlsx import hidden_lines

    xml = (
        '<worksheet><cols><col min="2" max="2" width="0" customWidth="1"/><col min="3" max="3" width="9"/></cols>'
        '<sheetData><row r="1"><c r="A1"/></row><row r="2" ht="0" customHeight="1"><c r="A2"/></row>'
        '<row r="3" ht="0.0"/><row r="4" ht="15"/><row r="5" hidden="1"/></sheetData></worksheet>'
    )
    assert hidden_lines(xml) == ([2, 3, 5], [2])
