"""Ten million observations on PostgreSQL (a script, not a test): generate them, then time what the pages read today
against the floor of the same aggregates computed in the database, and an import of 100,000 rows.

    PYTHONPATH=. .venv/bin/python bench/bench_10m.py [--rows 10000000] [--import-rows 100000]

A throw-away PostgreSQL (deploy/topology.py) is built from the reference data and filled by
data/build/gen_observations.py (COPY). Then, cold (nothing cached in the process):
- "today": (on a sample of the indicators, scaled by rows) the data-layer calls the pages' caches make
  (app_pages/ui/cache.py) and the frames built from them:
  every district observation into pandas, then frames.annual_table (map, district profile); the country
  observations and metrics.progress (overview);
- "floor": the same aggregates computed by PostgreSQL (GROUP BY per indicator, district and year; one indicator's
  year by its index), rows fetched into pandas;
- an import of --import-rows new monthly district figures through data.importer (check, preview, commit).
Prints a Markdown table (docs/DEPLOY.md).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from data import importer, queries  # noqa: E402
from data.build.gen_observations import generate  # noqa: E402
from data.db import make_engine  # noqa: E402
from deploy.topology import Postgres, build  # noqa: E402
from figures import frames  # noqa: E402
from metrics import progress as m_progress  # noqa: E402

STATUSES = ("reported", "official", "demonstration")
ANNUAL_SQL = """SELECT indicator_code, geo_code, EXTRACT(YEAR FROM period_start)::int AS year, SUM(value) AS value,
    COUNT(*) AS months FROM observations WHERE geo_level = 'district' AND superseded_at IS NULL AND is_preferred
    AND data_status IN ('reported', 'official', 'demonstration') GROUP BY 1, 2, 3"""
ONE_YEAR_SQL = """SELECT geo_code, SUM(value) AS value FROM observations WHERE indicator_code = :code
    AND geo_level = 'district' AND period_start >= :start AND period_start < :end AND superseded_at IS NULL
    AND is_preferred GROUP BY geo_code"""


def timed(fn):
    """(seconds, result) of fn()."""
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--import-rows", type=int, default=100_000)
    ap.add_argument("--sample", type=int, default=50, help="generated indicators pulled into pandas the way of today")
    args = ap.parse_args()
    base = Path(tempfile.mkdtemp(prefix="bench-10m-"))
    os.chmod(base, 0o755)
    pg = Postgres(base / "pg")
    results: list[tuple[str, str, float]] = []
    try:
        url = pg.start()
        build(url)
        t = generate(url, args.rows)
        results += [("load", f"COPY {args.rows:,} rows", t["copy_s"]), ("load", "indexes", t["index_s"]),
                    ("load", "VACUUM ANALYZE", t["analyze_s"])]  # fmt: skip
        engine = make_engine(url)
        with engine.connect() as conn:
            total = conn.execute(text("SELECT COUNT(*) FROM observations")).scalar_one()
        print(f"observations: {total:,}", flush=True)
        ind, srcs = queries.indicators(engine), queries.sources(engine)
        kinds = dict(zip(ind["code"], ind["kind"], strict=True))

        # Today every district observation goes into pandas; at 10 M rows that is minutes and gigabytes, so it is
        # timed on the first --sample generated indicators (plus the real ones) and scaled by rows.
        codes = [c for c in ind["code"] if not c.startswith("gen_")] + [f"gen_{i + 1:04d}" for i in range(args.sample)]
        s, obs = timed(lambda: queries.observations(engine, codes, geo_level="district", statuses=STATUSES))
        step = f"district observations into pandas: {len(obs):,} rows (x{total / len(obs):.1f} for all)"
        results.append(("map, district (today)", step, s))
        s, annual = timed(lambda: frames.annual_table(obs, kinds, srcs))
        results.append(("map, district (today)", f"frames.annual_table of those ({len(annual):,} rows)", s))
        s, floor = timed(lambda: pd.read_sql(text(ANNUAL_SQL), engine))
        results.append(("map, district (floor)", f"GROUP BY indicator, district, year in SQL ({len(floor):,} rows)", s))
        params = {"code": "gen_0500", "start": "2025-01-01", "end": "2026-01-01"}
        s, one = timed(lambda: pd.read_sql(text(ONE_YEAR_SQL), engine, params=params))
        results.append(("map, district (floor)", f"one indicator's year by index ({len(one)} districts)", s))
        s, country = timed(lambda: queries.observations(engine, geo_level="country", statuses=STATUSES))
        results.append(("overview (today)", f"country observations ({len(country):,} rows)", s))
        tg = queries.targets(engine)
        s, prog = timed(lambda: m_progress.progress(ind, tg, country, geo_level="country"))
        results.append(("overview (today)", f"metrics.progress ({len(prog):,} indicators)", s))

        # An import of new monthly district figures (2016, before the generated series start).
        with engine.connect() as conn:
            districts = [r[0] for r in conn.execute(text("SELECT code FROM districts ORDER BY code"))]
        rows = []
        i = 0
        while len(rows) < args.import_rows:
            code = f"gen_{i // (len(districts) * 12) + 1:04d}"
            d = districts[(i // 12) % len(districts)]
            rows.append(f"{code},district,{d},2016-{i % 12 + 1:02d},{100 + i % 900},Load test import,")
            i += 1
        content = ("indicator,geo_level,geo,period,value,source,note\n" + "\n".join(rows) + "\n").encode()
        s, checked = timed(lambda: importer.check(engine, content, "load.csv"))
        results.append(("import", f"check {args.import_rows:,} rows", s))
        if not checked.ok:
            print([p.message("en") for p in checked.errors[:5]])
        else:
            s, plan = timed(lambda: importer.preview(engine, checked))
            results.append(("import", "preview (plan against stored data)", s))
            s, done = timed(lambda: importer.commit(engine, checked, "bench", expected=plan.fingerprint))
            results.append(("import", f"commit ({done.counts['new']:,} new rows, one transaction)", s))
        engine.dispose()
    finally:
        pg.stop()
        shutil.rmtree(base, ignore_errors=True)
    print(f"\n{args.rows:,} generated observations, {os.cpu_count()} cores, cold process.\n")
    print("| part | step | seconds |\n|---|---|---|")
    for part, step, sec in results:
        print(f"| {part} | {step} | {sec:.2f} |")


if __name__ == "__main__":
    main()
