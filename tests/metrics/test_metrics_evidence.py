"""How old the evidence is: the column-at-once rule (stale_flags, used for 80,000 headline figures) is the one-value
rule (is_stale) on every value."""

from __future__ import annotations

from datetime import date

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from metrics.evidence import is_stale, stale_flags

DAYS = st.dates(min_value=date(2015, 1, 1), max_value=date(2031, 12, 31))
# Month ends and leap days are where "N months before" is easiest to get wrong.
EDGES = st.sampled_from([date(2024, 2, 29), date(2025, 2, 28), date(2025, 3, 31), date(2025, 8, 31), date(2026, 12, 6)])


@settings(max_examples=200, deadline=None)
@given(
    evidence=st.lists(st.one_of(st.none(), DAYS, EDGES), min_size=1, max_size=30),
    shown=st.one_of(DAYS, EDGES),
    months=st.integers(min_value=1, max_value=36),
)
def test_stale_flags_is_is_stale_on_every_value(evidence, shown, months):
    limit = pd.Timestamp(shown) - pd.DateOffset(months=months)  # the boundary and its neighbours, every time
    evidence = [*evidence, *(limit + pd.Timedelta(days=k) for k in (-1, 0, 1))]
    column = pd.Series([pd.Timestamp(d) if d is not None else pd.NaT for d in evidence])
    got = stale_flags(column, shown, months).tolist()
    assert got == [is_stale(d, shown, months) for d in column]
