"""What a published figure means: its qualifier, the precision of its date, its series segment, its measure.

Pure rules shared by the loader, the importer and the metrics (docs/DATA.md states each in plain words):

* qualifier_from_text: how the value as published ("~10 000", ">4.1 million", "up to 650 000", "25-30") becomes
  a qualifier (exact, approx, more_than, less_than, up_to, range) with its low and high ends;
* date_span: how a published date ("2025-12-23", "2025-08", "2025", "2025-08..2025-12") becomes its precision
  and the first and last day it may mean; a status is certain only from the last day;
* assign_segments: which comparable segment of its series each observation belongs to;
* measure_of: whether an indicator is a stock (a level at a date) or a flow (a total over a period).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

import pandas as pd

from data.errors import PeriodError
from data.periods import parse_period

QUALIFIERS = ("exact", "approx", "more_than", "less_than", "up_to", "range")
DATE_PRECISIONS = ("day", "month", "year", "interval")
TARGET_KINDS = ("throughput_year", "capacity", "stock_level", "network_size", "share", "count_year")
SEGMENT_REASONS = ("start", "definition", "coverage", "source_family")
# What the stored value_rule (how value_text became value) says about the qualifier; '' and as_published: read
# the text itself.
RULE_QUALIFIER = {"approximate": "approx", "lower_bound": "more_than", "upper_bound": "up_to", "midpoint": "range"}
# Indicator kinds (indicators.kind) and the measure each is: a stock is a level at a date, a flow a total over
# its period; a share or ratio is a level measured at (or over) its period and is placed like a stock.
MEASURE_BY_KIND = {"stock": "stock", "count": "flow", "share": "stock", "ratio": "stock"}

_NUM = r"(\d[\d\s,.]*)"
# Leading words and signs, in the three languages the sources use, checked in this order (longest first).
_PREFIXES: tuple[tuple[str, str], ...] = (
    ("more than", "more_than"), ("over", "more_than"), ("above", "more_than"), ("in excess of", "more_than"),
    ("less than", "less_than"), ("fewer than", "less_than"), ("under", "less_than"), ("below", "less_than"),
    ("up to", "up_to"), ("as many as", "up_to"), ("<=", "up_to"), ("≤", "up_to"),
    ("approximately", "approx"), ("approx.", "approx"), ("approx", "approx"), ("about", "approx"),
    ("around", "approx"), ("nearly", "approx"), ("almost", "approx"), ("c.", "approx"), ("ca.", "approx"),
    ("təxminən", "approx"), ("təqribən", "approx"), ("около", "approx"), ("примерно", "approx"),
    ("более", "more_than"), ("свыше", "more_than"), ("больше", "more_than"), ("менее", "less_than"),
    ("до", "up_to"), ("~", "approx"), ("≈", "approx"), (">", "more_than"), ("<", "less_than"),
)  # fmt: skip
# Trailing Azerbaijani words: "10 000-dən çox" (more than), "10 000-dən artıq", "650 minədək" / "minə qədər" (up to),
# "-dən az" (less than).
_SUFFIXES: tuple[tuple[str, str], ...] = (
    (r"-?(?:d[əa]n|t[əa]n)\s+(?:çox|artıq)\b", "more_than"),
    (r"-?(?:d[əa]n|t[əa]n)\s+az\b", "less_than"),
    (r"(?:-?[əa]?\s*qədər|[əa]?d[əa]k)\b", "up_to"),
)
_AT_LEAST = re.compile(r"^\s*(>=|≥|at least|no fewer than|not less than|ən azı|не менее)", re.IGNORECASE)
_RANGE = re.compile(rf"^\s*{_NUM}\s*(?:-|–|—|to|\.\.)\s*{_NUM}")


class QualifierError(ValueError):
    """A published value whose qualifier cannot be read (say it explicitly)."""


@dataclass(frozen=True)
class Reading:
    """A qualifier and the low and high ends of a range (None unless the qualifier is range)."""

    qualifier: str
    low: float | None = None
    high: float | None = None


def _number(text: str) -> float:
    """A published number: spaces and thousands commas dropped ('14,245' -> 14245; '98.5' stays)."""
    t = text.strip().replace(" ", "").replace("\u00a0", "")
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", t):
        t = t.replace(",", "")
    return float(t.replace(",", "."))


def _text(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value).strip()


def read_text(value_text: object) -> Reading:
    """The qualifier a published value's text states by itself ('exact' when it states none).

    Raises QualifierError for an inclusive bound ('>= 8', 'at least 8'): the vocabulary has no 'at least', so
    such a value needs its qualifier given explicitly (or its value restated as 'more than 7').
    """
    text = _text(value_text)
    low_text = text.lower()
    if _AT_LEAST.match(low_text):
        raise QualifierError(f"'{text}' is an inclusive bound ('at least'): give the qualifier explicitly")
    for prefix, qualifier in _PREFIXES:
        if low_text.startswith(prefix):
            rest = low_text[len(prefix) :]
            # A word prefix must end at a word boundary ('over 10', not 'overall'); signs need no space.
            if prefix[-1].isalpha() and rest[:1].isalpha():
                continue
            return Reading(qualifier)
    if m := _RANGE.match(text):
        low, high = _number(m[1]), _number(m[2])
        if low < high:
            return Reading("range", low, high)
    first = re.match(rf"^\s*{_NUM}\s*(\S.*)?$", low_text)
    tail = (first[2] or "") if first else ""
    for pattern, qualifier in _SUFFIXES:
        if re.match(rf"^(?:min|milyon|mln)?{pattern}", tail.strip()):
            return Reading(qualifier)
    return Reading("exact")


def qualifier_from_text(value_text: object, value_rule: object = None) -> Reading:
    """The qualifier of a published value: the text's own marker, cross-checked with the stored value_rule.

    The rule: a leading '~', 'about', 'c.' ... reads approx; '>', 'more than', 'over' ... more_than; '<',
    'less than', 'under' ... less_than; 'up to', '<=' ... up_to; 'A-B' (A < B) range with its ends; anything
    else (a plain number, '58 of 182', '818 (412 boys, 406 girls)') exact. A value_rule of approximate,
    lower_bound, upper_bound or midpoint says the same thing in the curated data: when the text states no
    qualifier the rule's is used; when both state one and they differ, QualifierError.
    """
    reading = read_text(value_text)
    rule = _text(value_rule)
    from_rule = RULE_QUALIFIER.get(rule)
    if rule and rule not in RULE_QUALIFIER and rule != "as_published":
        raise QualifierError(f"value_rule '{rule}' is not one of {sorted(RULE_QUALIFIER) + ['as_published']}")
    if from_rule is None or from_rule == reading.qualifier:
        return reading
    if reading.qualifier == "exact" and from_rule != "range":
        return Reading(from_rule)
    raise QualifierError(
        f"value_rule '{rule}' says {from_rule} but the text '{_text(value_text)}' says {reading.qualifier}"
    )


def check_qualified_value(value: float, qualifier: str, low: float | None, high: float | None) -> str | None:
    """What is wrong with a value and its qualifier (None when nothing): the vocabulary, and for a range
    low <= value <= high with both ends given; outside a range both ends must be empty."""
    if qualifier not in QUALIFIERS:
        return f"qualifier '{qualifier}' is not one of {', '.join(QUALIFIERS)}"
    has_low = low is not None and not (isinstance(low, float) and math.isnan(low))
    has_high = high is not None and not (isinstance(high, float) and math.isnan(high))
    if qualifier == "range":
        if not (has_low and has_high):
            return "a range needs both value_low and value_high"
        if not low <= value <= high:
            return f"a range needs value_low <= value <= value_high (got {low:g} <= {value:g} <= {high:g})"
        if low == high:
            return "a range needs value_low < value_high (use qualifier exact for one number)"
        return None
    if has_low or has_high:
        return f"value_low and value_high are only for qualifier range (this row is {qualifier})"
    return None


@dataclass(frozen=True)
class DateSpan:
    """A published date with its precision: the first and the last day it may mean."""

    text: str
    precision: str  # day | month | year | interval
    earliest: date
    latest: date


def date_span(text: object) -> DateSpan:
    """Parse a published date: '2025-12-23' (day), '2025-08' (month), '2025' (year), or an interval
    '2025-08..2025-12' (also a quarter or half-year); raise PeriodError otherwise."""
    p = parse_period(_text(text))
    precision = {"date": "day", "month": "month", "year": "year"}.get(p.type, "interval")
    return DateSpan(p.text, precision, p.start, p.end)


def measure_of(kind: str) -> str:
    """'stock' (a level at a date) or 'flow' (a total over a period) for an indicator kind."""
    try:
        return MEASURE_BY_KIND[kind]
    except KeyError as e:
        raise ValueError(f"indicator kind '{kind}' is not one of {sorted(MEASURE_BY_KIND)}") from e


def segment_start(starts: object) -> date:
    """The first day a segment's `starts` period text covers."""
    return parse_period(_text(starts)).start


