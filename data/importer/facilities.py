"""Check every row of a facilities sheet: new facilities (with their attributes) and status rows.

A code the registry does not know is a new facility: its name, network, type and district are required (given
once, on any of its rows; two different values are an error). For a facility already in the registry only the
status rows are taken; other attributes given for it are not changed (a note says so).
"""

from __future__ import annotations

import re

import pandas as pd
import pandera.pandas as pa

from data.importer.catalogue import Catalogue
from data.importer.problems import Problem, error, note, shown
from data.importer.sheets import Sheet
from data.importer.validate import (
    Lookup,
    duplicate_problems,
    parse_numbers,
    period_or_none,
    period_range_problems,
    place_notes,
    required_problems,
    schema_failures,
    text_notes,
)

CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,39}$")
LAT_RANGE = (38.3, 41.95)  # Azerbaijan with a margin
LON_RANGE = (44.7, 50.9)
STATUS_DATE_TYPES = ("year", "month", "date", "range")  # a range: an interval "between A and B"
PRECISION_OF_TYPE = {"date": "day", "month": "month", "year": "year", "range": "interval"}


class FacilityNumbers(pa.DataFrameModel):
    """The numbers of a facility row: beds and capacity whole and not negative, coordinates inside the country."""

    @pa.dataframe_check(name="negative")
    def not_negative(cls, df: pd.DataFrame) -> pd.Series:
        """Beds and capacity are not negative."""
        return ~((df["beds"] < 0) | (df["annual_capacity"] < 0))

    @pa.dataframe_check(name="not_whole")
    def whole(cls, df: pd.DataFrame) -> pd.Series:
        """Beds and capacity are whole numbers."""
        cols = df[["beds", "annual_capacity"]]
        return ~((cols - cols.round()).abs() > 1e-9).any(axis=1)

    @pa.dataframe_check(name="outside_country")
    def inside(cls, df: pd.DataFrame) -> pd.Series:
        """Coordinates fall in Azerbaijan."""
        lat_bad = (df["lat"] < LAT_RANGE[0]) | (df["lat"] > LAT_RANGE[1])
        lon_bad = (df["lon"] < LON_RANGE[0]) | (df["lon"] > LON_RANGE[1])
        return ~(lat_bad | lon_bad)

    class Config:
        strict = False


FACILITY_ATTRIBUTES = [
    "name_az",
    "name_en",
    "network",
    "facility_type",
    "district",
    "settlement",
    "beds",
    "annual_capacity",
    "lat",
    "lon",
]
NEW_FACILITY_REQUIRED = ["name_az", "network", "facility_type", "district"]
RECORD_COLUMN = {"district": "district_code"}  # sheet column -> its column in the records, where they differ
SHEET_COLUMN = {v: k for k, v in RECORD_COLUMN.items()}
STATUS_COLUMNS = [
    "row",
    "facility_code",
    "status",
    "status_date",
    "status_day",
    "date_precision",
    "date_latest",
    "date_basis",
    "expected_open",
    "source",
    "note",
]
FACILITY_COLUMNS = [
    "row",
    "code",
    "name_az",
    "name_en",
    "network",
    "facility_type",
    "district_code",
    "settlement",
    "beds",
    "annual_capacity",
    "lat",
    "lon",
    "note",
]


def _vocab_problems(sheet: Sheet, f: pd.DataFrame, column: str, matcher, key: str) -> tuple[pd.Series, list[Problem]]:
    lookup = Lookup(f[column], matcher.match)
    got, bad = lookup.value(), lookup.missing()
    allowed = ", ".join(matcher.codes)
    problems = [
        error(key, sheet.name, int(r), sheet.column_label(column), text=shown(t), allowed=allowed)
        for r, t in f[column][bad].items()
    ]
    return got, problems


