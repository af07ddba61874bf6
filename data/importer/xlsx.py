"""Excel (.xlsx) workbooks to grids of text, with their merged ranges and formulas.

The cells are read straight from the worksheet XML (regular expressions over the part, about four times
faster than openpyxl for 100,000 rows): shared and inline strings, numbers (dates where the cell's number format
is a date format, in the workbook's 1900 or 1904 calendar), booleans, errors and the last computed value of
formulas. A part written in a way this reader does not expect (cells without references) is read with openpyxl
instead (`data_only`: formulas give their cached value there too).
"""

from __future__ import annotations

import html
import io
import re
import warnings
import zipfile
from datetime import date, datetime, time
from xml.etree import ElementTree

import numpy as np
import pandas as pd

from data.config import max_unpacked_bytes
from data.importer.columns import SHEET_KINDS, TEMPLATE_SHEETS, sheet_kind
from data.importer.problems import Problem, error, note
from data.importer.reader import (
    MAX_COLUMNS,
    MAX_ROWS,
    RawSheet,
    ReadResult,
    column_letter,
    column_number,
    too_large,
)

CHUNK = 1 << 20  # parts are unpacked a megabyte at a time, counting as they go
_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_SHEET_DATA = re.compile(r"<(?:\w+:)?sheetData\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?sheetData>)", re.S)
# A cell whose first attribute is its reference (as Excel, LibreOffice, openpyxl and xlsxwriter write them); the
# cells are counted too, and a part with any other cell is read with openpyxl.
_C = re.compile(r'<(?:\w+:)?c\s+r="([A-Z]+)(\d+)"([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)', re.S)
_C_OPEN = re.compile(r"<(?:\w+:)?c[\s>/]")
_TYPE = re.compile(r'\bt="(\w+)"')
_STYLE = re.compile(r'\bs="(\d+)"')
_V = re.compile(r"<(?:\w+:)?v>(.*?)</(?:\w+:)?v>", re.S)
_T = re.compile(r"<(?:\w+:)?t(?:\s[^>]*)?>(.*?)</(?:\w+:)?t>", re.S)
_PHONETIC = re.compile(r"<(?:\w+:)?rPh\b.*?</(?:\w+:)?rPh>", re.S)
_SI = re.compile(r"<(?:\w+:)?si\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?si>)", re.S)
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
_CELL_TAG = re.compile(r'<(?:\w+:)?c\s[^>]*?r="([A-Z]+)(\d+)"([^>]*)>')
_CELL_CLOSE = re.compile(r"</(?:\w+:)?c>")
_FORMULA = re.compile(r"<(?:\w+:)?f[\s>/]")
_MERGE = re.compile(r'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[Ee][-+]?\d+)?")


class _Unexpected(Exception):
    """The part is written in a way the fast reader does not handle: read it with openpyxl."""


class TooLargeUnpacked(Exception):
    """The parts read so far unpack to more than the limit (counted while inflating, whatever the zip says)."""


class UnpackBudget:
    """Reads zip members a chunk at a time and stops as soon as all of them together pass `limit` bytes."""

    def __init__(self, zf: zipfile.ZipFile, limit: int) -> None:
        self.zf, self.left = zf, limit

    def read(self, name: str) -> bytes:
        """A member's bytes (TooLargeUnpacked past the budget; BadZipFile when its sizes are forged)."""
        chunks = []
        with self.zf.open(name) as f:
            while chunk := f.read(CHUNK):
                self.left -= len(chunk)
                if self.left < 0:
                    raise TooLargeUnpacked(name)
                chunks.append(chunk)
        return b"".join(chunks)


def cell_text(value: object) -> str:
    """A cell's value as text: whole numbers without '.0', dates as ISO, empty as ''."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value).strip()


def is_percent_format(code: str) -> bool:
    """True when an Excel number format shows the number times 100 with a % sign (outside quoted text)."""
    return "%" in re.sub(r'"[^"]*"|\\.', "", code or "")


def _bare_format(code: str) -> str:
    """A number format's tokens, without quoted text, escaped characters and [colour]/[locale] parts."""
    return re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", code or "").lower()


def is_month_format(code: str) -> bool:
    """True when a date format shows the month and year, no day (and no time): "mmm-yy", "yyyy-mm", "mmmm yyyy"."""
    bare = _bare_format(code)
    return "d" not in bare and "h" not in bare and "s" not in bare and "y" in bare and "m" in bare


def is_year_format(code: str) -> bool:
    """True when a date format shows the year alone ("yyyy"): Excel shows 2025, the cell holds 1 January 2025."""
    bare = _bare_format(code)
    return "y" in bare and not any(x in bare for x in "dhsm")


def _unescape(m: re.Match) -> str:
    """Excel's _xHHHH_ escape as its character; a surrogate half is not a character: the escape stays as written."""
    code = int(m[1], 16)
    return m[0] if 0xD800 <= code <= 0xDFFF else chr(code)


def _text(raw: str) -> str:
    """XML text to Python text: entities, and Excel's _xHHHH_ escapes of control characters."""
    t = html.unescape(raw) if "&" in raw else raw
    return _ESCAPED.sub(_unescape, t) if "_x" in t else t


class Workbook:
    """The parts of a workbook the import needs: sheets (in order, with their XML part), strings, date styles."""

    def __init__(self, zf: zipfile.ZipFile, limit: int) -> None:
        self.zf = zf
        self.budget = UnpackBudget(zf, limit)
        book = ElementTree.fromstring(self.budget.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(self.budget.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): (r.get("Type", ""), self._path(r.get("Target", ""))) for r in rels}
        self.sheets: list[tuple[str, str, bool]] = []  # name, part, is a worksheet
        self.hidden: set[str] = set()  # sheets hidden in Excel
        for sheet in book.iterfind("m:sheets/m:sheet", _NS):
            kind, path = targets.get(sheet.get(_REL), ("", ""))
            self.sheets.append((sheet.get("name"), path, kind.endswith("/worksheet")))
            if sheet.get("state") in ("hidden", "veryHidden"):
                self.hidden.add(sheet.get("name"))
        pr = book.find("m:workbookPr", _NS)
        self.date1904 = pr is not None and pr.get("date1904") in ("1", "true")
        strings = next((p for k, p in targets.values() if k.endswith("/sharedStrings")), None)
        styles = next((p for k, p in targets.values() if k.endswith("/styles")), None)
        self.strings = self._strings(strings)
        self.year_styles: set[int] = set()  # date styles that show the year alone (set by _number_styles)
        self.date_styles, self.percent_styles, self.month_styles = self._number_styles(styles)

    @staticmethod
    def _path(target: str) -> str:
        return target.lstrip("/") if target.startswith("/") else f"xl/{target}"

    def read(self, path: str | None) -> str:
        """A part as text ('' when the workbook has no such part)."""
        return self.budget.read(path).decode("utf-8") if path and path in self.zf.namelist() else ""

    def _strings(self, path: str | None) -> list[str]:
        xml = self.read(path)
        return [_text("".join(_T.findall(_PHONETIC.sub("", m[1] or "")))) for m in _SI.finditer(xml)]

    def _number_styles(self, path: str | None) -> tuple[set[int], set[int], set[int]]:
        """The cell styles whose number format is a date, those that show a number as a percentage, and the date
        styles that show no day (how Excel formats "2025-08" typed into a cell: a month)."""
        from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

        xml = self.read(path)
        custom = {int(i): html.unescape(c) for i, c in re.findall(r'numFmtId="(\d+)"\s+formatCode="([^"]*)"', xml)}
        xfs = re.search(r"<(?:\w+:)?cellXfs\b[^>]*>(.*?)</(?:\w+:)?cellXfs>", xml, re.S)
        ids = []
        for attrs in re.findall(r"<(?:\w+:)?xf\b([^>]*)>", xfs[1] if xfs else ""):
            found = re.search(r'numFmtId="(\d+)"', attrs)
            ids.append(int(found[1]) if found else 0)
        formats = [custom.get(f, BUILTIN_FORMATS.get(f, "General")) for f in ids]
        dates = {i for i, f in enumerate(formats) if is_date_format(f)}
        percents = {i for i, f in enumerate(formats) if is_percent_format(f)} - dates
        self.year_styles = {i for i in dates if is_year_format(formats[i])}
        return dates, percents, {i for i in dates if is_month_format(formats[i])}

    def _value(self, kind: str, body: str, style: int) -> str:
        if body.startswith("<v>") and body.endswith("</v>") and body.count("<") == 2:
            raw = body[3:-4]  # the common case, without a regular expression
        else:
            v = _V.search(body)
            raw = v[1] if v else ""
        if kind == "s":
            return self.strings[int(raw)].strip() if raw else ""
        if kind == "inlineStr":
            return _text("".join(_T.findall(_PHONETIC.sub("", body)))).strip()
        if kind in ("str", "e"):
            return _text(raw).strip()
        if kind == "b":
            return "TRUE" if raw.strip() in ("1", "true") else "FALSE" if raw else ""
        if kind == "d":
            return raw[:10] if raw.endswith("T00:00:00") or len(raw) == 10 else raw.replace("T", " ")
        if not raw or not _NUMBER.fullmatch(raw.strip()):
            return _text(raw).strip()
        number = float(raw)
        if style in self.date_styles:
            from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

            return cell_text(from_excel(number, CALENDAR_MAC_1904 if self.date1904 else CALENDAR_WINDOWS_1900))
        return cell_text(number)

    def grid(self, xml: str) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The cells of a worksheet part as a grid of text (index = row number, only rows with a filled cell;
        columns from 0) and the grid of how each cell was stored (see RawSheet.cell_kinds). OverflowError (with
        the cell) past MAX_ROWS or MAX_COLUMNS."""
        data = _SHEET_DATA.search(xml)
        section = (data[1] or "") if data else ""
        rows, cols, texts, kinds = [], [], [], []
        columns: dict[str, int] = {}
        found = 0
        strings, dates, percents = self.strings, self.date_styles, self.percent_styles
        for m in _C.finditer(section):
            found += 1
            letters, row, attrs, body = m.groups()
            if not body:
                continue
            kind = _TYPE.search(attrs)[1] if "t=" in attrs else "n"
            style = int(_STYLE.search(attrs)[1]) if "s=" in attrs else 0
            stored = ""
            if kind == "s" and body.startswith("<v>") and body.count("<") == 2:  # the common cases first
                text = strings[int(body[3:-4])].strip()
            elif kind == "n" and style not in dates and body.startswith("<v>") and body.count("<") == 2:
                raw = body[3:-4]
                text = raw if raw.isdigit() else self._value(kind, body, style)
                stored = "p" if style in percents else "n"
            else:
                text = self._value(kind, body, style)
                if kind == "d" or (kind == "n" and style in dates):
                    stored = "m" if style in self.month_styles else "y" if style in self.year_styles else "d"
                elif kind == "n":
                    stored = "p" if style in percents else "n"
            if text:
                col = columns.get(letters) or columns.setdefault(letters, column_number(letters))
                if int(row) > MAX_ROWS or col > MAX_COLUMNS:
                    raise OverflowError(f"{letters}{row}")
                rows.append(int(row))
                cols.append(col)
                texts.append(text)
                kinds.append(stored if stored != "n" or _NUMBER.fullmatch(text) else "")
        if found != len(_C_OPEN.findall(section)):
            raise _Unexpected("cells without a reference first")
        return dense(rows, cols, texts, kinds)


def dense(rows: list[int], cols: list[int], texts: list[str], kinds: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A grid of text and one of kinds from cell lists: one line per row that has a cell (a stray cell far
    down costs one line, not a million)."""
    if not rows:
        return pd.DataFrame(dtype=str), pd.DataFrame(dtype=str)
    numbers, at = np.unique(np.array(rows), return_inverse=True)
    n_cols = max(cols)
    cells = np.full((len(numbers), n_cols), "", dtype=object)
    stored = np.full((len(numbers), n_cols), "", dtype=object)
    cells[at, np.array(cols) - 1] = texts
    stored[at, np.array(cols) - 1] = kinds
    index = pd.Index(numbers.astype(int))
    return pd.DataFrame(cells, index=index).astype(str), pd.DataFrame(stored, index=index)


def openpyxl_grid(content: bytes, name: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The cells of one sheet through openpyxl (the slow, general reader), with the same limits."""
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Data Validation extension is not supported" and the like
        wb = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    rows, cols, texts, kinds = [], [], [], []
    try:
        for r, cells in enumerate(wb[name].iter_rows(), start=1):
            if len(cells) > MAX_COLUMNS or r > MAX_ROWS:
                raise OverflowError(f"{column_letter(max(len(cells), 1))}{r}")
            for c, cell in enumerate(cells, start=1):
                value = getattr(cell, "value", None)
                text = cell_text(value)
                if not text:
                    continue
                rows.append(r)
                cols.append(c)
                texts.append(text)
                kinds.append(_kind_of(value, getattr(cell, "number_format", "General")))
    finally:
        wb.close()
    return dense(rows, cols, texts, kinds)


def _kind_of(value: object, number_format: str) -> str:
    """How openpyxl gave a cell: '' text, 'n' number, 'p' percent-formatted number, 'd' date."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return ""
    if isinstance(value, date | datetime | time):
        return "m" if is_month_format(number_format) else "y" if is_year_format(number_format) else "d"
    if isinstance(value, int | float):
        return "p" if is_percent_format(number_format) else "n"
    return ""


# hidden, or drawn zero high / zero wide (as good as hidden: nobody sees them)
_HIDDEN_ROW = re.compile(r'<(?:\w+:)?row\b[^>]*?\b(?:hidden="(?:1|true)"|ht="0(?:\.0*)?")[^>]*>')
_ROW_NUMBER = re.compile(r'\br="(\d+)"')
_COL = re.compile(r"<(?:\w+:)?col\b([^>]*)>")


def hidden_lines(xml: str) -> tuple[list[int], list[int]]:
    """The rows and the columns (1-based) hidden in a worksheet part."""
    rows = [int(m[1]) for tag in _HIDDEN_ROW.finditer(xml) if (m := _ROW_NUMBER.search(tag[0]))]
    cols: list[int] = []
    for attrs in _COL.findall(xml[: xml.find("sheetData")] if "sheetData" in xml else xml):
        if re.search(r'\bhidden="(?:1|true)"|\bwidth="0(?:\.0*)?"', attrs):
            lo, hi = re.search(r'\bmin="(\d+)"', attrs), re.search(r'\bmax="(\d+)"', attrs)
            if lo and hi:
                cols += range(int(lo[1]), min(int(hi[1]), MAX_COLUMNS) + 1)
    return rows, cols


def scan_sheet_xml(xml: str) -> tuple[list, list, list]:
    """Merged ranges, formulas without and with a cached value, from a worksheet's XML."""
    merges = [(int(r1), column_number(c1), int(r2), column_number(c2)) for c1, r1, c2, r2 in _MERGE.findall(xml)]
    without, with_value = [], []
    for f in _FORMULA.finditer(xml):
        cells = list(_CELL_TAG.finditer(xml[max(0, f.start() - 400) : f.start()]))
        if not cells:
            continue
        tag = cells[-1]
        close = _CELL_CLOSE.search(xml, f.start())
        body = xml[f.start() : close.start() if close else f.start()]
        cell = (int(tag[2]), column_number(tag[1]))
        value = _V.search(body)
        is_text = 't="str"' in tag[0]  # a text result: an empty string is a value
        (with_value if (value and value[1]) or is_text else without).append(cell)
    return merges, without, with_value


_ROW_OPEN = re.compile(r"<(?:\w+:)?row[\s>/]")
_C_CLOSE_ANY = re.compile(r"</(?:\w+:)?c>")


def sheet_size(xml: str) -> tuple[int, int]:
    """How many rows and cells a worksheet part holds, counted in its text before any cell is read."""
    rows = xml.count("<row ") + xml.count("<row>")
    cells = xml.count("</c>")  # filled cells (an empty, formatted one is written <c r="A1" s="1"/>)
    if not cells and ":c>" in xml:  # a writer that prefixes the namespace (<x:c r="A1">...</x:c>)
        rows = sum(1 for _ in _ROW_OPEN.finditer(xml))
        cells = sum(1 for _ in _C_CLOSE_ANY.finditer(xml))
    return rows, cells


def choose_sheets(book: Workbook) -> tuple[list[tuple[str, str, str | None]], list[Problem]]:
    """The sheets to read (name, part, kind) and the notes on the others."""
    worksheets = [(n, p) for n, p, is_ws in book.sheets if is_ws]
    chosen = [(n, p, sheet_kind(n)) for n, p in worksheets if sheet_kind(n) in SHEET_KINDS]
    problems = []
    if not chosen and worksheets:
        chosen = [(*worksheets[0], None)]
        problems.append(note("sheet_used", sheet=worksheets[0][0], name=worksheets[0][0]))
    used = {n for n, _, _ in chosen}
    for n, _, _ in book.sheets:
        if n not in used and sheet_kind(n) not in TEMPLATE_SHEETS:
            problems.append(note("sheet_ignored", sheet=n, name=n))
    return chosen, problems


def read_xlsx(content: bytes, max_bytes: int) -> ReadResult:
    """An Excel workbook: the observations and facilities sheets (by name, else the first sheet)."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(content))
        if "xl/workbook.xml" not in zf.namelist():
            return ReadResult("unknown", [], [error("file_format_unknown")])
        book = Workbook(zf, max_unpacked_bytes())
        chosen, problems = choose_sheets(book)
        sheets = []
        parts = [book.read(path) for _, path, _ in chosen]  # within the unpacked limit, all sheets together
        sizes = [sheet_size(xml) for xml in parts]  # refused before any cell is read, with how to split the file
        refused = too_large(sum(max(r - 1, 0) for r, _ in sizes), sum(c for _, c in sizes))
        if refused is not None:
            return ReadResult("xlsx", [], [refused])
        for i, (name, _, kind) in enumerate(chosen):
            xml, parts[i] = parts[i], ""  # each part is let go once its sheet is read
            try:
                grid, kinds = book.grid(xml)
            except _Unexpected:
                grid, kinds = openpyxl_grid(content, name)
            except OverflowError as e:
                problems.append(error("sheet_too_large", sheet=name, cell=str(e), rows=MAX_ROWS, columns=MAX_COLUMNS))
                continue
            hidden_rows, hidden_columns = hidden_lines(xml)
            sheets.append(
                RawSheet(
                    name,
                    kind,
                    grid,
                    *scan_sheet_xml(xml),
                    cell_kinds=kinds,
                    hidden_rows=hidden_rows,
                    hidden_columns=hidden_columns,
                    hidden_sheet=name in book.hidden,
                )
            )
            del xml
    except TooLargeUnpacked:
        limit = max_unpacked_bytes()
        return ReadResult("xlsx", [], [error("file_too_large_unpacked", limit=f"{limit / 1048576:.0f} MB")])
    except OverflowError as e:  # the openpyxl reader past its limits
        return ReadResult("xlsx", [], [error("sheet_too_large", cell=str(e), rows=MAX_ROWS, columns=MAX_COLUMNS)])
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        KeyError,
        ElementTree.ParseError,
        OSError,
        ValueError,
        IndexError,
        EOFError,
        NotImplementedError,
        UnicodeDecodeError,
    ) as e:
        return ReadResult("xlsx", [], [error("file_unreadable", detail=type(e).__name__)])
    if not chosen:
        problems.append(error("no_sheets"))
    return ReadResult("xlsx", sheets, problems)
