"""The check's column-at-a-time helpers against their rules written row by row: each was rewritten for speed (an
import of 100,000 rows), and must still say of every row what the plain rule says.

Generated sheets (hypothesis) mix empty cells, repeats, texts a spreadsheet would run, header words in data rows
and rows of unequal length; the strategies keep to few distinct texts so that repeats are common."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from data.importer.columns import TEXT_COLUMNS, header_key, header_lookup
from data.importer.problems import row_list
from data.importer.reader import grid_from_rows
from data.importer.sheets import Sheet, _repeated_header_rows
from data.importer.template import formula_like
from data.importer.validate import Lookup, duplicate_problems, text_notes

WORDS = ["", "a", "b", "Bakı", "=1+1", " +x", "-", "@SUM", "30 000", "indicator", "geo"]


@dataclass(frozen=True)
class Found:
    """A lookup's result: an attribute that is a tuple, one that may be None, one that may be NaN."""

    names: tuple[str, ...]
    code: str | None
    weight: float


def _fn(text: str) -> Found | None:
    """Nothing for some texts; a result with every kind of attribute for the others."""
    if text in {"b", "-"}:
        return None
    return Found(
        names=(text, text.upper()), code=None if text == "a" else text, weight=float("nan") if text == "@SUM" else 1.0
    )


def _texts(values: list[str | None]) -> pd.Series:
    """A column as the check holds it (Arrow-backed text, index = row number from 2), with missing cells."""
    return pd.Series(values, index=range(2, 2 + len(values)), dtype="str")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=40))  # a sheet's cells: text, '' when empty (Sheet)
def test_a_lookup_says_of_every_row_what_its_function_says_of_that_rows_text(values):
    texts = _texts(values)
    lookup = Lookup(texts, _fn)
    per_row = [None if v == "" else _fn(v) for v in texts]

    def clean(x):
        return None if x is None or (isinstance(x, float) and pd.isna(x)) else x

    assert [None if r is None else (r.names, r.code) for r in lookup.value()] == [
        None if r is None else (r.names, r.code) for r in per_row
    ]  # (a result holding NaN is not equal to itself)
    for name in ("names", "code", "weight"):
        got = lookup.attr(name)
        assert got.dtype == object and list(got.index) == list(texts.index)
        assert list(got) == [None if r is None else clean(getattr(r, name)) for r in per_row], name
    assert list(lookup.found()) == [r is not None for r in per_row]
    assert list(lookup.missing()) == [v != "" and r is None for v, r in zip(texts, per_row, strict=True)]


KEY = ["indicator", "geo", "period"]


def _frame(rows: list[tuple[str | None, str, str]], first_row: int = 2) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=KEY, index=range(first_row, first_row + len(rows))).astype("str")


def _sheet(name: str, frame: pd.DataFrame) -> Sheet:
    return Sheet(name=name, kind="observations", frame=frame, headers={c: c.upper() for c in frame.columns})


ROWS = st.lists(
    st.tuples(st.sampled_from(["x", "y", None]), st.sampled_from(["Bakı", "Şəki"]), st.sampled_from(["2024", "2025"])),
    max_size=25,
)


@settings(max_examples=200, deadline=None)
@given(ROWS, ROWS)
def test_duplicates_name_the_first_row_with_the_same_key_in_this_sheet_or_an_earlier_one(first, second):
    """Row by row: a row whose complete key came earlier in the same sheet is an error naming that first row; one
    whose key came first in an earlier sheet, an error naming that sheet and row; a row with a missing key part
    is nobody's duplicate."""
    seen: dict = {}
    got = []
    expected = []
    earlier: dict[tuple, tuple[str, int]] = {}
    for name, rows in (("one", first), ("two", second)):
        frame = _frame(rows)
        got += duplicate_problems(_sheet(name, frame), frame, KEY, seen=seen)
        here: dict[tuple, int] = {}
        for r, key in zip(frame.index, rows, strict=True):
            if any(k is None for k in key):
                continue
            if key in here:
                expected.append(("duplicate_row", name, r, {"first_row": here[key]}))
                continue
            here[key] = r
            if key in earlier and earlier[key][0] != name:
                expected.append(
                    (
                        "duplicate_row_other_sheet",
                        name,
                        r,
                        {"first_sheet": earlier[key][0], "first_row": earlier[key][1]},
                    )
                )
            earlier.setdefault(key, (name, r))

    def facts(items):
        return sorted((key, sheet, row, sorted(params.items())) for key, sheet, row, params in items)

    assert facts((p.key, p.sheet, p.row, p.params) for p in got) == facts(expected)


def test_duplicates_without_earlier_sheets_name_only_this_sheets_rows():
    frame = _frame([("x", "Bakı", "2024"), ("x", "Bakı", "2024"), ("y", "Bakı", "2024"), ("x", "Bakı", "2024")])
    got = duplicate_problems(_sheet("one", frame), frame, KEY)
    assert [(p.row, p.params["first_row"]) for p in got] == [(3, 2), (5, 2)]


LOOKUP = header_lookup("observations")
HEADER_WORDS = sorted(LOOKUP)[:8]
COLUMNS = sorted(set(LOOKUP.values()))[:4]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["", "5", "Bakı", *HEADER_WORDS]), min_size=4, max_size=4), max_size=20))
def test_a_repeated_header_row_is_one_where_two_cells_name_the_columns_they_stand_in(cells):
    body = pd.DataFrame(cells, columns=COLUMNS, index=range(2, 2 + len(cells)), dtype=object)
    if body.empty:
        body = pd.DataFrame(columns=COLUMNS, dtype=object)
    expected = [
        r
        for r, row in body.iterrows()
        if sum(v != "" and LOOKUP.get(header_key(v)) == c for c, v in zip(COLUMNS, row, strict=True)) >= 2
    ]
    assert _repeated_header_rows(body, "observations") == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([*WORDS, None]), max_size=30))
def test_a_text_note_lists_every_row_a_spreadsheet_would_run_as_a_formula(values):
    frame = pd.DataFrame({c: _texts(values) for c in TEXT_COLUMNS[:2]})
    notes = text_notes(_sheet("one", frame), frame)
    expected = [
        (frame.index[i], row_list(r for r, v in frame[c].items() if formula_like(str(v))))
        for c in TEXT_COLUMNS[:2]
        for i in [next((i for i, v in enumerate(frame[c]) if formula_like(str(v))), None)]
        if i is not None
    ]
    assert [(n.row, n.params["rows"]) for n in notes] == expected
    assert all(n.column == c.upper() for n, c in zip(notes, TEXT_COLUMNS, strict=False))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["", "a", "b"]), max_size=5), max_size=12))
def test_a_grid_pads_short_rows_with_empty_cells(rows):
    grid = grid_from_rows(rows)
    width = max((len(r) for r in rows), default=0)
    assert list(grid.index) == list(range(1, len(rows) + 1))
    assert grid.values.tolist() == [list(r) + [""] * (width - len(r)) for r in rows]
