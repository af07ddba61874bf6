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

from data.formatting import format_size
from data.importer.problems import Problem, error, note

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, or an encrypted (password-protected) workbook
UNPACKED_FACTOR = 30  # an .xlsx may unpack to at most 30x the upload limit (zip bombs)
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
    if b"\x00" in content[:4096]:
        return None  # binary, or UTF-16/32 without a byte-order mark
    try:
        return content.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
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


def sniff_delimiter(text: str) -> str:
    """The separator used most in the first non-empty lines (comma on a tie)."""
    lines = [line for line in text[:20000].splitlines() if line.strip()][:10]
    counts = {d: sum(line.count(d) for line in lines) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def grid_from_rows(rows: list[list[str]] | list[tuple]) -> pd.DataFrame:
    """A grid of text cells (index = 1-based row number) from rows of unequal length."""
    width = max((len(r) for r in rows), default=0)
    frame = pd.DataFrame([list(r) + [""] * (width - len(r)) for r in rows], dtype=object)
    frame.index = pd.RangeIndex(1, len(rows) + 1)
    return frame


def parse_csv(text: str, delimiter: str) -> pd.DataFrame:
    """The cells of a CSV text as a grid (pandas' C parser; Python's csv module when rows differ in length)."""
    try:
        grid = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            header=None,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            engine="c",
        )
    except pd.errors.ParserError:  # a row with more cells than the first one (a title row, for instance)
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        grid = grid_from_rows(rows).astype(str)
    grid = grid.fillna("")
    for c in grid.columns:
        grid[c] = grid[c].str.strip()
    grid.index = pd.RangeIndex(1, len(grid) + 1)
    grid.columns = range(len(grid.columns))
    return grid


def read_csv(content: bytes) -> ReadResult:
    """A CSV (or tab-separated) file: one grid."""
    if b"\x00" in content[:4096] and not content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return ReadResult("unknown", [], [error("file_format_unknown")])
    decoded = decode(content)
    if decoded is None:
        return ReadResult("csv", [], [error("file_encoding_unknown")])
    text, encoding = decoded
    problems: list[Problem] = []
    if encoding in ("cp1251", "cp1254", "utf-16"):
        key = "encoding_cp1254" if encoding == "cp1254" else "encoding_detected"
        problems.append(note(key, encoding=ENCODING_NAMES[encoding]))
    if not text.strip():
        return ReadResult("csv", [], [error("file_empty")])
    try:
        grid = parse_csv(text, sniff_delimiter(text))
    except (csv.Error, pd.errors.ParserError, ValueError) as e:
        return ReadResult("csv", [], [*problems, error("file_unreadable", detail=type(e).__name__)])
    return ReadResult("csv", [RawSheet(None, None, grid)], problems)


ENCODING_NAMES = {
    "cp1251": "Windows-1251",
    "cp1254": "Windows-1254",
    "utf-16": "UTF-16",
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 (BOM)",
}
