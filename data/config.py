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


def import_max_rows() -> int:
    """The most data rows one import file may hold, all sheets together (IMPORT_MAX_ROWS, default 100 000: the
    size the import's time budget is set for); a larger file is refused before its cells are read."""
    return int(os.environ.get("IMPORT_MAX_ROWS", "100000"))


def import_max_cells() -> int:
    """The most cells one import file may hold, all sheets together (IMPORT_MAX_CELLS, default 1 000 000: the
    100 000 rows of the template with ten filled columns); counted before the cells are read."""
    return int(os.environ.get("IMPORT_MAX_CELLS", "1000000"))


def import_period_years(today: date | None = None) -> tuple[int, int]:
    """The first and last year an imported period may fall in (IMPORT_FIRST_YEAR, default 1991; IMPORT_YEARS_AHEAD,
    default 1: up to the current year plus one)."""
    year = (today or date.today()).year
    first = int(os.environ.get("IMPORT_FIRST_YEAR", "1991"))
    return first, year + int(os.environ.get("IMPORT_YEARS_AHEAD", "1"))


def trust_forwarded_for() -> bool:
    """Whether the client address is taken from X-Forwarded-For (TRUSTED_PROXY=1: only behind your own proxy)."""
    return os.environ.get("TRUSTED_PROXY", "0").strip().lower() in {"1", "true", "yes", "on"}


def group_role_mapping(section: dict | None = None) -> tuple[str, dict[str, list[str]]] | None:
    """The optional mapping from the provider's groups claim to roles: (claim name, role -> group names).

    From the `[access]` secrets section (`groups_claim = "groups"`, `leadership = ["..."]`, ...) or the
    environment (ACCESS_GROUPS_CLAIM, ACCESS_GROUPS_LEADERSHIP="g1,g2", ...); None when no claim is named.
    """
    from data.schema import ROLES

    section = dict(section or {})
    claim = str(section.get("groups_claim") or os.environ.get("ACCESS_GROUPS_CLAIM", "")).strip()
    if not claim:
        return None
    mapping: dict[str, list[str]] = {}
    for role in ROLES:
        value = section.get(role)
        if value is None:
            value = [g for g in os.environ.get(f"ACCESS_GROUPS_{role.upper()}", "").split(",") if g.strip()]
        mapping[role] = [str(g).strip() for g in ([value] if isinstance(value, str) else value)]
    return claim, mapping


def oidc_settings() -> dict[str, str] | None:
    """The identity provider from the environment (OIDC_SERVER_METADATA_URL, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET,
    OIDC_COOKIE_SECRET, OIDC_REDIRECT_URI), as the `[auth]` secrets section; None when none is configured."""
    names = {
        "server_metadata_url": "OIDC_SERVER_METADATA_URL",
        "client_id": "OIDC_CLIENT_ID",
        "client_secret": "OIDC_CLIENT_SECRET",
        "cookie_secret": "OIDC_COOKIE_SECRET",
        "redirect_uri": "OIDC_REDIRECT_URI",
    }
    values = {key: os.environ.get(env, "").strip() for key, env in names.items()}
    if not values["server_metadata_url"]:
        return None
    missing = [names[k] for k, v in values.items() if not v]
    if missing:
        raise ValueError(f"OIDC_SERVER_METADATA_URL is set but these are not: {', '.join(missing)}")
    return values


def proxy_on_loopback() -> bool:
    """Whether the proxy in front of the app listens on loopback only (PROXY_ON_LOOPBACK=1: the make serve trial)."""
    return os.environ.get("PROXY_ON_LOOPBACK", "0").strip().lower() in {"1", "true", "yes", "on"}
