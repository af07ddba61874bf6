"""The import page under Streamlit's AppTest: template downloads, a rejected file's problems, preview, commit
(caches cleared), rollback from the history."""

import pytest
from importfx import PROBLEMS, ROOT, VALID
from streamlit.testing.v1 import AppTest

from app_pages.ui import cache
from data import importer, queries

PAGE = "app_pages/import_data.py"


@pytest.fixture
def page(sqlite_engine, monkeypatch):
    """The app on a database of this test's own, switched to the import page."""
    monkeypatch.setenv("DATABASE_URL", sqlite_engine.url.render_as_string(hide_password=False))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def upload(at: AppTest, path) -> AppTest:
    at.file_uploader(key="import.file").upload(path.name, path.read_bytes(), "text/csv").run()
    assert not at.exception
    return at


def test_page_shows_the_template_downloads_and_an_empty_history(page):
    assert page.title[0].value == "Məlumatların idxalı"
    labels = {b.key: b.label for b in page.get("download_button")}
    assert labels == {
        "import.template.xlsx": "Excel şablonu",
        "import.template.csv": "CSV şablonu",
        "import.template.lists_csv": "Kodların siyahısı (CSV)",
    }
    assert "Hələ idxal olmayıb." in [c.value for c in page.caption]


def test_page_in_english(page):
    page.session_state["lang"] = "en"
    page.run()
    assert page.title[0].value == "Data import"
    assert {b.label for b in page.get("download_button")} == {"Excel template", "CSV template", "Lists of codes (CSV)"}


def test_a_rejected_file_lists_its_problems_and_offers_no_commit(page, sqlite_engine):
    upload(page, PROBLEMS / "problems.csv")
    assert page.error[0].value.startswith("Fayl qəbul edilmədi: 15 problem.")
    table = page.dataframe[0].value  # the problems
    assert len(table) == 15
    assert table.iloc[2].tolist() == [
        "xəta",
        "observations",
        5,
        "geo",
        "Naməlum ərazi «Lenkoran». Bəlkə Lənkəran (AZ-LAN)?",
    ]
    assert not [b for b in page.button if b.key == "import.commit"]
    assert importer.batches(sqlite_engine).empty


def test_preview_commit_and_rollback(page, sqlite_engine, monkeypatch):
    cleared = []
    real_clear = cache.clear
    monkeypatch.setattr(cache, "clear", lambda: (cleared.append(True), real_clear()))
    upload(page, VALID / "observations_utf8.csv")
    assert [m.value for m in page.metric] == ["7", "0", "0", "0"]
    assert queries.observation_count(sqlite_engine, "official") == 0  # the preview writes nothing

    assert not [w for w in page.text_input if w.key == "import.user"], "the user's name is not typed any more"
    page.button(key="import.commit").click().run()
    assert not page.exception
    assert page.success[0].value.startswith("İdxal 1 yazıldı: 7 yeni")
    assert cleared, "the caches were not cleared after the commit"
    assert queries.observation_count(sqlite_engine, "official") == 7
    history = page.dataframe[-1].value  # the import history, last on the page
    assert history.iloc[0, :4].tolist()[::2] == [1, "Yerli istifadəçi"]  # the session's user (local mode)
    # The same file again: every row is already stored, nothing to write.
    assert [m.value for m in page.metric] == ["0", "0", "7", "0"]
    assert page.button(key="import.commit").disabled

    page.checkbox(key="import.rollback.confirm").check().run()
    page.button(key="import.rollback.go").click().run()
    assert not page.exception
    assert "İdxal 1 geri qaytarıldı: əvvəlki vəziyyət bərpa olundu." in [s.value for s in page.success]
    assert queries.observation_count(sqlite_engine, "official") == 0
    assert importer.batches(sqlite_engine)["status"].tolist() == ["rolled_back"]
    assert len(cleared) == 2
