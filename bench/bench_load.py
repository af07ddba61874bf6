"""Load benchmark (a script, not a test): K concurrent first visits, each in a fresh browser context, open a page
and wait for its first chart, against one Streamlit process and against nginx + N replicas, with a static floor
page in the same run.

    PYTHONPATH=. .venv/bin/python bench/bench_load.py [--page map] [--ks 1,4,8] [--rounds 3] [--replicas 2]

All targets read one throw-away PostgreSQL built from the reference data (deploy/topology.py starts it).
- floor:   nginx serving one static HTML page that draws the same figure (its data and layout copied from the
           product's first chart) with the same plotly.js, precompressed: what any web page of this weight costs
- single:  one `streamlit run` process, straight (as `make run` serves it)
- bare:    the same figure alone on a Streamlit page, drawn as the product draws it, one replica behind nginx as
           `make serve`: what any Streamlit page costs before the product's own content
- proxied: nginx (front end from disk, precompressed) in front of --replicas replicas (as `make serve`)
Each server's caches are warmed by one visit per replica first: the figures are for new visitors of a running
server. Per K and target: the median and worst time to the first chart over all sessions of --rounds rounds,
the ratio of the medians to the floor's, the server CPU per visit (utime + stime from /proc of the server
processes, nginx included, over the measured visits) and the browser CPU per visit (every process of the one
headless Chromium over the same rounds: what a visitor's machine spends). Prints a Markdown table (docs/DEPLOY.md).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gzip
import os
import shutil
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app_pages.ui.components import PLOTLY_CONFIG  # noqa: E402
from deploy.topology import (  # noqa: E402
    APP_STATIC,
    Nginx,
    Postgres,
    Replica,
    build,
    free_port,
    precompress,
    sync_app_static,
)

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]  # fmt: skip
PAGES = {
    "map": "/map?indicator=home_care_recipients&level=district&period=2025&measure=total",
    "overview": "/",
    "district": "/district",
}
FIRST_CHART = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"], #floor')]
    .some(el => el.querySelector('.js-plotly-plot .main-svg'))"""
FIGURE = """() => { const gd = document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot');
    return JSON.stringify({data: gd.data, layout: gd.layout}, (k, v) => ArrayBuffer.isView(v) ? Array.from(v) : v); }"""
FLOOR_HTML = """<!doctype html><html lang="az"><head><meta charset="utf-8"><title>floor</title>
<script src="plotly.min.js"></script></head><body><div id="floor" style="width:1100px;height:640px"></div>
<script>fetch("figure.json").then(r => r.json()).then(f => Plotly.newPlot("floor", f.data, f.layout));</script>
</body></html>"""
# The floor of any Streamlit page: the product's first chart alone, drawn by st.plotly_chart as the product draws it
# (app_pages/ui/components.chart), with the app's settings (.streamlit/), one replica behind nginx as `make serve`.
BARE_APP = """import json, os
import plotly.graph_objects as go
import streamlit as st

st.set_page_config(page_title="bare", layout="wide")


@st.cache_resource
def figure():
    with open(os.environ["BENCH_FIGURE"], encoding="utf-8") as f:
        return go.Figure(json.load(f), skip_invalid=True)


select = {"on_select": "rerun", "selection_mode": "points"} if os.environ.get("BENCH_SELECT") else {}
st.plotly_chart(figure(), key="chart.first", theme=None, config=%r, **select)
"""
SELECTABLE = {"map"}  # pages whose first chart the visitor can click (on_select="rerun")
PLOTLY_JS = Path(__import__("plotly").__file__).resolve().parent / "package_data" / "plotly.min.js"
TICK = os.sysconf("SC_CLK_TCK")