def assign_segments(observations: pd.DataFrame, segments: pd.DataFrame, clamp: bool = False) -> pd.Series:
    """The segment of each observation by the stated rule: the indicator's last segment whose `starts` is on or
    before the last day of the observation's period (period_end: a stock's date, the end of a flow's or a
    cumulative count's period); '' for an indicator with no segments (its only one).

    observations: indicator_code, period_end; segments: indicator_code, segment, starts. An observation before
    its indicator's first segment gets None (the segment file must start each series at or before its first
    observation; the loader reports it), or with `clamp` the first segment (imported and generated values).
    """
    out = pd.Series("", index=observations.index, dtype=object)
    if segments.empty or observations.empty:
        return out
    seg = segments.assign(_day=[pd.Timestamp(segment_start(t)) for t in segments["starts"]])
    starts = pd.to_datetime(observations["period_end"])
    for code, group in seg.sort_values("_day", kind="stable").groupby("indicator_code", sort=False):
        mine = (observations["indicator_code"] == code).to_numpy()
        if not mine.any():
            continue
        days = group["_day"].to_numpy()
        names = group["segment"].to_numpy(object)
        pos = days.searchsorted(starts[mine].to_numpy(), side="right") - 1
        out[mine] = [names[i] if i >= 0 else (names[0] if clamp else None) for i in pos]
    return out


def segment_order_problems(segments: pd.DataFrame) -> list[str]:
    """Problems of a segment file: duplicate ids, two segments starting together, unreadable starts."""
    problems = []
    for code, group in segments.groupby("indicator_code", sort=False):
        if group["segment"].duplicated().any():
            problems.append(f"{code}: a segment id is used twice")
        try:
            days = [segment_start(t) for t in group["starts"]]
        except PeriodError as e:
            problems.append(f"{code}: {e}")
            continue
        if len(set(days)) != len(days):
            problems.append(f"{code}: two segments start on the same day")
        if any(not str(s).strip() for s in group["segment"]):
            problems.append(f"{code}: a segment has an empty id")
    return problems
