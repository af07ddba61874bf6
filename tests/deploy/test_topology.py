"""The production topology (deploy/topology.py) in Chromium: nginx in front of two Streamlit replicas on one
PostgreSQL. The page works through the proxy (websocket), the front end comes from nginx (its header, gzip, a
year's cache), a browser stays on its replica, and an import made through one replica is seen through the other
(the caches key on the data version, data/version.py)."""

from __future__ import annotations

import re
import time
import urllib.request

import pytest
from playwright.sync_api import expect

from deploy.probe import GABALA, MAP, SHOWN, import_csv
from deploy.topology import Nginx, Replica, build, free_port
from tests.helpers import assert_no_exception, wait_for_app, wait_for_charts

pytestmark = [pytest.mark.browser, pytest.mark.postgres]

CSV = import_csv("Topology test")
POLL_S = 1  # DATA_VERSION_POLL_S of the replicas


@pytest.fixture
def topology(pg_database, tmp_path):
    """Two replicas and nginx on loopback, on a fresh PostgreSQL database built from the reference data."""
    url = pg_database("topology")
    build(url)
    replicas = [Replica(free_port(), url, tmp_path, "test-secret", {"DATA_VERSION_POLL_S": str(POLL_S)})]
    replicas.append(Replica(free_port(), url, tmp_path, "test-secret", {"DATA_VERSION_POLL_S": str(POLL_S)}))
    proxy = Nginx(free_port(), [r.address for r in replicas], tmp_path / "nginx")
    try:
        for r in replicas:
            r.start()
        for r in replicas:
            r.wait()
        proxy.start()
        yield proxy, replicas
    finally:
        proxy.stop()
        for r in replicas:
            r.stop()


def replica_of(base: str, route: str) -> str:
    """The replica nginx sends a browser with this route cookie to (its X-Dashboard-Replica header)."""
    request = urllib.request.Request(f"{base}/_stcore/health", headers={"Cookie": f"dashboard_route={route}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers["X-Dashboard-Replica"]


def routed_page(make, base: str, route: str):
    """A fresh browser context carrying `route`, recording every response's headers."""
    page = make(locale="en-US")
    page.context.add_cookies([{"name": "dashboard_route", "value": route, "url": base}])
    page.responses = []
    page.on("response", lambda r: page.responses.append((r.url, r.all_headers())))
    return page


def test_a_page_through_the_proxy_and_an_import_seen_through_the_other_replica(topology, browser_page_factory):
    proxy, replicas = topology
    base = proxy.url
    # Two route cookies that nginx sends to different replicas (consistent hash: find them, do not assume).
    routes: dict[str, str] = {}
    for i in range(64):
        routes.setdefault(replica_of(base, f"route{i}"), f"route{i}")
        if len(routes) == 2:
            break
    assert set(routes) == {r.address for r in replicas}, f"nginx used only {sorted(routes)}"
    first, second = (routes[r.address] for r in replicas)

    # The reader, on the second replica: the map before the import.
    reader = routed_page(browser_page_factory, base, second)
    reader.goto(f"{base}{MAP}")
    wait_for_app(reader)
    wait_for_charts(reader)
    reader.wait_for_function(f"() => ({GABALA})().length > 0")
    assert SHOWN not in reader.evaluate(GABALA)[0]
    assert_no_exception(reader)

    # The websocket went through nginx; the front end came from nginx, compressed and cached for a year.
    assert any(u.startswith(f"ws://127.0.0.1:{proxy.port}/_stcore/stream") for u in reader.request_log)
    assets = [(u, h) for u, h in reader.responses if re.search(r"/static/js/[^/]+\.js$", u)]
    assert assets, "no JavaScript asset was loaded"
    for url, headers in assets:
        assert headers.get("x-served-by") == "nginx-static", url
        assert "immutable" in headers.get("cache-control", ""), url
        assert "x-dashboard-replica" not in headers, url
    assert any(h.get("content-encoding") == "gzip" for _, h in assets), "no asset came compressed"
    # Sticky: everything the reader asked of the app went to its replica.
    proxied = {h["x-dashboard-replica"] for _, h in reader.responses if "x-dashboard-replica" in h}
    assert proxied == {replicas[1].address}

    # The writer, on the first replica: upload, preview, commit through the import page.
    writer = routed_page(browser_page_factory, base, first)
    writer.goto(f"{base}/?lang=en")
    wait_for_app(writer)
    writer.goto(f"{base}/import_data?lang=en")
    wait_for_app(writer)
    path = proxy.base / "home_care.csv"
    path.write_text(CSV, encoding="utf-8")
    writer.locator('input[type="file"]').first.set_input_files(str(path))
    wait_for_app(writer, rerun=True)
    writer.get_by_role("button", name="Commit").click()
    wait_for_app(writer, rerun=True)
    success = writer.locator('[data-testid="stAlert"]').filter(has_text=re.compile(r"Import \d+ was written"))
    expect(success).to_be_visible(timeout=60_000)
    committed = time.monotonic()
    assert {h["x-dashboard-replica"] for _, h in writer.responses if "x-dashboard-replica" in h} == {
        replicas[0].address
    }

    # The reader's replica has the old map cached; within the data-version poll it draws the new value.
    seen = None
    while seen is None and time.monotonic() - committed < 30:
        reader.goto(f"{base}{MAP}")
        wait_for_app(reader)
        wait_for_charts(reader)
        reader.wait_for_function(f"() => ({GABALA})().length > 0")
        if SHOWN in reader.evaluate(GABALA)[0]:
            seen = time.monotonic() - committed
    assert seen is not None, "the second replica still drew the old value 30 s after the import"
    assert {h["x-dashboard-replica"] for _, h in reader.responses if "x-dashboard-replica" in h} == {
        replicas[1].address
    }
    assert reader.external_requests() == [] and writer.external_requests() == []


def test_the_speaker_notes_window_follows_the_presenter_behind_the_proxy(topology, browser_page_factory):
    """The notes window follows the presenter window through a table kept in the replica's process
    (app_pages.ui.present.publish). Behind nginx both windows of one browser carry the same route cookie, so they
    reach the same replica and the notes window follows there too (docs/COLLEGIUM.md)."""
    proxy, replicas = topology
    base = proxy.url
    presenter = routed_page(browser_page_factory, base, "presenter-laptop")
    presenter.goto(f"{base}/presenter?lang=en&slide=1")
    wait_for_app(presenter)
    notes = presenter.context.new_page()  # "Speaker notes window": a new window of the same browser
    notes.responses = []
    notes.on("response", lambda r: notes.responses.append((r.url, r.all_headers())))
    notes.goto(f"{base}/presenter?lang=en&slide=1&view=notes")
    wait_for_app(notes)
    expect(notes.get_by_text(re.compile(r"Speaker notes: slide 1 of \d+"))).to_be_visible(timeout=60_000)
    presenter.bring_to_front()
    presenter.wait_for_selector(".deck .slide-title", timeout=90_000)
    for _ in range(2):
        presenter.keyboard.press("ArrowRight")
        wait_for_app(presenter, rerun=True)
    expect(presenter).to_have_url(re.compile(r"slide=3"), timeout=30_000)
    expect(notes).to_have_url(re.compile(r"slide=3"), timeout=30_000)  # moved by itself, within its 1 s check
    served = {
        h["x-dashboard-replica"] for page in (presenter, notes) for _, h in page.responses if "x-dashboard-replica" in h
    }
    assert len(served) == 1, f"the two windows reached different replicas: {served}"
    assert_no_exception(notes)
