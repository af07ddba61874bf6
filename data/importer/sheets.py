"""From a raw grid to a table with the template's column names: find the header row, map the columns, skip
titles, repeated headers and blank rows, unfold merged cells, report formulas without a value.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from data.importer.columns import COLUMNS, SHEET_KINDS, header_key, header_lookup, required
from data.importer.problems import Problem, error, note, row_list
from data.importer.reader import CONTROL, RawSheet, column_letter

HEADER_SEARCH_ROWS = 20
HIDDEN_ROWS_NAMED = 50  # hidden rows named one by one; the rest are counted in one note


@dataclass
class Sheet:
    """A sheet's data rows under the template's column names (text, '' when empty); index = row in the file."""

    name: str  # as the problems name it: the workbook's sheet name, or the kind for a CSV file
    kind: str  # observations | facilities
    frame: pd.DataFrame
    headers: dict[str, str]  # column name -> header text as written in the file
    kinds: pd.DataFrame | None = None  # how Excel stored each cell of frame (RawSheet.cell_kinds); None for CSV

    def stored(self, column: str) -> pd.Series:
        """Per row, how the cell of `column` was stored: '' text (always for CSV), 'n', 'p' (percent), 'd'."""
        if self.kinds is None or column not in self.kinds.columns:
            return pd.Series("", index=self.frame.index, dtype=object)
        return self.kinds[column].reindex(self.frame.index, fill_value="")

    def column_label(self, column: str) -> str:
        """The column as the user headed it."""
        return self.headers.get(column, column)


def _recognised(cells: list[str], kind: str) -> dict[int, str]:
    lookup = header_lookup(kind)
    return {i: lookup[k] for i, c in enumerate(cells) if c and (k := header_key(c)) in lookup}


def find_header(grid: pd.DataFrame, kinds: tuple[str, ...]) -> tuple[int, str] | None:
    """(row number, kind) of the first row that names at least two columns of a sheet kind."""
    for row_no, values in grid.head(HEADER_SEARCH_ROWS).iterrows():
        cells = [str(v) for v in values]
        best = max(kinds, key=lambda k: len(_recognised(cells, k)))
        if len(_recognised(cells, best)) >= 2:
            return int(row_no), best
    return None


def _cell_ref(row: int, col: int) -> str:
    return f"{column_letter(col)}{row}"


def locate(raw: RawSheet) -> tuple[Sheet | None, list[Problem]]:
    """The data table of one raw sheet, and the problems met on the way (None when nothing can be read)."""
    grid = raw.grid
    kinds = (raw.kind,) if raw.kind else SHEET_KINDS
    label = raw.name or (raw.kind or "")
    if grid.empty or not (grid != "").any().any():
        return None, []  # an empty sheet: the file is empty only when every sheet is (see importer.check)
    found = find_header(grid, kinds)
    if found is None:
        expected = ", ".join(required(kinds[0]))
        return None, [error("header_not_found", sheet=label or None, expected=expected)]
    header_row, kind = found
    label = raw.name or kind
    problems: list[Problem] = []
    above = [int(r) for r in grid.index[grid.index < header_row] if (grid.loc[r] != "").any()]
    if above:
        problems.append(note("rows_above_header", sheet=label, row=above[0], rows=row_list(above)))

    cells = [str(v) for v in grid.loc[header_row]]
    mapped = _recognised(cells, kind)
    headers: dict[str, str] = {}
    for i, name in mapped.items():
        if name in headers:
            first = next(j for j, n in mapped.items() if n == name)
            problems.append(
                error(
                    "column_duplicated",
                    sheet=label,
                    row=header_row,
                    column=cells[i],
                    first=column_letter(first + 1),
                    second=column_letter(i + 1),
                )
            )
        else:
            headers[name] = cells[i]
    skip: set[int] = set()
    filled: list[tuple[int, str]] = []
    grid = grid.copy()
    kinds = raw.cell_kinds.copy() if raw.cell_kinds is not None else None
    for r1, c1, r2, c2 in raw.merges:
        ref = f"{_cell_ref(r1, c1)}:{_cell_ref(r2, c2)}"
        if r2 < header_row:
            continue
        if r1 <= header_row and c2 > c1:
            problems.append(error("header_merged", sheet=label, row=header_row, cells=ref))
        elif r1 <= header_row:
            skip.update(range(header_row + 1, r2 + 1))
        else:
            rows = [r for r in range(r1, r2 + 1) if r in grid.index]
            cols = [c - 1 for c in range(c1, c2 + 1) if c - 1 in grid.columns]
            if rows and cols:
                grid.loc[rows, cols] = grid.at[r1, c1 - 1] if r1 in grid.index and c1 - 1 in grid.columns else ""
                if kinds is not None:
                    kinds.loc[rows, cols] = (
                        kinds.at[r1, c1 - 1] if r1 in kinds.index and c1 - 1 in kinds.columns else ""
                    )
                filled.append((r1, ref))
    in_merged_header = {
        c - 1 for r1, c1, r2, c2 in raw.merges if r1 <= header_row <= r2 and c2 > c1 for c in range(c1, c2 + 1)
    }
    for i, c in enumerate(cells):
        if i in mapped or i in in_merged_header:
            continue
        if c:
            problems.append(note("column_ignored", sheet=label, row=header_row, column=c))
        elif (grid.loc[grid.index > header_row, grid.columns[i]] != "").any():
            problems.append(note("column_no_header", sheet=label, row=header_row, column=column_letter(i + 1)))
    if skip:
        problems.append(note("header_continued", sheet=label, row=min(skip), rows=row_list(sorted(skip))))
    if filled:
        refs = ", ".join(ref for _, ref in filled[:6]) + (" …" if len(filled) > 6 else "")
        problems.append(note("merged_cells_filled", sheet=label, row=min(r for r, _ in filled), cells=refs))

    missing = [c for c in required(kind) if c not in headers]
    for c in missing:
        problems.append(error("column_missing", sheet=label, row=header_row, column=c))
    if missing or any(p.key == "header_merged" for p in problems):
        return None, problems

    index_of = {name: i for i, name in mapped.items() if headers.get(name) == cells[i]}
    body = grid.loc[
        (grid.index > header_row) & ~grid.index.isin(list(skip)), [grid.columns[i] for i in index_of.values()]
    ]
    body.columns = list(index_of)
    for spec in COLUMNS[kind]:
        if spec.name not in body.columns:
            body[spec.name] = ""
    body = body[[spec.name for spec in COLUMNS[kind]]].astype(object)
    body = body[(body != "").any(axis=1)]

    repeated = _repeated_header_rows(body, kind)
    if repeated:
        problems.append(note("header_repeated", sheet=label, row=repeated[0], rows=row_list(repeated)))
        body = body.drop(index=repeated)
    shifted, p = _field_count_problems(raw, label, header_row, body.index)
    problems += p
    body = body.drop(index=shifted)
    problems += control_problems(body, label, headers)
    problems += _hidden_notes(raw, label, header_row, body.index, index_of, cells)
    body_kinds = None
    if kinds is not None:
        body_kinds = kinds.reindex(index=body.index, columns=[grid.columns[i] for i in index_of.values()])
        body_kinds.columns = list(index_of)
        body_kinds = body_kinds.fillna("")

    data_rows = set(grid.index[grid.index > header_row]) - skip
    problems.extend(_formula_problems(raw, label, data_rows, index_of, cells))
    if body.empty:
        return None, problems  # a header without rows: fine, unless no sheet has rows (see importer.check)
    return Sheet(label, kind, body, headers, body_kinds), problems


def _field_count_problems(
    raw: RawSheet, label: str, header_row: int, rows: pd.Index
) -> tuple[list[int], list[Problem]]:
    """CSV rows whose number of fields differs from the header's (their cells are shifted: a decimal comma or
    an unquoted comma in a comma-separated file): an error each, and the rows, which are not read further."""
    if raw.field_counts is None or header_row not in raw.field_counts.index:
        return [], []
    expected = int(raw.field_counts[header_row])
    counts = raw.field_counts.reindex(rows)
    bad = [int(r) for r in counts.index[counts != expected]]
    out = [
        error(
            "field_count_more" if counts[r] > expected else "field_count_fewer",
            sheet=label,
            row=r,
            count=int(counts[r]),
            expected=expected,
        )
        for r in bad
    ]
    return bad, out


def control_problems(body: pd.DataFrame, label: str, headers: dict[str, str]) -> list[Problem]:
    """An error for every cell holding a control character (NUL and the like), naming the cell and the character."""
    out = []
    for c in body.columns:
        values = body[c].astype(str)
        hits = values.str.contains(CONTROL, regex=True)
        for r in values.index[hits]:
            ch = CONTROL.search(values[r])[0]
            out.append(
                error("control_character", sheet=label, row=int(r), column=headers.get(c, c), code=f"U+{ord(ch):04X}")
            )
    return out


def _hidden_notes(
    raw: RawSheet, label: str, header_row: int, rows: pd.Index, index_of: dict[str, int], cells: list[str]
) -> list[Problem]:
    """Notes on what Excel hid and the import read all the same: the sheet, each hidden data row, each hidden column."""
    out = []
    if raw.hidden_sheet:
        out.append(note("sheet_hidden", sheet=label, name=label))
    hidden = [r for r in raw.hidden_rows if r in rows]
    out += [note("row_hidden", sheet=label, row=r) for r in hidden[:HIDDEN_ROWS_NAMED]]
    if len(hidden) > HIDDEN_ROWS_NAMED:
        rest = hidden[HIDDEN_ROWS_NAMED:]
        out.append(note("rows_hidden_more", sheet=label, row=rest[0], count=len(rest), rows=row_list(rest)))
    mapped = {i + 1 for i in index_of.values()}
    for c in raw.hidden_columns:
        if c in mapped:
            out.append(note("column_hidden", sheet=label, row=header_row, column=cells[c - 1], letter=column_letter(c)))
    return out


def _repeated_header_rows(body: pd.DataFrame, kind: str) -> list[int]:
    """Rows whose cells name the columns they stand in (a header repeated under the first one)."""
    lookup = header_lookup(kind)
    hits = pd.Series(0, index=body.index)
    for name in body.columns:
        values = body[name]
        names = {v: lookup.get(header_key(v)) for v in values[values != ""].unique()}
        own = [v for v, named in names.items() if named == name]
        if own:  # only a column with a cell naming it can hold a repeated header
            hits += values.isin(own).astype(int)
    return [int(r) for r in body.index[hits >= 2]]


def _formula_problems(
    raw: RawSheet, label: str, rows: set[int], index_of: dict[str, int], cells: list[str]
) -> list[Problem]:
    """An error per formula without a cached value in a data cell; a note when formulas' values were used."""
    by_col = {i + 1: name for name, i in index_of.items()}
    problems = [
        error("formula_no_value", sheet=label, row=r, column=cells[c - 1], cell=_cell_ref(r, c))
        for r, c in raw.formulas_without_value
        if r in rows and c in by_col
    ]
    used = [(r, c) for r, c in raw.formulas_with_value if r in rows and c in by_col]
    if used:
        r, c = min(used)
        problems.append(note("formulas_used", sheet=label, row=r, count=len(used), cell=_cell_ref(r, c)))
    return problems