def validate_facilities(
    sheet: Sheet, cat: Catalogue, seen: dict[tuple, tuple[str, int]] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame, list[Problem]]:
    """New facilities and status rows of a facilities sheet (rows without errors) and every problem of its rows."""
    f = sheet.frame
    col = sheet.column_label
    problems = required_problems(sheet, f, ["facility_code", "status", "status_date"])
    codes = f["facility_code"].str.strip()
    bad_code = (codes != "") & ~codes.str.fullmatch(CODE_PATTERN.pattern).astype(bool)
    problems += [
        error("facility_code_invalid", sheet.name, int(r), col("facility_code"), text=shown(codes[r]))
        for r in f.index[bad_code]
    ]
    existing = codes.map(cat.facility_code)
    code = existing.fillna(codes).where((codes != "") & ~bad_code)

    status, p = _vocab_problems(sheet, f, "status", cat.statuses, "status_unknown")
    problems += p
    basis, p = _vocab_problems(sheet, f, "date_basis", cat.date_bases, "date_basis_unknown")
    problems += p
    network, p = _vocab_problems(sheet, f, "network", cat.networks, "network_unknown")
    problems += p
    ftype, p = _vocab_problems(sheet, f, "facility_type", cat.facility_types, "facility_type_unknown")
    problems += p

    month_cells = sheet.stored("status_date") == "m"  # Excel showed the date without a day: the month
    year_cells = sheet.stored("status_date") == "y"  # ... or as its year alone: the year
    shown_dates = f["status_date"].where(~month_cells, f["status_date"].str[:7])
    day = Lookup(shown_dates.where(~year_cells, f["status_date"].str[:4]), period_or_none)
    day_ok = day.attr("type").isin(STATUS_DATE_TYPES)
    problems += period_range_problems(sheet, "status_date", day)
    for r in f.index[(f["status_date"] != "") & ~day_ok]:
        problems.append(
            error("status_date_invalid", sheet.name, int(r), col("status_date"), text=shown(f.at[r, "status_date"]))
        )
    expected = Lookup(f["expected_open"], period_or_none)
    for r in f.index[expected.missing()]:
        problems.append(
            error("period_invalid", sheet.name, int(r), col("expected_open"), text=shown(f.at[r, "expected_open"]))
        )

    district = Lookup(f["district"], cat.places.district)
    for r in f.index[district.missing()]:
        hint = cat.places.suggest(f.at[r, "district"])
        text = shown(f.at[r, "district"])
        problems.append(
            error(
                "geo_unknown_suggest", sheet.name, int(r), col("district"), text=text, name=hint.names, code=hint.code
            )
            if hint
            else error("geo_unknown", sheet.name, int(r), col("district"), text=text)
        )
    problems += place_notes(sheet, "district", f["district"], district)

    numbers = {}
    for c in ("beds", "annual_capacity", "lat", "lon"):
        numbers[c], reason = parse_numbers(f[c], sheet.stored(c))
        problems += [
            error(f"value_{reason[r]}", sheet.name, int(r), col(c), text=shown(f.at[r, c]))
            for r in f.index[reason != ""]
        ]
    nums = pd.DataFrame(numbers)
    failures = schema_failures(FacilityNumbers, nums)
    for check, columns in (
        ("negative", ["beds", "annual_capacity"]),
        ("not_whole", ["beds", "annual_capacity"]),
        ("outside_country", ["lat", "lon"]),
    ):
        for r in failures.get(check, []):
            for c in [c for c in columns if pd.notna(nums.at[r, c]) and _fails(check, c, nums.at[r, c])]:
                problems.append(error(f"value_{check}", sheet.name, int(r), col(c), text=shown(f.at[r, c])))
    lat_missing, lon_missing = f["lat"] == "", f["lon"] == ""
    for r in f.index[lat_missing != lon_missing]:
        problems.append(error("coordinates_incomplete", sheet.name, int(r), col("lat" if lat_missing[r] else "lon")))

    attrs = pd.DataFrame(
        {
            "code": code,
            "name_az": f["name_az"],
            "name_en": f["name_en"],
            "network": network,
            "facility_type": ftype,
            "district_code": district.attr("code"),
            "settlement": f["settlement"],
            "beds": nums["beds"],
            "annual_capacity": nums["annual_capacity"],
            "lat": nums["lat"],
            "lon": nums["lon"],
            "note": f["note"],
        }
    )
    new_rows, p = _new_facilities(sheet, f, attrs, existing)
    problems += p
    problems += _ignored_attributes(sheet, f, attrs, existing, cat)

    statuses = pd.DataFrame(
        {
            "row": f.index.astype(int),
            "facility_code": code,
            "status": status,
            "status_date": day.attr("text").where(day_ok, None),
            "status_day": day.attr("start").where(day_ok, None),
            "date_precision": day.attr("type").map(PRECISION_OF_TYPE).where(day_ok, None),
            "date_latest": day.attr("end").where(day_ok, None),
            "date_basis": basis.where(f["date_basis"] != "", "effective"),
            "expected_open": expected.attr("text"),
            "source": f["source"],
            "note": f["note"].where(f["note"] != "", None),
        },
        index=f.index,
    )
    problems += duplicate_problems(
        sheet, statuses, ["facility_code", "status", "status_day"], "duplicate_status", seen=seen
    )
    problems += text_notes(sheet, f)
    bad = list({p.row for p in problems if p.is_error})
    ok = statuses[["facility_code", "status", "status_day", "date_basis"]].notna().all(axis=1) & ~statuses.index.isin(
        bad
    )
    new_ok = new_rows[~new_rows["code"].isin(statuses.loc[statuses.index.isin(bad), "facility_code"])]
    return (
        new_ok[FACILITY_COLUMNS].reset_index(drop=True),
        statuses[ok][STATUS_COLUMNS].reset_index(drop=True),
        problems,
    )


