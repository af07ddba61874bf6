"""Page benchmark (a script, not a test): per page, the AppTest run time cold and warm, and the time a real
browser takes from navigation to the first chart drawn.

    PYTHONPATH=. .venv/bin/python bench/bench_pages.py [--runs 7] [--no-browser] [--pages map,district]

Budget on the reference data: a warm rerun under 300 ms, the first chart in the browser under 2 s.
Cold: caches cleared (queries and metrics run); warm: the median of the following reruns. Browser (from the
navigation or the click to the first chart drawn; on the sources page, which has no chart, the first table):
"fresh profile" opens the page's URL in a new browser context (Streamlit's and plotly.js's scripts are downloaded
and compiled first); "reload" opens the URL in a tab whose browser has the scripts cached (median); "in-app"
chooses the page in the sidebar of an open app (median of --visits). Each is judged against the budget.
The figures are printed as a Markdown table (copied into docs/PAGES.md).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = {
    "overview": "app_pages/overview.py",
    "children": "app_pages/children.py",
    "rehabilitation": "app_pages/rehabilitation.py",
    "dost": "app_pages/dost.py",
    "map": "app_pages/map.py",
    "district": "app_pages/district.py",
    "facilities": "app_pages/facilities.py",
    "sources": "app_pages/sources.py",
}
WARM_BUDGET_MS = 300
FIRST_CHART_BUDGET_MS = 2000
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# The first chart drawn; on a page without charts (sources), the first table drawn (its canvas).
CHARTLESS = {"sources"}
FIRST_CHART = """(name) => {
    if (name === 'sources') return !!document.querySelector('[data-testid="stDataFrame"] canvas');
    return [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
        .some(el => el.querySelector('.js-plotly-plot .main-svg'));
}"""
NEW_CHART = (
    """(name) => (location.pathname.endsWith('/' + name) || (name === 'overview' && location.pathname === '/'))
    && ("""
    + FIRST_CHART
    + """)(name)"""
)


def build_database(directory: Path) -> str:
    """A fresh SQLite database built from data/reference (with the demonstration series); its URL."""
    from data.db import make_engine
    from data.loader import build_database as build

    url = f"sqlite:///{directory / 'bench.sqlite3'}"
    engine = make_engine(url)
    build(engine, demo=True)
    engine.dispose()
    return url


def apptest_times(pages: list[str], runs: int) -> dict[str, tuple[float, float]]:
    """page -> (cold ms, warm median ms) under AppTest."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    out = {}
    for name in pages:
        st.cache_data.clear()
        st.cache_resource.clear()
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
        at.query_params["lang"] = "az"
        if name != "overview":
            at.switch_page(PAGES[name])
        start = time.perf_counter()
        at.run()
        cold = (time.perf_counter() - start) * 1000
        if at.exception:
            raise SystemExit(f"{name}: exception: {at.exception[0].value}")
        warm = []
        for _ in range(runs):
            start = time.perf_counter()
            at.run()
            warm.append((time.perf_counter() - start) * 1000)
        out[name] = (cold, statistics.median(warm))
    return out


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def browser_times(pages: list[str], url: str, visits: int) -> dict[str, tuple[float | None, ...]]:
    """page -> (fresh tab, reload, in-app) ms: from navigation start (or the click) to the first chart drawn.

    Fresh tab: a new browser context opens the page's URL (the app's scripts, plotly.js included, are
    downloaded and compiled first). Reload: the page's URL opened in a tab of a browser that has the scripts in
    its cache (a copied link, F5). In-app: the page is chosen in the sidebar of an open app (the usual way from
    page to page); timed from the click.
    """
    from playwright.sync_api import sync_playwright

    from tests.helpers import wait_for_app

    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
        "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]  # fmt: skip
    server = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"

    def offline(context) -> None:
        context.route(lambda u: u.startswith(("http", "ws")) and not u.startswith(base), lambda r: r.abort())

    try:
        for _ in range(240):
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=1) as r:
                    if r.read() == b"ok":
                        break
            except OSError:
                time.sleep(0.25)
        out = {}
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
            app = browser.new_context(viewport={"width": 1400, "height": 1000})
            offline(app)
            tab = app.new_page()
            tab.goto(f"{base}/facilities?lang=az")  # loads the app's scripts and plotly.js once
            tab.wait_for_function(FIRST_CHART, arg="facilities", timeout=60_000)
            for name in pages:
                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                offline(context)
                page = context.new_page()
                page.goto(f"{base}/{address(name)}?lang=az")
                fresh = None
                with contextlib.suppress(Exception):  # reported as "–"
                    page.wait_for_function(FIRST_CHART, arg=name, timeout=60_000)
                    fresh = page.evaluate("() => performance.now()")
                context.close()
                times = []
                link = tab.locator(f'[data-testid="stSidebarNav"] a[href$="/{name}"]')
                if name == "overview" and not link.count():
                    link = tab.locator('[data-testid="stSidebarNav"] a').first
                for _ in range(visits):
                    away = "facilities" if name == "sources" else "sources"  # leave the page, then come back
                    tab.locator(f'[data-testid="stSidebarNav"] a[href$="/{away}"]').click()
                    tab.wait_for_url(f"**/{away}**")
                    wait_for_app(tab, rerun=True)
                    start = tab.evaluate("() => performance.now()")
                    link.click()
                    try:
                        tab.wait_for_function(NEW_CHART, arg=name, timeout=60_000)
                        times.append(tab.evaluate("() => performance.now()") - start)
                    except Exception:  # noqa: BLE001 - reported as "–"
                        break
                reloads = []
                for _ in range(max(1, visits - 1)):  # the page's URL opened in the tab: scripts from the cache
                    tab.goto(f"{base}/{address(name)}?lang=az")
                    try:
                        tab.wait_for_function(FIRST_CHART, arg=name, timeout=60_000)
                        reloads.append(tab.evaluate("() => performance.now()"))
                    except Exception:  # noqa: BLE001 - reported as "–"
                        break
                    wait_for_app(tab)
                median = statistics.median
                out[name] = (fresh, median(reloads) if reloads else None, median(times) if times else None)
            browser.close()
        return out
    finally:
        server.terminate()
        server.wait(timeout=20)


