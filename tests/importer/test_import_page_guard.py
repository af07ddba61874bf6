"""The import page's guards (issue #12): a second concurrent import by the same user is refused with a clear message
on the page and on the command line while another process holds that user's import lock, and the session never
holds more than one uploaded file (a second upload replaces the first)."""

import io
import subprocess
import sys
from contextlib import contextmanager

import pytest
from importfx import PROBLEMS, ROOT, VALID, snapshot
from streamlit.testing.v1 import AppTest

from app_pages.ui.auth import LOCAL_SUBJECT
from data import importer
from data.importer.cli import EXIT_REJECTED, main

PAGE = "app_pages/import_data.py"
BUSY_EN = (
    "Another import by the same user is running (on the page or the command line): wait for it to finish, "
    "then try again."
)
HOLDER = """
import sys, time
from data.importer.guard import user_lock
with user_lock(sys.argv[1]):
    print("held", flush=True)
    time.sleep(120)
"""


@pytest.fixture
def page(sqlite_engine, monkeypatch, tmp_path):
    """The import page (English) on a database of this test's own, with a lock folder of its own."""
    monkeypatch.setenv("DATABASE_URL", sqlite_engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("IMPORT_LOCK_DIR", str(tmp_path / "locks"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


@contextmanager
def another_import_running(user: str):
    """Another process (as the command line or another replica's page would be) holding `user`'s import lock."""
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, user], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "held"
        yield proc
    finally:
        proc.kill()
        proc.wait()


def upload(at: AppTest, path) -> AppTest:
    at.file_uploader(key="import.file").upload(path.name, path.read_bytes(), "text/csv").run()
    assert not at.exception
    return at


def test_the_page_refuses_an_import_while_the_same_user_runs_another(page, sqlite_engine, monkeypatch):
    before = snapshot(sqlite_engine)
    with another_import_running(LOCAL_SUBJECT):
        upload(page, VALID / "observations_utf8.csv")
        assert BUSY_EN in [e.value for e in page.error]
        assert not [b for b in page.button if b.key == "import.commit"]
        # the command line, for the same user, is refused too
        monkeypatch.setenv("DATABASE_URL", sqlite_engine.url.render_as_string(hide_password=False))
        out = io.StringIO()
        code = main([str(VALID / "observations_utf8.csv"), "--user", LOCAL_SUBJECT, "--lang", "en"], out=out)
        assert code == EXIT_REJECTED and BUSY_EN in out.getvalue()
    assert snapshot(sqlite_engine) == before
    page.run()  # the other import ended: the same file is read now
    assert BUSY_EN not in [e.value for e in page.error]
    assert [m.value for m in page.metric] == ["7", "0", "0", "0"]


def test_a_commit_is_refused_while_the_same_user_runs_another_import(page, sqlite_engine):
    upload(page, VALID / "observations_utf8.csv")
    assert [b for b in page.button if b.key == "import.commit"]
    before = snapshot(sqlite_engine)
    with another_import_running(LOCAL_SUBJECT):
        page.button(key="import.commit").click().run()
        assert not page.exception
        assert BUSY_EN in [e.value for e in page.error]
        assert snapshot(sqlite_engine) == before
        assert importer.batches(sqlite_engine).empty
        assert not [b for b in page.button if b.key == "import.commit"]  # the preview waits for the lock too
    page.run()
    page.button(key="import.commit").click().run()
    assert len(importer.batches(sqlite_engine)) == 1


def held_files(at: AppTest) -> list[str]:
    """The uploaded or checked files the session holds (their names), wherever they are kept."""
    names = []
    for value in at.session_state.to_dict().values():
        if isinstance(value, importer.Checked):
            names.append(value.file_name)
        elif hasattr(value, "getvalue") and hasattr(value, "name"):  # an UploadedFile
            names.append(value.name)
        elif isinstance(value, list | tuple):
            names += [v.name for v in value if hasattr(v, "getvalue") and hasattr(v, "name")]
    return names


def test_a_second_upload_replaces_the_first_in_the_session(page):
    upload(page, VALID / "observations_utf8.csv")
    assert held_files(page).count("observations_utf8.csv") >= 1
    assert set(held_files(page)) == {"observations_utf8.csv"}
    upload(page, PROBLEMS / "problems.csv")
    assert set(held_files(page)) == {"problems.csv"}, "the first file is gone from the session"
    assert page.error[0].value.startswith("The file is rejected: 15 problem(s).")
    checked = page.session_state["import.checked"]
    assert checked.file_name == "problems.csv" and len(checked.errors) == 15
    uploader = page.file_uploader(key="import.file")
    assert uploader.proto.multiple_files is False  # the uploader holds one file: a new one replaces it
    page.file_uploader(key="import.file").clear().run()
    assert held_files(page) == []
