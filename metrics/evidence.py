"""How old the evidence behind a summary is: its latest date, and whether it is stale for the date shown."""

from __future__ import annotations

from datetime import date

import pandas as pd

from data.config import evidence_stale_months


def _day(value: object) -> pd.Timestamp | None:
    """A day as a Timestamp (None when missing or unreadable)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    try:
        day = pd.Timestamp(value)
        return (day.tz_localize(None) if day.tzinfo is not None else day).normalize()
    except (TypeError, ValueError):
        return None


def latest_evidence(dates: pd.Series | list) -> pd.Timestamp | None:
    """The latest of some evidence dates (None when there is none)."""
    days = [d for d in (_day(x) for x in dates) if d is not None]
    return max(days) if days else None


def is_stale(evidence: object, shown: object, months: int | None = None) -> bool:
    """True when the evidence lies more than `months` (default: the EVIDENCE_STALE_MONTHS setting) before the
    date the figure is shown for; False when either date is missing."""
    e, s = _day(evidence), _day(shown)
    if e is None or s is None:
        return False
    limit = s - pd.DateOffset(months=evidence_stale_months() if months is None else months)
    return bool(e < limit)


def stale_flags(evidence: pd.Series, shown: object, months: int | None = None) -> pd.Series:
    """is_stale for a column of evidence dates at once (False where a date is missing)."""
    s = _day(shown)
    days = pd.to_datetime(pd.Series(evidence), errors="coerce")
    if getattr(days.dt, "tz", None) is not None:
        days = days.dt.tz_localize(None)
    if s is None:
        return pd.Series(False, index=days.index)
    limit = s - pd.DateOffset(months=evidence_stale_months() if months is None else months)
    return (days.dt.normalize() < limit).fillna(False).astype(bool)


def evidence_state(evidence: object, shown: date | str | pd.Timestamp, months: int | None = None) -> dict:
    """{'evidence_date': ISO day or None, 'stale': bool, 'stale_months': the threshold used}."""
    e = _day(evidence)
    m = evidence_stale_months() if months is None else months
    return {"evidence_date": e.date().isoformat() if e is not None else None, "stale": is_stale(e, shown, m),
            "stale_months": m}  # fmt: skip
