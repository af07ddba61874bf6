"""Settings read from the environment, with the embedded defaults."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(__file__).resolve().parent
REFERENCE_DIR = DATA_DIR / "reference"
GEO_DIR = DATA_DIR / "geo"
VAR_DIR = ROOT / "var"
DEFAULT_SQLITE_PATH = VAR_DIR / "dashboard.sqlite3"


def database_url() -> str:
    """The database URL: DATABASE_URL, or the embedded SQLite file under var/."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        return url
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{DEFAULT_SQLITE_PATH}"


def demo_data_enabled() -> bool:
    """Whether demonstration series are generated when the database is built (DEMO_DATA=0 turns them off)."""
    return os.environ.get("DEMO_DATA", "1").strip().lower() not in {"0", "false", "no", "off"}


def max_upload_bytes() -> int:
    """The largest import file accepted, in bytes (IMPORT_MAX_MB, default 20)."""
    return int(float(os.environ.get("IMPORT_MAX_MB", "20")) * 1024 * 1024)


def evidence_stale_months() -> int:
    """How many months the latest evidence of a summary may lie before the date it is shown for before it is
    marked stale (EVIDENCE_STALE_MONTHS, default 6)."""
    return int(os.environ.get("EVIDENCE_STALE_MONTHS", "6"))


def pipeline_stale_months() -> int:
    """Months without evidence after which a pipeline item is stale (PIPELINE_STALE_MONTHS, default 18)."""
    return int(os.environ.get("PIPELINE_STALE_MONTHS", "18"))


def max_unpacked_bytes() -> int:
    """The most an Excel file may unpack to, in bytes, counted while inflating (IMPORT_MAX_UNPACKED_MB, 48)."""
    return int(float(os.environ.get("IMPORT_MAX_UNPACKED_MB", "48")) * 1024 * 1024)


def import_period_years(today: date | None = None) -> tuple[int, int]:
    """The first and last year an imported period may fall in (IMPORT_FIRST_YEAR, default 1991; IMPORT_YEARS_AHEAD,
    default 1: up to the current year plus one)."""
    year = (today or date.today()).year
    first = int(os.environ.get("IMPORT_FIRST_YEAR", "1991"))
    return first, year + int(os.environ.get("IMPORT_YEARS_AHEAD", "1"))
