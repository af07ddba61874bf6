"""Check every row of an observations sheet and turn it into records, reporting every problem (the helpers here
are shared with data/importer/facilities.py).

Work is done per distinct text (an indicator, a place, a period is looked up once, however many rows name it);
the value rules that depend on the indicator's kind are a pandera schema validated lazily, so that every failing
row is reported at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from data.config import import_period_years
from data.errors import PeriodError
from data.i18n import LANGUAGES, translate
from data.importer.catalogue import QUALIFIER_SIGNS, Catalogue
from data.importer.columns import TEXT_COLUMNS
from data.importer.problems import Problem, error, note, row_list, shown
from data.importer.sheets import Sheet
from data.importer.template import formula_like
from data.periods import Period, parse_period
from data.semantics import QUALIFIERS, assign_segments, check_qualified_value

WHOLE_KINDS = ("count", "stock")
LIMITS_FILE = Path(__file__).with_name("value_limits.csv")
SEP = "\x1f"  # joins a level and a place into one lookup key
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_AMBIGUOUS = r"[-+]?[1-9]\d{0,2}[.,]\d{3}"
# A thousands group never follows a leading zero: "0,988" and "0.988" are decimals, not 988.
_EN_THOUSANDS = r"[-+]?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?"
_AZ_THOUSANDS = r"[-+]?[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?"


# ---------------------------------------------------------------------------------------------- numbers


def parse_numbers(text: pd.Series, stored: pd.Series | None = None) -> tuple[pd.Series, pd.Series]:
    """Numbers from cells, and a reason for each that is not one ('', 'not_number', 'ambiguous').

    Cells Excel stored as numbers (`stored` 'n' or 'p', see Sheet.kind) keep their value as it is. Text: spaces
    and a trailing % are dropped; '4,3' and '4.3' are 4.3; '30 000', '30,000.5' and '30.000,5' are read; a single
    group like '30,000' or '30.000' is ambiguous (thirty thousand, or thirty?) and reported.
    """
    s = text.astype(str).str.replace(_SPACES, "", regex=True).str.removesuffix("%")
    ambiguous = s.str.fullmatch(_AMBIGUOUS)
    en = s.str.fullmatch(_EN_THOUSANDS)
    az = s.str.fullmatch(_AZ_THOUSANDS) & ~en
    cleaned = s.where(~en, s.str.replace(",", "", regex=False))
    cleaned = cleaned.where(~az, s.str.replace(".", "", regex=False))
    cleaned = cleaned.str.replace(",", ".", regex=False)
    numeric = stored.isin(["n", "p"]) if stored is not None else pd.Series(False, index=text.index)
    ambiguous = ambiguous & ~numeric
    cleaned = cleaned.where(~numeric, text.astype(str))
    num = pd.to_numeric(cleaned.where(~ambiguous, ""), errors="coerce").astype(float)
    num = num.where(np.isfinite(num))
    reason = pd.Series("", index=text.index, dtype=object)
    filled = text.astype(str) != ""
    reason[filled & num.isna()] = "not_number"
    reason[filled & ambiguous] = "ambiguous"
    return num, reason


def percent_values(
    text: pd.Series, stored: pd.Series, value: pd.Series, reason: pd.Series, kinds: pd.Series
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Percentages, and whether each cell said percent. A cell Excel formats as percent holds the fraction
    (0.988 shown as 98.8%): times 100 for a share; a share written '0.988%' stays 0.988 (it says percent). A
    percentage for anything but a share is refused ('percent_not_share')."""
    formatted = stored == "p"
    written = text.astype(str).str.strip().str.endswith("%")
    share = kinds == "share"
    value = value.where(~(formatted & share), value * 100)
    reason = reason.where(~((formatted | written) & ~share & kinds.notna() & (reason == "")), "percent_not_share")
    return value, reason, formatted | written


