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
def test_a_verdicts_basis_reads_only_the_columns_it_is_given(reference_engine, lang):
    """headline_figures hands basis_words only BASIS_INPUTS of a progress row (and latest_figures only ROW_INPUTS,
    BASIS_INPUTS and the name: it is given no other column, so reading one fails every test of the figures)."""
    ind, tg = queries.indicators(reference_engine), queries.targets(reference_engine)
    prog = progress(ind, tg, queries.observations(reference_engine), geo_level=None)
    read: set[str] = set()
    for r in prog.to_dict("records"):
        row = Recording(r)
        headline.basis_words(row, lang)
        read |= row.read
    assert read <= set(headline.BASIS_INPUTS), read - set(headline.BASIS_INPUTS)
    assert {"basis", "partial_period", "horizon_year", "n_points"} <= read  # the verdicts' bases were written


def _figure_rule(r: dict, stale: bool, lang: str, as_of: date) -> dict:
    """One headline figure from one progress row, as the rule was first written row by row: the reference
    metrics.figures.latest_figures is checked against."""
    sources = [x for x in (r.get("latest_source_id"), r.get("target_source_id")) if isinstance(x, str) and x]
    evidence = r.get("evidence_date")
    has_target = not pd.isna(r.get("target_value"))
    return {
        "indicator_code": r["indicator_code"], "figure": headline.LATEST,
        "indicator": r.get(f"name_{lang}") or r["indicator_code"], "geo_level": r["geo_level"],
        "geo_code": r["geo_code"], "period": r.get("latest_period"), "value": r.get("latest_value"),
        "qualifier": r.get("latest_qualifier") if not pd.isna(r.get("latest_value")) else None,
        "value_low": r.get("latest_value_low"), "value_high": r.get("latest_value_high"), "unit": r.get("unit"),
        "data_status": r.get("latest_data_status"), "source_ids": ";".join(dict.fromkeys(sources)),
        "evidence_date": pd.Timestamp(evidence).date().isoformat() if not pd.isna(evidence) else None,
        "evidence_stale": bool(stale) if not pd.isna(evidence) else None,
        "target_value": r.get("target_value"), "target_kind": r.get("target_kind") if has_target else None,
        "target_year": r.get("target_year"),
        "deadline_stated": bool(not r.get("target_year_assumed")) if has_target else None,
        "target_comparable": r.get("target_comparable"), "verdict": r.get("status"),
        "verdict_basis": headline.basis_words(r, lang), "basis_key": r.get("basis"), "n_points": r.get("n_points"),
        "segment": r.get("segment"), "as_of": as_of.isoformat(),
    }  # fmt: skip


@pytest.mark.parametrize("lang", ["az", "en"])
@pytest.mark.parametrize("as_of", [date(2022, 6, 30), date(2026, 12, 5)])
def test_headline_figures_column_by_column_follow_the_rule_row_by_row(reference_engine, lang, as_of):
    """Every headline figure at every level (values, types, missing values) is the one the row-by-row rule gives:
    a qualifier only beside a value, staleness only with an evidence date, a target's kind and deadline only with a
    target, each source once."""
    ind, tg = queries.indicators(reference_engine), queries.targets(reference_engine)
    got = headline.headline_figures(ind, tg, queries.observations(reference_engine), as_of, lang)
    o, t = headline.known_by(queries.observations(reference_engine), tg, as_of)
    prog = progress(ind, t, o, geo_level=None)
    stale = headline.stale_flags(prog["evidence_date"], as_of)
    rows = [_figure_rule(r, old, lang, as_of) for r, old in zip(prog.to_dict("records"), stale, strict=True)]
    want = pd.DataFrame(rows, columns=headline.FIGURE_COLUMNS)
    want["target_year"] = want["target_year"].astype("Int64")
    assert len(got) > 100 and got["qualifier"].notna().any() and got["evidence_stale"].notna().any()
    assert got["target_kind"].notna().any() and got["source_ids"].str.contains(";").any()
    pd.testing.assert_frame_equal(got, want)


@pytest.mark.parametrize("lang", ["az", "en"])
def test_latest_figures_follow_the_rule_row_by_row_where_values_targets_and_evidence_are_missing(
    reference_engine, lang
):
    """The same over progress rows with a value, a target, an evidence date, a target's kind or a source missing
    in turn (the rows the reference data does not have: a qualifier without its value, a kind without a target)."""
    ind, tg = queries.indicators(reference_engine), queries.targets(reference_engine)
    prog = progress(ind, tg, queries.observations(reference_engine), geo_level=None)
    n = len(prog)
    prog.loc[prog.index % 3 == 0, "latest_value"] = float("nan")
    prog.loc[prog.index % 4 == 0, "target_value"] = float("nan")
    prog.loc[prog.index % 5 == 0, "evidence_date"] = pd.NaT
    prog.loc[prog.index % 7 == 0, "latest_source_id"] = None
    prog.loc[prog.index % 2 == 0, "target_source_id"] = prog["latest_source_id"]
    as_of = date(2026, 12, 5)
    stale = headline.stale_flags(prog["evidence_date"], as_of)
    got = headline.latest_figures(prog, stale, lang, as_of)
    want = pd.DataFrame([_figure_rule(r, old, lang, as_of) for r, old in zip(prog.to_dict("records"), stale,
                                                                               strict=True)],
                        columns=headline.FIGURE_COLUMNS)  # fmt: skip
    want["target_year"] = want["target_year"].astype("Int64")
    assert n > 100 and prog["latest_qualifier"].notna().sum() > got["qualifier"].notna().sum()
    assert prog["target_kind"].notna().sum() > got["target_kind"].notna().sum()
    pd.testing.assert_frame_equal(got, want)


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
