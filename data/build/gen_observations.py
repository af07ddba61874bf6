"""Fills a PostgreSQL database with generated district and monthly observations (10,000,000 by default), by COPY.

    .venv/bin/python -m data.build.gen_observations --database-url postgresql+psycopg://... [--rows N]
    (bench/bench_10m.py starts a throw-away PostgreSQL, runs it and measures the pages' queries on the result)

The database must be built (`python -m data.build_db`). The product has six district-level indicators; ten million
monthly district figures need about a thousand series, so the script adds generated indicators (`gen_0001` ...,
area `other`, levels `district`: there is no national figure of them, named "Generated indicator N (demonstration
data)") with monthly values for every district from 2017-01 on, stored as data status `demonstration` from the
demonstration source: labelled as generated wherever they appear, never real. The observation indexes are dropped
during the load and built again after it; foreign-key checks are off during the COPY (it needs a superuser, as the
throw-away server's); the observation summary (data/summary.py) is filled at the end.
Nothing generated belongs in git: the data lives only in the database given.
"""

from __future__ import annotations

import argparse
import io
import time

import numpy as np
import pandas as pd
from sqlalchemy import create_engine, text

from data import schema as s
from data import summary, version
from data.demo import DEMO_SOURCE_ID

FIRST_MONTH = "2017-01"
MONTHS = 120  # 2017-01 .. 2026-12
CHUNK = 1_000_000
COLUMNS = ["indicator_code", "geo_level", "geo_code", "period", "period_start", "period_end", "period_type", "value",
           "data_status", "source_id", "is_preferred", "recorded_at"]  # fmt: skip


def generate(database_url: str, rows: int = 10_000_000, seed: int = 2026) -> dict[str, float]:
    """Add generated indicators and `rows` monthly district observations; returns timings in seconds."""
    engine = create_engine(database_url)
    rng = np.random.default_rng(seed)
    timings: dict[str, float] = {}
    with engine.begin() as conn:
        districts = [r[0] for r in conn.execute(text("SELECT code FROM districts ORDER BY code"))]
        goal = conn.execute(text("SELECT code FROM goals ORDER BY sort_order LIMIT 1")).scalar_one()
        unit = conn.execute(text("SELECT unit FROM indicators WHERE kind = 'count' LIMIT 1")).scalar_one()
        top = conn.execute(text("SELECT COALESCE(MAX(sort_order), 0) FROM indicators")).scalar_one()
    per_indicator = len(districts) * MONTHS
    n_ind = -(-rows // per_indicator)
    codes = [f"gen_{i + 1:04d}" for i in range(n_ind)]
    months = pd.period_range(FIRST_MONTH, periods=MONTHS, freq="M")
    m_text = np.array([str(m) for m in months])
    m_start = np.array([m.start_time.date().isoformat() for m in months])
    m_end = np.array([m.end_time.date().isoformat() for m in months])
    t0 = time.perf_counter()
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.executemany(
            "INSERT INTO indicators (code, area, goal, name_az, name_en, definition_az, definition_en, unit, kind, "
            "direction, levels, has_target, sort_order) VALUES (%s, 'other', %s, %s, %s, %s, %s, %s, 'count', "
            "'higher', 'district', false, %s)",
            [
                (c, goal, f"Yaradılmış göstərici {i + 1} (nümayiş məlumatı)", f"Generated indicator {i + 1} "
                 "(demonstration data)", "Yük testi üçün yaradılmış sıra.", "A series generated for load tests.",
                 unit, top + i + 1)
                for i, c in enumerate(codes)
            ],
        )  # fmt: skip
        for ix in s.observations.indexes:
            cur.execute(f"DROP INDEX IF EXISTS {ix.name}")
        # Foreign-key triggers off for the load (superuser only): every code is valid by construction, and the
        # per-row checks would take most of the time.
        cur.execute("SET LOCAL session_replication_role = replica")
        recorded = pd.Timestamp.now().floor("s").isoformat(sep=" ")
        done = 0
        while done < rows:
            n = min(CHUNK, rows - done)
            i = np.arange(done, done + n)
            ind, rest = np.divmod(i, per_indicator)
            dist, month = np.divmod(rest, MONTHS)
            base = 50 + (ind * 7919 + dist * 104729) % 950
            values = np.round(base * (1 + 0.1 * np.sin(month / 6)) + rng.normal(0, base * 0.05), 0)
            frame = pd.DataFrame(
                {
                    "indicator_code": np.array(codes)[ind],
                    "geo_level": "district",
                    "geo_code": np.array(districts)[dist],
                    "period": m_text[month],
                    "period_start": m_start[month],
                    "period_end": m_end[month],
                    "period_type": "month",
                    "value": np.maximum(values, 0),
                    "data_status": "demonstration",
                    "source_id": DEMO_SOURCE_ID,
                    "is_preferred": "t",
                    "recorded_at": recorded,
                }
            )
            buf = io.StringIO()
            frame.to_csv(buf, index=False, header=False)
            with cur.copy(f"COPY observations ({', '.join(COLUMNS)}) FROM STDIN (FORMAT csv)") as copy:
                copy.write(buf.getvalue())
            done += n
            print(f"  {done:,} rows ({time.perf_counter() - t0:.0f} s)", flush=True)
        raw.commit()
        timings["copy_s"] = time.perf_counter() - t0
        t1 = time.perf_counter()
        cur.execute("SET maintenance_work_mem = '512MB'")
        for ix in s.observations.indexes:
            cols = ", ".join(c.name for c in ix.columns)
            cur.execute(f"CREATE INDEX {ix.name} ON observations ({cols})")
        raw.commit()
        timings["index_s"] = time.perf_counter() - t1
        t2 = time.perf_counter()
        raw.driver_connection.autocommit = True
        cur.execute("VACUUM ANALYZE observations")
        timings["analyze_s"] = time.perf_counter() - t2
    finally:
        raw.close()
    t3 = time.perf_counter()
    with engine.begin() as conn:
        summary.refresh_all(conn)  # the pages read the summary (data/summary.py)
        version.bump(conn)
    with engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE obs_summary")
    timings["summary_s"] = time.perf_counter() - t3
    engine.dispose()
    return timings


def main() -> None:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--database-url", required=True)
    ap.add_argument("--rows", type=int, default=10_000_000)
    args = ap.parse_args()
    t = generate(args.database_url, args.rows)
    print(f"COPY {args.rows:,} rows: {t['copy_s']:.1f} s; indexes: {t['index_s']:.1f} s; "
          f"VACUUM ANALYZE: {t['analyze_s']:.1f} s; summary: {t['summary_s']:.1f} s")  # fmt: skip


if __name__ == "__main__":
    main()