class ObservationValues(pa.DataFrameModel):
    """The value rules of an observation: never negative; counts and stocks whole; shares at most 100."""

    @pa.dataframe_check(name="negative")
    def not_negative(cls, df: pd.DataFrame) -> pd.Series:
        """Values are not negative."""
        return ~(df["value"] < 0)

    @pa.dataframe_check(name="not_whole")
    def whole(cls, df: pd.DataFrame) -> pd.Series:
        """Counts and stocks are whole numbers."""
        frac = (df["value"] - df["value"].round()).abs()
        return ~(df["kind"].isin(WHOLE_KINDS) & (frac > 1e-9))

    @pa.dataframe_check(name="share_range")
    def share_range(cls, df: pd.DataFrame) -> pd.Series:
        """Shares are percentages: 0 to 100."""
        return ~((df["kind"] == "share") & (df["value"] > 100))

    @pa.dataframe_check(name="share_fraction")
    def share_fraction(cls, df: pd.DataFrame) -> pd.Series:
        """A share between 0 and 1 is a fraction written where a percentage belongs (0.988 for 98.8)."""
        return ~((df["kind"] == "share") & ~df["percent"] & (df["value"] > 0) & (df["value"] < 1))

    @pa.dataframe_check(name="above_ceiling")
    def below_ceiling(cls, df: pd.DataFrame) -> pd.Series:
        """No value above its unit's ceiling (value_limits.csv: a share 100, a count the country's population)."""
        return ~(df["value"] > df["ceiling"])

    class Config:
        strict = False


def schema_failures(model: type[pa.DataFrameModel], frame: pd.DataFrame) -> dict[str, list[Hashable]]:
    """Check name -> failing row labels, all checks run (lazy validation)."""
    try:
        model.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as e:
        fc = e.failure_cases
        fc = fc[fc["index"].notna()]
        return {str(k): list(dict.fromkeys(g["index"])) for k, g in fc.groupby("check", sort=False)}
    return {}


@cache
def value_limits() -> pd.DataFrame:
    """Per unit, the highest plausible value: a fixed ceiling, or a multiple of the country's population."""
    return pd.read_csv(LIMITS_FILE, dtype={"unit": str}).set_index("unit")


def ceilings(units: pd.Series, population: float) -> pd.Series:
    """The highest plausible value per row, from its indicator's unit (unknown units: the population)."""
    limits = value_limits()
    fixed = units.map(limits["ceiling"])
    factor = units.map(limits["population_factor"])
    by_population = factor.where(factor.notna() | fixed.notna(), 1.0) * population
    return fixed.where(fixed.notna(), by_population).astype(float)


def period_range_problems(sheet: Sheet, column: str, period: Lookup) -> list[Problem]:
    """An error for every period outside the plausible years (the IMPORT_FIRST_YEAR setting to next year)."""
    first, last = import_period_years()
    out = []
    outside = {t for t, p in period.results.items() if p is not None and (p.start.year < first or p.end.year > last)}
    for r in sheet.frame.index[period.found() & period.texts.isin(outside)]:  # per distinct text: 100,000 rows fast
        out.append(
            error(
                "period_out_of_range",
                sheet.name,
                int(r),
                sheet.column_label(column),
                text=shown(sheet.frame.at[r, column]),
                first=first,
                last=last,
            )
        )
    return out


def excel_date_periods(sheet: Sheet, column: str) -> tuple[pd.Series, list[Problem]]:
    """The period texts, with what Excel turned into dates undone: a date shown without a day ("Aug-25") is the
    month, one shown as its year alone ("2025") the year (a note each); a date shown with its day is refused (a
    period is not a day Excel made up)."""
    texts = sheet.frame[column].astype(str)
    stored = sheet.stored(column)
    months, years, days = stored == "m", stored == "y", stored == "d"
    out = texts.where(~months, texts.str[:7]).where(~years, texts.str[:4]).where(~days, "")
    problems = []
    if years.any():  # a date shown as its year alone ("yyyy"): the year the user sees, never January
        rows = [int(r) for r in texts.index[years]]
        problems.append(
            note("period_year_from_date", sheet.name, rows[0], sheet.column_label(column), rows=row_list(rows))
        )
    if months.any():
        rows = [int(r) for r in texts.index[months]]
        problems.append(
            note("period_month_from_date", sheet.name, rows[0], sheet.column_label(column), rows=row_list(rows))
        )
    for r in texts.index[days]:
        problems.append(error("period_is_date", sheet.name, int(r), sheet.column_label(column), text=shown(texts[r])))
    return out, problems


