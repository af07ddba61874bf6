"""The models of data/contracts.py are the one written contract: the loader reports every problem of a file at
once (file, line, column) and writes nothing, and the docs' table of columns says what the models say."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select

from data import contracts
from data import schema as s
from data.config import REFERENCE_DIR
from data.db import upgrade
from data.errors import ReferenceDataError
from data.loader import load_reference

ROOT = Path(__file__).resolve().parents[2]


def _edit(path: Path, edits: dict[tuple[int, str], str]) -> None:
    """Set cells of a CSV file: (line, column) -> text (line 2 = first data row)."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
        fields = list(rows[0])
    for (line, col), text in edits.items():
        rows[line - 2][col] = text
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


@pytest.fixture
def broken_reference(tmp_path: Path) -> Path:
    """A copy of the reference files with four problems in observations.csv."""
    for p in REFERENCE_DIR.glob("*.csv"):
        shutil.copy(p, tmp_path / p.name)
    _edit(
        tmp_path / "observations.csv",
        {
            (2, "value"): "about ten",
            (3, "is_preferred"): "yes",
            (4, "period"): "2025-13",
            (5, "geo_level"): "planet",
        },
    )
    return tmp_path


def test_loader_reports_every_problem_with_line_and_column(broken_reference: Path, tmp_path: Path) -> None:
    """All problems of the file at once, each naming line and column; nothing is written."""
    engine = create_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    upgrade(engine)
    with pytest.raises(ReferenceDataError) as exc, engine.begin() as conn:
        load_reference(conn, broken_reference)
    err = exc.value
    assert err.params["file"] == "observations.csv"
    assert err.params["problems"] == [
        "line 2, column value: value 'about ten' cannot be read as float64",
        "line 3, column is_preferred: value 'yes' cannot be read as boolean",
        "line 4, column period: value '2025-13': period must be a period in canonical form (docs/DATA.md)",
        "line 5, column geo_level: value 'planet' is not one of ('country', 'region', 'district')",
    ]
    assert str(err).startswith("observations.csv: 4 problem(s):")
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(s.sources)).scalar_one() == 0


def test_unknown_and_missing_columns_are_reported(tmp_path: Path) -> None:
    """A column the contract does not know, and one it needs, are both named."""
    text = (REFERENCE_DIR / "facility_catchment.csv").read_text(encoding="utf-8").splitlines()
    header = text[0].replace("source_id", "source")
    (tmp_path / "facility_catchment.csv").write_text("\n".join([header, *text[1:]]) + "\n", encoding="utf-8")
    with pytest.raises(ReferenceDataError) as exc:
        contracts.read_validated("facility_catchment.csv", tmp_path)
    found = "\n".join(exc.value.params["problems"])
    assert "source is not a column of this file" in found
    assert "source_id is missing" in found


def _docs_table(path: Path, heading: str) -> dict[str, list[str]]:
    """file -> columns from a markdown table `| `file` | `a, b, c` ... |` under `heading`."""
    text = path.read_text(encoding="utf-8")
    section = text[text.index(heading) :]
    section = section[: section.index("\n\n", section.index("|"))]
    out = {}
    for m in re.finditer(r"^\| `([a-z_]+\.csv)` \| `([^`]+)`", section, re.M):
        out[m[1]] = [c.strip() for c in m[2].split(",")]
    return out


def test_architecture_docs_list_the_models_columns() -> None:
    """docs/ARCHITECTURE.md "Reference files" names every file with exactly its model's columns, in order."""
    documented = _docs_table(ROOT / "docs" / "ARCHITECTURE.md", "### Reference files")
    assert documented == {name: contracts.columns(name) for name in contracts.REFERENCE_MODELS}


def test_data_docs_list_the_value_rules() -> None:
    """docs/DATA.md's table of value rules lists exactly the rules observations.csv may carry."""
    text = (ROOT / "docs" / "DATA.md").read_text(encoding="utf-8")
    table = text[text.index("| rule | published | value |") :]
    listed = re.findall(r"^\| `([a-z_]+)` \|", table[: table.index("\n\n")], re.M)
    assert tuple(dict.fromkeys(listed)) == contracts.VALUE_RULES


def test_architecture_docs_list_the_query_frames_columns() -> None:
    """docs/ARCHITECTURE.md "Query frames" names every query with exactly its frame model's columns, in order."""
    text = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    section = text[text.index("### Query frames") :]
    section = section[: section.index("\n\n", section.index("| query |"))]
    documented = {
        m[1]: [c.strip() for c in m[2].split(",")] for m in re.finditer(r"^\| `([a-z_]+)` \| `([^`]+)`", section, re.M)
    }
    assert documented == {name: list(model.to_schema().columns) for name, model in contracts.QUERY_MODELS.items()}
