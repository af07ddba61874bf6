"""The metric outputs satisfy their models in metrics/contracts.py: on the reference data (every level, every
target version) and on hand-made cases; the progress table's column list is the model's."""

from __future__ import annotations

import pandera.pandas as pa
import pytest

from data import queries
from metrics import contracts
from metrics.progress import OUTPUT_COLUMNS, progress


def check(frame) -> None:
    """Full validation, every problem listed."""
    try:
        contracts.ProgressOutput.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as e:
        pytest.fail(e.failure_cases.head(30).to_string())


def test_output_columns_are_the_models() -> None:
    assert contracts.columns(contracts.ProgressOutput) == OUTPUT_COLUMNS


@pytest.mark.parametrize("all_targets", [False, True])
@pytest.mark.parametrize("geo_level", ["country", None])
def test_progress_on_the_reference_data(reference_engine, geo_level, all_targets) -> None:
    e = reference_engine
    out = progress(queries.indicators(e), queries.targets(e), queries.observations(e), geo_level, all_targets)
    assert len(out) > 0
    check(out)


def test_progress_on_hand_made_cases(indicators, targets, obs) -> None:
    """Met by a part year, no data, one point, a stated and an assumed deadline, a lower-is-better series."""
    ind = indicators([
        {"code": "up", "kind": "count"}, {"code": "down", "kind": "stock", "direction": "lower"},
        {"code": "empty", "kind": "count"}, {"code": "free", "kind": "count", "has_target": False},
    ])  # fmt: skip
    tg = targets([
        ("up", 100, 2026, "2024", True), ("down", 50, None, "2023", True), ("empty", 10, 2026, "2024", True),
    ])  # fmt: skip
    o = obs([
        ("up", "country", "AZ", "2023", 40), ("up", "country", "AZ", "2024", 60),
        ("up", "country", "AZ", "2025", 80), ("up", "country", "AZ", "2026-01..2026-06", 120),
        ("down", "country", "AZ", "2024", 90), ("free", "country", "AZ", "2024", 5),
    ])  # fmt: skip
    out = progress(ind, tg, o)
    check(out)
    by = out.set_index("indicator_code")
    assert by.loc["empty", "status"] == "no_data" and by.loc["free", "status"] == "no_target"