# ---------------------------------------------------------------------------------------------- helpers


def level_names(level: str) -> dict[str, str]:
    """A geography level's word in every language."""
    return {lang: translate(f"import.level.{level}", lang) for lang in LANGUAGES}


def level_list(levels: list[str]) -> dict[str, str]:
    """Several geography levels' words, comma-separated, in every language."""
    return {lang: ", ".join(translate(f"import.level.{x}", lang) for x in levels) for lang in LANGUAGES}


class Lookup:
    """A function's result for each distinct non-empty text of a column, mapped back to the rows on demand."""

    def __init__(self, texts: pd.Series, fn: Callable[[str], object]) -> None:
        self.texts = texts
        # Each row's distinct text as a number (-1: an empty cell): a result goes back to the rows by position,
        # not by looking every row's text up again for each attribute.
        self._codes, distinct = pd.factorize(texts)
        self._distinct = list(distinct)
        self.results = {v: fn(v) for v in self._distinct if v != ""}

    def _by_row(self, per_text: list) -> np.ndarray:
        """One value per distinct text (in factorize's order) spread over the rows; None for an empty cell."""
        table = np.empty(len(per_text) + 1, dtype=object)  # filled one by one: a tuple stays one value
        for i, v in enumerate([*per_text, None]):
            table[i] = v
        return table[self._codes]

    def _map(self, table: dict) -> pd.Series:
        out = pd.Series(self._by_row([table.get(v) for v in self._distinct]), index=self.texts.index, dtype=object)
        return out.where(out.notna(), None)

    def value(self) -> pd.Series:
        """The result per row (None where the cell is empty or nothing was found)."""
        return self._map({k: r for k, r in self.results.items() if r is not None})

    def attr(self, name: str) -> pd.Series:
        """An attribute of the result per row (None where there is no result)."""
        return self._map({k: getattr(r, name) for k, r in self.results.items() if r is not None})

    def found(self) -> pd.Series:
        """True where the cell is filled and a result was found."""
        hit = np.array([self.results.get(v) is not None for v in self._distinct] + [False])  # last: an empty cell
        return pd.Series(hit[self._codes], index=self.texts.index)

    def missing(self) -> pd.Series:
        """True where the cell is filled but nothing was found."""
        return (self.texts != "") & ~self.found()


def period_or_none(text: str) -> Period | None:
    """The parsed period, or None when the text is not one."""
    try:
        return parse_period(text)
    except PeriodError:
        return None


def required_problems(sheet: Sheet, frame: pd.DataFrame, columns: list[str]) -> list[Problem]:
    """An error for every empty cell of a required column."""
    out = []
    for c in columns:
        out += [error("required", sheet.name, int(r), sheet.column_label(c)) for r in frame.index[frame[c] == ""]]
    return out


def place_notes(sheet: Sheet, column: str, texts: pd.Series, places: Lookup) -> list[Problem]:
    """One note per former name and per spelling variant used, naming the current name and the rows."""
    out = []
    how = places.attr("how")
    for kind in ("old_name", "variant"):
        sel = how == kind
        for text, rows in texts[sel].groupby(texts[sel], sort=False).groups.items():
            p = places.results[places.texts[rows[0]]]
            out.append(
                note(
                    f"geo_{kind}",
                    sheet.name,
                    int(rows[0]),
                    sheet.column_label(column),
                    text=shown(text),
                    name=p.names,
                    code=p.code,
                    rows=row_list(int(r) for r in rows),
                )
            )
    return out


def text_notes(sheet: Sheet, frame: pd.DataFrame) -> list[Problem]:
    """A note per text column with cells a spreadsheet would run as a formula (kept as text, defused on export)."""
    out = []
    for c in [c for c in TEXT_COLUMNS if c in frame.columns]:
        text = frame[c].astype(str)
        rows = frame.index[text.map({v: formula_like(v) for v in text.unique()}).astype(bool)]  # once per distinct text
        if len(rows):
            out.append(note("text_formula_like", sheet.name, int(rows[0]), sheet.column_label(c), rows=row_list(rows)))
    return out


