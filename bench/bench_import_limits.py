"""Benchmark: what hostile files cost the import (issue #12 budget: refused within 2 s and 200 MB each).

Run: .venv/bin/python bench/bench_import_limits.py [--file PATH ...]
Each file is checked in a fresh child process (against a reference SQLite database built once in a temporary
directory): the time of importer.check, and the memory the check added, as the child's peak resident size minus
its resident size just before the check (modules imported, catalogue warm). Besides the fixtures of
tests/fixtures/import/with-problems/ it builds the worst cases it knows:

- bomb_limit.xlsx: a sheet of spaces that inflates to just under the unpacked limit (IMPORT_MAX_UNPACKED_MB), so
  the reader holds the most it ever holds, then finds nothing (the worst accepted unpacking);
- bomb_1g.xlsx: 1 GB of spaces in one sheet (about 1 MB packed): refused while inflating;
- rows_over.xlsx: 200 000 rows x 7 numbers (the old worst case read in full): refused by IMPORT_MAX_ROWS, counted
  in the sheet's text before any cell is read;
- rows_limit.xlsx: IMPORT_MAX_ROWS data rows x 7 numbers, the most rows the settings let through: read in full;
- cells_limit.xlsx: IMPORT_MAX_CELLS cells (a tenth of them rows, 10 columns), the most cells the settings let
  through: read in full;
- cells_over.xlsx: 20 000 rows x 60 columns (1.2 million cells): refused by IMPORT_MAX_CELLS before any cell is read;
- csv_limit.csv: a 20 MB CSV of 7-column rows (the upload limit), every row a valid-looking observation: refused;
- csv_rows_limit.csv: IMPORT_MAX_ROWS valid observation rows: read and validated in full (accepted).
Prints one line per file: name, size, outcome (first problem), seconds, added MB; exits 1 when a refused file
takes 2 s or more or adds 200 MB or more, or a file the settings let through takes 10 s or more to check.
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BUDGET_S, BUDGET_MB = 2.0, 200.0  # a refused file
READ_BUDGET_S = 10.0  # a file within the settings: the budget of validate + commit for 100 000 rows

CHILD = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
from data import importer
from data.db import make_engine
engine = make_engine(sys.argv[2])
importer.check(engine, b"indicator,geo,period,value\nchildren_in_institutions,AZ,2025,1\n", "warm.csv")
path = sys.argv[3]
def rss_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
open("/proc/self/clear_refs", "w").write("5")  # reset the peak resident size (VmHWM) to the current one
before = rss_mb()
content = open(path, "rb").read()
t = time.perf_counter()
checked = importer.check(engine, content, path.rsplit("/", 1)[-1])
seconds = time.perf_counter() - t
peak = next(int(x.split()[1]) / 1024 for x in open("/proc/self/status") if x.startswith("VmHWM:"))
first = checked.errors[0].message("en") if checked.errors else f"accepted ({len(checked.observations)} rows)"
print(json.dumps({"seconds": seconds, "added_mb": peak - before, "outcome": first[:90], "ok": checked.ok}))
"""


def workbook_with_sheet(write_sheet) -> bytes:
    """A minimal valid workbook whose sheet1.xml is streamed by write_sheet(file)."""
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        z.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{ns}" xmlns:r="{rel}"><sheets>'
            '<sheet name="observations" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        with z.open("xl/worksheets/sheet1.xml", "w") as f:
            f.write(b"<worksheet><sheetData>")
            write_sheet(f)
            f.write(b"</sheetData></worksheet>")
    return out.getvalue()


def spaces(mb: float):
    def write(f) -> None:
        for _ in range(int(mb)):
            f.write(b" " * 1_048_576)

    return write


def many_cells(rows: int, width: int = 7):
    def write(f) -> None:
        from data.importer.reader import column_letter

        cols = [column_letter(c) for c in range(1, width + 1)]
        for r in range(1, rows + 1):
            f.write(
                (f'<row r="{r}">' + "".join(f'<c r="{c}{r}"><v>{r % 997}</v></c>' for c in cols) + "</row>").encode()
            )

    return write


def csv_rows(rows: int) -> bytes:
    head = "indicator,geo_level,geo,period,value,source,note\n"
    return (
        head
        + "".join(f"children_in_institutions,district,Quba,{1992 + i % 34},{i % 997},Nazirlik,\n" for i in range(rows))
    ).encode()


def csv_limit(mb: int) -> bytes:
    head = "indicator,geo_level,geo,period,value,source,note\n"
    line = "children_in_institutions,district,Quba,2025,12,Nazirlik hesabatı,\n"
    return (head + line * (mb * 1_048_576 // len(line.encode()))).encode()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--file", action="append", type=Path, default=[])
    args = ap.parse_args()
    from data.config import import_max_cells, import_max_rows, max_unpacked_bytes
    from data.db import make_engine
    from data.loader import build_database

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        url = f"sqlite:///{tmp / 'bench.sqlite3'}"
        build_database(make_engine(url), demo=True)
        files = args.file or sorted((ROOT / "tests/fixtures/import/with-problems").iterdir())
        read_in_full: set[str] = set()
        if not args.file:
            limit_mb = max_unpacked_bytes() / 1_048_576
            rows, cells = import_max_rows(), import_max_cells()
            made = {
                "bomb_limit.xlsx": workbook_with_sheet(spaces(limit_mb - 1)),
                "bomb_1g.xlsx": workbook_with_sheet(spaces(1024)),
                "rows_over.xlsx": workbook_with_sheet(many_cells(200_000)),
                "rows_limit.xlsx": workbook_with_sheet(many_cells(rows + 1)),
                "cells_limit.xlsx": workbook_with_sheet(many_cells(cells // 10, 10)),
                "cells_over.xlsx": workbook_with_sheet(many_cells(20_000, 60)),
                "csv_limit.csv": csv_limit(19),
                "csv_rows_limit.csv": csv_rows(rows),
            }
            read_in_full = {"bomb_limit.xlsx", "rows_limit.xlsx", "cells_limit.xlsx", "csv_rows_limit.csv"}
            for name, content in made.items():
                (tmp / name).write_bytes(content)
                files.append(tmp / name)
        failed = False
        import os
        import platform

        print(f"# {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, load average "
              f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}; IMPORT_MAX_ROWS={rows if not args.file else '-'}, "
              f"IMPORT_MAX_CELLS={cells if not args.file else '-'}")  # fmt: skip
        print(f"{'file':34} {'size':>10} {'seconds':>8} {'added MB':>9}  outcome")
        for path in files:
            run = subprocess.run(
                [sys.executable, "-c", CHILD, str(ROOT), url, str(path)], capture_output=True, text=True, check=False
            )
            if run.returncode:
                print(f"{path.name:34} FAILED: {run.stderr[-400:]}")
                failed = True
                continue
            r = json.loads(run.stdout.strip().splitlines()[-1])
            if path.name in read_in_full:
                over = r["seconds"] >= READ_BUDGET_S
            else:
                over = not r["ok"] and (r["seconds"] >= BUDGET_S or r["added_mb"] >= BUDGET_MB)
            failed |= over
            size = path.stat().st_size
            print(
                f"{path.name:34} {size:>10,} {r['seconds']:>8.2f} {r['added_mb']:>9.1f}  {r['outcome']}"
                + ("  OVER BUDGET" if over else "")
            )
        print(f"# load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
        return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
