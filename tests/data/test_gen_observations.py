"""The bench generator (data/build/gen_observations.py) on PostgreSQL: generated rows are labelled demonstration
data, and the observation summary the pages read is filled for them (equal to the summary recomputed from raw)."""

from __future__ import annotations

import pandas as pd
import pytest

from data import queries
from data.build.gen_observations import generate
from data.db import make_engine
from data.loader import build_database
from tests.data.test_summary import recomputed, stored


@pytest.mark.postgres
def test_generated_rows_are_demonstration_and_summarised(pg_database):
    url = pg_database("gen")
    engine = make_engine(url)
    build_database(engine, demo=True)
    before = queries.observation_count(engine)
    timings = generate(url, rows=2_000)
    assert set(timings) == {"copy_s", "index_s", "analyze_s", "summary_s"}
    obs = queries.observations(engine, geo_level="district")
    generated = obs[obs["indicator_code"].str.startswith("gen_")]
    assert len(generated) == 2_000 == queries.observation_count(engine) - before
    assert set(generated["data_status"]) == {"demonstration"}
    names = queries.indicators(engine).set_index("code")["name_en"]
    assert all("(demonstration data)" in names[c] for c in generated["indicator_code"].unique())
    levels = queries.indicators(engine).set_index("code")["levels"]
    assert set(levels[generated["indicator_code"].unique()]) == {"district"}  # published by district only
    pd.testing.assert_frame_equal(stored(engine).reset_index(drop=True), recomputed(engine).reset_index(drop=True),
                                  check_dtype=False)  # fmt: skip
    engine.dispose()