def duplicate_problems(
    sheet: Sheet,
    frame: pd.DataFrame,
    key: list[str],
    problem: str = "duplicate_row",
    seen: dict[tuple, tuple[str, int]] | None = None,
) -> list[Problem]:
    """An error for every row that repeats the key of an earlier row (naming that row), in this sheet or, with
    `seen` (key -> sheet and row, filled as sheets are checked), in an earlier sheet of the same file."""
    k = frame.loc[frame[key].notna().all(axis=1), key].astype(str)
    dup = k.duplicated(keep="first")
    out = []
    if dup.any():
        first = pd.Series(k.index, index=k.index).groupby([k[c] for c in key], sort=False).transform("min")
        out = [error(problem, sheet.name, int(r), None, first_row=int(first[r])) for r in k.index[dup]]
    if seen is None:
        return out
    rest = k[~dup]
    # The keys as plain Python tuples: stepping through Arrow-backed columns row by row took most of the check.
    keys = zip(*(rest[c].to_numpy(dtype=object) for c in key), strict=True)
    for r, values in zip(rest.index.tolist(), keys, strict=True):
        earlier = seen.get(values)
        if earlier is None:
            seen[values] = (sheet.name, int(r))
        elif earlier[0] != sheet.name:
            out.append(
                error(f"{problem}_other_sheet", sheet.name, int(r), None, first_sheet=earlier[0], first_row=earlier[1])
            )
    return out


# ---------------------------------------------------------------------------------------------- observations


# Every record of a good row has these filled.
OBSERVATION_REQUIRED = ["indicator_code", "geo_level", "geo_code", "period", "period_start", "period_end",
                        "period_type", "value", "qualifier", "segment"]  # fmt: skip
OBSERVATION_COLUMNS = ["row", *OBSERVATION_REQUIRED, "value_low", "value_high", "source", "note"]


