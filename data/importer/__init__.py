"""Loading the ministry's own data: CSV and Excel import with validation, preview, history and rollback.

One code path for the import page (app_pages/import_data.py) and the command line (python -m data.importer):

    checked = check(engine, content, file_name)      # read + validate: every problem at once, nothing written
    plan = preview(engine, checked)                  # new / changed / unchanged rows (ImportRejectedError on errors)
    done = commit(engine, checked, user_name, expected=plan.fingerprint)   # one transaction, one batch
    rollback(engine, done.batch_id)                  # restores exactly what was there before

Modules: reader (bytes -> grids; CSV), xlsx (Excel), sheets (header, columns), names (places, codes), catalogue
(what is checked against), validate (observation rows), facilities (facility rows), plan (preview), store (the
commit: one transaction), batches (history, rollback), template (download, export guard), cli.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Connection, Engine

from data.config import max_upload_bytes
from data.errors import ImportRejectedError
from data.importer import store as _store
from data.importer.batches import batches, rollback
from data.importer.catalogue import Catalogue
from data.importer.columns import FACILITIES, OBSERVATIONS
from data.importer.facilities import FACILITY_COLUMNS, STATUS_COLUMNS, validate_facilities
from data.importer.history import history_notes
from data.importer.plan import Plan, make_plan
from data.importer.problems import Problem, error, has_errors, ordered
from data.importer.problems import table as problems_table
from data.importer.reader import CONTROL, read_file
from data.importer.sheets import locate
from data.importer.template import lists_csv, sanitize_for_export, template_csv, template_xlsx
from data.importer.validate import OBSERVATION_COLUMNS, validate_observations

__all__ = [
    "Checked",
    "Committed",
    "Plan",
    "Problem",
    "batches",
    "check",
    "commit",
    "lists_csv",
    "preview",
    "problems_table",
    "rollback",
    "sanitize_for_export",
    "template_csv",
    "template_xlsx",
]
Committed = _store.Committed


@dataclass
class Checked:
    """A read and validated file: its problems and, when it has no errors, the records to write."""

    file_name: str
    sha256: str
    size: int
    format: str
    problems: list[Problem]
    observations: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=OBSERVATION_COLUMNS))
    facilities: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=FACILITY_COLUMNS))
    statuses: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=STATUS_COLUMNS))

    @property
    def ok(self) -> bool:
        """True when nothing rejects the file."""
        return not has_errors(self.problems)

    @property
    def errors(self) -> list[Problem]:
        """The problems that reject the file."""
        return [p for p in self.problems if p.is_error]

    @property
    def notes(self) -> list[Problem]:
        """The problems that are only notes."""
        return [p for p in self.problems if not p.is_error]


def check(bind: Engine | Connection, content: bytes, file_name: str, max_bytes: int | None = None) -> Checked:
    """Read and validate a file against the stored catalogue; every problem is reported, nothing is written."""
    sha = hashlib.sha256(content).hexdigest()
    file_name = CONTROL.sub("", file_name)[:255] or "file"  # the name is stored with the batch
    raw = read_file(content, file_name, max_upload_bytes() if max_bytes is None else max_bytes)
    checked = Checked(file_name, sha, len(content), raw.format, list(raw.problems))
    if has_errors(raw.problems):
        return checked
    sheets = []
    for r in raw.sheets:
        sheet, problems = locate(r)
        checked.problems += problems
        if sheet is not None:
            sheets.append(sheet)
    if not sheets:
        if not has_errors(checked.problems):
            checked.problems.append(error("no_data_rows"))
        checked.problems = ordered(checked.problems)
        return checked
    cat = Catalogue.load(bind)
    obs, fac, st, obs_sheets = [], [], [], []
    seen: dict[str, dict] = {OBSERVATIONS: {}, FACILITIES: {}}  # keys are unique across the whole file
    for sheet in sheets:
        if sheet.kind == OBSERVATIONS:
            records, problems = validate_observations(sheet, cat, seen[OBSERVATIONS])
            obs.append(records)
            obs_sheets.append((sheet.name, records))
        elif sheet.kind == FACILITIES:
            new, statuses, problems = validate_facilities(sheet, cat, seen[FACILITIES])
            fac.append(new)
            st.append(statuses)
        checked.problems += problems
    checked.problems = ordered(_without_echoes(checked.problems))
    if obs:
        checked.observations = pd.concat(obs, ignore_index=True)
        if not has_errors(checked.problems):
            checked.problems = ordered(checked.problems + history_notes(bind, obs_sheets))
    if fac:
        checked.facilities = pd.concat(fac, ignore_index=True)
        checked.statuses = pd.concat(st, ignore_index=True)
    return checked


def _without_echoes(problems: list[Problem]) -> list[Problem]:
    """Drop 'the cell is empty' where the cell holds a formula without a value (already reported)."""
    formulas = {(p.sheet, p.row, p.column) for p in problems if p.key == "formula_no_value"}
    return [p for p in problems if not (p.key == "required" and (p.sheet, p.row, p.column) in formulas)]


def preview(engine: Engine | Connection, checked: Checked) -> Plan:
    """What committing `checked` would write now (raises ImportRejectedError when the file has errors)."""
    if not checked.ok:
        raise ImportRejectedError(checked.problems)
    if isinstance(engine, Connection):
        return make_plan(engine, checked.observations, checked.facilities, checked.statuses)
    with engine.connect() as conn:
        return make_plan(conn, checked.observations, checked.facilities, checked.statuses)


def commit(engine: Engine, checked: Checked, user_name: str | None = None, expected: str | None = None) -> Committed:
    """Write `checked` as one batch in one transaction (ImportRejectedError on errors, PreviewOutdatedError when
    the stored data moved since the preview whose fingerprint is `expected`)."""
    if not checked.ok:
        raise ImportRejectedError(checked.problems)
    return _store.commit(
        engine,
        checked.observations,
        checked.facilities,
        checked.statuses,
        checked.file_name,
        checked.sha256,
        user_name,
        expected,
    )
