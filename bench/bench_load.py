"""Load benchmark (a script, not a test): K concurrent first visits, each in a fresh browser context, open a page
and wait for its first chart, against one Streamlit process and against nginx + N replicas, with a static floor
page in the same run.

    PYTHONPATH=. .venv/bin/python bench/bench_load.py [--page map] [--ks 1,4,8] [--rounds 3] [--replicas 2]

All targets read one throw-away PostgreSQL built from the reference data (deploy/topology.py starts it).
- floor:   nginx serving one static HTML page that draws the same figure (its data and layout copied from the
           product's first chart) with the same plotly.js, precompressed: what any web page of this weight costs
- single:  one `streamlit run` process, straight (as `make run` serves it)
- proxied: nginx (front end from disk, precompressed) in front of --replicas replicas (as `make serve`)
Each server's caches are warmed by one visit per replica first: the figures are for new visitors of a running
server. Per K and target: the median and worst time to the first chart over all sessions of --rounds rounds,
the ratio of the medians to the floor's, and the server CPU per visit (utime + stime from /proc of the server
processes, nginx included, over the measured visits). Prints a Markdown table (docs/DEPLOY.md).
"""

from __future__ import annotations

import argparse
import asyncio
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

from deploy.topology import Nginx, Postgres, Replica, build, free_port, precompress  # noqa: E402

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
PLOTLY_JS = Path(__import__("plotly").__file__).resolve().parent / "package_data" / "plotly.min.js"
TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: list[int]) -> float:
    """utime + stime of `pids` and every descendant (nginx workers), in seconds."""
    children: dict[int, list[int]] = {}
    stats: dict[int, list[str]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            stats[int(entry.name)] = fields
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    total, todo, seen = 0.0, list(pids), set()
    while todo:
        pid = todo.pop()
        if pid in seen or pid not in stats:
            continue
        seen.add(pid)
        total += (int(stats[pid][11]) + int(stats[pid][12])) / TICK
        todo.extend(children.get(pid, []))
    return total


async def visit(browser, url: str, route: str | None = None) -> float:
    """Seconds from navigation to the first chart, in a fresh context (nothing cached)."""
    context = await browser.new_context(viewport={"width": 1400, "height": 1000}, locale="az-AZ")
    if route:
        await context.add_cookies([{"name": "dashboard_route", "value": route, "url": url}])
    try:
        page = await context.new_page()
        start = time.perf_counter()
        await page.goto(url, timeout=180_000)
        await page.wait_for_function(FIRST_CHART, timeout=180_000, polling=50)
        return time.perf_counter() - start
    finally:
        await context.close()


async def measure(browser, url: str, k: int, rounds: int, pids: list[int]) -> tuple[list[float], float]:
    """Times of k concurrent visits, `rounds` times; and the server CPU seconds per visit."""
    times: list[float] = []
    cpu0 = cpu_seconds(pids)
    for _ in range(rounds):
        times += await asyncio.gather(*(visit(browser, url) for _ in range(k)))
    return times, (cpu_seconds(pids) - cpu0) / (k * rounds)


def routes(base: str, n: int) -> list[str]:
    """Route cookie values that nginx sends to n different replicas (read from its X-Dashboard-Replica)."""
    found: dict[str, str] = {}
    for i in range(256):
        request = urllib.request.Request(f"{base}/_stcore/health", headers={"Cookie": f"dashboard_route=r{i}"})
        with urllib.request.urlopen(request, timeout=10) as response:
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
    return site


async def run(args: argparse.Namespace) -> None:
    from playwright.async_api import async_playwright

    base = Path(tempfile.mkdtemp(prefix="bench-load-"))
    os.chmod(base, 0o755)
    pg = Postgres(base / "pg")
    started: list = []
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
            # Warm every server's caches, and copy the product's first chart for the floor page.
            page = await (await browser.new_context(viewport={"width": 1400, "height": 1000})).new_page()
            await page.goto(f"http://{single.address}{path}")
            await page.wait_for_function(FIRST_CHART, timeout=180_000)
            figure = await page.evaluate(FIGURE)
            await page.context.close()
            for route in routes(proxy.url, len(replicas)):  # one visit per replica
                await visit(browser, f"{proxy.url}{path}", route)
            floor = Nginx(free_port(), ["127.0.0.1:9"], base / "floor-nginx", floor_site(base, figure))
            floor.start()
            started.append(floor)
            await visit(browser, f"{floor.url}/")
            targets = {
                "floor": (f"{floor.url}/", [floor.proc.pid]),
                "single": (f"http://{single.address}{path}", [single.proc.pid]),
                "proxied": (f"{proxy.url}{path}", [proxy.proc.pid, *(r.proc.pid for r in replicas)]),
            }
            rows = []
            for k in args.ks:
                result = {}
                for name, (target, pids) in targets.items():
                    result[name] = await measure(browser, target, k, args.rounds, pids)
                    times, cpu = result[name]
                    print(f"  K={k} {name:8} median {statistics.median(times):6.2f} s  worst {max(times):6.2f} s  "
                          f"server CPU {cpu:5.3f} s/visit", flush=True)  # fmt: skip
                rows.append((k, result))
            await browser.close()
        print(f"\nPage `{args.page}` ({path}), {args.rounds} rounds per K, {args.replicas} replicas behind nginx, "
              f"{os.cpu_count()} cores; navigation to first chart, fresh browser contexts.\n")  # fmt: skip
        print("| K | floor median / worst | single median / worst | ratio | proxied median / worst | ratio "
              "| server CPU per visit: single / proxied |")  # fmt: skip
        print("|---|---|---|---|---|---|---|")
        for k, result in rows:
            fm = statistics.median(result["floor"][0])
            cells = [f"{k}", f"{fm:.2f} s / {max(result['floor'][0]):.2f} s"]
            for name in ("single", "proxied"):
                times = result[name][0]
                med = statistics.median(times)
                cells += [f"{med:.2f} s / {max(times):.2f} s", f"{med / fm:.2f}"]
            cells.append(f"{result['single'][1]:.3f} s / {result['proxied'][1]:.3f} s")
            print("| " + " | ".join(cells) + " |")
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
    asyncio.run(run(ap.parse_args()))


if __name__ == "__main__":
    main()
