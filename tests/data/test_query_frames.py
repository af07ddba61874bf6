"""Every query returns a frame that satisfies its model in data/contracts.py, on SQLite and PostgreSQL, with
reference, demonstration and imported rows."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import pytest

from data import contracts, queries

VALID = Path(__file__).resolve().parents[1] / "fixtures" / "import" / "valid"

ENGINES = ["reference_engine", pytest.param("pg_engine", marks=pytest.mark.postgres)]
CALLS = {
    "observations": {"preferred_only": False, "include_superseded": True},
}


@pytest.fixture(params=ENGINES)
def engine(request):
    return request.getfixturevalue(request.param)


def check(model: type[contracts.FrameModel], frame: pd.DataFrame) -> None:
    """Full validation (types and row rules), every problem listed."""
    try:
        model.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as e:
        pytest.fail(f"{model.__name__}:\n{e.failure_cases.head(20).to_string()}")


@pytest.mark.parametrize("name", sorted(contracts.QUERY_MODELS))
def test_query_frame_satisfies_its_model(engine, name: str) -> None:
    frame = getattr(queries, name)(engine, **CALLS.get(name, {}))
    assert len(frame) > 0
    check(contracts.QUERY_MODELS[name], frame)
    assert set(frame.columns) == set(contracts.QUERY_MODELS[name].to_schema().columns)


def test_every_query_has_a_model() -> None:
    """Each public query returning a frame is covered (observation_count returns a number; keep_regions filters
    a computed frame by region scope, it reads nothing)."""
    public = {n for n in dir(queries) if not n.startswith("_") and callable(getattr(queries, n))}
    frames = {n for n in public if getattr(getattr(queries, n), "__module__", "") == "data.queries"}
    assert frames - {"observation_count", "keep_regions"} == set(contracts.QUERY_MODELS)


def test_empty_result_keeps_the_contract(engine) -> None:
    """A query that finds nothing still returns the model's columns and types."""
    frame = queries.observations(engine, indicator_codes=["no_such_indicator"])
    assert frame.empty
    check(contracts.ObservationsFrame, frame)
    assert str(frame["period_start"].dtype).startswith("datetime64")


def test_frames_after_an_import_satisfy_their_models(tmp_path) -> None:
    """Imported (official) rows, values written over, a new facility and its status keep the contracts."""
    from data import importer
    from data.db import make_engine
    from data.loader import build_database

    engine = make_engine(f"sqlite:///{tmp_path / 'imported.sqlite3'}")
    build_database(engine, demo=True)
    for name in ("workbook.xlsx", "observations_utf8.csv", "observations_changed.csv"):
        checked = importer.check(engine, (VALID / name).read_bytes(), name)
        assert checked.ok
        importer.commit(engine, checked, "test")
    for name in ("observations", "facilities", "facility_status", "sources"):
        check(contracts.QUERY_MODELS[name], getattr(queries, name)(engine, **CALLS.get(name, {})))
    obs = queries.observations(engine, **CALLS["observations"])
    assert obs["batch_id"].notna().any() and obs["superseded_at"].notna().any()
    assert queries.facilities(engine)["batch_id"].notna().any()
    engine.dispose()


@pytest.mark.parametrize("regions", [None, ("ER-QXC",)])
def test_observation_sources_counts_what_the_observations_hold(engine, regions) -> None:
    """The sources page's counts, made in the database, equal those of every current preferred observation read
    (per indicator, source and data status: how many, first and last period), whole country and region scope."""
    statuses = ("reported", "official", "demonstration")
    rows = queries.observations(engine, statuses=statuses, regions=regions)
    rows = rows.assign(source_id=rows["source_id"].fillna("-"))
    expected = (
        rows.groupby(["indicator_code", "source_id", "data_status"])
        .agg(n=("id", "size"), first_period=("period", "min"), last_period=("period", "max"))
        .reset_index()
    )
    got = queries.observation_sources(engine, statuses=statuses, regions=regions)
    got = got.assign(source_id=got["source_id"].fillna("-"))
    keys = ["indicator_code", "source_id", "data_status"]
    pd.testing.assert_frame_equal(
        got.sort_values(keys).reset_index(drop=True)[expected.columns],
        expected.sort_values(keys).reset_index(drop=True),
        check_dtype=False,
    )
    assert got["n"].sum() > 100
