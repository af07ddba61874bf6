"""Read an uploaded file into raw grids of text: CSV (any usual encoding and separator) here, Excel (.xlsx) in
data/importer/xlsx.py.

Nothing is interpreted beyond the cells: every cell becomes text ('' when empty), every grid keeps the row
numbers a spreadsheet shows (1 = the first row). Excel formulas give their last computed value; a formula without
one, and merged cells, are recorded for the sheet step to report.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass, field

import pandas as pd

from data.config import import_max_cells, import_max_rows
from data.formatting import format_size
from data.importer.problems import Problem, error, note

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, or an encrypted (password-protected) workbook
MAX_COLUMNS = 60  # columns of one sheet (the template has 17): more is not a table of ours (a 9 007-column CSV)
MAX_ROWS = 200_000  # the last row number of one sheet (a stray cell at AL1048576)
# Control characters a cell may not hold (tab, line feed and carriage return may: Alt+Enter in Excel), C1
# controls, line and paragraph separators, bidirectional overrides and non-characters (Excel's _xD800_ escapes of
# surrogates stay as written): PostgreSQL refuses NUL, an override reverses how a name reads, and none
# of them is text a person typed.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]")
DELIMITERS = (",", ";", "\t", "|")
# Letters of Turkish and Azerbaijani text in Windows-1254 (ə is not in that code page; old texts write ä).
_TURKIC = set("çğıöşüÇĞİÖŞÜâîûÂÎÛäÄ")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
_WORD = re.compile(r"\w+")


@dataclass
class RawSheet:
    """One grid of text cells. index = row number in the file (1-based), columns = 0, 1, 2, ..."""

    name: str | None  # the sheet's name in the workbook; None for a CSV file
    kind: str | None  # observations | facilities when the sheet's name says so, else None (told by its header)
    grid: pd.DataFrame
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # (row1, col1, row2, col2), 1-based
    formulas_without_value: list[tuple[int, int]] = field(default_factory=list)  # (row, col), 1-based
    formulas_with_value: list[tuple[int, int]] = field(default_factory=list)
    # Per cell, how Excel stored it: "" text, "n" a number, "p" a number formatted as percent, "d" a date
    # (same index and columns as grid; None for CSV, where every cell is text).
    cell_kinds: pd.DataFrame | None = None
    field_counts: pd.Series | None = None  # CSV: fields per line (index = row number), to catch shifted cells
    hidden_rows: list[int] = field(default_factory=list)  # Excel: rows hidden in the sheet
    hidden_columns: list[int] = field(default_factory=list)  # Excel: columns hidden in the sheet (1-based)
    hidden_sheet: bool = False  # Excel: the sheet itself is hidden


@dataclass
class ReadResult:
    """What the file held: its format, the grids to read and the file-level problems."""

    format: str  # csv | xlsx | unknown
    sheets: list[RawSheet]
    problems: list[Problem]


def column_letter(col: int) -> str:
    """1 -> A, 27 -> AA."""
    out = ""
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


def column_number(letters: str) -> int:
    """A -> 1, AA -> 27."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def read_file(content: bytes, file_name: str, max_bytes: int) -> ReadResult:
    """Read `content` (the bytes of `file_name`) into grids; problems say why it cannot be read at all."""
    size = len(content)
    if size == 0:
        return ReadResult("unknown", [], [error("file_empty")])
    if size > max_bytes:
        too_large = error("file_too_large", size=format_size(size), limit=format_size(max_bytes))
        return ReadResult("unknown", [], [too_large])
    if content.startswith(XLSX_MAGIC):
        from data.importer.xlsx import read_xlsx  # local: xlsx builds on this module

        return read_xlsx(content, max_bytes)
    if content.startswith(OLE_MAGIC):
        return ReadResult("unknown", [], [error("file_old_excel")])
    return read_csv(content)


# ---------------------------------------------------------------------------------------------- text / CSV


def _score_cp1251(text: str) -> int:
    """Cyrillic letters in all-Cyrillic words, less every character of a word that mixes scripts."""
    score = 0
    for word in _WORD.findall(text):
        cyr = len(_CYRILLIC.findall(word))
        if not cyr:
            continue
        score += cyr if not re.search(r"[A-Za-z]", word) else -len(word)
    return score


def _score_cp1254(text: str) -> int:
    """Turkish/Azerbaijani letters, less the other accented letters that Cyrillic bytes turn into."""
    score = 0
    for ch in text:
        if ord(ch) >= 0xC0:
            score += 1 if ch in _TURKIC else -1
    return score


