"""The app starts and renders its first page in Chromium, offline, without an exception."""

import pytest
from playwright.sync_api import expect

from tests.helpers import assert_no_exception, save_screenshot, wait_for_app

pytestmark = pytest.mark.browser


def test_app_renders_overview(app_server, browser_page):
    page = browser_page
    page.goto(app_server)
    wait_for_app(page)

    expect(page.locator('[data-testid="stApp"]')).to_be_visible()
    heading = page.locator("h1").first
    expect(heading).to_be_visible()
    assert heading.inner_text().strip(), "the first page has an empty h1"
    assert page.title().strip(), "the page has no title"
    assert_no_exception(page)
    save_screenshot(page, "smoke-overview")

    assert page.external_requests() == [], "requests left the machine"
