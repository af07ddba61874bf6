"""Domain errors of the data layer. Messages say what is wrong and where; pages translate them by `key`."""

from __future__ import annotations


class DataError(Exception):
    """Base class: every error the data layer raises on purpose."""

    key = "error.data"

    def __init__(self, message: str, **params: object) -> None:
        super().__init__(message)
        self.params = params


class PeriodError(DataError):
    """A period text that is not a year, year-month, year-quarter, half-year, date or range."""

    key = "error.period"

    def __init__(self, text: str) -> None:
        super().__init__(
            f"'{text}' is not a period: use a year (2025), year-month (2025-08), year-quarter (2025-Q1), "
            "half-year (2025-H1), a date (2025-12-23) or a range (2025-01..2025-08)",
            text=text,
        )


class ReferenceDataError(DataError):
    """The shipped reference data is inconsistent (a bug in data/reference, caught at build time)."""

    key = "error.reference"


class DatabaseNotReadyError(DataError):
    """The database has no schema or no reference data yet."""

    key = "error.db_not_ready"
