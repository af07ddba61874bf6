"""The deck as a PDF: the slides' HTML (deck.html) printed by headless Chromium, one page per slide.

Chromium's own command-line switch prints it (`chromium --headless --print-to-pdf`, a public interface, one
short-lived process per PDF).

Chromium embeds the DejaVu fonts it lays the text out with, so the PDF's text is real text (searchable, and
every Azerbaijani letter extracts as itself). Offline: the HTML carries its images inline.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from deck import html, system
from deck.errors import ExportError
from deck.model import Deck

PRINT_TIMEOUT_S = 120
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-pdf-header-footer",
    "--generate-pdf-document-outline",  # a bookmark per slide (from each slide's <h1>)
    "--export-tagged-pdf",  # a structure tree for screen readers
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--no-first-run",
    "--hide-scrollbars",
    "--mute-audio",
    "--disable-dev-shm-usage",
    "--run-all-compositor-stages-before-draw",
)


def print_html(document: str, browser: str | None = None) -> bytes:
    """Print an HTML document to PDF with headless Chromium (ExportError when it fails)."""
    browser = browser or system.require()
    with tempfile.TemporaryDirectory(prefix="deck-pdf-") as tmp:
        src, out = Path(tmp) / "deck.html", Path(tmp) / "deck.pdf"
        src.write_text(document, encoding="utf-8")
        cmd = [
            browser,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={Path(tmp) / 'profile'}",
            f"--print-to-pdf={out}",
            src.as_uri(),
        ]
        try:
            done = subprocess.run(
                cmd, capture_output=True, timeout=PRINT_TIMEOUT_S, stdin=subprocess.DEVNULL, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise ExportError(f"Chromium could not print the PDF: {exc}", missing="chromium") from exc
        if not out.exists() or out.stat().st_size == 0:
            tail = done.stderr.decode("utf-8", "replace")[-2000:]
            raise ExportError(f"Chromium printed no PDF (exit {done.returncode}): {tail}", missing="")
        return out.read_bytes()


def write_pdf(deck: Deck, pictures: dict[str, bytes]) -> bytes:
    """The deck as PDF bytes (one 1920x1080 px page per slide)."""
    return print_html(html.document(deck, pictures))
