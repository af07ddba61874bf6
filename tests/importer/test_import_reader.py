"""Reading files: encodings, separators, Excel cells and formulas, size limits; numbers as people write them."""

import io
import zipfile

import pandas as pd
import pytest

from data.importer.reader import decode, read_file, sniff_delimiter
from data.importer.validate import parse_numbers
from data.importer.xlsx import cell_text, scan_sheet_xml

TEXT = "indicator;geo;period;value\nchildren_in_institutions;{geo};2025;5\n"


@pytest.mark.parametrize(
    ("encoding", "geo", "detected"),
    [
        ("utf-8", "Şəki", "utf-8"),
        ("utf-8-sig", "Şəki", "utf-8-sig"),
        ("utf-16", "Şəki", "utf-16"),
        ("cp1251", "Шеки", "cp1251"),
        ("cp1251", "Ленкорань (город)", "cp1251"),
        ("cp1254", "Şabran", "cp1254"),
        ("cp1254", "Göyçay İsmayıllı", "cp1254"),
    ],
)
def test_encodings_are_detected(encoding, geo, detected):
    text, enc = decode(TEXT.format(geo=geo).encode(encoding))
    assert enc == detected
    assert geo in text


def test_binary_is_not_text():
    result = read_file(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "x.csv", 1000)
    assert [p.key for p in result.problems] == ["file_format_unknown"]


@pytest.mark.parametrize(("text", "sep"), [("a,b,c\n1,2,3", ","), ("a;b;c\n1;2,5;3", ";"), ("a\tb\n1\t2", "\t")])
def test_separator(text, sep):
    assert sniff_delimiter(text) == sep


def test_size_limits():
    assert [p.key for p in read_file(b"", "x.csv", 10).problems] == ["file_empty"]
    big = read_file(b"x" * 2 * 1048576, "x.csv", 1048576)
    assert [(p.key, p.params) for p in big.problems] == [("file_too_large", {"size": "2 MB", "limit": "1 MB"})]


def test_zip_bomb_is_refused_while_unpacking(monkeypatch):
    """The limit counts what is inflated, whatever sizes the zip declares (see bench/bench_import_limits.py)."""
    monkeypatch.setenv("IMPORT_MAX_UNPACKED_MB", "2")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in HAND_MADE.items():
            z.writestr(name, text if "sheet1" not in name else "<worksheet>" + " " * 5_000_000 + "</worksheet>")
    content = buffer.getvalue()
    assert len(content) < 100_000
    assert [p.key for p in read_file(content, "x.xlsx", 100_000).problems] == ["file_too_large_unpacked"]


def test_rows_keep_their_numbers_and_ragged_rows_are_read():
    result = read_file(b"Hesabat 2025\n\nindicator,geo,period,value\na,b,2025,1,extra\n", "x.csv", 10**6)
    grid = result.sheets[0].grid
    assert list(grid.index) == [1, 2, 3, 4]
    assert grid.loc[3].tolist()[:4] == ["indicator", "geo", "period", "value"]
    assert grid.loc[4].tolist() == ["a", "b", "2025", "1", "extra"]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (12.0, "12"),
        (12.5, "12.5"),
        (7, "7"),
        (True, "TRUE"),
        ("  x ", "x"),
        (pd.Timestamp("2025-08-01").to_pydatetime(), "2025-08-01"),
    ],
)
def test_cell_text(value, text):
    assert cell_text(value) == text


def test_formulas_with_and_without_cached_values():
    xml = (
        '<sheetData><row r="2"><c r="A2"><f>1+1</f><v>2</v></c><c r="B2"><f>SUM(A1)</f><v></v></c>'
        '<c r="C2" t="str"><f>IF(1,"","x")</f><v></v></c><c r="D2"><f t="shared" si="0"/></c>'
        '<c r="E2" s="1"/></row></sheetData><mergeCells><mergeCell ref="A1:G1"/></mergeCells>'
    )
    merges, without, with_value = scan_sheet_xml(xml)
    assert merges == [(1, 1, 1, 7)]
    assert without == [(2, 2), (2, 4)]
    assert with_value == [(2, 1), (2, 3)]


