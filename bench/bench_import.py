"""Benchmark: validate and commit an import file of 100,000 observation rows (budget: under 10 s), peak memory.

Run: .venv/bin/python bench/bench_import.py [--rows 100000] [--format csv|xlsx|both] [--no-memory] [--url URL]
Each run imports into a fresh SQLite database (reference + demonstration data) in a temporary directory, or with
--url into the given empty database (PostgreSQL: `--url postgresql+psycopg://USER@HOST/DB`). Prints the time of
each step, then the peak memory from a second run under tracemalloc (Python allocations during the import;
tracemalloc slows the run, so its time is not reported) and the process's peak resident size; exits 1 when
validate + commit of the CSV file takes 10 s or more.
"""

from __future__ import annotations

import argparse
import io
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from data import importer, queries  # noqa: E402
from data.config import import_period_years  # noqa: E402
from data.db import make_engine  # noqa: E402
from data.loader import build_database  # noqa: E402

BUDGET_S = 10.0


def make_rows(engine, rows: int, seed: int = 7) -> pd.DataFrame:
    """`rows` distinct observations: every district-level indicator x district (names and codes mixed) x month."""
    ind = queries.indicators(engine)
    codes = ind.loc[ind["levels"].str.contains("district") & ind["kind"].isin(["count", "stock"]), "code"].tolist()
    d = queries.districts(engine)
    places = [n if i % 3 else c for i, (c, n) in enumerate(zip(d["code"], d["name_az"], strict=True))]
    combos = [(c, p) for c in codes for p in places]
    months = -(-rows // len(combos))
    first = import_period_years()[0]  # the earliest year the import accepts: months counted on from there
    periods = [f"{first + m // 12}-{m % 12 + 1:02d}" for m in range(months)]
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        [(c, "district", p, per) for per in periods for c, p in combos][:rows],
        columns=["indicator", "geo_level", "geo", "period"],
    )
    frame["value"] = rng.integers(0, 5000, len(frame))
    frame["source"] = "Benchmark source"
    frame["note"] = ""
    return frame


def to_bytes(frame: pd.DataFrame, fmt: str) -> bytes:
    """The rows as a CSV (UTF-8) or an Excel file."""
    if fmt == "csv":
        return frame.to_csv(index=False).encode("utf-8")
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="xlsxwriter") as w:
        frame.to_excel(w, sheet_name="observations", index=False)
    return buffer.getvalue()


def run(engine, content: bytes, name: str, trace: bool = False) -> dict[str, float]:
    """check, preview and commit one file: the seconds of each step (and, when `trace`, the peak Python memory)."""
    if trace:
        tracemalloc.start()
    t0 = time.perf_counter()
    checked = importer.check(engine, content, name, max_bytes=200 * 1024 * 1024)
    t1 = time.perf_counter()
    assert checked.ok, [p.message("en") for p in checked.errors[:5]]
    plan = importer.preview(engine, checked)
    t2 = time.perf_counter()
    done = importer.commit(engine, checked, "bench", expected=plan.fingerprint)
    t3 = time.perf_counter()
    peak = tracemalloc.get_traced_memory()[1] if trace else 0
    tracemalloc.stop()
    return {
        "check": t1 - t0,
        "preview": t2 - t1,
        "commit": t3 - t2,
        "validate_commit": (t1 - t0) + (t3 - t2),
        "total": t3 - t0,
        "peak_mb": peak / 1048576,
        "rows": float(done.counts["new"]),
    }


def fresh_engine(url: str):
    """A database built from the reference data (and the demonstration series)."""
    engine = make_engine(url)
    build_database(engine, demo=True)
    return engine


def main() -> int:
    """Build a database, import a generated file, print the figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--format", choices=["csv", "xlsx", "both"], default="both")
    ap.add_argument("--no-memory", action="store_true", help="skip the second run that measures memory")
    ap.add_argument(
        "--url",
        help="an empty database to import into instead of a temporary SQLite file (e.g. postgresql+psycopg://...); "
        "one run: the first --format only (csv when both), no memory run",
    )
    args = ap.parse_args()
    status = 0
    formats = ["csv", "xlsx"] if args.format == "both" else [args.format]
    if args.url:
        formats, args.no_memory = formats[:1], True
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in formats:
            engine = fresh_engine(args.url or f"sqlite:///{tmp}/bench_{fmt}.sqlite3")
            if args.url:
                print(f"database: {engine.dialect.name} {engine.dialect.server_version_info}", flush=True)
            content = to_bytes(make_rows(engine, args.rows), fmt)
            r = run(engine, content, f"bench.{fmt}")
            engine.dispose()
            line = (
                f"{fmt}: {int(r['rows']):,} rows, {len(content) / 1048576:.1f} MB | check (read + validate) "
                f"{r['check']:.2f} s, preview {r['preview']:.2f} s, commit {r['commit']:.2f} s | validate + commit "
                f"{r['validate_commit']:.2f} s (budget {BUDGET_S:.0f} s)"
            )
            if not args.no_memory:
                engine = fresh_engine(f"sqlite:///{tmp}/bench_{fmt}_mem.sqlite3")
                peak = run(engine, content, f"bench.{fmt}", trace=True)["peak_mb"]
                line += f" | peak Python memory (tracemalloc) {peak:.0f} MB"
                engine.dispose()
            print(line, flush=True)
            if fmt == "csv" and r["validate_commit"] >= BUDGET_S:
                status = 1
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of the whole process (ru_maxrss): {rss:.0f} MB")
    return status


if __name__ == "__main__":
    sys.exit(main())
