"""All figures as data (python -m metrics.figures) and qualifiers carried from the reference file to what is shown.

The figures come from the pages' own functions; every qualifier stated in data/reference/observations.csv
reaches the slide and the overview tile beside its number.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pandas as pd
import pytest

from data import queries
from data.config import REFERENCE_DIR
from data.formatting import format_quantity
from data.semantics import QUALIFIERS
from deck.model import build_deck
from deck.source import live_payload
from metrics import figures as headline
from metrics import progress as progress_module
from metrics.progress import progress
from tests.deck.common import FROZEN_AT, MEETING, STATUSES


def run_cli(monkeypatch, capsys, engine, *args: str) -> str:
    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
    assert headline.main(list(args)) == 0
    return capsys.readouterr().out


def test_cli_prints_every_headline_figure_as_json(monkeypatch, capsys, reference_engine):
    out = json.loads(run_cli(monkeypatch, capsys, reference_engine, "--as-of", "2026-12-05", "--lang", "en"))
    assert out and set(out[0]) == set(headline.FIGURE_COLUMNS)
    ind = queries.indicators(reference_engine)
    network = [r for r in out if r["figure"] != headline.LATEST]  # the network's and coverage's figures beside
    assert {r["figure"] for r in network} >= {"open", "with_pipeline", "pipeline_stale", "population_share"}
    out = [r for r in out if r["figure"] == headline.LATEST]
    national = {r["indicator_code"]: r for r in out if r["geo_level"] == "country"}
    assert set(national) == set(ind["code"])  # every indicator nationally, with data or not
    _, targets, obs = headline.load(reference_engine, headline.STATUSES, date(2026, 12, 5))
    prog = progress(ind, targets, obs, geo_level=None)
    same = prog.set_index(["indicator_code", "geo_level", "geo_code"])
    for r in out:  # the same figures and verdicts as the pages' progress table
        p = same.loc[(r["indicator_code"], r["geo_level"], r["geo_code"])]
        assert r["verdict"] == p["status"] and r["basis_key"] == p["basis"]
        if r["value"] is not None:
            assert r["value"] == pytest.approx(p["latest_value"]) and r["qualifier"] in QUALIFIERS
        if r["verdict"] in ("achieved", "on_track", "at_risk", "off_track"):
            assert r["verdict_basis"].startswith("Basis:"), r["indicator_code"]
        if r["evidence_date"]:
            stale = pd.Timestamp(r["evidence_date"]) < pd.Timestamp("2026-06-05")
            assert r["evidence_stale"] == stale
    rehab = national["rehab_persons_served"]
    assert rehab["target_kind"] == "capacity" and rehab["verdict"] == "no_target" and not rehab["deadline_stated"]
    assert rehab["target_year"] is None  # never an assumed year


def test_cli_as_of_a_past_date_uses_only_what_was_known(monkeypatch, capsys, reference_engine):
    text = run_cli(monkeypatch, capsys, reference_engine, "--as-of", "2022-06-30", "--format", "csv", "--no-demo")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows and list(rows[0]) == headline.FIGURE_COLUMNS
    for r in rows:
        if r["evidence_date"]:
            assert r["evidence_date"] <= "2022-06-30"
        assert r["data_status"] != "demonstration"


def test_cli_words_follow_the_language(monkeypatch, capsys, reference_engine):
    az = json.loads(run_cli(monkeypatch, capsys, reference_engine, "--as-of", "2026-12-05", "--lang", "az"))
    bases = [r["verdict_basis"] for r in az if r["verdict_basis"]]
    assert bases and all(b.startswith("Əsas:") for b in bases)


def test_qualifiers_round_trip_from_the_reference_file_to_the_slides(reference_engine):
    payload = live_payload(reference_engine, MEETING, STATUSES, frozen_at=FROZEN_AT)
    ref = pd.read_csv(REFERENCE_DIR / "observations.csv", dtype=str, keep_default_na=False)
    ref = ref[(ref["geo_level"] == "country") & (ref["is_preferred"] == "true")]
    checked = 0
    for lang in ("az", "en"):
        deck = build_deck(payload, lang)
        for it in payload["indicators"]:
            if it.get("latest_value") is None:
                continue
            rows = ref[(ref["indicator_code"] == it["code"]) & (ref["period"] == it["latest_period"])]
            if rows.empty:
                continue
            r = rows.iloc[-1]
            num = lambda x: float(x) if x else None  # noqa: E731
            expected = format_quantity(
                float(r["value"]), lang, qualifier=r["qualifier"], low=num(r["value_low"]), high=num(r["value_high"]),
                unit=it.get("unit"),
            )  # fmt: skip
            slide = next(s for s in deck.slides if s.key == it["code"])
            assert slide.numbers[0].value == expected, (it["code"], lang)
            summary_rows = [x for s in deck.slides if s.kind == "summary" for x in s.rows]  # split over slides
            assert next(x for x in summary_rows if x.code == it["code"]).latest.startswith(expected)
            checked += r["qualifier"] != "exact"
    assert checked >= 2  # the reference data do carry qualified figures (~900 000, more than 4 100 000)


def test_qualified_figures_exist_in_the_reference_file():
    ref = pd.read_csv(REFERENCE_DIR / "observations.csv", dtype=str, keep_default_na=False)
    assert {"approx", "more_than"} <= set(ref["qualifier"])


def test_cli_on_a_database_never_built_says_to_build_it(monkeypatch, tmp_path):
    """A database never built: exit 1 and a message naming python -m data.build_db, no traceback (a real process)."""
    import subprocess
    import sys

    env = {**__import__("os").environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'never-built.sqlite3'}"}
    for lang in ("en", "az"):
        done = subprocess.run(
            [sys.executable, "-m", "metrics.figures", "--as-of", "2026-12-05", "--lang", lang],
            capture_output=True, text=True, env=env, timeout=120,
        )  # fmt: skip
        assert done.returncode == 1, done.stderr
        assert "python -m data.build_db" in done.stderr and "Traceback" not in done.stderr
        assert done.stdout == ""


def test_cli_on_a_damaged_database_says_so(monkeypatch, capsys, tmp_path):
    """A schema at head but a table missing (or an old schema): exit 1 with a message, never a raw SQL error."""
    from sqlalchemy import create_engine

    from data.db import head_revision

    for revision in (head_revision(), "0001_old"):
        path = tmp_path / f"damaged-{revision}.sqlite3"
        engine = create_engine(f"sqlite:///{path}")
        with engine.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
            conn.exec_driver_sql(f"INSERT INTO alembic_version VALUES ('{revision}')")
        engine.dispose()
        monkeypatch.setenv("DATABASE_URL", f"sqlite:///{path}")
        assert headline.main(["--as-of", "2026-12-05", "--lang", "en"]) == 1
        out = capsys.readouterr()
        assert out.out == "" and "python -m data.build_db" in out.err
        assert ("no such table" if revision == head_revision() else "not up to date") in out.err
        assert "SELECT" not in out.err


class Recording(dict):
    """A progress row that remembers which columns were read."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.read: set[str] = set()

    def get(self, key, default=None):
        self.read.add(key)
        return super().get(key, default)

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)


