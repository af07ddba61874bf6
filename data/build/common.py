"""Helpers shared by the curation scripts."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

CURATION_DIR = Path(__file__).resolve().parents[1] / "curation"
# The shared reference set as vendored into the repository (see its SNAPSHOT.md).
SHARED_REFERENCE = CURATION_DIR / "shared_reference"


def source_id(url: str) -> str:
    """A stable source id for a URL: 'src_' + the first 10 hex digits of its SHA-1."""
    return "src_" + hashlib.sha1(url.strip().encode("utf-8")).hexdigest()[:10]


def read_csv(path: Path) -> list[dict[str, str]]:
    """Read a UTF-8 CSV into a list of dicts."""
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def write_csv(path: Path, rows: list[dict], columns: list[str]) -> None:
    """Write rows with exactly `columns`, UTF-8, LF line ends; a key outside `columns` (not '_...') is an error."""
    extra = {k for r in rows for k in r if k not in columns and not k.startswith("_")}
    if extra:
        raise SystemExit(f"{path.name}: {sorted(extra)} are not columns of its contract (data/contracts.py)")
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({c: r.get(c, "") if r.get(c) is not None else "" for c in columns})