@pytest.mark.parametrize(
    ("text", "number", "reason"),
    [
        ("12", 12.0, ""),
        ("4,3", 4.3, ""),
        ("4.3", 4.3, ""),
        ("30 000", 30000.0, ""),
        ("30\u00a0000", 30000.0, ""),
        ("1,234,567", 1234567.0, ""),
        ("1.234.567", 1234567.0, ""),
        ("30,000.5", 30000.5, ""),
        ("30.000,5", 30000.5, ""),
        ("45%", 45.0, ""),
        ("-4", -4.0, ""),
        ("1e3", 1000.0, ""),
        ("30,000", None, "ambiguous"),
        ("30.000", None, "ambiguous"),
        ("many", None, "not_number"),
        ("inf", None, "not_number"),
        ("~500", None, "not_number"),
        ("", None, ""),
    ],
)
def test_numbers(text, number, reason):
    values, reasons = parse_numbers(pd.Series([text]))
    assert (None if pd.isna(values[0]) else values[0]) == number
    assert reasons[0] == reason


def _openpyxl_book() -> bytes:
    import datetime as dt

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "observations"
    ws.append(["indicator", "geo", "period", "value", "note"])
    ws.append(["a & b <c>", "Şəki", dt.datetime(2025, 8, 1), 12.0, True])
    ws.append(["x", "y", dt.date(2024, 1, 31), 0.1 + 0.2, "line\nbreak"])
    ws.append(["x", "y", "2025-Q1", -4, None])
    ws["C5"] = dt.datetime(2025, 8, 1, 13, 30)
    ws["C5"].number_format = "yyyy-mm-dd hh:mm"
    ws["D6"] = 1234567.5
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_fast_excel_reader_reads_what_openpyxl_reads():
    from data.importer.xlsx import Workbook, openpyxl_grid

    content = _openpyxl_book()
    book = Workbook(zipfile.ZipFile(io.BytesIO(content)), 10**8)
    fast, fast_kinds = book.grid(book.read(book.sheets[0][1]))
    slow, slow_kinds = openpyxl_grid(content, "observations")
    pd.testing.assert_frame_equal(fast, slow.reindex(columns=fast.columns), check_dtype=False)
    pd.testing.assert_frame_equal(fast_kinds, slow_kinds.reindex(columns=fast.columns), check_dtype=False)
    assert fast.loc[2].tolist() == ["a & b <c>", "Şəki", "2025-08-01", "12", "TRUE"]
    assert fast.loc[3, 3] == "0.3"
    assert fast.loc[5, 2] == "2025-08-01 13:30:00"


NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HAND_MADE = {
    "xl/workbook.xml": (
        f'<workbook xmlns="{NS_MAIN}" xmlns:r="{NS_REL}"><workbookPr date1904="1"/>'
        '<sheets><sheet name="observations" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{NS_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{NS_REL}/sharedStrings" Target="sharedStrings.xml"/>'
        f'<Relationship Id="rId3" Type="{NS_REL}/styles" Target="/xl/styles.xml"/>'
        "</Relationships>"
    ),
    "xl/sharedStrings.xml": (
        '<sst><si><t>Lən</t></si><si><r><t>kə</t></r><r><t xml:space="preserve">ran</t></r>'
        "<rPh><t>x</t></rPh></si><si/><si><t>a_x000D_b</t></si></sst>"
    ),
    "xl/styles.xml": (
        '<styleSheet><numFmts><numFmt numFmtId="164" formatCode="dd\\.mm\\.yyyy"/></numFmts>'
        '<cellXfs><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>'
    ),
    "xl/worksheets/sheet1.xml": (
        '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
        '<c r="C1" s="1"><v>366</v></c><c r="D1" t="inlineStr"><is><t>in&amp;line</t></is></c>'
        '<c r="E1" t="s"><v>3</v></c><c r="F1" t="b"><v>0</v></c><c r="G1" t="e"><v>#N/A</v></c>'
        "</row></sheetData></worksheet>"
    ),
}


def test_shared_strings_rich_text_dates_1904_and_escapes():
    from data.importer.xlsx import Workbook

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, text in HAND_MADE.items():
            z.writestr(name, text)
    book = Workbook(zipfile.ZipFile(io.BytesIO(buffer.getvalue())), 10**8)
    grid, kinds = book.grid(book.read(book.sheets[0][1]))
    assert kinds.loc[1].tolist() == ["", "", "d", "", "", "", ""]
    assert grid.loc[1].tolist() == ["Lən", "kəran", "1905-01-01", "in&line", "a\rb", "FALSE", "#N/A"]


def test_cells_written_otherwise_are_read_by_openpyxl():
    """A part whose cells do not start with their reference is read by openpyxl, with the same result."""
    import re

    content = _openpyxl_book()
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name in source.namelist():
            data = source.read(name)
            if name == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<c r="(\w+)" t="(\w+)"', rb'<c t="\2" r="\1"', data)
                assert b'<c t="' in data
            z.writestr(name, data)
    result = read_file(buffer.getvalue(), "x.xlsx", 10**6)
    assert result.sheets[0].grid.loc[2].tolist() == ["a & b <c>", "Şəki", "2025-08-01", "12", "TRUE"]


