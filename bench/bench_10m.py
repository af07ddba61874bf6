"""Ten million observations on PostgreSQL (a script, not a test): each page's data floor against the page itself,
the metrics of one page cold, and an import of 100,000 rows with its summary refreshed.

    PYTHONPATH=. .venv/bin/python bench/bench_10m.py [--rows 10000000] [--import-rows 100000] [--runs 5]
    PYTHONPATH=. .venv/bin/python bench/bench_10m.py --database-url URL   # a database already generated

Without --database-url a throw-away PostgreSQL (deploy/topology.py) is built from the reference data and filled
by data/build/gen_observations.py (COPY, then the observation summary of data/summary.py). Then, per page (those
that read observations: overview, children, rehabilitation, map, district profile, sources with its data-quality
section closed, as a page opens, and again with that section opened, the presenter's live deck; and those that read
none: DOST, facilities, planning, collegium, import):

- **data floor** = the SQL of the page's aggregates (the data-layer calls its cached functions make, timed
  directly, cold) + building the page's figures (the page's warm rerun on the reference database, where every
  query is cached and the rows are few: what remains is building the figures and the widgets);
- **page cold**: the page run in AppTest on the 10 M database, every cache cleared (its queries and metrics run);
- **page warm**: the median of the following reruns (everything cached), against the targets: <= 1.5x the floor and
  <= 300 ms; metrics for one page <= 2 s cold.

Then an import of --import-rows new monthly district figures through data.importer (check, preview, commit with the
summary refreshed in the same transaction) and its rollback (the summary refreshed again). Prints Markdown tables
(docs/DEPLOY.md).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from app_pages.ui.sections import QUALITY_OPEN  # noqa: E402
from data import importer, queries, snapshots  # noqa: E402
from data.db import make_engine  # noqa: E402
from deck import source as deck_source  # noqa: E402
from metrics import children as m_children  # noqa: E402
from metrics import figures as m_figures  # noqa: E402
from metrics import progress as m_progress  # noqa: E402
from metrics import quality as m_quality  # noqa: E402

STATUSES = ("reported", "official", "demonstration")  # the default view (demonstration data shown)
PAGES = {
    "overview": "app_pages/overview.py",
    "children": "app_pages/children.py",
    "rehabilitation": "app_pages/rehabilitation.py",
    "map": "app_pages/map.py",
    "district": "app_pages/district.py",
    "sources": "app_pages/sources.py",
    "sources (data quality open)": "app_pages/sources.py",
    # The pages that read no observation (the facility register, the snapshots, the import history) or only the
    # country rows (the presenter's live deck): measured too, so that the figures cover every page.
    "dost": "app_pages/dost.py",
    "facilities": "app_pages/facilities.py",
    "planning": "app_pages/planning.py",
    "collegium": "app_pages/collegium.py",
    "presenter (live)": "app_pages/presenter.py",
    "import": "app_pages/import_data.py",
}
QUALITY = "sources (data quality open)"  # the sources page with its data-quality section opened
WARM_BUDGET_MS = 300
WARM_FACTOR = 1.5


def timed(fn):
    """(seconds, result) of fn()."""
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def page_sql(engine) -> dict[str, list[tuple[str, callable]]]:
    """page -> the data-layer calls of its aggregates (what its cached functions read), by name."""
    country = lambda: queries.observations(engine, geo_level="country", statuses=STATUSES)  # noqa: E731
    layer = "rehab_persons_served"  # the map's first layer (the first district indicator with yearly values)
    calls = {
        "overview": [("country observations", country), ("indicators, targets", lambda: (
            queries.indicators(engine), queries.targets(engine)))],
        "children": [("the stock's series, every level", lambda: queries.observations(
            engine, list(m_children.STOCK_CODES), statuses=STATUSES)), ("country observations", country)],
        "rehabilitation": [("summary: one indicator's yearly district rows", lambda: queries.summary_observations(
            engine, [layer], "district", STATUSES, annual=True)), ("country observations", country)],
        "map": [("summary: years of every district indicator", lambda: queries.summary_years(
            engine, "district", STATUSES)), ("summary: the layer's yearly district rows", lambda: (
            queries.summary_observations(engine, [layer], "district", STATUSES, annual=True)))],
        "district": [("summary: each indicator's latest year, all districts", lambda: queries.summary_observations(
            engine, None, "district", STATUSES, latest_year=True)), ("summary: the chosen indicator's points", lambda: (
            queries.summary_observations(engine, ["children_returned_to_families"], "district", STATUSES))),
            ("country observations", country)],
        "sources": [("observations per indicator, source and status", lambda: queries.observation_sources(
            engine, STATUSES)), ("count of current observations", lambda: [queries.observation_count(engine)])],
    }  # fmt: skip
    register = [
        (
            "facilities, their status, catchments, districts, published totals, targets",
            lambda: (
                queries.facilities(engine),
                queries.facility_status(engine, statuses=STATUSES),
                queries.facility_catchment(engine),
                queries.districts(engine),
                queries.network_totals(engine),
                queries.targets(engine),
            ),
        )
    ]
    calls |= {
        "dost": register,
        "facilities": [
            (
                "facilities, their status, districts, regions, published totals",
                lambda: (
                    queries.facilities(engine),
                    queries.facility_status(engine, statuses=STATUSES),
                    queries.districts(engine),
                    queries.economic_regions(engine),
                    queries.network_totals(engine),
                ),
            )
        ],
        "planning": register,
        "collegium": [
            (
                "snapshots (no payloads), indicators, regions",
                lambda: (snapshots.snapshots(engine), queries.indicators(engine), queries.economic_regions(engine)),
            )
        ],
        "presenter (live)": [
            ("country observations", country),
            (
                "indicators, targets, goals, sources, segments",
                lambda: (
                    queries.indicators(engine),
                    queries.targets(engine),
                    queries.goals(engine),
                    queries.sources(engine),
                    queries.series_segments(engine),
                ),
            ),
            *register,
        ],
        "import": [
            (
                "the last 100 import batches, indicators",
                lambda: (importer.batches(engine, limit=100), queries.indicators(engine)),
            )
        ],
    }
    quality = [("the rows the data-quality rules read", lambda: queries.quality_observations(
        engine, STATUSES, None, m_quality.COMPARED)), ("the district cells with a figure", lambda: (
        queries.district_cells(engine, STATUSES)))]  # fmt: skip
    return {**calls, QUALITY: [*calls["sources"], *quality]}


def figures_command(url: str) -> None:
    """`python -m metrics.figures` (every headline figure, the network's and coverage's) on the database, as run."""
    import subprocess

    env = {**os.environ, "DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "metrics.figures", "--as-of", date.today().isoformat(), "--format",
                           "csv"], env=env, capture_output=True, cwd=ROOT, stdin=subprocess.DEVNULL)  # fmt: skip
    if done.returncode:
        raise SystemExit(f"metrics.figures failed: {done.stderr.decode()[-400:]}")


def apptest(url: str, pages: list[str], runs: int) -> dict[str, tuple[float, float]]:
    """page -> (cold s, warm median s) of the page in AppTest on the database at `url`."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ["DATABASE_URL"] = url
    out = {}
    for name in pages:
        st.cache_data.clear()
        st.cache_resource.clear()
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
        at.query_params["lang"] = "az"
        if name == QUALITY:
            at.session_state[QUALITY_OPEN] = True
        if name != "overview":
            at.switch_page(PAGES[name])
        cold, _ = timed(at.run)
        if at.exception:
            raise SystemExit(f"{name}: exception: {at.exception[0].value}")
        warm = [timed(at.run)[0] for _ in range(runs)]
        out[name] = (cold, statistics.median(warm))
    return out