def validate_observations(
    sheet: Sheet, cat: Catalogue, seen: dict[tuple, tuple[str, int]] | None = None
) -> tuple[pd.DataFrame, list[Problem]]:
    """The observation records of a sheet (only rows without errors) and every problem of its rows; `seen`: the
    keys of the file's sheets checked before (keys are unique across the whole file)."""
    f = sheet.frame
    col = sheet.column_label
    problems = required_problems(sheet, f, ["indicator", "geo", "period", "value"])

    indicator = Lookup(f["indicator"], cat.indicator_names.match)
    code = indicator.value()
    for r, text in f["indicator"][indicator.missing()].items():
        hint = cat.indicator_names.suggest(text)
        key = "indicator_unknown_suggest" if hint else "indicator_unknown"
        problems.append(error(key, sheet.name, int(r), col("indicator"), text=shown(text), suggestion=hint or ""))

    levels = Lookup(f["geo_level"], cat.levels.match)
    level, bad_level = levels.value(), levels.missing()
    allowed = ", ".join(cat.levels.codes)
    for r, text in f["geo_level"][bad_level].items():
        problems.append(error("level_unknown", sheet.name, int(r), col("geo_level"), text=shown(text), allowed=allowed))

    keyed = (level.fillna("") + SEP + f["geo"]).where(f["geo"] != "", "")
    place = Lookup(keyed, lambda k: cat.places.resolve(k.split(SEP)[1], k.split(SEP)[0] or None))
    for r in f.index[place.missing() & ~bad_level]:
        problems.append(_place_problem(sheet, int(r), f.at[r, "geo"], level[r], cat))
    problems += place_notes(sheet, "geo", f["geo"], place)

    period_texts, p = excel_date_periods(sheet, "period")
    problems += p
    period = Lookup(period_texts, period_or_none)
    for r, text in f["period"][period.missing()].items():
        problems.append(error("period_invalid", sheet.name, int(r), col("period"), text=shown(text)))
    problems += period_range_problems(sheet, "period", period)

    kinds = code.map(cat.indicators["kind"].to_dict())
    geo_level = place.attr("level")
    allowed_levels = {c: str(v).split(",") for c, v in cat.indicators["levels"].items()}
    wrong = pd.Series(
        [c is not None and g is not None and g not in allowed_levels[c] for c, g in zip(code, geo_level, strict=True)],
        index=f.index,
    )
    for r in f.index[wrong]:
        problems.append(
            error(
                "level_not_allowed",
                sheet.name,
                int(r),
                col("geo"),
                indicator=code[r],
                level=level_names(geo_level[r]),
                allowed=level_list(allowed_levels[code[r]]),
            )
        )
    geo_level = geo_level.where(~wrong, None)

    stored = sheet.stored("value")
    value, reason = parse_numbers(f["value"], stored)
    value, reason, said_percent = percent_values(f["value"], stored, value, reason, kinds)
    for r in f.index[reason != ""]:
        problems.append(error(f"value_{reason[r]}", sheet.name, int(r), col("value"), text=shown(f.at[r, "value"])))
    units = code.map(cat.indicators["unit"].to_dict())
    frame = pd.DataFrame(
        {"kind": kinds, "value": value, "percent": said_percent, "ceiling": ceilings(units, cat.population)}
    )
    failures = schema_failures(ObservationValues, frame)
    value_bad = reason != ""
    for check in ("negative", "not_whole", "share_range", "share_fraction", "above_ceiling"):
        for r in failures.get(check, []):
            if not value_bad[r]:
                problems.append(
                    error(
                        f"value_{check}",
                        sheet.name,
                        int(r),
                        col("value"),
                        text=shown(f.at[r, "value"]),
                        ceiling=f"{frame.at[r, 'ceiling']:,.0f}".replace(",", " "),
                        unit=str(units[r]),
                        percent=f"{value[r] * 100:g}" if check == "share_fraction" else "",
                    )
                )
                value_bad[r] = True

    qualifier, low, high, q_problems = _qualifiers(sheet, f, value, value_bad, cat)
    problems += q_problems
    segment, s_problems = _segments(sheet, f, code, period.attr("end"), cat)
    problems += s_problems

    out = pd.DataFrame(
        {
            "row": f.index.astype(int),
            "indicator_code": code,
            "geo_level": geo_level,
            "geo_code": place.attr("code"),
            "period": period.attr("text"),
            "period_start": period.attr("start"),
            "period_end": period.attr("end"),
            "period_type": period.attr("type"),
            "value": value.where(~value_bad),
            "qualifier": qualifier,
            "segment": segment,
            "value_low": low,
            "value_high": high,
            "source": f["source"],
            "note": f["note"].where(f["note"] != "", None),
        },
        index=f.index,
    )
    problems += duplicate_problems(
        sheet, out, ["indicator_code", "geo_level", "geo_code", "period_start", "period_end"], seen=seen
    )
    problems += text_notes(sheet, f)
    bad_rows = {p.row for p in problems if p.is_error}
    good = out[out[OBSERVATION_REQUIRED].notna().all(axis=1) & ~out.index.isin(list(bad_rows))]
    return good[OBSERVATION_COLUMNS].reset_index(drop=True), problems


