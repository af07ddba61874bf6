"""The one error of the export: the machine lacks what server-side rendering needs (Chromium, DejaVu fonts)."""

from __future__ import annotations


class ExportError(Exception):
    """Rendering images or printing the PDF failed; `key` names the translated message for the page."""

    key = "collegium.error.export"

    def __init__(self, message: str, **params: object) -> None:
        super().__init__(message)
        self.params = params