def decode(content: bytes) -> tuple[str, str] | None:
    """The text and the encoding it was read in: UTF-8 (with or without BOM), UTF-16 with BOM, Windows-1251/1254."""
    if content.startswith(codecs.BOM_UTF8):
        try:
            return content[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            return None
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return content.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            return None
    if looks_binary(content):
        return None  # binary, or UTF-16/32 without a byte-order mark
    try:
        return content.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if mixed_encoding_line(content) is not None:
        return None
    candidates = []
    for enc, score in (("cp1251", _score_cp1251), ("cp1254", _score_cp1254)):
        try:
            text = content.decode(enc)
        except UnicodeDecodeError:
            continue
        candidates.append((score(text), enc, text))
    if not candidates:
        return None
    _, enc, text = max(candidates, key=lambda c: c[0])
    return text, enc


def looks_binary(content: bytes) -> bool:
    """True when the start of the file holds NUL bytes the way binary files and UTF-16 without BOM do (one
    stray NUL in a note is not binary: it is reported in its cell)."""
    head = content[:4096]
    return head.count(b"\x00") > max(2, len(head) // 100)


def mixed_encoding_line(content: bytes) -> int | None:
    """The first line that is not UTF-8 in a file whose other lines are UTF-8 with non-ASCII letters (a file
    pasted together from two encodings), else None."""
    utf8_lines, first_bad = False, None
    for no, line in enumerate(content.split(b"\n"), start=1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            utf8_lines = True
        except UnicodeDecodeError:
            first_bad = first_bad or no
        if utf8_lines and first_bad:
            return first_bad
    return None


def sniff_delimiter(text: str) -> str:
    """The separator used most in the first non-empty lines (comma on a tie)."""
    lines = [line for line in text[:20000].splitlines() if line.strip()][:10]
    counts = {d: sum(line.count(d) for line in lines) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def grid_from_rows(rows: list[list[str]] | list[tuple]) -> pd.DataFrame:
    """A grid of text cells (index = 1-based row number) from rows of unequal length."""
    width = max((len(r) for r in rows), default=0)
    frame = pd.DataFrame([r if len(r) == width else [*r, *[""] * (width - len(r))] for r in rows], dtype=object)
    frame.index = pd.RangeIndex(1, len(rows) + 1)
    return frame


class TooWide(Exception):
    """A line has more fields than any table of ours (the first such line's number and field count)."""

    def __init__(self, line: int, count: int) -> None:
        super().__init__(line, count)
        self.line, self.count = line, count


class TooLong(Exception):
    """The file has more rows than one import reads (MAX_ROWS): refused before the grid is built."""


def parse_csv(text: str, delimiter: str) -> tuple[pd.DataFrame, pd.Series]:
    """The cells of a CSV text as a grid, and the number of fields of every row (index = row number as a
    spreadsheet shows it). Raises TooWide past MAX_COLUMNS fields in a row, before the grid is built."""
    rows = []
    for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        if len(record) > MAX_COLUMNS:
            raise TooWide(len(rows) + 1, len(record))
        if len(rows) >= MAX_ROWS:
            raise TooLong(MAX_ROWS)
        rows.append(record)
    grid = grid_from_rows(rows).astype(str)
    for c in grid.columns:
        grid[c] = grid[c].str.strip()
    grid.columns = range(len(grid.columns))
    counts = pd.Series([len(r) for r in rows], index=grid.index, dtype=int)
    return grid, counts


def too_large(rows: int, cells: int) -> Problem | None:
    """The file-level refusal of a file with more data rows or cells than one import reads (the settings
    IMPORT_MAX_ROWS and IMPORT_MAX_CELLS), with how to split it; None when it is within both."""
    max_rows, max_cells = import_max_rows(), import_max_cells()
    if rows > max_rows:
        return error("too_many_rows", limit=max_rows, count=rows)
    if cells > max_cells:
        per_file = max(1, min(max_rows, max_cells * max(rows, 1) // cells))
        return error("too_many_cells", limit=max_cells, count=cells, rows=per_file)
    return None


def size_problem(text: str) -> Problem | None:
    """`too_large` for a CSV text, counted without splitting it: lines (less the header), then the filled cells
    (separators, less those that close an empty field: the template's empty columns cost nothing)."""
    lines = text.count("\n") + (not text.endswith("\n"))
    if (refused := too_large(max(lines - 1, 0), 0)) is not None:
        return refused
    d = sniff_delimiter(text)
    fields = lines + text.count(d)
    empty = sum(len(run) - 1 for run in re.findall(f"{re.escape(d)}{{2,}}", text))  # between two separators
    empty += text.count("\n" + d) + text.startswith(d)  # at a line's start
    empty += text.count(d + "\n") + text.count(d + "\r\n") + text.endswith(d)  # at a line's end
    return too_large(max(lines - 1, 0), fields - empty)


def read_csv(content: bytes) -> ReadResult:
    """A CSV (or tab-separated) file: one grid."""
    if looks_binary(content) and not content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return ReadResult("unknown", [], [error("file_format_unknown")])
    decoded = decode(content)
    if decoded is None:
        line = mixed_encoding_line(content)
        if line is not None:
            return ReadResult("csv", [], [error("encoding_mixed", row=line, line=line)])
        return ReadResult("csv", [], [error("file_encoding_unknown")])
    text, encoding = decoded
    problems: list[Problem] = []
    if encoding in ("cp1251", "cp1254", "utf-16"):
        key = "encoding_cp1254" if encoding == "cp1254" else "encoding_detected"
        problems.append(note(key, encoding=ENCODING_NAMES[encoding]))
    if not text.strip():
        return ReadResult("csv", [], [error("file_empty")])
    too_large = size_problem(text)  # refused before any row is split (a quoted line break counts too)
    if too_large is not None:
        return ReadResult("csv", [], [too_large])
    try:
        grid, counts = parse_csv(text, sniff_delimiter(text))
    except TooLong:
        return ReadResult("csv", [], [error("too_many_rows", limit=MAX_ROWS, count=text.count("\n"))])
    except TooWide as e:
        return ReadResult(
            "csv", [], [error("too_many_columns", row=e.line, line=e.line, count=e.count, limit=MAX_COLUMNS)]
        )
    except (csv.Error, ValueError) as e:
        return ReadResult("csv", [], [*problems, error("file_unreadable", detail=type(e).__name__)])
    return ReadResult("csv", [RawSheet(None, None, grid, field_counts=counts)], problems)


ENCODING_NAMES = {
    "cp1251": "Windows-1251",
    "cp1254": "Windows-1254",
    "utf-16": "UTF-16",
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 (BOM)",
}
