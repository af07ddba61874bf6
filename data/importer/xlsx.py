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

from data.importer.columns import SHEET_KINDS, TEMPLATE_SHEETS, sheet_kind
from data.importer.problems import Problem, error, note
from data.importer.reader import UNPACKED_FACTOR, RawSheet, ReadResult, column_letter, column_number, grid_from_rows

MAX_CELLS = 40_000_000  # rows x columns of one sheet's grid
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


def _text(raw: str) -> str:
    """XML text to Python text: entities, and Excel's _xHHHH_ escapes of control characters."""
    t = html.unescape(raw) if "&" in raw else raw
    return _ESCAPED.sub(lambda m: chr(int(m[1], 16)), t) if "_x" in t else t


class Workbook:
    """The parts of a workbook the import needs: sheets (in order, with their XML part), strings, date styles."""

    def __init__(self, zf: zipfile.ZipFile) -> None:
        self.zf = zf
        book = ElementTree.fromstring(zf.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): (r.get("Type", ""), self._path(r.get("Target", ""))) for r in rels}
        self.sheets: list[tuple[str, str, bool]] = []  # name, part, is a worksheet
        for sheet in book.iterfind("m:sheets/m:sheet", _NS):
            kind, path = targets.get(sheet.get(_REL), ("", ""))
            self.sheets.append((sheet.get("name"), path, kind.endswith("/worksheet")))
        pr = book.find("m:workbookPr", _NS)
        self.date1904 = pr is not None and pr.get("date1904") in ("1", "true")
        strings = next((p for k, p in targets.values() if k.endswith("/sharedStrings")), None)
        styles = next((p for k, p in targets.values() if k.endswith("/styles")), None)
        self.strings = self._strings(strings)
        self.date_styles = self._date_styles(styles)

    @staticmethod
    def _path(target: str) -> str:
        return target.lstrip("/") if target.startswith("/") else f"xl/{target}"

    def read(self, path: str | None) -> str:
        """A part as text ('' when the workbook has no such part)."""
        return self.zf.read(path).decode("utf-8") if path and path in self.zf.namelist() else ""

    def _strings(self, path: str | None) -> list[str]:
        xml = self.read(path)
        return [_text("".join(_T.findall(_PHONETIC.sub("", m[1] or "")))) for m in _SI.finditer(xml)]

    def _date_styles(self, path: str | None) -> set[int]:
        from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

        xml = self.read(path)
        custom = {int(i): html.unescape(c) for i, c in re.findall(r'numFmtId="(\d+)"\s+formatCode="([^"]*)"', xml)}
        xfs = re.search(r"<(?:\w+:)?cellXfs\b[^>]*>(.*?)</(?:\w+:)?cellXfs>", xml, re.S)
        ids = []
        for attrs in re.findall(r"<(?:\w+:)?xf\b([^>]*)>", xfs[1] if xfs else ""):
            found = re.search(r'numFmtId="(\d+)"', attrs)
            ids.append(int(found[1]) if found else 0)
        return {i for i, f in enumerate(ids) if is_date_format(custom.get(f, BUILTIN_FORMATS.get(f, "General")))}

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

    def grid(self, xml: str) -> pd.DataFrame:
        """The cells of a worksheet part as a grid of text (index = row number, columns from 0)."""
        data = _SHEET_DATA.search(xml)
        section = (data[1] or "") if data else ""
        rows, cols, texts = [], [], []
        columns: dict[str, int] = {}
        found = 0
        strings, dates = self.strings, self.date_styles
        for m in _C.finditer(section):
            found += 1
            letters, row, attrs, body = m.groups()
            if not body:
                continue
            kind = _TYPE.search(attrs)[1] if "t=" in attrs else "n"
            style = int(_STYLE.search(attrs)[1]) if "s=" in attrs else 0
            if kind == "s" and body.startswith("<v>") and body.count("<") == 2:  # the common cases first
                text = strings[int(body[3:-4])].strip()
            elif kind == "n" and style not in dates and body.startswith("<v>") and body.count("<") == 2:
                raw = body[3:-4]
                text = raw if raw.isdigit() else self._value(kind, body, style)
            else:
                text = self._value(kind, body, style)
            if text:
                rows.append(int(row))
                cols.append(columns.get(letters) or columns.setdefault(letters, column_number(letters)))
                texts.append(text)
        if found != len(_C_OPEN.findall(section)):
            raise _Unexpected("cells without a reference first")
        if not rows:
            return pd.DataFrame(dtype=str)
        n_rows, n_cols = max(rows), max(cols)
        if n_rows * n_cols > MAX_CELLS:
            raise OverflowError(f"{column_letter(n_cols)}{n_rows}")
        cells = np.full((n_rows, n_cols), "", dtype=object)
        cells[np.array(rows) - 1, np.array(cols) - 1] = texts
        grid = pd.DataFrame(cells, index=pd.RangeIndex(1, n_rows + 1))
        return grid.astype(str)


def openpyxl_grid(content: bytes, name: str) -> pd.DataFrame:
    """The cells of one sheet through openpyxl (the slow, general reader)."""
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Data Validation extension is not supported" and the like
        wb = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        grid = grid_from_rows(list(wb[name].iter_rows(values_only=True)))
    finally:
        wb.close()
    for c in grid.columns:
        grid[c] = grid[c].map(cell_text).astype(str)
    return grid


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
        if sum(i.file_size for i in zf.infolist()) > UNPACKED_FACTOR * max_bytes:
            return ReadResult("xlsx", [], [error("file_too_large_unpacked")])
        if "xl/workbook.xml" not in zf.namelist():
            return ReadResult("unknown", [], [error("file_format_unknown")])
        book = Workbook(zf)
        chosen, problems = choose_sheets(book)
        sheets = []
        for name, path, kind in chosen:
            xml = book.read(path)
            try:
                grid = book.grid(xml)
            except _Unexpected:
                grid = openpyxl_grid(content, name)
            except OverflowError as e:
                problems.append(error("sheet_too_large", sheet=name, cell=str(e)))
                continue
            sheets.append(RawSheet(name, kind, grid, *scan_sheet_xml(xml)))
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError, ValueError, IndexError) as e:
        return ReadResult("xlsx", [], [error("file_unreadable", detail=type(e).__name__)])
    if not chosen:
        problems.append(error("no_sheets"))
    return ReadResult("xlsx", sheets, problems)