def address(name: str) -> str:
    """A page's address: its url_path, the root for the default page (the overview)."""
    return "" if name == "overview" else name


def ms(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7, help="warm AppTest reruns per page")
    parser.add_argument("--visits", type=int, default=4, help="browser visits per page")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--pages", default=",".join(PAGES))
    args = parser.parse_args()
    pages = [p for p in args.pages.split(",") if p in PAGES]

    with tempfile.TemporaryDirectory(prefix="bench-pages-") as tmp:
        url = build_database(Path(tmp))
        os.environ["DATABASE_URL"] = url
        app = apptest_times(pages, args.runs)
        web = {} if args.no_browser else browser_times(pages, url, args.visits)

    print(
        "| page | AppTest cold | AppTest warm | browser: fresh profile | browser: reload (cached scripts) "
        "| browser: in-app navigation | within budget: warm / fresh / reload / in-app |"
    )
    print("|---|---:|---:|---:|---:|---:|---|")

    def verdict(value: float | None, budget: float) -> str:
        return "–" if value is None else ("yes" if value < budget else "NO")

    over = set()
    for name in pages:
        cold, warm = app[name]
        fresh, reload, inapp = web.get(name, (None, None, None))
        checks = [verdict(warm, WARM_BUDGET_MS)] + [verdict(x, FIRST_CHART_BUDGET_MS) for x in (fresh, reload, inapp)]
        over |= {kind for kind, v in zip(("warm", "fresh", "reload", "in-app"), checks, strict=True) if v == "NO"}
        label = f"{name} (first table: no chart)" if name in CHARTLESS else name
        row = [label, ms(cold), ms(warm), ms(fresh), ms(reload), ms(inapp), " / ".join(checks)]
        print("| " + " | ".join(row) + " |")
    print(
        f"\nall times in ms; budget: warm rerun < {WARM_BUDGET_MS} ms, first chart < {FIRST_CHART_BUDGET_MS} ms; "
        + (f"over budget: {', '.join(sorted(over))}" if over else "all within")
    )


if __name__ == "__main__":
    main()
