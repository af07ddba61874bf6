"""Server work per visit (a script, not a test): the CPU one replica behind nginx spends on a first visit and on a
rerun of a page (the overview, the map and the district profile by default; every page of VISIT_PAGES by
--pages), one visit at a time.

    PYTHONPATH=. .venv/bin/python bench/bench_visit.py [--pages overview,map,district] [--visits 5]
        [--py-spy PATH_TO_PY_SPY] [--profile-dir DIR]

Starts a throw-away PostgreSQL built from the reference data, one replica and nginx (front end from disk,
precompressed) as `make serve` does, and one headless Chromium. Per page: one warming visit (the server's caches
filled, as for every visitor after the first), then --visits first visits, each in a fresh browser context (no
cookies, no cached scripts), from the navigation until the first chart (or, on a page that opens with a table,
the first table) is drawn and the replica is idle again;
then, in the last visit's tab, --visits reruns (the key R, Streamlit's "rerun" shortcut). Server CPU is utime +
stime from /proc of the replica and of nginx (its workers included) over each visit, less what they use with
nobody visiting over the same time (Streamlit polls its config files five times a second; a loaded machine
stretches a visit); the median and the spread are printed as a Markdown table (docs/DEPLOY.md). With --py-spy,
py-spy samples the replica during the first visits of each page (`--gil`: the thread holding Python's lock) and
the hottest functions are printed; raw samples are kept in --profile-dir.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_load import CHROMIUM_ARGS, PAGES, cpu_seconds  # noqa: E402
from deploy.topology import Nginx, Postgres, Replica, build, free_port, precompress  # noqa: E402

RUNNING = """() => !!document.querySelector('[data-testid="stStatusWidget"]')"""
# Every page a visitor reads figures on (the import, collegium, presenter and admin pages are work, not reading).
VISIT_PAGES = {**PAGES, "children": "/children", "rehabilitation": "/rehabilitation", "dost": "/dost",
               "facilities": "/facilities", "planning": "/planning", "sources": "/sources"}  # fmt: skip
# The page is drawn: its first chart, or a table (the sources page has no chart).
READY = """() => !!document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot .main-svg, '
    + '[data-testid="stDataFrame"] canvas')"""


async def settle(pids: list[int], quiet_s: float = 0.6, timeout: float = 120) -> None:
    """Wait until the processes used no CPU for `quiet_s` seconds (the replica finished sending the run)."""
    deadline = time.monotonic() + timeout
    last = cpu_seconds(pids)
    quiet_since = time.monotonic()
    while time.monotonic() < deadline:
        await asyncio.sleep(0.2)
        now = cpu_seconds(pids)
        if now - last > 0.005:
            last, quiet_since = now, time.monotonic()
        elif time.monotonic() - quiet_since >= quiet_s:
            return


IDLE = [0.0]  # the servers' CPU seconds per second with nobody visiting (measured at the start)


async def first_visit(browser, url: str, pids: list[int]):
    """A first visit in a fresh context: (seconds to the first chart, server CPU seconds net of the idle use over
    the same time, the open page)."""
    context = await browser.new_context(viewport={"width": 1400, "height": 1000}, locale="az-AZ")
    page = await context.new_page()
    cpu0 = cpu_seconds(pids)
    start = time.perf_counter()
    await page.goto(url, timeout=300_000)
    await page.wait_for_function(READY, timeout=300_000, polling=50)
    elapsed = time.perf_counter() - start
    await settle(pids)
    return elapsed, cpu_seconds(pids) - cpu0 - IDLE[0] * (time.perf_counter() - start), page


async def rerun(page, pids: list[int]) -> float:
    """Server CPU seconds of one rerun of the open page (Streamlit's R shortcut), net of the idle use."""
    await settle(pids)
    cpu0, start = cpu_seconds(pids), time.perf_counter()
    await page.evaluate("() => document.activeElement && document.activeElement.blur()")
    await page.keyboard.press("r")
    await settle(pids)
    return cpu_seconds(pids) - cpu0 - IDLE[0] * (time.perf_counter() - start)


def hottest(raw: Path, top: int = 25) -> str:
    """The functions with the most samples (self and total) in py-spy's raw (collapsed stacks) output."""
    own: collections.Counter = collections.Counter()
    total: collections.Counter = collections.Counter()
    samples = 0
    for line in raw.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        samples += n
        frames = stack.split(";")
        own[frames[-1]] += n
        for f in set(frames):
            total[f] += n
    out = [f"{samples} samples; self:"]
    out += [f"  {100 * n / samples:5.1f} %  {f}" for f, n in own.most_common(top)]
    out.append("inclusive:")
    out += [f"  {100 * n / samples:5.1f} %  {f}" for f, n in total.most_common(top * 2)]
    return "\n".join(out)


async def run(args: argparse.Namespace) -> None:
    from playwright.async_api import async_playwright

    base = Path(tempfile.mkdtemp(prefix="bench-visit-"))
    os.chmod(base, 0o755)
    pg = Postgres(base / "pg")
    started: list = []
    results = []
    try:
        url = pg.start()
        build(url)
        replica = Replica(free_port(), url, base, "bench")
        replica.start()
        started.append(replica)
        replica.wait()
        proxy = Nginx(free_port(), [replica.address], base / "nginx", precompress())
        proxy.start()
        started.append(proxy)
        pids = [replica.proc.pid, proxy.proc.pid]
        await asyncio.sleep(2)
        cpu0 = cpu_seconds(pids)
        await asyncio.sleep(10)
        IDLE[0] = (cpu_seconds(pids) - cpu0) / 10
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
            for name in args.pages:
                target = f"{proxy.url}{VISIT_PAGES[name]}"
                _, _, page = await first_visit(browser, target, pids)  # warm the caches
                await page.context.close()
                spy = None
                if args.py_spy:
                    raw = Path(args.profile_dir) / f"{name}.txt"
                    raw.parent.mkdir(parents=True, exist_ok=True)
                    spy = subprocess.Popen(
                        [args.py_spy, "record", "--pid", str(replica.proc.pid), "--format", "raw", "--rate", "250",
                         "--gil", "--nonblocking", "--output", str(raw)],
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                    )  # fmt: skip
                    await asyncio.sleep(1.0)
                times, cpus = [], []
                for i in range(args.visits):
                    elapsed, cpu, page = await first_visit(browser, target, pids)
                    times.append(elapsed)
                    cpus.append(cpu)
                    if i < args.visits - 1:
                        await page.context.close()
                if spy is not None:
                    spy.send_signal(2)
                    spy.wait(timeout=60)
                reruns = [await rerun(page, pids) for _ in range(args.visits)]
                await page.context.close()
                results.append((name, times, cpus, reruns))
                print(f"  {name:9} first visit: CPU {statistics.median(cpus):.3f} s (min {min(cpus):.3f}, max "
                      f"{max(cpus):.3f}), drawn in {statistics.median(times):.2f} s; rerun: CPU "
                      f"{statistics.median(reruns):.3f} s", flush=True)  # fmt: skip
                if spy is not None and raw.exists():
                    print(hottest(raw), flush=True)
            await browser.close()
        load = os.getloadavg()
        print(f"\n{args.visits} visits per page, one replica behind nginx (PostgreSQL, reference data, caches warm), "
              f"{os.cpu_count()} cores, load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}. CPU net of "
              f"what the replica and nginx use with nobody visiting ({IDLE[0] * 1000:.1f} ms/s) over the "
              f"visit.\n")  # fmt: skip
        print("| page | server CPU per first visit: median (min-max) | per rerun: median (min-max) "
              "| first chart (a table on the sources page): median |")  # fmt: skip
        print("|---|---|---|---|")
        for name, times, cpus, reruns in results:
            print(f"| {name} | {statistics.median(cpus):.3f} s ({min(cpus):.3f}-{max(cpus):.3f}) | "
                  f"{statistics.median(reruns):.3f} s ({min(reruns):.3f}-{max(reruns):.3f}) | "
                  f"{statistics.median(times):.2f} s |")  # fmt: skip
    finally:
        for p in reversed(started):
            p.stop()
        pg.stop()
        shutil.rmtree(base, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=lambda s: s.split(","), default=["overview", "map", "district"])
    ap.add_argument("--visits", type=int, default=5)
    ap.add_argument("--py-spy", default=None, help="path of py-spy: sample the replica during the first visits")
    ap.add_argument("--profile-dir", default="var/profile")
    asyncio.run(run(ap.parse_args()))


if __name__ == "__main__":
    main()
