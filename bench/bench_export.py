"""Benchmark: export of the full collegium deck (PowerPoint and PDF) from a frozen payload.

Run: .venv/bin/python bench/bench_export.py [--repeat 3] [--lang az]
Budget: the full deck and its PDF within 15 s, including Chromium's start for the first export (cold); later
exports in the same process reuse the warm browser (what the running app does). A script, not a test: it prints
the timings and exits 1 when the budget is exceeded. Needs /usr/bin/chromium and fonts-dejavu-core.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from data.db import make_engine  # noqa: E402
from data.loader import build_database  # noqa: E402
from data.snapshots import canonical_json  # noqa: E402
from deck import images  # noqa: E402
from deck.export import export  # noqa: E402
from deck.source import live_payload  # noqa: E402

BUDGET_S = 15.0


def run(repeat: int, lang: str) -> int:
    """Build a reference database, freeze its figures, export the deck `repeat` times; print the timings."""
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
        build_database(engine, demo=True)
        t0 = time.perf_counter()
        payload = live_payload(engine, date(2026, 12, 15), ("reported", "official"), datetime.now(UTC))
        freeze_s = time.perf_counter() - t0
        engine.dispose()
    size_kb = len(canonical_json(payload).encode()) / 1024
    slides = len(payload["indicators"]) + 3
    print(f"machine: {platform.machine()} {os.cpu_count()} CPU, Python {platform.python_version()}")
    print(
        f"payload: {len(payload['indicators'])} indicators, {slides} slides, {size_kb:.0f} KiB JSON; "
        f"built from the database in {freeze_s:.2f} s"
    )
    runs = []
    for i in range(repeat):
        result = export(payload, lang)
        runs.append(result.seconds)
        s = result.seconds
        label = "cold (Chromium starts)" if i == 0 else "warm"
        sizes = f"{len(result.pptx) / 1e6:.1f} MB pptx, {len(result.pdf) / 1e6:.1f} MB pdf"
        print(
            f"export {i + 1} [{label}]: figures {s['figures']:.2f} s, images {s['images']:.2f} s, "
            f"pptx {s['pptx']:.2f} s, pdf {s['pdf']:.2f} s, total {s['total']:.2f} s ({sizes})"
        )
    images.shutdown()
    cold = runs[0]["total"]
    warm = statistics.median(r["total"] for r in runs[1:]) if len(runs) > 1 else cold
    print(f"full deck and PDF: cold {cold:.2f} s, warm median {warm:.2f} s (budget {BUDGET_S:.0f} s)")
    return 0 if cold <= BUDGET_S and warm <= BUDGET_S else 1


def main() -> int:
    """Parse the arguments and run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--lang", default="az", choices=("az", "en"))
    args = parser.parse_args()
    return run(max(args.repeat, 1), args.lang)


if __name__ == "__main__":
    sys.exit(main())