def _processes() -> dict[int, tuple[str, list[str]]]:
    """Every process now: pid -> (command name, the fields of /proc/PID/stat after the name)."""
    found: dict[int, tuple[str, list[str]]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                head, tail = (entry / "stat").read_text().rsplit(")", 1)
            except OSError:
                continue
            found[int(entry.name)] = (head.split("(", 1)[1], tail.split())
    return found


def cpu_seconds(pids: list[int]) -> float:
    """CPU seconds of `pids` and every descendant (nginx workers, a browser's renderers): utime + stime, plus the
    children each has already reaped (cutime + cstime: a browser's closed pages end between two readings)."""
    procs = _processes()
    children: dict[int, list[int]] = {}
    for pid, (_, fields) in procs.items():
        children.setdefault(int(fields[1]), []).append(pid)
    total, todo, seen = 0.0, list(pids), set()
    while todo:
        pid = todo.pop()
        if pid in seen or pid not in procs:
            continue
        seen.add(pid)
        fields = procs[pid][1]
        total += sum(int(fields[i]) for i in (11, 12, 13, 14)) / TICK
        todo.extend(children.get(pid, []))
    return total


def browser_pids() -> list[int]:
    """The headless Chromium this process started (through Playwright's driver): its first process."""
    procs = _processes()
    parent = {pid: int(fields[1]) for pid, (_, fields) in procs.items()}

    def ours(pid: int) -> bool:
        while pid > 1:
            if pid == os.getpid():
                return True
            pid = parent.get(pid, 1)
        return False

    return [
        pid
        for pid, (name, _) in procs.items()
        if name.startswith("chrom") and not procs.get(parent[pid], ("",))[0].startswith("chrom") and ours(pid)
    ]


class Visit:
    """One first visit: seconds to the first chart, or the reason it failed."""

    def __init__(self, seconds: float | None = None, error: str | None = None) -> None:
        self.seconds, self.error = seconds, error


async def visit(browser, url: str, timeout_s: float, route: str | None = None) -> Visit:
    """A first visit in a fresh context (nothing cached): from the navigation to the first chart drawn. Never
    raises: a timeout or a browser error is returned as a failed visit, named."""
    context = None
    try:
        context = await browser.new_context(viewport={"width": 1400, "height": 1000}, locale="az-AZ")
        context.set_default_timeout(timeout_s * 1000)
        context.set_default_navigation_timeout(timeout_s * 1000)
        if route:
            await context.add_cookies([{"name": "dashboard_route", "value": route, "url": url}])
        page = await context.new_page()
        start = time.perf_counter()
        # "commit": the navigation is under way; the clock runs until the chart is drawn, whatever loads meanwhile.
        await page.goto(url, wait_until="commit")
        remaining = max(1.0, timeout_s - (time.perf_counter() - start))
        await page.wait_for_function(FIRST_CHART, timeout=remaining * 1000, polling=50)
        return Visit(time.perf_counter() - start)
    except Exception as e:  # noqa: BLE001 - a benchmark counts failures, it does not stop on them
        return Visit(error=f"{type(e).__name__}: {str(e).splitlines()[0][:120] if str(e) else ''}")
    finally:
        if context is not None:
            with contextlib.suppress(Exception):
                await context.close()


class Result:
    """All visits of one target at one K: times, failures and the server CPU they cost."""

    def __init__(self, idle: float = 0.0) -> None:
        self.visits: list[Visit] = []
        self.cpu = 0.0
        self.browser_cpu = 0.0  # the browser's CPU over the same rounds (every process of the one Chromium)
        self.elapsed = 0.0
        self.idle = idle  # the servers' CPU seconds per second with nobody visiting

    @property
    def times(self) -> list[float]:
        return [v.seconds for v in self.visits if v.seconds is not None]

    @property
    def failures(self) -> list[str]:
        return [v.error for v in self.visits if v.error is not None]

    def median(self) -> float | None:
        return statistics.median(self.times) if self.times else None

    def worst(self) -> float | None:
        return max(self.times) if self.times else None

    def cpu_per_visit(self) -> float:
        return self.cpu / max(1, len(self.visits))

    def browser_cpu_per_visit(self) -> float:
        return self.browser_cpu / max(1, len(self.visits))

    def net_cpu_per_visit(self) -> float:
        """Less what the servers use with nobody visiting over the same time (file polling, timers): the longer
        a loaded machine makes a visit, the more of that it would otherwise count."""
        return max(0.0, self.cpu - self.idle * self.elapsed) / max(1, len(self.visits))


async def one_round(
    browser, url: str, k: int, pids: list[int], browser_root: list[int], timeout_s: float, result: Result
) -> None:
    """k concurrent first visits of `url`; their times and the server and browser CPU they cost added to
    `result` (the targets take turns, so a round's browser CPU is its own visits')."""
    cpu0, browser0, t0 = cpu_seconds(pids), cpu_seconds(browser_root), time.perf_counter()
    result.visits += await asyncio.gather(*(visit(browser, url, timeout_s) for _ in range(k)))
    await asyncio.sleep(0.5)  # the last messages of the runs, the closed pages' processes reaped
    result.cpu += cpu_seconds(pids) - cpu0
    result.browser_cpu += cpu_seconds(browser_root) - browser0
    result.elapsed += time.perf_counter() - t0


async def idle_rate(pids: list[int], seconds: float = 5.0) -> float:
    """CPU seconds per second the processes use with nobody visiting (timers, file polling)."""
    cpu0 = cpu_seconds(pids)
    await asyncio.sleep(seconds)
    return (cpu_seconds(pids) - cpu0) / seconds


def routes(base: str, n: int) -> list[str]:
    """Route cookie values that nginx sends to n different replicas (read from its X-Dashboard-Replica)."""
    found: dict[str, str] = {}
    for i in range(256):
        request = urllib.request.Request(f"{base}/_stcore/health", headers={"Cookie": f"dashboard_route=r{i}"})
        with urllib.request.urlopen(request, timeout=30) as response:
            found.setdefault(response.headers["X-Dashboard-Replica"], f"r{i}")
        if len(found) == n:
            break
    return list(found.values())


def floor_site(base: Path, figure_json: str) -> Path:
    """The floor page's folder: the HTML, plotly.js and the figure, each with its .gz beside it."""
    site = base / "floor"
    site.mkdir(parents=True)
    (site / "index.html").write_text(FLOOR_HTML, encoding="utf-8")
    shutil.copy(PLOTLY_JS, site / "plotly.min.js")
    (site / "figure.json").write_text(figure_json, encoding="utf-8")
    for name in ("index.html", "plotly.min.js", "figure.json"):
        with (site / name).open("rb") as f_in, gzip.open(site / f"{name}.gz", "wb", compresslevel=9) as f_out:
            shutil.copyfileobj(f_in, f_out)
    sync_app_static(site.parent / "floor-app", APP_STATIC)  # the map's sprite, with its .gz
    for path in (site.parent / "floor-app" / "app" / "static").iterdir():
        shutil.copy2(path, site / path.name)
    return site


def _s(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f} s"


def load_text() -> str:
    """The machine's load average (1, 5, 15 minutes) as text."""
    one, five, fifteen = os.getloadavg()
    return f"{one:.1f} / {five:.1f} / {fifteen:.1f}"


async def warm(browser, url: str, timeout_s: float, route: str | None = None, tries: int = 3) -> None:
    """Visits until one draws its chart (the server's caches filled); fails after `tries`."""
    for _ in range(tries):
        done = await visit(browser, url, timeout_s, route)
        if done.seconds is not None:
            return
        print(f"  warming {url}: {done.error}; again", flush=True)
    raise SystemExit(f"could not warm {url}")


async def run(args: argparse.Namespace) -> None:
    from playwright.async_api import async_playwright

    base = Path(tempfile.mkdtemp(prefix="bench-load-"))
    os.chmod(base, 0o755)
    pg = Postgres(base / "pg")
    started: list = []
    started_at = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    load_before = load_text()
    try:
        url = pg.start()
        build(url)
        single = Replica(free_port(), url, base, "bench")
        replicas = [Replica(free_port(), url, base, "bench") for _ in range(args.replicas)]
        for r in [single, *replicas]:
            r.start()
            started.append(r)
        for r in [single, *replicas]:
            r.wait()
        proxy = Nginx(free_port(), [r.address for r in replicas], base / "nginx", precompress())
        proxy.start()
        started.append(proxy)
        path = PAGES[args.page]
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
            browser_root = browser_pids()
            # Warm every server's caches, and copy the product's first chart for the floor page.
            context = await browser.new_context(viewport={"width": 1400, "height": 1000})
            context.set_default_timeout(args.timeout * 1000)
            page = await context.new_page()
            await page.goto(f"http://{single.address}{path}", timeout=args.timeout * 1000)
            await page.wait_for_function(FIRST_CHART, timeout=args.timeout * 1000)
            figure = await page.evaluate(FIGURE)
            await context.close()
            for route in routes(proxy.url, len(replicas)):  # one visit per replica
                await warm(browser, f"{proxy.url}{path}", args.timeout, route)
            # The floor is self-contained: the map style's sprite (the app's static/) copied beside it.
            floor_port = free_port()
            figure = figure.replace(f"http://{single.address}/app/static/", f"http://127.0.0.1:{floor_port}/")
            floor = Nginx(floor_port, ["127.0.0.1:9"], base / "floor-nginx", floor_site(base, figure))
            floor.start()
            started.append(floor)
            await warm(browser, f"{floor.url}/", args.timeout)
            # The bare Streamlit page: the same figure (its sprite from its own proxy), one replica behind nginx.
            bare_port = free_port()
            (base / "bare_app.py").write_text(BARE_APP % (PLOTLY_CONFIG,), encoding="utf-8")
            (base / "bare_figure.json").write_text(
                figure.replace(f"http://127.0.0.1:{floor_port}/", f"http://127.0.0.1:{bare_port}/app/static/"),
                encoding="utf-8",
            )
            bare_env = {
                "BENCH_FIGURE": str(base / "bare_figure.json"),
                "BENCH_SELECT": "1" if args.page in SELECTABLE else "",
            }
            bare = Replica(free_port(), url, base, "bench", env=bare_env, script=base / "bare_app.py")
            bare.start()
            started.append(bare)
            bare.wait()
            bare_proxy = Nginx(bare_port, [bare.address], base / "bare-nginx", precompress())
            bare_proxy.start()
            started.append(bare_proxy)
            await warm(browser, f"{bare_proxy.url}/", args.timeout)
            targets = {
                "floor": (f"{floor.url}/", [floor.proc.pid]),
                "bare": (f"{bare_proxy.url}/", [bare_proxy.proc.pid, bare.proc.pid]),
                "single": (f"http://{single.address}{path}", [single.proc.pid]),
                "proxied": (f"{proxy.url}{path}", [proxy.proc.pid, *(r.proc.pid for r in replicas)]),
            }
            idle = {name: await idle_rate(pids) for name, (_, pids) in targets.items()}
            print("  idle server CPU (nobody visiting): "
                  + ", ".join(f"{n} {v * 1000:.1f} ms/s" for n, v in idle.items()), flush=True)  # fmt: skip
            rows = []
            for k in args.ks:
                results = {name: Result(idle[name]) for name in targets}
                loads = [os.getloadavg()[0]]
                # Rounds outermost: the targets take turns, so a change of the machine's load meets them all.
                for _ in range(args.rounds):
                    for name, (target, pids) in targets.items():
                        await one_round(browser, target, k, pids, browser_root, args.timeout, results[name])
                    loads.append(os.getloadavg()[0])
                for name, res in results.items():
                    failed = f", {len(res.failures)} failed" if res.failures else ""
                    print(f"  K={k} {name:8} median {_s(res.median()):>8}  worst {_s(res.worst()):>8}  "
                          f"server CPU {res.cpu_per_visit():5.3f} s/visit, "
                          f"net of idle {res.net_cpu_per_visit():5.3f} s, "
                          f"browser CPU {res.browser_cpu_per_visit():5.3f} s/visit "
                          f"({len(res.visits)} visits{failed})",
                          flush=True)  # fmt: skip
                    for error in sorted(set(res.failures)):
                        print(f"      {res.failures.count(error)} x {error}", flush=True)
                rows.append((k, results, min(loads), max(loads)))
            await browser.close()
        print(f"\nPage `{args.page}` ({path}), {args.rounds} rounds per K, {args.replicas} replicas behind nginx, "
              f"{os.cpu_count()} cores, started {started_at}; navigation to first chart, fresh browser contexts, "
              f"time-out {args.timeout:.0f} s per visit. Load average before the run {load_before}, after "
              f"{load_text()}.\n")  # fmt: skip
        print("| K | load (1 min) | floor median / worst | bare Streamlit page median / worst | ratio "
              "| single median / worst | ratio | proxied median / worst | ratio | proxied / bare "
              "| failed visits: floor / bare / single / proxied "
              "| server CPU per visit: bare / single / proxied | the same net of idle: bare / single / proxied "
              "| browser CPU per visit: floor / bare / single / proxied |")  # fmt: skip
        print("|---" * 14 + "|")
        for k, results, lo, hi in rows:
            fm = results["floor"].median()
            cells = [f"{k}", f"{lo:.1f}-{hi:.1f}", f"{_s(fm)} / {_s(results['floor'].worst())}"]
            for name in ("bare", "single", "proxied"):
                med = results[name].median()
                cells += [f"{_s(med)} / {_s(results[name].worst())}",
                          f"{med / fm:.2f}" if med is not None and fm else "–"]  # fmt: skip
            pm, bm = results["proxied"].median(), results["bare"].median()
            cells.append(f"{pm / bm:.2f}" if pm is not None and bm else "–")
            cells.append(" / ".join(f"{len(results[n].failures)} of {len(results[n].visits)}" for n in results))
            servers = ("bare", "single", "proxied")
            cells.append(" / ".join(f"{results[n].cpu_per_visit():.3f} s" for n in servers))
            cells.append(" / ".join(f"{results[n].net_cpu_per_visit():.3f} s" for n in servers))
            cells.append(" / ".join(f"{results[n].browser_cpu_per_visit():.2f} s" for n in results))
            print("| " + " | ".join(cells) + " |")
        print(f"\nServer CPU per visit is utime + stime from /proc over the rounds divided by the visits (nginx "
              f"included); it contains the servers' idle use over the same time (single {idle['single'] * 1000:.1f}"
              f" ms/s, proxied {idle['proxied'] * 1000:.1f} ms/s with nobody visiting: Streamlit polls its config "
              f"files five times a second), which the next column takes off. The bare Streamlit page: the same "
              f"figure alone, drawn as the product draws it, one replica behind nginx (the floor of any Streamlit "
              f"page). Browser CPU per visit: every process of the one headless Chromium (with the pages it has "
              f"closed) over the same rounds, divided by the visits: what each visitor's own machine would "
              f"spend.")  # fmt: skip
    finally:
        for p in reversed(started):
            p.stop()
        pg.stop()
        shutil.rmtree(base, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--page", choices=sorted(PAGES), default="map")
    ap.add_argument("--ks", type=lambda s: [int(x) for x in s.split(",")], default=[1, 4, 8])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--replicas", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=300, help="seconds a visit may take before it counts as failed")
    asyncio.run(run(ap.parse_args()))


if __name__ == "__main__":
    main()
