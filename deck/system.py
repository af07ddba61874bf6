"""What server-side export needs on the machine: Debian's Chromium and the DejaVu fonts (ə, Ə, ğ, ı, ş)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from deck.errors import ExportError

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
DEJAVU_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
DEJAVU_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
INSTALL_HINT = "run `bash .ci/install-system-deps.sh --runtime` (installs chromium and fonts-dejavu-core)"


def chromium_path() -> str | None:
    """BROWSER_PATH when set, else the first Chromium found (Debian's /usr/bin/chromium first)."""
    explicit = os.environ.get("BROWSER_PATH")
    if explicit:
        return explicit if Path(explicit).exists() else None
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")


def problems() -> list[str]:
    """What is missing for the export (empty when everything is there)."""
    out = []
    if chromium_path() is None:
        out.append("chromium")
    if not DEJAVU_FONT.exists():
        out.append("fonts-dejavu-core")
    return out


def require() -> str:
    """The Chromium path; ExportError naming what is missing and how to install it otherwise."""
    missing = problems()
    if missing:
        raise ExportError(f"export needs {', '.join(missing)}: {INSTALL_HINT}", missing=", ".join(missing))
    return chromium_path()  # type: ignore[return-value]
