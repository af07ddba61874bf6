"""Periods as published ("2025", "2025-Q1", "2025-H1", "2025-08", "2025-01..2025-08", "2025-12-23")."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from data.errors import PeriodError


@dataclass(frozen=True)
class Period:
    """A parsed period: its canonical text, first and last day, and type."""

    text: str
    start: date
    end: date
    type: str  # year | half | quarter | month | range | date

    @property
    def year(self) -> int:
        """The calendar year the period ends in."""
        return self.end.year

    @property
    def is_full_year(self) -> bool:
        """True when the period covers a whole calendar year."""
        return self.start == date(self.end.year, 1, 1) and self.end == date(self.end.year, 12, 31)


_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})[- ]?[Qq]([1-4])$")
_HALF = re.compile(r"^(\d{4})[- ]?[Hh]([12])$")
_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_RANGE = re.compile(r"^(.+?)\s*\.\.\s*(.+)$")


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def parse_period(text: str) -> Period:
    """Parse a period; raise PeriodError naming the accepted forms when it cannot."""
    t = str(text).strip()
    try:
        if m := _YEAR.match(t):
            y = int(m[1])
            return Period(t, date(y, 1, 1), date(y, 12, 31), "year")
        if m := _QUARTER.match(t):
            y, q = int(m[1]), int(m[2])
            return Period(f"{y}-Q{q}", date(y, 3 * q - 2, 1), _month_end(y, 3 * q), "quarter")
        if m := _HALF.match(t):
            y, h = int(m[1]), int(m[2])
            return Period(f"{y}-H{h}", date(y, 6 * h - 5, 1), _month_end(y, 6 * h), "half")
        if m := _MONTH.match(t):
            y, mo = int(m[1]), int(m[2])
            return Period(f"{y}-{mo:02d}", date(y, mo, 1), _month_end(y, mo), "month")
        if m := _DATE.match(t):
            d = date(int(m[1]), int(m[2]), int(m[3]))
            return Period(d.isoformat(), d, d, "date")
        if m := _RANGE.match(t):
            a, b = parse_period(m[1]), parse_period(m[2])
            if b.end < a.start:
                raise PeriodError(t)
            return Period(f"{a.text}..{b.text}", a.start, b.end, "range")
    except ValueError as e:
        raise PeriodError(t) from e
    raise PeriodError(t)


def parse_date_prefix(text: str) -> date:
    """The first day of a published date "YYYY-MM-DD", "YYYY-MM" or "YYYY"."""
    return parse_period(text).start
