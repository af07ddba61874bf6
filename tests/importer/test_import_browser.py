"""In Chromium: download the templates (Excel; CSV with its lists of codes), upload a file through the import
page, preview it, commit it, see the new value on the map, then roll the import back through the page (the app
server's database is shared with other browser tests)."""

import io
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from playwright.sync_api import expect

from tests.helpers import assert_no_exception, save_screenshot, wait_for_app, wait_for_charts

pytestmark = pytest.mark.browser

VALUE = 4321  # home care recipients in Qəbələ in 2025: far from the demonstration figure (a few hundred)
CSV = f"indicator,geo_level,geo,period,value,source\nhome_care_recipients,district,Qəbələ,2025,{VALUE},Browser test\n"

MAP_VALUES = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot')]
    .flatMap(gd => (gd.data || []).filter(t => t.type === 'choroplethmap' || t.type === 'choroplethmapbox'))
    .flatMap(t => Array.from(t.hovertext || t.text || []))"""


def test_upload_preview_commit_and_see_it_on_the_map(app_server, browser_page, tmp_path):
    page = browser_page
    path = tmp_path / "home_care.csv"
    path.write_text(CSV, encoding="utf-8")

    # The frame first (the deep link alone works too: tests/app_pages/test_frame.py).
    page.goto(f"{app_server}/?lang=en")
    wait_for_app(page)
    page.goto(f"{app_server}/import_data?lang=en")
    wait_for_app(page)
    expect(page.locator("h1").first).to_have_text("Data import")
    with page.expect_download() as download:
        page.get_by_role("button", name="Excel template").click()
    assert download.value.suggested_filename == "import_template_en.xlsx"
    template = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert template.sheetnames == ["observations", "facilities", "lists", "guide"]
    assert template["guide"]["A1"].value == "Data import: guide"
    lists = pd.read_excel(io.BytesIO(Path(download.value.path()).read_bytes()), sheet_name="lists", dtype=str)
    assert {"home_care_recipients", "children_in_institutions"} <= set(lists["indicator"].dropna())
    assert {"AZ-QAB", "AZ-LAN", "AZX-AGD"} <= set(lists["code"].dropna())
    with page.expect_download() as download:
        page.get_by_role("button", name="CSV template").click()
    assert download.value.suggested_filename == "import_template.csv"
    header = Path(download.value.path()).read_bytes().decode("utf-8-sig").strip()
    assert header == "indicator,geo_level,geo,period,value,qualifier,value_low,value_high,segment,source,note"
    with page.expect_download() as download:
        page.get_by_role("button", name="Lists of codes (CSV)").click()
    lists = pd.read_csv(download.value.path(), dtype=str, encoding="utf-8-sig")
    assert {"home_care_recipients", "children_in_institutions"} <= set(lists.loc[lists["list"] == "indicator", "code"])
    assert {"AZ-QAB", "AZ-LAN", "AZX-AGD"} <= set(lists.loc[lists["list"] == "geo", "code"])
    page.locator('input[type="file"]').first.set_input_files(str(path))
    wait_for_app(page, rerun=True)
    expect(page.get_by_text("Preview", exact=True)).to_be_visible(timeout=60_000)
    metrics = page.locator('[data-testid="stMetric"]')
    expect(metrics.first).to_contain_text("New")
    expect(metrics.first).to_contain_text("1")
    save_screenshot(page, "import-preview")

    page.get_by_role("button", name="Commit").click()
    wait_for_app(page, rerun=True)
    success = page.locator('[data-testid="stAlert"]').filter(has_text=re.compile(r"Import \d+ was written"))
    expect(success).to_be_visible(timeout=60_000)
    batch = re.search(r"Import (\d+) was written", success.inner_text()).group(1)
    assert_no_exception(page)

    page.goto(f"{app_server}/map?lang=en&indicator=home_care_recipients&level=district&period=2025&measure=total")
    wait_for_app(page)
    wait_for_charts(page)
    page.wait_for_function(f"() => ({MAP_VALUES})().some(h => h.includes('Gabala'))", timeout=60_000)
    gabala = [h for h in page.evaluate(MAP_VALUES) if "Gabala" in h]
    assert gabala and "4,321" in gabala[0], gabala
    assert "Source: Browser test" in gabala[0] and "official" in gabala[0]
    save_screenshot(page, "import-on-the-map")

    # Put the shared database back as it was, through the page's rollback.
    page.goto(f"{app_server}/import_data?lang=en")
    wait_for_app(page)
    page.get_by_text("I understand that everything this import wrote is removed").click()
    wait_for_app(page, rerun=True)
    page.get_by_role("button", name="Roll back").click()
    wait_for_app(page, rerun=True)
    expect(page.get_by_text(f"Import {batch} was rolled back")).to_be_visible(timeout=60_000)
    assert_no_exception(page)
    assert page.external_requests() == []
