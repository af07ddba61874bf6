"""Helpers for the browser tests (Playwright sync API against the running Streamlit app).

Streamlit reports its state on the root element, which is what we wait on instead of sleeping:
    <div data-testid="stApp" data-test-connection-state="CONNECTED" data-test-script-state="notRunning">
`data-test-script-state` is "initial" until the first run starts, then "running" / "notRunning"
(also "rerunRequested", "stopRequested", "compilationError").
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOT_DIR = ROOT / "test-artifacts" / "screenshots"

APP = '[data-testid="stApp"]'
RUNNING_INDICATOR = '[data-testid="stStatusWidgetRunningIcon"], [data-testid="stStatusWidgetRunningManIcon"]'
DEFAULT_TIMEOUT_MS = 60_000
IDLE_MS = 250  # how long the app must stay idle after a run to count as done (wait_for_app)


def wait_for_app(page: Page, timeout: int = DEFAULT_TIMEOUT_MS, rerun: bool = False) -> None:
    """Wait until Streamlit is connected and has finished running the script.

    After an interaction (click, select, ...) pass `rerun=True`: the rerun starts asynchronously, so
    we first give it up to 2 s to begin, otherwise we could see the previous run's "notRunning".
    """
    page.wait_for_selector(APP, timeout=timeout)
    page.wait_for_selector(f'{APP}[data-test-connection-state="CONNECTED"]', timeout=timeout)
    if rerun:
        # Give the rerun up to 2 s to start; if it does not show, it was quick and is already over.
        with contextlib.suppress(PlaywrightTimeoutError):
            page.wait_for_selector(f'{APP}:not([data-test-script-state="notRunning"])', timeout=2_000)
    # A page can run twice on arrival (the app's frame sets the URL or the session state, and the next run draws the
    # page): on a loaded machine the pause between the runs is long enough to be taken for the end. So the app must
    # stay idle for a moment before it counts as done (a few tries; each ends at once when it is idle and stays so).
    for _ in range(5):
        page.wait_for_selector(f'{APP}[data-test-script-state="notRunning"]', timeout=timeout)
        # The "Running..." status widget lingers briefly after the state flips; wait for it to go.
        page.wait_for_selector(RUNNING_INDICATOR, state="hidden", timeout=timeout)
        page.locator('[data-testid="stStatusWidget"]').filter(has_text=re.compile("Running")).first.wait_for(
            state="hidden", timeout=timeout
        )
        page.wait_for_timeout(IDLE_MS)
        if page.locator(f'{APP}[data-test-script-state="notRunning"]').count():
            return


def wait_for_charts(page: Page, n: int = 1, timeout: int = DEFAULT_TIMEOUT_MS) -> int:
    """Wait until at least `n` Plotly charts have been drawn; returns how many there are."""
    drawn = """(n) => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
        .filter(el => el.querySelector('.js-plotly-plot, .main-svg')).length >= n"""
    page.wait_for_function(drawn, arg=n, timeout=timeout)
    return page.locator('[data-testid="stPlotlyChart"]').count()


def assert_no_exception(page: Page) -> None:
    """Fail when the app shows an exception box (st.exception / an uncaught error)."""
    boxes = page.locator('[data-testid="stException"]')
    count = boxes.count()
    if count:
        texts = [boxes.nth(i).inner_text()[:2000] for i in range(count)]
        raise AssertionError(f"{count} exception box(es) in the app:\n" + "\n---\n".join(texts))


def save_screenshot(page: Page, name: str, full_page: bool = True) -> Path:
    """Save a screenshot to test-artifacts/screenshots/<name>.png and return its path.

    Streamlit scrolls inside its own container, so a full-page shot shows only the viewport height:
    the browser_page fixture uses a tall viewport; take element screenshots for long pages.
    """
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_") or "screenshot"
    path = SCREENSHOT_DIR / f"{safe}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def open_table_sections(at):
    """Open every table's section on an AppTest page (a chart's data, a list in a closed section: each is drawn only
    while its section is open) and run the page again, so that a test sees the tables as a reader who opens them;
    returns `at`."""
    from app_pages.ui.components import table_key

    keys = [k for k in at.session_state if str(k).startswith(table_key(""))]
    for k in keys:
        at.session_state[k] = True
    if keys:
        at.run()
    return at