def import_content(engine, n: int) -> bytes:
    """n new monthly district figures of the generated indicators (2016, before their series start)."""
    with engine.connect() as conn:
        districts = [r[0] for r in conn.execute(text("SELECT code FROM districts ORDER BY code"))]
    rows = []
    for i in range(n):
        code = f"gen_{i // (len(districts) * 12) + 1:04d}"
        d = districts[(i // 12) % len(districts)]
        rows.append(f"{code},district,{d},2016-{i % 12 + 1:02d},{100 + i % 900},Load test import,")
    return ("indicator,geo_level,geo,period,value,source,note\n" + "\n".join(rows) + "\n").encode()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--import-rows", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=5, help="warm reruns per page (median)")
    ap.add_argument("--database-url", help="a database already filled by data.build.gen_observations")
    ap.add_argument("--pages", default=",".join(PAGES))
    ap.add_argument("--no-import", action="store_true")
    args = ap.parse_args()
    pages = [p for p in args.pages.split(",") if p]
    base = Path(tempfile.mkdtemp(prefix="bench-10m-"))
    os.chmod(base, 0o755)
    pg = None
    load: list[tuple[str, float]] = []
    try:
        url = args.database_url
        if url is None:
            from data.build.gen_observations import generate
            from deploy.topology import Postgres, build

            pg = Postgres(base / "pg")
            url = pg.start()
            build(url)
            t = generate(url, args.rows)
            load = [(f"COPY {args.rows:,} rows", t["copy_s"]), ("indexes", t["index_s"]),
                    ("VACUUM ANALYZE", t["analyze_s"]), ("observation summary, whole", t["summary_s"])]  # fmt: skip
        engine = make_engine(url)
        with engine.connect() as conn:
            total = conn.execute(text("SELECT COUNT(*) FROM observations")).scalar_one()
            summary_rows = conn.execute(text("SELECT COUNT(*) FROM obs_summary")).scalar_one()
        print(f"observations: {total:,}; summary rows: {summary_rows:,}", flush=True)

        # The data floor: the SQL of each page's aggregates, cold (nothing cached in this process) ...
        sql: dict[str, list[tuple[str, float, int]]] = {}
        for page, calls in page_sql(engine).items():
            if page in pages:
                sql[page] = []
                for label, fn in calls:
                    s, out = timed(fn)
                    rows = sum(len(x) for x in out) if isinstance(out, tuple) else len(out)  # a tuple: several tables
                    sql[page].append((label, s, rows))
        s, _ = timed(
            lambda: m_progress.progress(
                queries.indicators(engine), queries.targets(engine),
                queries.observations(engine, geo_level="country", statuses=STATUSES), geo_level="country",
            )
        )  # fmt: skip
        progress_s = s
        # The sources page's largest metric and the figures command's table: every headline figure at every level.
        ind, tg = queries.indicators(engine), queries.targets(engine)
        # (made when the sources page's download is clicked, not when the page opens: since 7 December)
        deciding_s, deciding = timed(lambda: queries.deciding_observations(engine, STATUSES, date.today()))
        headline_s, heads = timed(lambda: m_figures.headline_figures(ind, tg, deciding, date.today(), "az"))
        command_s, _ = timed(lambda: figures_command(url))
        # The presenter's live deck: every figure the collegium sees, built from its rows (its SQL timed above).
        payload_s, _ = timed(lambda: deck_source.live_payload(engine, date.today(), STATUSES))
        # The data-quality section's metrics (its rows and cells read above): every rule, cold.
        rows = queries.quality_observations(engine, STATUSES, None, m_quality.COMPARED)
        cells = queries.district_cells(engine, STATUSES)
        districts = queries.districts(engine)
        quality_s, report = timed(lambda: m_quality.quality_report(rows, ind, districts, cells=cells))
        # ... plus building the figures: the page's warm rerun on the reference database.
        from data.loader import build_database

        ref_url = f"sqlite:///{base / 'reference.sqlite3'}"
        build_database(make_engine(ref_url), demo=True)
        reference = apptest(ref_url, pages, args.runs)
        at_10m = apptest(url, pages, args.runs)

        imports: list[tuple[str, float]] = []
        if not args.no_import:
            content = import_content(engine, args.import_rows)
            s, checked = timed(lambda: importer.check(engine, content, "load.csv"))
            imports.append((f"check {args.import_rows:,} rows (Python: read, validate, names)", s))
            if not checked.ok:
                print([p.message("en") for p in checked.errors[:5]])
            else:
                s, plan = timed(lambda: importer.preview(engine, checked))
                imports.append(("preview (the plan against stored data)", s))
                s, done = timed(lambda: importer.commit(engine, checked, "bench", expected=plan.fingerprint))
                imports.append((f"commit: {done.counts['new']:,} rows + summary refreshed, one transaction", s))
                s, _ = timed(lambda: importer.rollback(engine, done.batch_id, "bench"))
                imports.append(("rollback of that batch + summary refreshed, one transaction", s))
        engine.dispose()
    finally:
        if pg is not None:
            pg.stop()
        shutil.rmtree(base, ignore_errors=True)

    print(f"\n{total:,} observations ({summary_rows:,} summary rows), {os.cpu_count()} cores, "
          f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}.\n")  # fmt: skip
    if load:
        print("| load step | seconds |\n|---|---|")
        for step, sec in load:
            print(f"| {step} | {sec:.1f} |")
        print()
    print("| page | SQL of its aggregates (cold) | SQL s | figures (warm rerun, reference DB) s | floor s "
          "| page cold, reference DB s | page cold at 10 M s | page warm at 10 M s | warm / floor "
          "| warm <= 1.5x floor and <= 300 ms |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|")
    for page in pages:
        parts = sql.get(page, [])
        sql_s = sum(p[1] for p in parts)
        figures_s = reference[page][1]
        floor = sql_s + figures_s
        cold, warm = at_10m[page]
        ok = warm <= WARM_FACTOR * floor and warm * 1000 <= WARM_BUDGET_MS
        what = "; ".join(f"{label} ({rows:,} rows, {s * 1000:.0f} ms)" for label, s, rows in parts)
        print(f"| {page} | {what} | {sql_s:.3f} | {figures_s:.3f} | {floor:.3f} | {reference[page][0]:.2f} "
              f"| {cold:.2f} | {warm:.3f} "
              f"| {warm / floor:.2f} | {'yes' if ok else 'no'} |")  # fmt: skip
    print(f"\nmetrics.progress over every indicator, cold (the overview's metrics): {progress_s:.2f} s")
    print(
        f"the sources page's download of every headline figure (made on a click): the rows deciding them "
        f"({len(deciding):,} rows) {deciding_s:.2f} s of SQL; metrics.figures.headline_figures on them, cold: "
        f"{headline_s:.2f} s, {len(heads):,} figures"
    )
    if "presenter (live)" in sql:
        payload_sql = sum(p[1] for p in sql["presenter (live)"])
        print(
            f"deck.source.live_payload (the presenter's and a freeze's figures), cold: {payload_s:.2f} s, of which "
            f"the metrics (less its SQL timed above, {payload_sql:.2f} s) about {payload_s - payload_sql:.2f} s"
        )
    print(f"`python -m metrics.figures --as-of today --format csv`, whole command: {command_s:.1f} s")
    print(f"metrics.quality.quality_report from the rows it reads, cold (the data-quality section): {quality_s:.2f} s, "
          f"{len(report):,} findings")  # fmt: skip
    if imports:
        print("\n| import step | seconds |\n|---|---|")
        for step, sec in imports:
            print(f"| {step} | {sec:.2f} |")
        commit_s = sum(sec for step, sec in imports if step.startswith(("check", "preview", "commit")))
        print(f"| check + preview + commit | {commit_s:.2f} |")


if __name__ == "__main__":
    main()
