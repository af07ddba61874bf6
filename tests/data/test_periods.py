"""Periods as published parse into their first and last day."""

from datetime import date

import pytest

from data.errors import PeriodError
from data.periods import parse_period


@pytest.mark.parametrize(
    ("text", "start", "end", "kind"),
    [
        ("2025", date(2025, 1, 1), date(2025, 12, 31), "year"),
        ("2024-Q1", date(2024, 1, 1), date(2024, 3, 31), "quarter"),
        ("2024q4", date(2024, 10, 1), date(2024, 12, 31), "quarter"),
        ("2021-H1", date(2021, 1, 1), date(2021, 6, 30), "half"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "month"),
        ("2025-12-23", date(2025, 12, 23), date(2025, 12, 23), "date"),
        ("2025-01..2025-08", date(2025, 1, 1), date(2025, 8, 31), "range"),
        ("2019-11-01..2021-03", date(2019, 11, 1), date(2021, 3, 31), "range"),
    ],
)
def test_parse(text, start, end, kind):
    p = parse_period(text)
    assert (p.start, p.end, p.type) == (start, end, kind)


def test_full_year_flag():
    assert parse_period("2025").is_full_year
    assert parse_period("2025-01..2025-12").is_full_year
    assert not parse_period("2025-01..2025-08").is_full_year


@pytest.mark.parametrize("bad", ["", "2025-13", "25", "2025-Q5", "2025-02-30", "2025..2024", "last year"])
def test_rejects(bad):
    with pytest.raises(PeriodError) as e:
        parse_period(bad)
    assert "is not a period" in str(e.value)
