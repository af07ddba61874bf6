"""Benchmark: branch planning (MCLP as one HiGHS model, p-median with spopt and HiGHS) and the access figures on
the shipped data.

Run: .venv/bin/python bench/bench_planning.py [--as-of 2026-12-06] [--repeat 3]
Budget: 64 branches over every candidate settlement within 10 s. A script, not a test: it prints wall-clock and
CPU seconds (the CPU figure is what the solve costs; the wall figure also shows how busy the machine was) and
exits 1 when the 64-branch MCLP's wall time exceeds the budget in every repeat.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from data import geo, queries  # noqa: E402
from data.db import make_engine  # noqa: E402
from data.loader import build_database  # noqa: E402
from metrics import access, dost, planning  # noqa: E402

BUDGET_S = 10.0


def timed(fn):
    """(result, wall seconds, CPU seconds of this process, all threads)."""
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - w, time.process_time() - c


def main() -> int:
    """Print the timings; exit 1 when the 64-branch solve misses the budget in every repeat."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--as-of", default="2026-12-06")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.2f}")  # fmt: skip
    engine = make_engine("sqlite://")
    build_database(engine, demo=False)
    fac, status, d = queries.facilities(engine), queries.facility_status(engine), queries.districts(engine)
    pts, sett = geo.population_points(), geo.settlements()
    where = (sett, geo.settlement_names(), geo.centroids(), d)
    print(f"{len(pts)} population points, {len(sett)} candidate settlements, as of {args.as_of}")

    def figures():
        placed = access.place_facilities(access.network_on(fac, status, args.as_of), *where)
        acc = access.point_access(pts, placed, d)
        cov = dost.coverage_scenarios(
            fac, status, queries.facility_catchment(engine), d, args.as_of, scenarios=("open",)
        )
        return access.access_summary(acc, d, geo.population_groups(), served_codes=access.served_units(cov, d))

    _, w, c = timed(figures)
    print(f"access figures (points -> nearest office, summaries, admin flag): wall {w:.2f} s, CPU {c:.2f} s")
    placed = access.place_facilities(access.network_on(fac, status, args.as_of), *where)
    walls = []
    for objective, n in (("mclp", 10), ("mclp", 64), ("pmedian", 64)):
        for i in range(args.repeat):
            run = lambda n=n, o=objective: planning.plan(pts, placed, sett, d, n, 30, objective=o, curve_max=0)  # noqa: E731
            r, w, c = timed(run)
            print(f"{objective} {n} branches, 30 km, run {i + 1}: wall {w:.2f} s, CPU {c:.2f} s, "
                  f"covered {r.summary['share_after']:.1f} %")  # fmt: skip
            if (objective, n) == ("mclp", 64):
                walls.append(w)
    cands = planning.candidates_from(sett, d)
    inst = planning.make_instance(pts, placed[placed["facility_type"].isin(access.OFFICE_TYPES)], cands, d, 30)
    _, w, c = timed(lambda: planning.coverage_curve(inst, 64))
    print(f"curve 0..64 branches (64 optimal solves): wall {w:.2f} s, CPU {c:.2f} s")
    ok = min(walls) <= BUDGET_S
    print(f"budget {BUDGET_S:.0f} s for 64 branches: {'met' if ok else 'MISSED'} (best wall {min(walls):.2f} s)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
