"""A value far outside its series' history is imported, with a note the steward sees in the preview.

"Far" is a factor (FAR_FACTOR, 10) above the highest or below the lowest value the database holds for the same
indicator and place (published and official values; demonstration series are not history). A series with no
stored value has no history to compare with.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, Engine, func, select

from data import schema as s
from data.formatting import format_number
from data.importer.problems import Problem, note

FAR_FACTOR = 10.0
HISTORY_STATUSES = ("reported", "official")


def stored_ranges(bind: Engine | Connection, indicator_codes: list[str]) -> pd.DataFrame:
    """Per indicator and place: the lowest and highest current value and how many there are."""
    o = s.observations
    stmt = (
        select(
            o.c.indicator_code,
            o.c.geo_code,
            func.min(o.c.value).label("low"),
            func.max(o.c.value).label("high"),
            func.count().label("n"),
        )
        .where(o.c.indicator_code.in_(indicator_codes))
        .where(o.c.data_status.in_(HISTORY_STATUSES))
        .where(o.c.superseded_at.is_(None))
        .where(o.c.value.is_not(None))
        .group_by(o.c.indicator_code, o.c.geo_code)
    )
    if isinstance(bind, Connection):
        rows = bind.execute(stmt).all()
    else:
        with bind.connect() as conn:
            rows = conn.execute(stmt).all()
    return pd.DataFrame(rows, columns=["indicator_code", "geo_code", "low", "high", "n"])


def history_notes(bind: Engine | Connection, sheets: list[tuple[str, pd.DataFrame]]) -> list[Problem]:
    """A note for every record (of each sheet's records) far outside its series' stored values."""
    frames = [f.assign(sheet=name) for name, f in sheets if len(f)]
    if not frames:
        return []
    records = pd.concat(frames, ignore_index=True)
    ranges = stored_ranges(bind, sorted(records["indicator_code"].dropna().unique()))
    if ranges.empty:
        return []
    both = records.merge(ranges, on=["indicator_code", "geo_code"], how="inner")
    value = both["value"].astype(float)
    far = (value > both["high"].astype(float) * FAR_FACTOR) | (
        (both["low"].astype(float) > 0) & (value < both["low"].astype(float) / FAR_FACTOR)
    )
    out = []
    for r in both[far].to_dict("records"):
        low = {lang: format_number(r["low"], lang) for lang in ("az", "en")}
        high = {lang: format_number(r["high"], lang) for lang in ("az", "en")}
        out.append(
            note(
                "value_far_from_history",
                r["sheet"],
                int(r["row"]),
                "value",
                value={lang: format_number(r["value"], lang) for lang in ("az", "en")},
                low=low,
                high=high,
                count=int(r["n"]),
                factor=f"{FAR_FACTOR:g}",
            )
        )
    return out