def _fails(check: str, column: str, v: float) -> bool:
    if check == "negative":
        return v < 0
    if check == "not_whole":
        return abs(v - round(v)) > 1e-9
    lo, hi = LAT_RANGE if column == "lat" else LON_RANGE
    return not lo <= v <= hi


def _new_facilities(
    sheet: Sheet, f: pd.DataFrame, attrs: pd.DataFrame, existing: pd.Series
) -> tuple[pd.DataFrame, list[Problem]]:
    """One record per new facility code: its attributes from its rows (required ones present, no two differing)."""
    problems: list[Problem] = []
    records = []
    new = attrs[existing.isna() & attrs["code"].notna()]
    for code, rows in new.groupby("code", sort=False):
        first = int(rows.index[0])
        record = {"row": first, "code": code}
        for c in [c for c in FACILITY_COLUMNS if c not in ("row", "code")]:
            source_col = SHEET_COLUMN.get(c, c)
            given = rows[f.loc[rows.index, source_col] != ""] if source_col in f.columns else rows.iloc[0:0]
            values = given[c].dropna()
            distinct = list(dict.fromkeys(values))
            if len(distinct) > 1:
                later = next(int(r) for r, v in values.items() if v != distinct[0])
                problems.append(
                    error(
                        "facility_conflict",
                        sheet.name,
                        later,
                        sheet.column_label(source_col),
                        code=code,
                        first_row=int(values.index[0]),
                    )
                )
            record[c] = distinct[0] if distinct else None
        for c in NEW_FACILITY_REQUIRED:
            if record[RECORD_COLUMN.get(c, c)] is None and not (f.loc[rows.index, c] != "").any():
                problems.append(error("facility_new_required", sheet.name, first, sheet.column_label(c), code=code))
        record["name_en"] = record["name_en"] or record["name_az"]
        records.append(record)
    return pd.DataFrame(records, columns=FACILITY_COLUMNS), problems


def _ignored_attributes(
    sheet: Sheet, f: pd.DataFrame, attrs: pd.DataFrame, existing: pd.Series, cat: Catalogue
) -> list[Problem]:
    """A note where a row gives other attributes for a facility already in the registry (they are not changed)."""
    out = []
    for r in f.index[existing.notna()]:
        stored = cat.facilities.loc[existing[r]]
        differ = []
        for c in FACILITY_ATTRIBUTES:
            target = RECORD_COLUMN.get(c, c)
            if f.at[r, c] == "" or pd.isna(attrs.at[r, target]):
                continue
            old, new = stored.get(target), attrs.at[r, target]
            same = (pd.notna(old) and abs(float(old) - float(new)) < 1e-9) if isinstance(new, float) else old == new
            if not same:
                differ.append(sheet.column_label(c))
        if differ:
            out.append(
                note(
                    "facility_attributes_ignored", sheet.name, int(r), None, code=existing[r], columns=", ".join(differ)
                )
            )
    return out