@pytest.mark.parametrize("lang", ["az", "en"])
def test_a_figure_row_and_its_sentence_read_only_the_columns_they_are_given(reference_engine, lang):
    """headline_figures and progress hand figure_row and sentence_key only some columns of a progress row (a record
    of every column costs seconds at 80,000 series): over every row at every level, nothing else is read."""
    ind, tg = queries.indicators(reference_engine), queries.targets(reference_engine)
    obs = queries.observations(reference_engine)
    prog = progress(ind, tg, obs, geo_level=None)
    given = {*headline.ROW_INPUTS, *headline.BASIS_INPUTS, f"name_{lang}"}
    read: set[str] = set()
    for r in prog.to_dict("records"):
        row = Recording(r)
        headline.figure_row(row, False, lang, date(2026, 12, 5))
        sentence = Recording(r)
        progress_module.sentence_key(sentence)
        assert sentence.read <= set(progress_module.SENTENCE_INPUTS), sentence.read - set(
            progress_module.SENTENCE_INPUTS
        )
        read |= row.read
    assert read <= given, read - given
    assert {"basis", "partial_period", "horizon_year", "latest_value"} <= read  # the verdicts' bases were written


def test_records_column_by_column_are_to_dicts_records(reference_engine):
    """headline_figures builds its rows' records column by column: the same values as DataFrame.to_dict("records")
    (types included) for every progress row at every level, every column, and a column the frame lacks."""
    ind, tg = queries.indicators(reference_engine), queries.targets(reference_engine)
    prog = progress(ind, tg, queries.observations(reference_engine), geo_level=None)
    columns = [*prog.columns, "not_a_column"]
    got, want = headline._records(prog, columns), prog.reindex(columns=columns).to_dict("records")
    assert len(got) == len(want) == len(prog) > 100
    for g, w in zip(got, want, strict=True):
        assert list(g) == list(w)
        assert [type(v) for v in g.values()] == [type(v) for v in w.values()]
        assert all(a == b or (pd.isna(a) and pd.isna(b)) for a, b in zip(g.values(), w.values(), strict=True))
