"""Benchmark (#13): the regex XLSX reader against openpyxl in read-only mode on 100 000 rows x 7 columns.

Run: .venv/bin/python bench/bench_xlsx_readers.py   (prints the seconds of each reader; figures in docs/IMPORT.md)
"""

from __future__ import annotations

import io
import sys
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import xlsxwriter  # noqa: E402

from data.importer.xlsx import Workbook, openpyxl_grid  # noqa: E402


def main(rows: int = 100_000) -> None:
    """Write a workbook of `rows` observation rows, then read it with both readers."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "constant_memory": True})
    ws = wb.add_worksheet("observations")
    ws.write_row(0, 0, ["indicator", "geo_level", "geo", "period", "value", "source", "note"])
    for r in range(1, rows + 1):
        period = f"{1995 + r % 30}-{1 + r % 12:02d}"
        ws.write_row(r, 0, ["children_in_institutions", "district", "Quba", period, r % 997, "Nazirlik", ""])
    wb.close()
    content = buf.getvalue()
    print(f"workbook: {rows} rows, {len(content):,} bytes")
    t = time.perf_counter()
    book = Workbook(zipfile.ZipFile(io.BytesIO(content)), 10**9)
    grid, _ = book.grid(book.read(book.sheets[0][1]))
    print(f"regex reader:        {grid.shape} {time.perf_counter() - t:.2f} s")
    t = time.perf_counter()
    grid, _ = openpyxl_grid(content, "observations")
    print(f"openpyxl read-only:  {grid.shape} {time.perf_counter() - t:.2f} s")


if __name__ == "__main__":
    main()