def _qualifiers(
    sheet: Sheet, f: pd.DataFrame, value: pd.Series, value_bad: pd.Series, cat: Catalogue
) -> tuple[pd.Series, pd.Series, pd.Series, list[Problem]]:
    """Each row's qualifier (empty: exact) and range ends, and a problem for an unknown qualifier, an end that is
    not a number, a range without both ends or with the value outside them, or ends given outside a range."""
    col = sheet.column_label
    problems: list[Problem] = []
    texts = f["qualifier"].astype(str).str.strip()
    qualifier = Lookup(texts, lambda t: QUALIFIER_SIGNS.get(t) or cat.qualifiers.match(t))
    q = qualifier.value().where(texts != "", "exact")
    allowed = ", ".join(cat.qualifiers.codes)
    for r, text in texts[qualifier.missing()].items():
        problems.append(
            error("qualifier_unknown", sheet.name, int(r), col("qualifier"), text=shown(text), allowed=allowed)
        )
    ends = {}
    unreadable = pd.Series(False, index=f.index)
    for c in ("value_low", "value_high"):
        num, reason = parse_numbers(f[c], sheet.stored(c))
        for r in f.index[reason != ""]:
            problems.append(error(f"value_{reason[r]}", sheet.name, int(r), col(c), text=shown(f.at[r, c])))
        unreadable |= reason != ""
        ends[c] = num
    low, high = ends["value_low"], ends["value_high"]
    checked = q.notna() & value.notna() & ~value_bad & ~unreadable
    # Only a range, given ends or a word outside the vocabulary can be wrong (check_qualified_value): the other
    # rows (nearly all of a large file) need no look one by one.
    checked &= q.eq("range") | low.notna() | high.notna() | ~q.isin(list(QUALIFIERS))
    for r in f.index[checked]:
        lo = None if pd.isna(low[r]) else float(low[r])
        hi = None if pd.isna(high[r]) else float(high[r])
        if check_qualified_value(float(value[r]), q[r], lo, hi) is None:
            continue
        if q[r] != "range":
            key, column = "qualifier_ends_not_range", col("value_low" if lo is not None else "value_high")
        elif lo is None or hi is None:
            key, column = "qualifier_range_ends", col("value_low" if lo is None else "value_high")
        else:
            key, column = "qualifier_range_order", col("value")
        problems.append(
            error(
                key,
                sheet.name,
                int(r),
                column,
                value=shown(f.at[r, "value"]),
                low=shown(f.at[r, "value_low"]),
                high=shown(f.at[r, "value_high"]),
                qualifier=q[r],
            )  # fmt: skip
        )
    return q, low.where(q == "range"), high.where(q == "range"), problems


def _segments(
    sheet: Sheet, f: pd.DataFrame, code: pd.Series, end: pd.Series, cat: Catalogue
) -> tuple[pd.Series, list[Problem]]:
    """Each row's series segment: the one named (it must be one of its indicator's) or, when empty, the one the
    rule of data.semantics.assign_segments gives (a period before the first segment: the first)."""
    col = sheet.column_label
    problems: list[Problem] = []
    texts = f["segment"].astype(str).str.strip()
    known = cat.segments
    frame = pd.DataFrame({"indicator_code": code, "period_end": end}, index=f.index)
    usable = frame.notna().all(axis=1)
    by_rule = pd.Series(None, index=f.index, dtype=object)
    if usable.any():
        by_rule[usable] = assign_segments(frame[usable], known, clamp=True)
    out = by_rule.copy()
    ids = {c: set(g["segment"]) for c, g in known.groupby("indicator_code")}
    for r in f.index[texts != ""]:
        c = code[r]
        if c is None:
            continue
        if texts[r] in ids.get(c, set()):
            out[r] = texts[r]
        else:
            allowed = ", ".join(sorted(ids.get(c, set()))) or "—"
            problems.append(
                error(
                    "segment_unknown",
                    sheet.name,
                    int(r),
                    col("segment"),
                    text=shown(texts[r]),
                    indicator=c,
                    allowed=allowed,
                )  # fmt: skip
            )
    return out, problems


def _place_problem(sheet: Sheet, row: int, text: str, level: str | None, cat: Catalogue) -> Problem:
    """Unknown place (with the closest name), or a place of another level than the one stated."""
    column = sheet.column_label("geo")
    if level is not None:
        other = cat.places.resolve(text, None)
        if other is not None and other.level != level:
            return error(
                "geo_level_mismatch",
                sheet.name,
                row,
                column,
                text=shown(text),
                level=level_names(level),
                actual=level_names(other.level),
            )
    hint = cat.places.suggest(text, "region" if level == "region" else "district")
    if hint is None:
        return error("geo_unknown", sheet.name, row, column, text=shown(text))
    return error("geo_unknown_suggest", sheet.name, row, column, text=shown(text), name=hint.names, code=hint.code)
