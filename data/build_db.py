"""Build or update the database from the reference data.

Usage: python -m data.build_db [--reset] [--no-demo] [--force]   (DATABASE_URL selects the database)
"""

from __future__ import annotations

import argparse
import sys

from data.db import make_engine
from data.loader import build_database


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reset", action="store_true", help="drop everything and rebuild")
    ap.add_argument("--no-demo", action="store_true", help="do not generate demonstration series")
    ap.add_argument("--force", action="store_true", help="reload the reference data even if unchanged")
    args = ap.parse_args(argv)
    engine = make_engine()
    result = build_database(engine, demo=False if args.no_demo else None, reset=args.reset, force=args.force)
    url = engine.url.render_as_string(hide_password=True)
    if result["loaded"]:
        counts = ", ".join(f"{k}={v}" for k, v in result["counts"].items())
        print(f"database {url}: reference data loaded ({counts})")
    else:
        print(f"database {url}: up to date (reference {result['reference_hash']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
