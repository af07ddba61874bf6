"""Problems found in an import file: where (sheet, row, column), what (a translation key with parameters), how bad.

An `error` rejects the file; a `note` is shown with the preview and changes nothing. Messages are rendered in the
reader's language at display time (`Problem.message(lang)`); parameters that differ by language are given as
{"az": ..., "en": ...} dicts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from data.i18n import normalise_language, translate

ERROR = "error"
NOTE = "note"
KEY_PREFIX = "import.problem."
SHOWN_CHARS = 80
_CONTROL = {c: f"\\x{c:02x}" for c in [*range(0, 32), 127]}
_CONTROL.update({9: "\\t", 10: "\\n", 13: "\\r"})


def shown(text: object) -> str:
    """A cell's text as a message quotes it: control characters escaped, long texts shortened."""
    t = str(text).translate(_CONTROL)
    return t if len(t) <= SHOWN_CHARS else t[: SHOWN_CHARS - 1] + "…"


@dataclass(frozen=True)
class Problem:
    """One problem: sheet, row as the user sees it (header = row 1), column as headed in the file, and a message."""

    key: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    params: dict = field(default_factory=dict)
    severity: str = ERROR

    @property
    def is_error(self) -> bool:
        """True when the problem rejects the file."""
        return self.severity == ERROR

    def message(self, lang: str) -> str:
        """The message in `lang` (parameters that are per-language dicts resolved)."""
        lang = normalise_language(lang)
        params = {k: (v.get(lang) or v.get("az") if isinstance(v, dict) else v) for k, v in self.params.items()}
        return translate(KEY_PREFIX + self.key, lang, **params)

    def where(self, lang: str) -> str:
        """'observations, row 5, column "period"' in `lang` (only the parts that are known)."""
        parts = []
        if self.sheet:
            parts.append(translate("import.where.sheet", lang, sheet=self.sheet))
        if self.row:
            parts.append(translate("import.where.row", lang, row=self.row))
        if self.column:
            parts.append(translate("import.where.column", lang, column=self.column))
        return ", ".join(parts) if parts else translate("import.where.file", lang)


def error(key: str, sheet: str | None = None, row: int | None = None, column: str | None = None, **params) -> Problem:
    """An error (rejects the file)."""
    return Problem(key, sheet, row, column, params, ERROR)


def note(key: str, sheet: str | None = None, row: int | None = None, column: str | None = None, **params) -> Problem:
    """A note (shown, changes nothing)."""
    return Problem(key, sheet, row, column, params, NOTE)


def has_errors(problems: Iterable[Problem]) -> bool:
    """True when any problem is an error."""
    return any(p.is_error for p in problems)


def ordered(problems: Iterable[Problem]) -> list[Problem]:
    """File problems first, then by sheet, row and column; errors before notes at the same place."""
    return sorted(problems, key=lambda p: (p.sheet or "", p.row or 0, p.column or "", p.severity != ERROR, p.key))


def row_list(rows: Iterable[int], limit: int = 8) -> str:
    """'5, 9, 12' or '5, 9, 12, … (+40)' for a note that covers several rows."""
    rows = list(rows)
    head = ", ".join(str(r) for r in rows[:limit])
    return head if len(rows) <= limit else f"{head}, … (+{len(rows) - limit})"


def table(problems: Iterable[Problem], lang: str) -> pd.DataFrame:
    """The problems as a table: severity, sheet, row, column, message (in `lang`)."""
    rows = [
        {
            "severity": p.severity,
            "sheet": p.sheet or "",
            "row": p.row,
            "column": p.column or "",
            "message": p.message(lang),
        }
        for p in ordered(problems)
    ]
    out = pd.DataFrame(rows, columns=["severity", "sheet", "row", "column", "message"])
    out["row"] = out["row"].astype("Int64")
    return out