def test_rows_and_columns_past_the_limits_are_refused_before_a_grid_is_built(monkeypatch):
    from data.importer import reader

    monkeypatch.setattr(reader, "MAX_ROWS", 5)
    text = "indicator,geo,period,value\n" + "children_in_institutions,AZ,2025,1\n" * 5
    assert [p.key for p in read_file(text.encode(), "x.csv", 10**6).problems] == ["too_many_rows"]
    assert read_file(text.encode()[:-36], "x.csv", 10**6).problems == []
    wide = ",".join(["a"] * (reader.MAX_COLUMNS + 1)) + "\n"
    assert [p.key for p in read_file(wide.encode(), "x.csv", 10**6).problems] == ["too_many_columns"]


def xlsx_of(rows: list[list[object]], sheets: int = 1) -> bytes:
    """A workbook (openpyxl) with the same rows on one or two observation sheets (in English and Azerbaijani)."""
    import io

    import openpyxl

    wb = openpyxl.Workbook()
    for i in range(sheets):
        ws = wb.active if i == 0 else wb.create_sheet()
        ws.title = ("observations", "müşahidələr")[i]
        for r in rows:
            ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


HEADER = ["indicator", "geo_level", "geo", "period", "value", "source", "note"]
ROW = ["children_in_institutions", "district", "Quba", "2025", 12, "Nazirlik", ""]


@pytest.mark.parametrize("kind", ["csv", "xlsx", "xlsx_two_sheets"])
def test_a_file_over_the_row_or_cell_setting_is_refused_before_its_cells_are_read(monkeypatch, kind):
    """IMPORT_MAX_ROWS / IMPORT_MAX_CELLS: counted in the text (all sheets together), a file-level refusal that
    says how to split the file; at the limits the file is read."""
    from data.importer import reader, xlsx

    monkeypatch.setattr(reader, "grid_from_rows", lambda *a: pytest.fail("the cells were read"))
    monkeypatch.setattr(xlsx.Workbook, "grid", lambda *a: pytest.fail("the cells were read"))
    monkeypatch.setenv("IMPORT_MAX_ROWS", "10")
    monkeypatch.setenv("IMPORT_MAX_CELLS", "1000")
    sheets = 2 if kind == "xlsx_two_sheets" else 1
    n = 11 if sheets == 1 else 6  # data rows: 11, or 2 x 6 = 12

    def content(rows):
        if kind == "csv":
            return ("\n".join(",".join(map(str, r)) for r in rows) + "\n").encode(), "x.csv"
        return xlsx_of(rows, sheets), "x.xlsx"

    result = read_file(*content([HEADER] + [ROW] * n), 10**7)
    [problem] = result.problems
    assert (problem.key, problem.severity, problem.sheet, problem.row) == ("too_many_rows", "error", None, None)
    message = problem.message("en")
    assert message.startswith(f"The file has {n * sheets} data rows, more than one import reads (10): split it")
    assert "of at most 10 rows, each starting with the header row" in message
    monkeypatch.setenv("IMPORT_MAX_ROWS", "100")
    monkeypatch.setenv("IMPORT_MAX_CELLS", "50")
    [problem] = read_file(*content([HEADER] + [ROW] * n), 10**7).problems
    assert problem.key == "too_many_cells" and problem.row is None
    assert "more than one import reads (50): split it into several files of at most" in problem.message("en")


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_file_at_the_row_setting_is_read(monkeypatch, kind):
    monkeypatch.setenv("IMPORT_MAX_ROWS", "10")
    rows = [HEADER] + [ROW] * 10
    if kind == "csv":
        data, name = ("\n".join(",".join(map(str, r)) for r in rows) + "\n").encode(), "x.csv"
    else:
        data, name = xlsx_of(rows), "x.xlsx"
    result = read_file(data, name, 10**7)
    assert [p for p in result.problems if p.severity == "error"] == []
    assert len(result.sheets[0].grid) == 11


def test_empty_fields_do_not_count_as_cells(monkeypatch):
    """The CSV template's empty columns cost nothing: only filled cells count against IMPORT_MAX_CELLS."""
    from data.importer.reader import size_problem

    monkeypatch.setenv("IMPORT_MAX_CELLS", "7")
    assert size_problem("a,b,c,d\n1,,,\n,2,,\n,,,3\n") is None  # 4 + 3 filled cells
    assert size_problem("a;b;c\r\n1;;\r\n;;2\r\n;x;\r\n") is None  # 3 + 3
    assert size_problem("a,b,c,d\n1,,,\n,2,,\n,,3,4\n").key == "too_many_cells"  # 8
